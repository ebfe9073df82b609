// Secrets are encrypted at rest with the cluster's own AES-GCM data key, which the cluster's storage
// keeps only wrapped by a key-encryption key from the Worker secret SECRETS_KEYS (id, rotation).
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { clusterStub, newCluster } from "../../../worker/test-helpers";
import type { ClusterDO } from "../cluster-do";
import { parseKeyEncryptionKeys, SecretsEncryption, SecretsKeyUnavailableError } from "./encryption";

const key = () => crypto.getRandomValues(new Uint8Array(32));
const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const SECRET_KEY = "/registry/core/secrets/default/db";

/** The synchronous KV API a Durable Object gives, over a Map. */
function memoryKv(): SyncKvStorage & { map: Map<string, unknown> } {
  const map = new Map<string, unknown>();
  return {
    map,
    get: (k: string) => map.get(k),
    put: (k: string, v: unknown) => void map.set(k, v),
    delete: (k: string) => map.delete(k),
    list: () => map.entries(),
  } as unknown as SyncKvStorage & { map: Map<string, unknown> };
}

describe("secrets encryption", () => {
  it("encrypts only secrets, round-trips, and refuses a value moved to another key or read with another key", () => {
    const enc = new SecretsEncryption(key());
    const sealed = enc.toStorage(SECRET_KEY, '{"data":{"password":"aHVudGVyMg=="}}');
    expect(sealed).toMatch(/^k8s:enc:aesgcm:v1:key1:[A-Za-z0-9+/=]+$/);
    expect(sealed).not.toContain("aHVudGVyMg");
    expect(enc.fromStorage(SECRET_KEY, sealed)).toBe('{"data":{"password":"aHVudGVyMg=="}}');
    // Nonces are random: the same value seals differently each time.
    expect(enc.toStorage(SECRET_KEY, "{}")).not.toBe(enc.toStorage(SECRET_KEY, "{}"));
    expect(() => enc.fromStorage("/registry/core/secrets/default/other", sealed)).toThrow();
    expect(() => new SecretsEncryption(key()).fromStorage(SECRET_KEY, sealed)).toThrow();
    // Other resources, and secrets written before encryption, pass through.
    expect(enc.toStorage("/registry/core/configmaps/default/x", "{}")).toBe("{}");
    expect(enc.fromStorage(SECRET_KEY, '{"plain":true}')).toBe('{"plain":true}');
  });
});

describe("the data key, wrapped", () => {
  it("is made on first start and stored only wrapped by the first key-encryption key", () => {
    const kv = memoryKv();
    const enc = SecretsEncryption.load(kv, `k1:${b64(key())}`);
    const sealed = enc.toStorage(SECRET_KEY, "hello");
    expect([...kv.map.keys()]).toEqual(["secrets-encryption-key-wrapped"]);
    expect(String(kv.map.get("secrets-encryption-key-wrapped"))).toMatch(/^k1:[A-Za-z0-9+/=]+$/);
    expect(enc.fromStorage(SECRET_KEY, sealed)).toBe("hello");
  });

  it("a copy of the storage without the key-encryption key reveals nothing", () => {
    const kv = memoryKv();
    const sealed = SecretsEncryption.load(kv, `k1:${b64(key())}`).toStorage(SECRET_KEY, "hello");
    // The same id with another key, an unknown id, and no keys at all: Secrets are unavailable, never served raw.
    for (const keys of [`k1:${b64(key())}`, `other:${b64(key())}`, undefined]) {
      const enc = SecretsEncryption.load(kv, keys);
      expect(() => enc.fromStorage(SECRET_KEY, sealed)).toThrow(SecretsKeyUnavailableError);
      expect(() => enc.toStorage(SECRET_KEY, "x")).toThrow(SecretsKeyUnavailableError);
      // Everything but Secrets works on.
      expect(enc.toStorage("/registry/core/configmaps/default/x", "{}")).toBe("{}");
    }
  });

  it("rotates: a data key wrapped by an older key is re-wrapped by the first key at start", () => {
    const kv = memoryKv();
    const old = `k1:${b64(key())}`;
    const sealed = SecretsEncryption.load(kv, old).toStorage(SECRET_KEY, "hello");
    const rotated = `k2:${b64(key())}`;
    const enc = SecretsEncryption.load(kv, `${rotated},${old}`);
    expect(enc.fromStorage(SECRET_KEY, sealed)).toBe("hello");
    expect(String(kv.map.get("secrets-encryption-key-wrapped"))).toMatch(/^k2:/);
    // Once every cluster has started, the old key may go.
    expect(SecretsEncryption.load(kv, rotated).fromStorage(SECRET_KEY, sealed)).toBe("hello");
  });

  it("wraps the clear key of a cluster made before wrapping, and removes it", () => {
    const kv = memoryKv();
    const dataKey = key();
    kv.put("secrets-encryption-key", b64(dataKey));
    const sealed = new SecretsEncryption(dataKey).toStorage(SECRET_KEY, "legacy");
    const enc = SecretsEncryption.load(kv, `k1:${b64(key())}`);
    expect(enc.fromStorage(SECRET_KEY, sealed)).toBe("legacy");
    expect(kv.map.has("secrets-encryption-key")).toBe(false);
    expect(kv.map.has("secrets-encryption-key-wrapped")).toBe(true);
  });

  it("parses SECRETS_KEYS strictly", () => {
    expect(parseKeyEncryptionKeys(`a:${b64(key())}, b-2:${b64(key())}`).map((k) => k.id)).toEqual(["a", "b-2"]);
    expect(parseKeyEncryptionKeys(undefined)).toEqual([]);
    expect(() => parseKeyEncryptionKeys("nocolon")).toThrow(/<id>:<base64 key>/);
    expect(() => parseKeyEncryptionKeys(`a:${b64(new Uint8Array(16))}`)).toThrow("SECRETS_KEYS: the key a must be 32 bytes, got 16");
    expect(() => parseKeyEncryptionKeys(`a:${b64(key())},a:${b64(key())}`)).toThrow("unique");
  });
});

describe("in a cluster", () => {
  it("stores a Secret's data encrypted, the data key only wrapped, and serves it decrypted", async () => {
    const c = await newCluster();
    const created = await c.send("POST", "/api/v1/namespaces/default/secrets", { apiVersion: "v1", kind: "Secret", metadata: { name: "db" }, stringData: { password: "hunter2" } });
    expect(created.status).toBe(201);
    expect((await c.json("/api/v1/namespaces/default/secrets/db")).body.data).toEqual({ password: btoa("hunter2") });
    const { raw, keys } = await runInDurableObject(clusterStub(c.clusterId), (_o: ClusterDO, state) => ({
      raw: state.storage.sql.exec<{ value: string }>("SELECT value FROM kv WHERE name = '/registry/core/secrets/default/db'").toArray().map((r) => r.value),
      keys: { clear: state.storage.kv.get("secrets-encryption-key"), wrapped: state.storage.kv.get("secrets-encryption-key-wrapped") as string },
    }));
    expect(raw.length).toBeGreaterThan(0);
    for (const v of raw) {
      expect(v.startsWith("k8s:enc:aesgcm:v1:key1:")).toBe(true);
      expect(v).not.toContain(btoa("hunter2"));
      expect(v).not.toContain("hunter2");
    }
    expect(keys.clear).toBeUndefined();
    expect(keys.wrapped).toMatch(/^test:/);
    // A watch replay decrypts too.
    const list = await c.json("/api/v1/namespaces/default/secrets");
    expect(list.body.items.find((s: any) => s.metadata.name === "db").data.password).toBe(btoa("hunter2"));
  });
});
