// Kubernetes paths without the /clusters/<id> prefix (kubectl get --raw, kubectl proxy): routed to the
// one cluster the credential names, else a JSON 404; never another tenant's cluster, never HTML.
import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { clusterClient, ORIGIN, seedCluster, seedTenant, seedToken } from "../test-helpers";

const get = (path: string, token?: string) => SELF.fetch(`${ORIGIN}${path}`, token ? { headers: { Authorization: `Bearer ${token}` } } : {});

let soloToken: string;
let soloCluster: string;
let pairToken: string;

beforeAll(async () => {
  const solo = await seedTenant("root-solo");
  soloToken = await seedToken(solo);
  soloCluster = await seedCluster(solo, { id: "root-solo-cluster" });
  const pair = await seedTenant("root-pair");
  pairToken = await seedToken(pair);
  await seedCluster(pair, { id: "root-pair-1" });
  await seedCluster(pair, { id: "root-pair-2" });
});

describe("prefix-less Kubernetes paths", () => {
  it("reach a tenant's only cluster", async () => {
    const res = await get("/api", soloToken);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ kind: "APIVersions", versions: ["v1"] });
    const version = await get("/version", soloToken);
    expect(((await version.json()) as { gitVersion: string }).gitVersion).toMatch(/^v1\.\d+\./);
    const ns = await get("/api/v1/namespaces/default", soloToken);
    expect(((await ns.json()) as { metadata: { name: string } }).metadata.name).toBe("default");
  });

  it("reach the cluster a service account token was signed by", async () => {
    const c = clusterClient(soloCluster, soloToken);
    const minted = await c.send("POST", "/api/v1/namespaces/default/serviceaccounts/default/token", { apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest", spec: {} });
    expect(minted.status, JSON.stringify(minted.body)).toBe(201);
    const sa: string = minted.body.status.token;
    const header = JSON.parse(atob(sa.split(".")[0]!.replace(/-/g, "+").replace(/_/g, "/")));
    expect(header).toEqual({ alg: "HS256", kid: soloCluster, typ: "JWT" });
    const res = await get("/api/v1/namespaces/default/serviceaccounts", sa);
    // The default service account may not list service accounts: the cluster's RBAC answered.
    expect(res.status).toBe(403);
    expect(((await res.json()) as { message: string }).message).toContain('User "system:serviceaccount:default:default" cannot list resource "serviceaccounts"');
  });

  it("answer a JSON 404 when the credential names no single cluster, and 401 without one", async () => {
    const res = await get("/apis", pairToken);
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await res.json()).toMatchObject({ kind: "Status", reason: "NotFound", code: 404 });
    const forged = await get("/api", "eyJhbGciOiJIUzI1NiIsImtpZCI6InJvb3Qtc29sby1jbHVzdGVyIiwidHlwIjoiSldUIn0.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6ZGVmYXVsdDpkZWZhdWx0In0.c2lnbmF0dXJlLWZvcmdlZC1ieS1zb21lb25lLWVsc2U");
    expect(forged.status).toBe(401);
    const anonymous = await get("/api");
    expect(anonymous.status).toBe(401);
  });
});
