// /v1/playground: an anonymous session (tenant, token, cluster, cookie), its cookie round trip, and
// the per-address rate limit (PLAYGROUND_RATE_LIMIT; "0" in wrangler.toml, set here per call).
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import worker from "../../index";
import type { Env } from "../../env";
import { ORIGIN } from "../../test-helpers";
import { api, expectStatus } from "./test-helpers";

const cookieOf = (res: { headers: Headers }) => /kubedo_session=([^;]+)/.exec(res.headers.get("set-cookie") ?? "")?.[1];

/** POST /v1/playground through the Worker's fetch handler with extra vars. */
async function createWith(vars: Partial<Env>, headers: Record<string, string>) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`${ORIGIN}/v1/playground`, { method: "POST", headers }), { ...env, ...vars } as Env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

describe("/v1/playground", () => {
  it("creates a playground tenant, token and expiring cluster, and sets the session cookie", async () => {
    const before = Date.now();
    const res = await api(null, "POST", "/v1/playground");
    expect(res.status, res.text).toBe(201);
    const { token, tenant, cluster, kubeconfig } = res.body;
    expect(token).toMatch(/^kdo_[0-9a-f]{64}$/);
    expect(tenant.id).toMatch(/^p[0-9a-f]{16}$/);
    expect(cluster).toMatchObject({ name: "playground" });
    const ttl = Date.parse(cluster.expiresAt) - before;
    expect(ttl).toBeGreaterThan(86_400_000 - 60_000);
    expect(ttl).toBeLessThanOrEqual(86_400_000 + 1_000);
    const setCookie = res.headers.get("set-cookie") ?? "";
    expect(setCookie).toContain(`kubedo_session=${token}`);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/Secure/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Path=\//);
    const config = parse(kubeconfig);
    expect(config.clusters[0].cluster.server).toBe(`${ORIGIN}/clusters/${cluster.id}`);
    expect(config.users[0].user.token).toBe(token);
    const row = await env.DB.prepare("SELECT kind FROM tenants WHERE id = ?").bind(tenant.id).first<{ kind: string }>();
    expect(row?.kind).toBe("playground");
    // The token reaches the cluster.
    expect((await api(token, "GET", `/clusters/${cluster.id}/api/v1/nodes`)).status).toBe(200);
  });

  it("GET with the cookie returns the same session (a page refresh) and the cookie authenticates /v1", async () => {
    const created = await api(null, "POST", "/v1/playground");
    const cookie = `kubedo_session=${cookieOf(created)}`;
    const again = await api(null, "GET", "/v1/playground", undefined, { Cookie: cookie });
    expect(again.status).toBe(200);
    expect(again.body.cluster).toEqual(created.body.cluster);
    expect(again.body.token).toBe(created.body.token);
    expect(again.body.tenant).toEqual(created.body.tenant);
    const list = await api(null, "GET", "/v1/clusters", undefined, { Cookie: cookie });
    expect(list.status).toBe(200);
    expect(list.body.items.map((c: any) => c.id)).toEqual([created.body.cluster.id]);
    // A playground session has one cluster.
    expectStatus(await api(null, "POST", "/v1/clusters", { name: "second" }, { Cookie: cookie }), 403, "Forbidden");
    // No or a bad cookie: 401; an Authorization header wins over the cookie.
    expectStatus(await api(null, "GET", "/v1/playground"), 401, "Unauthorized");
    expectStatus(await api(null, "GET", "/v1/playground", undefined, { Cookie: "kubedo_session=kdo_nope" }), 401, "Unauthorized");
    expectStatus(await api("kdo_nope", "GET", "/v1/clusters", undefined, { Cookie: cookie }), 401, "Unauthorized");
  });

  it("GET for a non-playground tenant's token, or an expired playground, is 404", async () => {
    const created = await api(null, "POST", "/v1/playground");
    await env.DB.prepare("UPDATE clusters SET status = 'deleted' WHERE id = ?").bind(created.body.cluster.id).run();
    const gone = await api(created.body.token, "GET", "/v1/playground");
    expectStatus(gone, 404, "NotFound");
    expect(gone.body.message).toContain("POST /v1/playground starts a new one");
  });

  it("rate limits creation per CF-Connecting-IP (X-Forwarded-For is ignored), with Retry-After", async () => {
    const ip = `203.0.113.${Math.floor(Math.random() * 250) + 1}`;
    const vars = { PLAYGROUND_RATE_LIMIT: "2" };
    for (let i = 0; i < 2; i++) {
      const res = await createWith(vars, { "CF-Connecting-IP": ip, "X-Forwarded-For": `198.51.100.${i}` });
      expect(res.status).toBe(201);
    }
    const limited = await createWith(vars, { "CF-Connecting-IP": ip, "X-Forwarded-For": "198.51.100.99" });
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    const body = (await limited.json()) as any;
    expect(body).toMatchObject({ kind: "Status", code: 429, reason: "TooManyRequests", details: { retryAfterSeconds: retryAfter } });
    expect(body.message).toMatch(/at most 2 per hour/);
    // Another address is not affected; "0" means unlimited.
    expect((await createWith(vars, { "CF-Connecting-IP": "192.0.2.77" })).status).toBe(201);
    expect((await createWith({ PLAYGROUND_RATE_LIMIT: "0" }, { "CF-Connecting-IP": ip })).status).toBe(201);
    // The address is not stored in the clear.
    const stored = await env.DB.prepare("SELECT count(*) AS n FROM rate_limits WHERE key LIKE ?").bind(`%${ip}%`).first<{ n: number }>();
    expect(stored?.n).toBe(0);
  });

  it("honours PLAYGROUND_TTL_SECONDS and rejects a malformed rate limit", async () => {
    const res = await createWith({ PLAYGROUND_TTL_SECONDS: "600" }, {});
    const body = (await res.json()) as any;
    expect(Date.parse(body.cluster.expiresAt) - Date.now()).toBeLessThanOrEqual(600_000);
    expect(res.headers.get("set-cookie")).toMatch(/Max-Age=(599|600)/);
    const bad = await createWith({ PLAYGROUND_RATE_LIMIT: "five" }, {});
    expect(bad.status).toBe(500);
    // A misconfiguration is the operator's to read in the log; the answer does not spell it out.
    expect(((await bad.json()) as any).message).toMatch(/^Internal error occurred: the server could not complete the request \(error id [0-9a-f-]{36}\)$/);
  });
});
