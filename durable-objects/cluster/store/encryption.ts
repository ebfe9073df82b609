// Encryption at rest for Secrets, as kube-apiserver's EncryptionConfiguration with the aesgcm
// provider: values under /registry/core/secrets/ are stored as "k8s:enc:aesgcm:v1:<key>:" followed
// by base64(nonce ‖ AES-256-GCM ciphertext), with a random 32-byte key per cluster kept in the
// Durable Object's own storage. Decrypted only when read; older plaintext values still read.
// WebCrypto is asynchronous and the store is synchronous, hence @noble/ciphers (audited, pure JS).
import { gcm } from "@noble/ciphers/aes.js";

export interface ValueTransformer {
  toStorage(key: string, plaintext: string): string;
  fromStorage(key: string, stored: string): string;
}

const ENCRYPTED_PREFIXES = ["/registry/core/secrets/"];
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

export class SecretsEncryption implements ValueTransformer {
  constructor(private readonly key: Uint8Array) {
    if (key.length !== 32) throw new Error("the secrets encryption key must be 32 bytes");
  }

  /** The cluster's key from its storage, made on first use. */
  static load(kv: SyncKvStorage): SecretsEncryption {
    let stored = kv.get("secrets-encryption-key") as string | undefined;
    if (!stored) {
      stored = toBase64(crypto.getRandomValues(new Uint8Array(32)));
      kv.put("secrets-encryption-key", stored);
    }
    return new SecretsEncryption(fromBase64(stored));
  }

  private applies(key: string): boolean {
    return ENCRYPTED_PREFIXES.some((p) => key.startsWith(p));
  }

  toStorage(key: string, plaintext: string): string {
    if (!this.applies(key)) return plaintext;
    const nonce = crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
    // The storage key is the associated data: a value cannot be moved to another key unnoticed.
    const sealed = gcm(this.key, nonce, encoder.encode(key)).encrypt(encoder.encode(plaintext));
    const out = new Uint8Array(NONCE_BYTES + sealed.length);
    out.set(nonce);
    out.set(sealed, NONCE_BYTES);
    return MARKER + toBase64(out);
  }

  fromStorage(key: string, stored: string): string {
    if (!stored.startsWith(MARKER)) return stored;
    const raw = fromBase64(stored.slice(MARKER.length));
    return decoder.decode(gcm(this.key, raw.subarray(0, NONCE_BYTES), encoder.encode(key)).decrypt(raw.subarray(NONCE_BYTES)));
  }
}
