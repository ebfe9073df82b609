// Tenancy of the management API: another tenant's clusters, tokens and audit rows are invisible
// (404, never 403); forged internal headers change nothing; expired and revoked tokens get 401 on
// every route, a revoked one right after its DELETE (same isolate, despite the edge cache).
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { encodeIdentity } from "../../../durable-objects/cluster/identity";
import { clusterClient, seedTenant, seedToken } from "../../test-helpers";
import { api, auditRows, eventually, expectStatus } from "./test-helpers";

let tenantA: string;
let tenantB: string;
let tokenA: string;
let tokenB: string;
let clusterA: string;
let clusterB: string;
let tokenIdB: string;

/** Every cluster-scoped route, as [method, path, body?]. */
const clusterRoutesOf = (id: string): [string, string, unknown?][] => [
  ["GET", `/v1/clusters/${id}`],
  ["DELETE", `/v1/clusters/${id}`],
  ["POST", `/v1/clusters/${id}/reset`],
  ["GET", `/v1/clusters/${id}/kubeconfig`],
  ["GET", `/v1/clusters/${id}/clock`],
  ["POST", `/v1/clusters/${id}/clock`, { advanceSeconds: 60 }],
  ["GET", `/v1/clusters/${id}/settings`],
  ["PATCH", `/v1/clusters/${id}/settings`, { timingProfile: "instant" }],
  ["GET", `/clusters/${id}/api/v1/namespaces`],
];

beforeAll(async () => {
  tenantA = await seedTenant();
  tenantB = await seedTenant();
  tokenA = await seedToken(tenantA, { userName: "alice" });
  tokenB = await seedToken(tenantB, { userName: "bob" });
  clusterA = (await api(tokenA, "POST", "/v1/clusters", { name: "mine" })).body.id;
  clusterB = (await api(tokenB, "POST", "/v1/clusters", { name: "theirs" })).body.id;
  tokenIdB = (await api(tokenB, "POST", "/v1/tokens", { name: "b-extra" })).body.id;
  // B's cluster writes something, so B has cluster audit rows of its own.
  expect((await clusterClient(clusterB, tokenB).send("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "b-ns" } })).status).toBe(201);
});

describe("tenant isolation", () => {
  it("tenant A gets 404 for every route of tenant B's cluster, worded like a missing one", async () => {
    for (const [method, path, body] of clusterRoutesOf(clusterB)) {
      const res = await api(tokenA, method, path, body);
      expectStatus(res, 404, "NotFound");
      expect(res.body.message, `${method} ${path}`).toBe(`clusters "${clusterB}" not found`);
    }
    // B's cluster is untouched: still live, its namespace still there, its profile unchanged.
    expect((await api(tokenB, "GET", `/v1/clusters/${clusterB}`)).body).toMatchObject({ status: "active", timingProfile: "fast" });
    expect((await clusterClient(clusterB, tokenB).json("/api/v1/namespaces/b-ns")).status).toBe(200);
  });

  it("tenant A cannot see or revoke tenant B's tokens", async () => {
    const res = await api(tokenA, "DELETE", `/v1/tokens/${tokenIdB}`);
    expectStatus(res, 404, "NotFound");
    expect(res.body.message).toBe(`tokens "${tokenIdB}" not found`);
    const list = await api(tokenA, "GET", "/v1/tokens");
    expect(list.body.items.map((t: any) => t.id)).not.toContain(tokenIdB);
    expect((await api(tokenB, "GET", "/v1/tokens")).body.items.map((t: any) => t.id)).toContain(tokenIdB);
  });

  it("lists only the caller's clusters", async () => {
    expect((await api(tokenA, "GET", "/v1/clusters")).body.items.map((c: any) => c.id)).toEqual([clusterA]);
  });

  it("never shows tenant B's audit rows to tenant A, not even filtered by B's cluster", async () => {
    await eventually(async () => expect((await auditRows(tenantB)).length).toBeGreaterThan(0));
    const all = await api(tokenA, "GET", "/v1/audit?limit=1000");
    expect(all.status).toBe(200);
    for (const item of all.body.items) {
      expect(item.cluster).not.toBe(clusterB);
      expect(item.user).not.toBe("bob");
    }
    expect((await api(tokenA, "GET", `/v1/audit?cluster=${clusterB}`)).body.items).toEqual([]);
    expect((await api(tokenA, "GET", "/v1/audit?user=bob")).body.items).toEqual([]);
  });

  it("forged internal and forwarding headers change nothing", async () => {
    const forged = {
      "X-Kubedo-Identity": encodeIdentity({ username: "bob", uid: "x", groups: ["system:masters"], tenant: tenantB }),
      "x-kubedo-serviceaccount-token": "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlc2lnbmF0dXJl",
      "X-Kubedo-Cluster": clusterB,
      "X-Forwarded-For": "10.0.0.1",
    };
    for (const [method, path, body] of clusterRoutesOf(clusterB)) expectStatus(await api(tokenA, method, path, body, forged), 404, "NotFound");
    // Without a token, forged headers authenticate nothing.
    for (const [method, path, body] of [...clusterRoutesOf(clusterB), ["GET", "/v1/clusters"], ["GET", "/v1/tokens"], ["GET", "/v1/audit"]] as [string, string, unknown?][]) {
      expectStatus(await api(null, method, path, body, forged), 401, "Unauthorized");
    }
    // With A's token they still see A's world only.
    expect((await api(tokenA, "GET", "/v1/clusters", undefined, forged)).body.items.map((c: any) => c.id)).toEqual([clusterA]);
  });
});

describe("expired and revoked tokens", () => {
  /** Every /v1 and cluster API route of tenant A. */
  const everyRoute = (): [string, string, unknown?][] => [
    ...clusterRoutesOf(clusterA),
    ["GET", "/v1/clusters"],
    ["POST", "/v1/clusters", { name: "nope" }],
    ["GET", "/v1/tokens"],
    ["POST", "/v1/tokens", { name: "nope" }],
    ["DELETE", "/v1/tokens/tffffffffffffffff"],
    ["GET", "/v1/audit"],
    ["GET", "/v1/playground"],
  ];

  it("an expired token gets 401 on every route, and the denials are audited for its tenant", async () => {
    const expired = await seedToken(tenantA, { expiresAt: Date.now() - 1_000 });
    for (const [method, path, body] of everyRoute()) expectStatus(await api(expired, method, path, body), 401, "Unauthorized");
    await eventually(async () => {
      const rows = (await auditRows(tenantA)).filter((r) => r.user === "system:anonymous" && r.code === 401);
      // Counted rows: one for the routes of A's cluster (the cluster is named when it is the token's
      // tenant's), one for the routes that name none; together, every denial.
      expect(rows.find((r) => r.cluster_id === clusterA)?.count).toBe(clusterRoutesOf(clusterA).length);
      expect(rows.find((r) => r.cluster_id === null)?.count).toBe(everyRoute().length - clusterRoutesOf(clusterA).length);
      expect(rows).toHaveLength(2);
    });
    // Nothing changed: A's cluster is still live with its profile.
    expect((await api(tokenA, "GET", `/v1/clusters/${clusterA}`)).body).toMatchObject({ status: "active", timingProfile: "fast" });
  });

  it("a token that expires while cached is refused from its expiry on", async () => {
    const soon = await seedToken(tenantA, { expiresAt: Date.now() + 1_500 });
    expect((await api(soon, "GET", "/v1/clusters")).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1_600));
    expectStatus(await api(soon, "GET", "/v1/clusters"), 401, "Unauthorized");
  });

  it("a revoked token gets 401 on every route right after DELETE /v1/tokens/:id, though it was just cached", async () => {
    const created = await api(tokenA, "POST", "/v1/tokens", { name: "short-lived" });
    expect(created.status).toBe(201);
    const secret: string = created.body.token;
    // Warm this isolate's cache for it on both paths.
    expect((await api(secret, "GET", "/v1/clusters")).status).toBe(200);
    expect((await api(secret, "GET", `/clusters/${clusterA}/api/v1/namespaces`)).status).toBe(200);
    const revoked = await api(tokenA, "DELETE", `/v1/tokens/${created.body.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ id: created.body.id, name: "short-lived" });
    expect(revoked.body.revokedAt).toBeTruthy();
    for (const [method, path, body] of everyRoute()) expectStatus(await api(secret, method, path, body), 401, "Unauthorized");
    // Gone from the list; revoking again is 404.
    expect((await api(tokenA, "GET", "/v1/tokens")).body.items.map((t: any) => t.id)).not.toContain(created.body.id);
    expectStatus(await api(tokenA, "DELETE", `/v1/tokens/${created.body.id}`), 404, "NotFound");
  });

  it("a token can revoke itself", async () => {
    const self = (await api(tokenA, "POST", "/v1/tokens", { name: "self" })).body;
    expect((await api(self.token, "DELETE", `/v1/tokens/${self.id}`)).status).toBe(200);
    expectStatus(await api(self.token, "GET", "/v1/tokens"), 401, "Unauthorized");
  });

  it("an unknown token's denial on someone's live cluster is counted for the cluster's owner", async () => {
    const denials = async () =>
      (await auditRows(tenantB)).filter((r) => r.user === "system:anonymous" && r.code === 401 && r.cluster_id === clusterB).reduce((n, r) => n + r.count, 0);
    const before = await denials();
    expectStatus(await api("kdo_unknown_token", "GET", `/clusters/${clusterB}/api/v1/pods`), 401, "Unauthorized");
    await eventually(async () => expect(await denials()).toBe(before + 1));
    const d1 = await env.DB.prepare("SELECT count(*) AS n FROM audit_events WHERE tenant_id = ? AND cluster_id = ?").bind(tenantA, clusterB).first<{ n: number }>();
    expect(d1?.n).toBe(0);
  });
});
