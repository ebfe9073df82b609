// The edge Worker: health, authentication against D1, tenancy of clusters, internal headers, routing.
import { env, runInDurableObject, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { ClusterDO } from "../durable-objects/cluster/cluster-do";
import type { UserInfo } from "../durable-objects/cluster/apiserver/context";
import { CLUSTER_HEADER, encodeIdentity, IDENTITY_HEADER } from "../durable-objects/cluster/identity";
import { clusterStub, ORIGIN, seedCluster, seedTenant, seedToken, sha256Hex } from "./test-helpers";

const get = (path: string, headers: Record<string, string> = {}) => SELF.fetch(`${ORIGIN}${path}`, { headers });
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

async function expectStatus(res: Response, code: number, reason: string, message?: string) {
  expect(res.status).toBe(code);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  const body = (await res.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ kind: "Status", apiVersion: "v1", status: "Failure", reason, code });
  if (message !== undefined) expect(body.message).toBe(message);
  return body;
}

let tenantA: string;
let tenantB: string;
let tokenA: string;
let clusterA: string;
let clusterB: string;
let deletedClusterA: string;

beforeAll(async () => {
  tenantA = await seedTenant("edge-tenant-a");
  tenantB = await seedTenant("edge-tenant-b");
  tokenA = await seedToken(tenantA, { userName: "alice" });
  clusterA = await seedCluster(tenantA, { id: "edge-cluster-a" });
  clusterB = await seedCluster(tenantB, { id: "edge-cluster-b" });
  deletedClusterA = await seedCluster(tenantA, { id: "edge-cluster-a-deleted", status: "deleted" });
});

interface Seen {
  user: UserInfo;
  internal: [string, string][];
  cluster: string | null;
  credentials: string[];
}

describe("edge worker", () => {
  it("answers /healthz with 200 ok", async () => {
    const res = await get("/healthz");
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("ok");
  });

  it("seeds tokens the way the product stores them (sha256 hex of the secret)", async () => {
    const row = await env.DB.prepare("SELECT hash FROM api_tokens WHERE user_name = 'alice'").first<{ hash: string }>();
    expect(row?.hash).toBe(await sha256Hex(tokenA));
    expect(row?.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("serves a cluster's API to its owner's token", async () => {
    const res = await get(`/clusters/${clusterA}/api`, bearer(tokenA));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ kind: "APIVersions", versions: ["v1"] });
  });

  describe("authentication", () => {
    it("rejects a request without a token with a 401 Status", async () => {
      await expectStatus(await get(`/clusters/${clusterA}/api`), 401, "Unauthorized", "Unauthorized");
    });

    it("rejects a malformed Authorization header", async () => {
      await expectStatus(await get(`/clusters/${clusterA}/api`, { Authorization: `Basic ${btoa("alice:pw")}` }), 401, "Unauthorized");
      await expectStatus(await get(`/clusters/${clusterA}/api`, { Authorization: "Bearer" }), 401, "Unauthorized");
    });

    it("rejects an unknown token", async () => {
      await expectStatus(await get(`/clusters/${clusterA}/api`, bearer("kdo_not_a_real_token")), 401, "Unauthorized");
    });

    it("rejects a revoked token", async () => {
      const revoked = await seedToken(tenantA, { revokedAt: Date.now() - 1_000 });
      await expectStatus(await get(`/clusters/${clusterA}/api`, bearer(revoked)), 401, "Unauthorized");
    });

    it("rejects an expired token but accepts one that expires in the future", async () => {
      const expired = await seedToken(tenantA, { expiresAt: Date.now() - 1_000 });
      await expectStatus(await get(`/clusters/${clusterA}/api`, bearer(expired)), 401, "Unauthorized");
      const valid = await seedToken(tenantA, { expiresAt: Date.now() + 3_600_000 });
      expect((await get(`/clusters/${clusterA}/api`, bearer(valid))).status).toBe(200);
    });

    it("the cluster DO does not accept a bearer token in place of the identity header", async () => {
      // The DO trusts only the identity header; without it, even a valid-looking request is 401.
      const res = await clusterStub(clusterA).fetch("https://cluster.internal/api", { headers: bearer(tokenA) });
      await expectStatus(res, 401, "Unauthorized", "Unauthorized");
    });
  });

  describe("tenancy", () => {
    it("answers 404 for another tenant's cluster, worded like a nonexistent one", async () => {
      const other = await expectStatus(await get(`/clusters/${clusterB}/api`, bearer(tokenA)), 404, "NotFound", `clusters "${clusterB}" not found`);
      const missing = await expectStatus(await get(`/clusters/no-such-cluster/api`, bearer(tokenA)), 404, "NotFound", `clusters "no-such-cluster" not found`);
      expect(other.details).toEqual({ name: clusterB, kind: "clusters" });
      expect(missing.details).toEqual({ name: "no-such-cluster", kind: "clusters" });
    });

    it("answers 404 for a deleted cluster of the caller's own tenant", async () => {
      await expectStatus(await get(`/clusters/${deletedClusterA}/api`, bearer(tokenA)), 404, "NotFound", `clusters "${deletedClusterA}" not found`);
    });

    it("lets tenant B's token reach tenant B's cluster but not tenant A's", async () => {
      const tokenB = await seedToken(tenantB);
      expect((await get(`/clusters/${clusterB}/api`, bearer(tokenB))).status).toBe(200);
      await expectStatus(await get(`/clusters/${clusterA}/api`, bearer(tokenB)), 404, "NotFound");
    });

    it("does not write into another tenant's cluster", async () => {
      const res = await SELF.fetch(`${ORIGIN}/clusters/${clusterB}/api/v1/namespaces`, {
        method: "POST",
        headers: { ...bearer(tokenA), "Content-Type": "application/json" },
        body: JSON.stringify({ apiVersion: "v1", kind: "Namespace", metadata: { name: "intruder" } }),
      });
      await expectStatus(res, 404, "NotFound");
      const revision = await runInDurableObject(clusterStub(clusterB), (o: ClusterDO) => o.store.get("/registry/core/namespaces/intruder"));
      expect(revision).toBeNull();
    });
  });

  describe("internal headers", () => {
    const forged = encodeIdentity({ username: "mallory-admin", uid: "forged", groups: ["system:masters"], tenant: "edge-tenant-b" });

    it("the cluster DO refuses a request without the identity header", async () => {
      await expectStatus(await clusterStub(clusterA).fetch("https://cluster.internal/api/v1/namespaces"), 401, "Unauthorized");
    });

    it("a forged identity header does not authenticate a request without a token", async () => {
      await expectStatus(await get(`/clusters/${clusterA}/api`, { [IDENTITY_HEADER]: forged }), 401, "Unauthorized");
      await expectStatus(await get(`/clusters/${clusterB}/api`, { [IDENTITY_HEADER]: forged }), 401, "Unauthorized");
    });

    it("a forged identity header with tenant A's token cannot reach tenant B's cluster", async () => {
      await expectStatus(await get(`/clusters/${clusterB}/api`, { ...bearer(tokenA), [IDENTITY_HEADER]: forged }), 404, "NotFound", `clusters "${clusterB}" not found`);
    });

    it("replaces client-sent x-kubedo-* headers: the cluster sees the token's user", async () => {
      // Record, inside the DO, which user and headers each request arrives with.
      const stub = clusterStub(clusterA);
      await runInDurableObject(stub, (o: ClusterDO) => {
        const seen: Seen[] = [];
        const original = o.api.handle.bind(o.api);
        (o as unknown as { seen: typeof seen }).seen = seen;
        o.api.handle = (request: Request, user: UserInfo) => {
          seen.push({
            user,
            internal: [...request.headers].filter(([k]) => k.startsWith("x-kubedo-") && k !== IDENTITY_HEADER && k !== CLUSTER_HEADER),
            cluster: request.headers.get(CLUSTER_HEADER),
            credentials: [...request.headers].filter(([k]) => k === "authorization" || k === "cookie").map(([k]) => k),
          });
          return original(request, user);
        };
      });
      const res = await get(`/clusters/${clusterA}/api`, { ...bearer(tokenA), [IDENTITY_HEADER]: forged, "X-Kubedo-Tenant": "edge-tenant-b", "x-kubedo-other": "1", "X-Kubedo-Cluster": "forged-cluster", Cookie: "session=abc" });
      expect(res.status).toBe(200);
      const seen = await runInDurableObject(stub, (o: ClusterDO) => {
        const record = (o as unknown as { seen: Seen[] }).seen;
        return structuredClone(record);
      });
      expect(seen).toHaveLength(1);
      expect(seen[0]!.user).toMatchObject({ username: "alice", groups: ["system:masters", "system:authenticated"], tenant: tenantA });
      expect(seen[0]!.user.username).not.toBe("mallory-admin");
      expect(seen[0]!.internal).toEqual([]);
      expect(seen[0]!.cluster).toBe(clusterA); // the edge's own, not a client's
      // Credentials stop at the edge too.
      expect(seen[0]!.credentials).toEqual([]);
    });
  });

  describe("routing", () => {
    it("answers an unknown path under its own routes with a 404 Status, and hands any other path to the console", async () => {
      await expectStatus(await get("/v1/nothing-here"), 404, "NotFound", "the server could not find the requested resource");
      const page = await get("/no/such/path");
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    });

    it("serves the console from the static assets (the ASSETS binding; SELF bypasses the asset router)", async () => {
      const res = await env.ASSETS.fetch(`${ORIGIN}/`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/html/);
      const html = await res.text();
      expect(html).toContain('<div id="app">');
      // The console's script and styles have content-hashed names.
      expect(html).toMatch(/src="\/assets\/index-[\w-]{8}\.js"/);
      // A deep link into the console gets the same page (single-page application fallback).
      const deep = await env.ASSETS.fetch(`${ORIGIN}/console/c0123456789abcdef/topology`);
      expect(deep.status).toBe(200);
      expect(await deep.text()).toBe(html);
    });
  });
});
