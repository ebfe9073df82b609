// /v1/clusters: create, list, get, delete (wipes the Durable Object), reset, kubeconfig, validation.
import { parse } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { clusterClient, seedTenant, seedToken } from "../../test-helpers";
import { api, expectStatus } from "./test-helpers";

let tenant: string;
let token: string;

beforeAll(async () => {
  tenant = await seedTenant();
  token = await seedToken(tenant, { userName: "carol" });
});

const namespace = (name: string) => ({ apiVersion: "v1", kind: "Namespace", metadata: { name } });

describe("/v1/clusters", () => {
  it("creates a cluster (201) that serves the Kubernetes API at its server URL", async () => {
    const res = await api(token, "POST", "/v1/clusters", { name: "dev" });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ name: "dev", status: "active", timingProfile: "fast", expiresAt: null });
    expect(res.body.id).toMatch(/^c[0-9a-f]{16}$/);
    expect(res.body.server).toBe(`https://kubedo.test/clusters/${res.body.id}`);
    expect(Date.parse(res.body.createdAt)).toBeGreaterThan(Date.now() - 60_000);
    const k = clusterClient(res.body.id, token);
    const nodes = await k.json("/api/v1/nodes");
    expect(nodes.status).toBe(200);
    expect(nodes.body.items.map((n: any) => n.metadata.name)).toEqual(["control-plane", "node-1", "node-2", "node-3"]);
  });

  it("answers 409 for a second live cluster of the same name, and frees the name on delete", async () => {
    const first = await api(token, "POST", "/v1/clusters", { name: "twice" });
    expect(first.status).toBe(201);
    const again = await api(token, "POST", "/v1/clusters", { name: "twice" });
    expectStatus(again, 409, "AlreadyExists");
    expect(again.body.message).toBe('clusters "twice" already exists');
    expect((await api(token, "DELETE", `/v1/clusters/${first.body.id}`)).status).toBe(200);
    const reused = await api(token, "POST", "/v1/clusters", { name: "twice" });
    expect(reused.status).toBe(201);
    expect(reused.body.id).not.toBe(first.body.id);
  });

  it("lets another tenant use the same name", async () => {
    const other = await seedToken(await seedTenant());
    expect((await api(token, "POST", "/v1/clusters", { name: "shared-name" })).status).toBe(201);
    expect((await api(other, "POST", "/v1/clusters", { name: "shared-name" })).status).toBe(201);
  });

  it("validates the body with clear messages (422 Invalid)", async () => {
    const bad = await api(token, "POST", "/v1/clusters", { name: "Not_A_Label" });
    expectStatus(bad, 422, "Invalid");
    expect(bad.body.message).toMatch(/^Cluster is invalid: name: a lowercase RFC 1123 label must consist of/);
    expect(bad.body.details.causes[0]).toMatchObject({ field: "name" });
    expectStatus(await api(token, "POST", "/v1/clusters", { name: "x".repeat(41) }), 422, "Invalid");
    expectStatus(await api(token, "POST", "/v1/clusters", {}), 422, "Invalid");
    const profile = await api(token, "POST", "/v1/clusters", { name: "p", timingProfile: "slow" });
    expectStatus(profile, 422, "Invalid");
    expect(profile.body.message).toContain("timingProfile");
    const extra = await api(token, "POST", "/v1/clusters", { name: "p", color: "red" });
    expectStatus(extra, 422, "Invalid");
    expectStatus(await api(token, "POST", "/v1/clusters", "{not json"), 400, "BadRequest");
  });

  it("applies a timing profile given at creation, in the registry and in the cluster", async () => {
    const res = await api(token, "POST", "/v1/clusters", { name: "instant-one", timingProfile: "instant" });
    expect(res.status).toBe(201);
    expect(res.body.timingProfile).toBe("instant");
    const settings = await api(token, "GET", `/v1/clusters/${res.body.id}/settings`);
    expect(settings.body).toMatchObject({ timingProfile: "instant" });
  });

  it("lists and gets the tenant's live clusters only", async () => {
    const t = await seedToken(await seedTenant());
    const a = (await api(t, "POST", "/v1/clusters", { name: "a" })).body;
    const b = (await api(t, "POST", "/v1/clusters", { name: "b" })).body;
    await api(t, "DELETE", `/v1/clusters/${b.id}`);
    const list = await api(t, "GET", "/v1/clusters");
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: any) => i.id)).toEqual([a.id]);
    expect((await api(t, "GET", `/v1/clusters/${a.id}`)).body).toEqual(a);
    expectStatus(await api(t, "GET", `/v1/clusters/${b.id}`), 404, "NotFound");
    expectStatus(await api(t, "GET", "/v1/clusters/cffffffffffffffff"), 404, "NotFound");
  });

  it("DELETE marks the cluster deleted and wipes it: its API answers 404, a second DELETE 404", async () => {
    const c = (await api(token, "POST", "/v1/clusters", { name: "doomed" })).body;
    const k = clusterClient(c.id, token);
    expect((await k.send("POST", "/api/v1/namespaces", namespace("keep-me"))).status).toBe(201);
    const del = await api(token, "DELETE", `/v1/clusters/${c.id}`);
    expect(del.status).toBe(200);
    expect(del.body).toMatchObject({ id: c.id, status: "deleted" });
    // Same isolate: no cached route to the deleted cluster.
    expect((await k.json("/api/v1/namespaces")).status).toBe(404);
    expectStatus(await api(token, "DELETE", `/v1/clusters/${c.id}`), 404, "NotFound");
  });

  it("reset wipes the cluster but keeps it: the next request finds a fresh cluster with the same profile", async () => {
    const c = (await api(token, "POST", "/v1/clusters", { name: "resettable", timingProfile: "realistic" })).body;
    const k = clusterClient(c.id, token);
    expect((await k.send("POST", "/api/v1/namespaces", namespace("scratch"))).status).toBe(201);
    const reset = await api(token, "POST", `/v1/clusters/${c.id}/reset`);
    expect(reset.status).toBe(200);
    expect(reset.body).toMatchObject({ id: c.id, status: "active", timingProfile: "realistic" });
    expect((await k.json("/api/v1/namespaces/scratch")).status).toBe(404);
    const names = (await k.json("/api/v1/namespaces")).body.items.map((n: any) => n.metadata.name);
    expect(names).toEqual(["default", "kube-node-lease", "kube-public", "kube-system"]);
    expect((await api(token, "GET", `/v1/clusters/${c.id}/settings`)).body.timingProfile).toBe("realistic");
  });

  it("serves a kubeconfig (application/yaml) with the caller's own token and the cluster's server", async () => {
    const c = (await api(token, "POST", "/v1/clusters", { name: "with-config" })).body;
    const res = await api(token, "GET", `/v1/clusters/${c.id}/kubeconfig`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/yaml/);
    const config = parse(res.text);
    expect(config).toMatchObject({ apiVersion: "v1", kind: "Config", "current-context": "kubedo-with-config" });
    expect(config.clusters[0].cluster.server).toBe(c.server);
    expect(config.users[0].user.token).toBe(token);
  });
});
