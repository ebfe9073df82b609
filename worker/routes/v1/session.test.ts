// The console's browser session: sign-in with a token (POST /v1/session) makes a server-side session
// (D1, stored hashed like tokens, expiring, revocable) whose id alone sits in the HttpOnly cookie; the
// token stays out of page script except on the explicit "show my token" action. The cookie
// authenticates the Kubernetes API and cluster operations for same-origin requests only (cross-site
// requests get no credentials from it); sign-out revokes the session server-side. The activity feed
// WebSocket.
import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { newCluster, ORIGIN, seedTenant, seedToken, sha256Hex } from "../../test-helpers";
import { api, browser, expectStatus, sessionCookieOf, signIn } from "./test-helpers";

const site = { "Sec-Fetch-Site": "same-origin", Origin: ORIGIN };

/** Every column of the session row with this cookie value, as text. */
async function sessionRow(cookie: string): Promise<Record<string, unknown> | null> {
  return env.DB.prepare("SELECT * FROM sessions WHERE hash = ?").bind(await sha256Hex(cookie)).first();
}

describe("/v1/session", () => {
  it("signs in with a tenant token into a server-side session: the cookie holds its id, never the token", async () => {
    const tenant = await seedTenant();
    const token = await seedToken(tenant);
    const signedIn = await api(null, "POST", "/v1/session", { token }, site);
    expect(signedIn.status, signedIn.text).toBe(201);
    expect(signedIn.body).toMatchObject({ tenant: { id: tenant, kind: "user" }, expiresAt: null });
    expect(signedIn.text).not.toContain(token);
    const setCookie = signedIn.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/__Host-kubedo_session=kds_[0-9a-f]{64}; Max-Age=\d+; Path=\/; HttpOnly; Secure; SameSite=Lax/);
    expect(setCookie).not.toContain(token);
    const cookie = sessionCookieOf(signedIn)!;
    // D1 holds the session's hash and its tenant; the token is in no column in the clear.
    const row = await sessionRow(cookie);
    expect(row).toMatchObject({ kind: "tenant", tenant_id: tenant, revoked_at: null });
    expect(JSON.stringify(row)).not.toContain(token);
    expect(JSON.stringify(row)).not.toContain(cookie);
    // A session without a token expiry lasts a week.
    expect((row!.expires_at as number) - Date.now()).toBeGreaterThan(7 * 86_400_000 - 60_000);
    expect((row!.expires_at as number) - Date.now()).toBeLessThanOrEqual(7 * 86_400_000);
    const me = await api(null, "GET", "/v1/session", undefined, browser(cookie));
    expect(me.status).toBe(200);
    expect(me.body.tenant.id).toBe(tenant);
    expect(me.text).not.toContain("kdo_");
    expect((await api(null, "GET", "/v1/clusters", undefined, browser(cookie))).status).toBe(200);
  });

  it("signs out by revoking the session: the same cookie replayed afterwards is refused", async () => {
    const cookie = await signIn(await seedToken(await seedTenant()));
    const out = await api(null, "DELETE", "/v1/session", undefined, browser(cookie));
    expect(out.status).toBe(200);
    expect(out.headers.get("set-cookie")).toMatch(/__Host-kubedo_session=; Max-Age=0/);
    expect((await sessionRow(cookie))!.revoked_at).toEqual(expect.any(Number));
    expectStatus(await api(null, "GET", "/v1/session", undefined, browser(cookie)), 401, "Unauthorized");
    expectStatus(await api(null, "GET", "/v1/clusters", undefined, browser(cookie)), 401, "Unauthorized");
    // Another site cannot sign the visitor out.
    const other = await signIn(await seedToken(await seedTenant()));
    expectStatus(await api(null, "DELETE", "/v1/session", undefined, browser(other, "cross-site")), 403, "Forbidden");
    expect((await api(null, "GET", "/v1/session", undefined, browser(other))).status).toBe(200);
  });

  it("expires with its token, and dies when the token is revoked", async () => {
    const tenant = await seedTenant();
    const soon = await seedToken(tenant, { expiresAt: Date.now() + 1_500 });
    const res = await api(null, "POST", "/v1/session", { token: soon }, site);
    expect(res.headers.get("set-cookie")).toMatch(/Max-Age=[01];/);
    const cookie = sessionCookieOf(res)!;
    expect((await api(null, "GET", "/v1/session", undefined, browser(cookie))).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1_600));
    expectStatus(await api(null, "GET", "/v1/session", undefined, browser(cookie)), 401, "Unauthorized");

    const owner = await seedToken(tenant);
    const made = await api(owner, "POST", "/v1/tokens", { name: "to-revoke" });
    const session = await signIn(made.body.token);
    expect((await api(null, "GET", "/v1/clusters", undefined, browser(session))).status).toBe(200);
    expect((await api(owner, "DELETE", `/v1/tokens/${made.body.id}`)).status).toBe(200);
    expectStatus(await api(null, "GET", "/v1/clusters", undefined, browser(session)), 401, "Unauthorized");
  });

  it("shows the token only on the explicit action (POST /v1/session/token), never cached", async () => {
    const token = await seedToken(await seedTenant());
    const cookie = await signIn(token);
    const shown = await api(null, "POST", "/v1/session/token", undefined, browser(cookie, "same-origin", { Origin: ORIGIN }));
    expect(shown.status, shown.text).toBe(200);
    expect(shown.body).toEqual({ kind: "tenant", token });
    expect(shown.headers.get("cache-control")).toBe("no-store");
    expectStatus(await api(null, "POST", "/v1/session/token", undefined, browser(cookie, "cross-site")), 403, "Forbidden");
    expectStatus(await api(null, "POST", "/v1/session/token", undefined, browser(cookie, "same-origin", { Origin: "https://evil.test" })), 403, "Forbidden");
    expectStatus(await api(null, "POST", "/v1/session/token", undefined, { "Sec-Fetch-Site": "same-origin" }), 401, "Unauthorized");
    // Only a session has a token to show: a bearer already holds its own.
    expectStatus(await api(token, "POST", "/v1/session/token"), 401, "Unauthorized");
    expectStatus(await api(null, "GET", "/v1/session/token", undefined, browser(cookie)), 404, "NotFound");
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
    // A cookie holding a token (the old scheme) or an unknown session id is no session.
    expectStatus(await api(null, "GET", "/v1/session", undefined, browser(token)), 401, "Unauthorized");
    expectStatus(await api(null, "GET", "/v1/session", undefined, browser(`kds_${"0".repeat(64)}`)), 401, "Unauthorized");
  });

  it("a new sign-in replaces the browser's session and revokes the old one", async () => {
    const first = await signIn(await seedToken(await seedTenant()));
    const res = await api(null, "POST", "/v1/session", { token: await seedToken(await seedTenant()) }, browser(first, "same-origin", { Origin: ORIGIN }));
    expect(res.status).toBe(201);
    expect(sessionCookieOf(res)).not.toBe(first);
    expectStatus(await api(null, "GET", "/v1/session", undefined, browser(first)), 401, "Unauthorized");
  });

  it("signs in with a ServiceAccount token to its cluster only, held to the account's RBAC; the JWT stays server-side", async () => {
    const cluster = await newCluster();
    const other = await newCluster();
    expect((await cluster.send("POST", "/api/v1/namespaces/default/serviceaccounts", { metadata: { name: "viewer" } })).status).toBe(201);
    const issued = await cluster.send("POST", "/api/v1/namespaces/default/serviceaccounts/viewer/token", { apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest", spec: {} });
    expect(issued.status).toBe(201);
    const token = issued.body.status.token as string;
    const missing = await api(null, "POST", "/v1/session", { token }, site);
    expectStatus(missing, 422, "Invalid");
    expect(missing.body.details.causes[0].field).toBe("cluster");
    expectStatus(await api(null, "POST", "/v1/session", { token, cluster: other.clusterId }, site), 401, "Unauthorized");
    const signedIn = await api(null, "POST", "/v1/session", { token, cluster: cluster.clusterId }, site);
    expect(signedIn.status, signedIn.text).toBe(201);
    expect(signedIn.body).toMatchObject({ kind: "serviceaccount", cluster: { id: cluster.clusterId }, user: { username: "system:serviceaccount:default:viewer" } });
    expect(signedIn.headers.get("set-cookie")).not.toContain(token);
    expect(signedIn.headers.get("set-cookie")).not.toContain("kubedo_session_cluster=c");
    const cookie = sessionCookieOf(signedIn)!;
    const row = await sessionRow(cookie);
    expect(row).toMatchObject({ kind: "serviceaccount", cluster_id: cluster.clusterId, tenant_id: null });
    expect(JSON.stringify(row)).not.toContain(token.split(".")[2]!);
    const me = await api(null, "GET", "/v1/session", undefined, browser(cookie));
    expect(me.body).toMatchObject({ kind: "serviceaccount", cluster: { id: cluster.clusterId } });
    // The cluster's API answers as the account: nothing is allowed until a Role says so.
    expectStatus(await api(null, "GET", `/clusters/${cluster.clusterId}/api/v1/namespaces/default/pods`, undefined, browser(cookie)), 403, "Forbidden");
    expect((await api(null, "POST", `/clusters/${cluster.clusterId}/apis/authorization.k8s.io/v1/selfsubjectaccessreviews`, { spec: { resourceAttributes: { verb: "delete", resource: "pods", namespace: "default" } } }, browser(cookie))).body.status.allowed).toBe(false);
    // It is no tenant: the management API and other clusters stay closed.
    expectStatus(await api(null, "GET", "/v1/clusters", undefined, browser(cookie)), 401, "Unauthorized");
    expectStatus(await api(null, "GET", `/clusters/${other.clusterId}/api/v1/namespaces`, undefined, browser(cookie)), 401, "Unauthorized");
  });

  it("the cookie authenticates the cluster's Kubernetes API and its operations, from our own pages only", async () => {
    const cluster = await newCluster();
    const cookie = await signIn(cluster.token);
    const base = `/clusters/${cluster.clusterId}`;
    const ns = await api(null, "POST", `${base}/api/v1/namespaces`, { metadata: { name: "from-console" } }, browser(cookie, "same-origin", { Origin: ORIGIN }));
    expect(ns.status, ns.text).toBe(201);
    expect((await api(null, "GET", `${base}/api/v1/namespaces/from-console`, undefined, browser(cookie))).status).toBe(200);
    expect((await api(null, "GET", `/v1/clusters/${cluster.clusterId}/clock`, undefined, browser(cookie))).status).toBe(200);
    // Another site's page making the browser send the cookie gets no credentials from it.
    expectStatus(await api(null, "DELETE", `${base}/api/v1/namespaces/from-console`, undefined, browser(cookie, "cross-site")), 401, "Unauthorized");
    expectStatus(await api(null, "DELETE", `${base}/api/v1/namespaces/from-console`, undefined, browser(cookie, "same-origin", { Origin: "https://evil.test" })), 401, "Unauthorized");
    expectStatus(await api(null, "POST", `/v1/clusters/${cluster.clusterId}/clock`, { advanceSeconds: 60 }, browser(cookie, "same-site")), 401, "Unauthorized");
    expectStatus(await api(null, "GET", `/v1/clusters`, undefined, browser(cookie, "cross-site")), 401, "Unauthorized");
    expect((await api(null, "GET", `${base}/api/v1/namespaces/from-console`, undefined, browser(cookie))).body.metadata.deletionTimestamp).toBeUndefined();
  });
});

describe("response headers", () => {
  it("every response carrying a token or kubeconfig says no-store; HTTPS responses carry HSTS", async () => {
    const cluster = await newCluster();
    const made = await api(cluster.token, "POST", "/v1/tokens", { name: "ci" });
    expect(made.status).toBe(201);
    expect(made.headers.get("cache-control")).toBe("no-store");
    const kubeconfig = await api(cluster.token, "GET", `/v1/clusters/${cluster.clusterId}/kubeconfig`);
    expect(kubeconfig.status).toBe(200);
    expect(kubeconfig.headers.get("cache-control")).toBe("no-store");
    expect(kubeconfig.headers.get("content-disposition")).toBe(`attachment; filename="kubedo-${cluster.clusterId}.yaml"`);
    const playground = await api(null, "POST", "/v1/playground");
    expect(playground.headers.get("cache-control")).toBe("no-store");
    for (const res of [made, kubeconfig, playground, await api(cluster.token, "GET", `/clusters/${cluster.clusterId}/api`), await api(null, "GET", "/healthz")]) {
      expect(res.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
    }
    const plain = await SELF.fetch("http://kubedo.test/healthz");
    expect(plain.headers.get("strict-transport-security")).toBeNull();
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
