// The console's browser session: sign-in with a token (POST /v1/session) into the HttpOnly cookie,
// the cookie authenticating the Kubernetes API and cluster operations for same-origin requests only
// (cross-site requests get no credentials from it), sign-out, and the activity feed WebSocket.
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { newCluster, ORIGIN, seedTenant, seedToken } from "../../test-helpers";
import { api, expectStatus } from "./test-helpers";

const cookieOf = (res: { headers: Headers }) => /kubedo_session=([^;]*)/.exec(res.headers.get("set-cookie") ?? "")?.[1];
const browser = (cookie: string, site = "same-origin", extra: Record<string, string> = {}) => ({ Cookie: `kubedo_session=${cookie}`, "Sec-Fetch-Site": site, ...extra });

describe("/v1/session", () => {
  it("signs in with a tenant token, says who the session is, and signs out", async () => {
    const tenant = await seedTenant();
    const token = await seedToken(tenant);
    const signedIn = await api(null, "POST", "/v1/session", { token }, { "Sec-Fetch-Site": "same-origin", Origin: ORIGIN });
    expect(signedIn.status, signedIn.text).toBe(201);
    expect(signedIn.body).toMatchObject({ tenant: { id: tenant, kind: "user" }, expiresAt: null });
    expect(signedIn.headers.get("set-cookie")).toMatch(/kubedo_session=kdo_\w+; Max-Age=\d+; Path=\/; HttpOnly; Secure; SameSite=Lax/);
    const cookie = cookieOf(signedIn)!;
    const me = await api(null, "GET", "/v1/session", undefined, browser(cookie));
    expect(me.status).toBe(200);
    expect(me.body.tenant.id).toBe(tenant);
    const out = await api(null, "DELETE", "/v1/session", undefined, browser(cookie));
    expect(out.status).toBe(200);
    expect(out.headers.get("set-cookie")).toMatch(/kubedo_session=; Max-Age=0/);
  });

  it("refuses a bad token (401), a malformed body (422) and a sign-in from another site (403), setting no cookie", async () => {
    const bad = await api(null, "POST", "/v1/session", { token: "kdo_" + "0".repeat(64) });
    expectStatus(bad, 401, "Unauthorized");
    expect(bad.headers.get("set-cookie")).toBeNull();
    const invalid = await api(null, "POST", "/v1/session", { token: 5 });
    expectStatus(invalid, 422, "Invalid");
    expect(invalid.body.details.causes[0].field).toBe("token");
    const token = await seedToken(await seedTenant());
    const forged = await api(null, "POST", "/v1/session", { token }, { "Sec-Fetch-Site": "cross-site", Origin: "https://evil.test" });
    expectStatus(forged, 403, "Forbidden");
    expect(forged.headers.get("set-cookie")).toBeNull();
    expectStatus(await api(null, "GET", "/v1/session"), 401, "Unauthorized");
  });

  it("signs in with a ServiceAccount token to its cluster only, held to the account's RBAC", async () => {
    const cluster = await newCluster();
    const other = await newCluster();
    expect((await cluster.send("POST", "/api/v1/namespaces/default/serviceaccounts", { metadata: { name: "viewer" } })).status).toBe(201);
    const issued = await cluster.send("POST", "/api/v1/namespaces/default/serviceaccounts/viewer/token", { apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest", spec: {} });
    expect(issued.status).toBe(201);
    const token = issued.body.status.token as string;
    const site = { "Sec-Fetch-Site": "same-origin" };
    const missing = await api(null, "POST", "/v1/session", { token }, site);
    expectStatus(missing, 422, "Invalid");
    expect(missing.body.details.causes[0].field).toBe("cluster");
    expectStatus(await api(null, "POST", "/v1/session", { token, cluster: other.clusterId }, site), 401, "Unauthorized");
    const signedIn = await api(null, "POST", "/v1/session", { token, cluster: cluster.clusterId }, site);
    expect(signedIn.status, signedIn.text).toBe(201);
    expect(signedIn.body).toMatchObject({ kind: "serviceaccount", cluster: { id: cluster.clusterId }, user: { username: "system:serviceaccount:default:viewer" } });
    const cookies = `kubedo_session=${cookieOf(signedIn)}; kubedo_session_cluster=${cluster.clusterId}`;
    const me = await api(null, "GET", "/v1/session", undefined, { Cookie: cookies, ...site });
    expect(me.body).toMatchObject({ kind: "serviceaccount", cluster: { id: cluster.clusterId } });
    // The cluster's API answers as the account: nothing is allowed until a Role says so.
    expectStatus(await api(null, "GET", `/clusters/${cluster.clusterId}/api/v1/namespaces/default/pods`, undefined, { Cookie: cookies, ...site }), 403, "Forbidden");
    expect((await api(null, "POST", `/clusters/${cluster.clusterId}/apis/authorization.k8s.io/v1/selfsubjectaccessreviews`, { spec: { resourceAttributes: { verb: "delete", resource: "pods", namespace: "default" } } }, { Cookie: cookies, ...site })).body.status.allowed).toBe(false);
    // It is no tenant: the management API and other clusters stay closed.
    expectStatus(await api(null, "GET", "/v1/clusters", undefined, { Cookie: cookies, ...site }), 401, "Unauthorized");
    expectStatus(await api(null, "GET", `/clusters/${other.clusterId}/api/v1/namespaces`, undefined, { Cookie: cookies, ...site }), 401, "Unauthorized");
  });

  it("the cookie authenticates the cluster's Kubernetes API and its operations, from our own pages only", async () => {
    const cluster = await newCluster();
    const base = `/clusters/${cluster.clusterId}`;
    const ns = await api(null, "POST", `${base}/api/v1/namespaces`, { metadata: { name: "from-console" } }, browser(cluster.token, "same-origin", { Origin: ORIGIN }));
    expect(ns.status, ns.text).toBe(201);
    expect((await api(null, "GET", `${base}/api/v1/namespaces/from-console`, undefined, browser(cluster.token))).status).toBe(200);
    expect((await api(null, "GET", `/v1/clusters/${cluster.clusterId}/clock`, undefined, browser(cluster.token))).status).toBe(200);
    // Another site's page making the browser send the cookie gets no credentials from it.
    expectStatus(await api(null, "DELETE", `${base}/api/v1/namespaces/from-console`, undefined, browser(cluster.token, "cross-site")), 401, "Unauthorized");
    expectStatus(await api(null, "DELETE", `${base}/api/v1/namespaces/from-console`, undefined, browser(cluster.token, "same-origin", { Origin: "https://evil.test" })), 401, "Unauthorized");
    expectStatus(await api(null, "POST", `/v1/clusters/${cluster.clusterId}/clock`, { advanceSeconds: 60 }, browser(cluster.token, "same-site")), 401, "Unauthorized");
    expectStatus(await api(null, "GET", `/v1/clusters`, undefined, browser(cluster.token, "cross-site")), 401, "Unauthorized");
    expect((await api(null, "GET", `${base}/api/v1/namespaces/from-console`, undefined, browser(cluster.token))).body.metadata.deletionTimestamp).toBeUndefined();
  });
});

describe("activity feed", () => {
  async function listen(clusterId: string, token: string) {
    const res = await SELF.fetch(`${ORIGIN}/v1/clusters/${clusterId}/activity`, { headers: { Upgrade: "websocket", Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(101);
    const ws = res.webSocket!;
    ws.accept();
    const entries: any[] = [];
    ws.addEventListener("message", (m) => entries.push(...JSON.parse(m.data as string).entries));
    return { ws, entries };
  }

  it("streams each write with the component that made it, and refused requests", async () => {
    const cluster = await newCluster();
    const { ws, entries } = await listen(cluster.clusterId, cluster.token);
    const created = await cluster.send("POST", "/apis/apps/v1/namespaces/default/deployments", {
      metadata: { name: "web" },
      spec: { replicas: 1, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "nginx", image: "nginx" }] } } },
    });
    expect(created.status).toBe(201);
    expect((await cluster.send("POST", "/api/v1/namespaces/default/configmaps", { metadata: { name: "Bad_Name" } })).status).toBe(422);
    const deadline = Date.now() + 5_000;
    const seen = () => new Set(entries.map((e) => `${e.component} ${e.verb} ${e.resource}`));
    while (!(seen().has("controller/replicaset create pods") && seen().has("scheduler update pods")) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(entries.find((e) => e.resource === "deployments" && e.verb === "create")).toMatchObject({ component: "client", name: "web", namespace: "default", code: 200, stored: true });
    expect(seen()).toContain("controller/deployment create replicasets");
    expect(seen()).toContain("controller/replicaset create pods");
    expect(seen()).toContain("scheduler update pods");
    expect(entries.find((e) => e.resource === "configmaps")).toMatchObject({ component: "client", verb: "create", code: 422, stored: false });
    // The order is the order things happened: the client's create before the controllers' writes.
    const order = (c: string) => entries.findIndex((e) => e.component === c);
    expect(order("client")).toBeLessThan(order("controller/deployment"));
    expect(order("controller/deployment")).toBeLessThan(order("controller/replicaset"));
    expect(order("controller/replicaset")).toBeLessThan(order("scheduler"));
    ws.close();
  });

  it("is for the cluster's owner only and must be a WebSocket", async () => {
    const cluster = await newCluster();
    const other = await newCluster();
    const res = await SELF.fetch(`${ORIGIN}/v1/clusters/${cluster.clusterId}/activity`, { headers: { Upgrade: "websocket", Authorization: `Bearer ${other.token}` } });
    expect(res.status).toBe(404);
    expectStatus(await api(cluster.token, "GET", `/v1/clusters/${cluster.clusterId}/activity`), 400, "BadRequest");
  });
});
