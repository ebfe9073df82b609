// Secrets are encrypted at rest with the cluster's own AES-GCM key and read back decrypted.
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { clusterStub, newCluster } from "../../../worker/test-helpers";
import type { ClusterDO } from "../cluster-do";
import { SecretsEncryption } from "./encryption";

const key = () => crypto.getRandomValues(new Uint8Array(32));

describe("secrets encryption", () => {
  it("encrypts only secrets, round-trips, and refuses a value moved to another key or read with another key", () => {
    const enc = new SecretsEncryption(key());
    const k = "/registry/core/secrets/default/db";
    const sealed = enc.toStorage(k, '{"data":{"password":"aHVudGVyMg=="}}');
    expect(sealed).toMatch(/^k8s:enc:aesgcm:v1:key1:[A-Za-z0-9+/=]+$/);
    expect(sealed).not.toContain("aHVudGVyMg");
    expect(enc.fromStorage(k, sealed)).toBe('{"data":{"password":"aHVudGVyMg=="}}');
    // Nonces are random: the same value seals differently each time.
    expect(enc.toStorage(k, "{}")).not.toBe(enc.toStorage(k, "{}"));
    expect(() => enc.fromStorage("/registry/core/secrets/default/other", sealed)).toThrow();
    expect(() => new SecretsEncryption(key()).fromStorage(k, sealed)).toThrow();
    // Other resources, and secrets written before encryption, pass through.
    expect(enc.toStorage("/registry/core/configmaps/default/x", "{}")).toBe("{}");
    expect(enc.fromStorage(k, '{"plain":true}')).toBe('{"plain":true}');
  });

  it("stores a Secret's data encrypted in the cluster's SQLite and serves it decrypted", async () => {
    const c = await newCluster();
    const created = await c.send("POST", "/api/v1/namespaces/default/secrets", { apiVersion: "v1", kind: "Secret", metadata: { name: "db" }, stringData: { password: "hunter2" } });
    expect(created.status).toBe(201);
    expect((await c.json("/api/v1/namespaces/default/secrets/db")).body.data).toEqual({ password: btoa("hunter2") });
    const raw = await runInDurableObject(clusterStub(c.clusterId), (_o: ClusterDO, state) =>
      state.storage.sql.exec<{ value: string }>("SELECT value FROM kv WHERE name = '/registry/core/secrets/default/db'").toArray().map((r) => r.value),
    );
    expect(raw.length).toBeGreaterThan(0);
    for (const v of raw) {
      expect(v.startsWith("k8s:enc:aesgcm:v1:key1:")).toBe(true);
      expect(v).not.toContain(btoa("hunter2"));
      expect(v).not.toContain("hunter2");
    }
    // A watch replay decrypts too.
    const list = await c.json("/api/v1/namespaces/default/secrets");
    expect(list.body.items.find((s: any) => s.metadata.name === "db").data.password).toBe(btoa("hunter2"));
  });
});
