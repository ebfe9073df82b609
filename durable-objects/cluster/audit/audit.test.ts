// Audit and the outbox to D1: a scripted session's mutating and denied requests all reach the audit
// table (reads do not, unless asked for), namespace and RBAC changes are mirrored, and nothing is
// lost while D1 fails: rows wait in the outbox and are delivered once it recovers.
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { clusterClient, clusterStub, newCluster, type ClusterClient } from "../../../worker/test-helpers";
import type { ClusterDO } from "../cluster-do";
import { settle } from "../testing";
import { FLUSH_TIMER } from "./outbox";

const flushed = (c: ClusterClient) => runInDurableObject(clusterStub(c.clusterId), (o: ClusterDO) => settle(o));

async function auditRows(cluster: string): Promise<any[]> {
  return (await env.DB.prepare("SELECT * FROM audit_events WHERE cluster_id = ? ORDER BY rowid").bind(cluster).all()).results;
}

describe("audit", () => {
  it("records every mutating and denied request of a session, with who, what and the answer", async () => {
    const c = await newCluster();
    const created = await c.send("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "audited" } });
    expect(created.status).toBe(201);
    const auditId = created.headers.get("audit-id");
    expect(auditId).toMatch(/^[0-9a-f-]{36}$/);
    await c.send("POST", "/api/v1/namespaces/audited/configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cm" }, data: { a: "1" } });
    expect((await c.json("/api/v1/namespaces/audited/configmaps/cm")).status).toBe(200); // a read: not audited
    const bad = await c.send("POST", "/api/v1/namespaces/audited/configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "Bad_Name" } });
    expect(bad.status).toBe(422);
    await c.send("PATCH", "/api/v1/namespaces/audited/configmaps/cm", { data: { a: "2" } }, { "Content-Type": "application/merge-patch+json" });
    await c.send("DELETE", "/api/v1/namespaces/audited/configmaps/cm");
    // A bearer token the cluster did not sign: 401, recorded as anonymous.
    const forged = clusterClient(c.clusterId, "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4eHh4eHh4eHh4In0.c2lnbmF0dXJlc2lnbmF0dXJlc2ln");
    expect((await forged.json("/api/v1/namespaces")).status).toBe(401);
    await flushed(c);

    const rows = await auditRows(c.clusterId);
    expect(rows.map((r) => [r.verb, r.resource, r.namespace, r.name, r.code])).toEqual([
      ["create", "namespaces", null, "audited", 201],
      ["create", "configmaps", "audited", "cm", 201],
      ["create", "configmaps", "audited", null, 422],
      ["patch", "configmaps", "audited", "cm", 200],
      ["delete", "configmaps", "audited", "cm", 200],
      ["list", "namespaces", null, null, 401],
    ]);
    const first = rows[0];
    expect(first.request_id).toBe(auditId);
    expect(first.user).toMatch(/^user-of-tenant-/);
    expect(JSON.parse(first.groups)).toContain("system:authenticated");
    expect(first.tenant_id).toMatch(/^tenant-/);
    expect(rows[5]).toMatchObject({ user: "system:anonymous", tenant_id: first.tenant_id });
  });

  it("records reads too when the cluster's settings ask for it", async () => {
    const c = await newCluster();
    await runInDurableObject(clusterStub(c.clusterId), (o: ClusterDO) => o.settings.setAuditReads(true));
    await c.json("/api/v1/namespaces/default");
    await flushed(c);
    expect((await auditRows(c.clusterId)).map((r) => [r.verb, r.resource, r.name])).toContainEqual(["get", "namespaces", "default"]);
  });
});

describe("outbox to D1", () => {
  it("mirrors namespaces and RBAC objects, tombstones included", async () => {
    const c = await newCluster();
    await c.send("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "mirrored" } });
    await c.send("POST", "/apis/rbac.authorization.k8s.io/v1/namespaces/mirrored/roles", {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: { name: "reader" },
      rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get"] }],
    });
    await flushed(c);
    const objects = async () =>
      (await env.DB.prepare("SELECT kind, namespace, name, deleted, resource_version FROM cluster_objects WHERE cluster_id = ? AND (name = 'mirrored' OR namespace = 'mirrored')").bind(c.clusterId).all()).results as any[];
    expect((await objects()).map((o) => [o.kind, o.namespace, o.name, o.deleted])).toEqual(
      expect.arrayContaining([["Namespace", "", "mirrored", 0], ["Role", "mirrored", "reader", 0]]),
    );
    const all = (await env.DB.prepare("SELECT kind, name FROM cluster_objects WHERE cluster_id = ? AND kind = 'Namespace'").bind(c.clusterId).all()).results.map((r: any) => r.name);
    expect(all).toEqual(expect.arrayContaining(["default", "kube-system", "kube-public", "kube-node-lease", "mirrored"]));

    await c.send("DELETE", "/apis/rbac.authorization.k8s.io/v1/namespaces/mirrored/roles/reader");
    await flushed(c);
    expect((await objects()).find((o) => o.kind === "Role")).toMatchObject({ deleted: 1 });
  });

  it("keeps everything through a D1 outage and delivers it, in order, once D1 is back", async () => {
    const c = await newCluster();
    const stub = clusterStub(c.clusterId);
    await flushed(c);
    let attempts = 0;
    await runInDurableObject(stub, (o: ClusterDO) => {
      const real = o.outboxFlusher.db;
      (globalThis as any).__realDb = real;
      o.outboxFlusher.db = () =>
        ({
          batch: async () => {
            attempts++;
            throw new Error("D1_ERROR: simulated outage");
          },
          prepare: (sql: string) => (real() as D1Database).prepare(sql),
        }) as unknown as D1Database;
    });
    for (const name of ["during-1", "during-2"]) {
      expect((await c.send("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name } })).status).toBe(201);
    }
    await runInDurableObject(stub, async (o: ClusterDO) => {
      await settle(o);
      expect(attempts).toBeGreaterThan(0);
      expect(o.outbox.size()).toBeGreaterThanOrEqual(4); // two audit events, two namespace mirrors (and their default service accounts' audit-free writes add nothing)
      expect(o.outboxFlusher.lastError).toContain("simulated outage");
      // Backing off: the next try is a second later, then two.
      const retry = o.timers.pending().find((t) => t.name === FLUSH_TIMER)!;
      expect(retry.dueAt - o.clock.now()).toBeGreaterThan(0);
      for (let i = 0; i < 3; i++) {
        o.clock.advance(10_000);
        await settle(o);
      }
      expect(o.outbox.size()).toBeGreaterThanOrEqual(4);
    });
    expect((await auditRows(c.clusterId)).filter((r) => r.resource === "namespaces" && r.verb === "create")).toEqual([]);

    // D1 recovers.
    await runInDurableObject(stub, async (o: ClusterDO) => {
      o.outboxFlusher.db = (globalThis as any).__realDb;
      o.clock.advance(5 * 60_000);
      await settle(o);
      expect(o.outbox.size()).toBe(0);
      expect(o.outboxFlusher.lastError).toBeNull();
      expect(o.timers.has(FLUSH_TIMER)).toBe(false);
    });
    const created = (await auditRows(c.clusterId)).filter((r) => r.resource === "namespaces" && r.verb === "create");
    expect(created.map((r) => r.code)).toEqual([201, 201]);
    const mirrored = (await env.DB.prepare("SELECT name FROM cluster_objects WHERE cluster_id = ? AND name LIKE 'during-%' ORDER BY name").bind(c.clusterId).all()).results.map((r: any) => r.name);
    expect(mirrored).toEqual(["during-1", "during-2"]);
  });
});
