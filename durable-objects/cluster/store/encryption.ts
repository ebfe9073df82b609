// Encryption at rest for Secrets, as kube-apiserver's EncryptionConfiguration with the aesgcm
// provider: values under /registry/core/secrets/ are stored as "k8s:enc:aesgcm:v1:<key>:" followed
// by base64(nonce ‖ AES-256-GCM ciphertext), with a random 32-byte data key per cluster.
// The data key is kept in the Durable Object's storage only wrapped (AES-256-GCM) by a key-encryption
// key that storage never holds: the Worker secret SECRETS_KEYS, "<id>:<base64 32 bytes>[,<id>:…]", as
// kube's KMS v2 wraps its data keys. The first key wraps; every listed key unwraps, and a data key
// wrapped by an older one is re-wrapped by the first when the cluster starts (rotation: put the new key
// first, keep the old one listed until every cluster has started once). A copy of one cluster's
// storage alone reveals no Secret. Decrypted only when read; older plaintext values still read.
// WebCrypto is asynchronous and the store is synchronous, hence @noble/ciphers (audited, pure JS).
import { gcm } from "@noble/ciphers/aes.js";

export interface ValueTransformer {
  toStorage(key: string, plaintext: string): string;
  fromStorage(key: string, stored: string): string;
}

const ENCRYPTED_PREFIXES = ["/registry/core/secrets/"];
/** Where the wrapped data key is kept ("<key id>:" + base64(nonce ‖ sealed key)). */
const WRAPPED_KEY = "secrets-encryption-key-wrapped";
/** Where clusters made before wrapping kept their data key in the clear: wrapped and removed at start. */
const LEGACY_PLAIN_KEY = "secrets-encryption-key";
const WRAP_AAD = new TextEncoder().encode("kubedo:secrets-data-key");
const KEY_NAME = "key1";
const MARKER = `k8s:enc:aesgcm:v1:${KEY_NAME}:`;
const NONCE_BYTES = 12;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(text: string): Uint8Array {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** One key-encryption key from SECRETS_KEYS. */
export interface KeyEncryptionKey {
  id: string;
  key: Uint8Array;
}

/** Parses SECRETS_KEYS ("<id>:<base64 of 32 bytes>", comma-separated, the first wraps). Throws on a malformed list. */
export function parseKeyEncryptionKeys(raw: string | undefined): KeyEncryptionKey[] {
  if (raw === undefined || raw.trim() === "") return [];
  const keys = raw.split(",").map((entry) => {
    const i = entry.indexOf(":");
    const id = entry.slice(0, i).trim();
    if (i < 0 || !/^[A-Za-z0-9_-]{1,32}$/.test(id)) throw new Error("SECRETS_KEYS: each entry is <id>:<base64 key>, with an id of 1-32 letters, digits, '-' or '_'");
    let key: Uint8Array;
    try {
      key = fromBase64(entry.slice(i + 1).trim());
    } catch {
      throw new Error(`SECRETS_KEYS: the key ${id} is not base64`);
    }
    if (key.length !== 32) throw new Error(`SECRETS_KEYS: the key ${id} must be 32 bytes, got ${key.length}`);
    return { id, key };
  });
  if (new Set(keys.map((k) => k.id)).size !== keys.length) throw new Error("SECRETS_KEYS: key ids must be unique");
  return keys;
}

/** Secrets cannot be read or written: no key-encryption key unwraps this cluster's data key. */
export class SecretsKeyUnavailableError extends Error {
  override readonly name = "SecretsKeyUnavailableError";
}

export class SecretsEncryption implements ValueTransformer {
  constructor(private readonly key: Uint8Array) {
    if (key.length !== 32) throw new Error("the secrets encryption key must be 32 bytes");
  }

  /**
   * The cluster's data key, unwrapped with the key-encryption keys (made and wrapped on first use, a
   * legacy clear key wrapped and removed, an older wrapping rotated to the first key). Without a key
   * that unwraps it, Secrets are unavailable rather than stored or read in the clear.
   */
  static load(kv: SyncKvStorage, secretsKeys: string | undefined): ValueTransformer {
    let keks: KeyEncryptionKey[];
    try {
      keks = parseKeyEncryptionKeys(secretsKeys);
    } catch (err) {
      return new Unavailable((err as Error).message);
    }
    const primary = keks[0];
    if (!primary) return new Unavailable("secrets encryption is not configured (the Worker secret SECRETS_KEYS is not set)");
    const wrapped = kv.get(WRAPPED_KEY) as string | undefined;
    let dataKey: Uint8Array;
    if (wrapped) {
      const id = wrapped.slice(0, wrapped.indexOf(":"));
      const kek = keks.find((k) => k.id === id);
      if (!kek) return new Unavailable(`this cluster's secrets key is wrapped by key "${id}", which SECRETS_KEYS does not list`);
      try {
        dataKey = unwrap(kek.key, wrapped.slice(id.length + 1));
      } catch {
        return new Unavailable(`key "${id}" of SECRETS_KEYS does not unwrap this cluster's secrets key`);
      }
      if (kek !== primary) kv.put(WRAPPED_KEY, `${primary.id}:${wrap(primary.key, dataKey)}`);
    } else {
      const legacy = kv.get(LEGACY_PLAIN_KEY) as string | undefined;
      dataKey = legacy ? fromBase64(legacy) : crypto.getRandomValues(new Uint8Array(32));
      kv.put(WRAPPED_KEY, `${primary.id}:${wrap(primary.key, dataKey)}`);
      if (legacy) kv.delete(LEGACY_PLAIN_KEY);
    }
    return new SecretsEncryption(dataKey);
  }

  private applies(key: string): boolean {
    return ENCRYPTED_PREFIXES.some((p) => key.startsWith(p));
  }

  toStorage(key: string, plaintext: string): string {
    if (!this.applies(key)) return plaintext;
    // The storage key is the associated data: a value cannot be moved to another key unnoticed.
    return MARKER + seal(this.key, encoder.encode(key), encoder.encode(plaintext));
  }

  fromStorage(key: string, stored: string): string {
    if (!stored.startsWith(MARKER)) return stored;
    return decoder.decode(open(this.key, encoder.encode(key), stored.slice(MARKER.length)));
  }
}

/** base64(nonce ‖ AES-256-GCM(key, plaintext, aad)) with a random nonce. */
function seal(key: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): string {
  const nonce = crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
  const sealed = gcm(key, nonce, aad).encrypt(plaintext);
  const out = new Uint8Array(NONCE_BYTES + sealed.length);
  out.set(nonce);
  out.set(sealed, NONCE_BYTES);
  return toBase64(out);
}

/** The plaintext of seal(); throws if the key, associated data or text do not match. */
function open(key: Uint8Array, aad: Uint8Array, text: string): Uint8Array {
  const raw = fromBase64(text);
  return gcm(key, raw.subarray(0, NONCE_BYTES), aad).decrypt(raw.subarray(NONCE_BYTES));
}

const wrap = (kek: Uint8Array, dataKey: Uint8Array) => seal(kek, WRAP_AAD, dataKey);
const unwrap = (kek: Uint8Array, text: string) => open(kek, WRAP_AAD, text);

/** Stands in for the encryption when no key unwraps the data key: every other kind reads and writes as usual. */
class Unavailable implements ValueTransformer {
  constructor(private readonly why: string) {
    console.error(`secrets encryption unavailable: ${why}`);
  }
  private check(key: string): void {
    if (ENCRYPTED_PREFIXES.some((p) => key.startsWith(p))) throw new SecretsKeyUnavailableError(this.why);
  }
  toStorage(key: string, plaintext: string): string {
    this.check(key);
    return plaintext;
  }
  fromStorage(key: string, stored: string): string {
    this.check(key);
    return stored;
  }
}
