// /v1/playground: an anonymous session (tenant, token, cluster, session cookie), its cookie round
// trip, the token only on explicit actions, refusal of other sites' pages, and the per-address rate
// limit (PLAYGROUND_RATE_LIMIT; relaxed to "0" for tests in vitest.config.ts, set here per call).
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import worker from "../../index";
import type { Env } from "../../env";
import { ORIGIN, seedTenant, seedToken } from "../../test-helpers";
import { api, browser, expectStatus, sessionCookieOf } from "./test-helpers";

/** POST /v1/playground through the Worker's fetch handler with extra vars. */
async function createWith(vars: Partial<Env>, headers: Record<string, string>) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`${ORIGIN}/v1/playground`, { method: "POST", headers }), { ...env, ...vars } as Env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

describe("/v1/playground", () => {
  it("creates a playground tenant, token and expiring cluster, and a session whose cookie holds no token", async () => {
    const before = Date.now();
    const res = await api(null, "POST", "/v1/playground");
    expect(res.status, res.text).toBe(201);
    const { tenant, cluster } = res.body;
    // The token stays out of page script: neither the body nor the cookie holds it.
    expect(Object.keys(res.body).sort()).toEqual(["cluster", "tenant"]);
    expect(res.text).not.toContain("kdo_");
    expect(tenant.id).toMatch(/^p[0-9a-f]{16}$/);
    expect(cluster).toMatchObject({ name: "playground" });
    const ttl = Date.parse(cluster.expiresAt) - before;
    expect(ttl).toBeGreaterThan(86_400_000 - 60_000);
    expect(ttl).toBeLessThanOrEqual(86_400_000 + 1_000);
    const setCookie = res.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/__Host-kubedo_session=kds_[0-9a-f]{64}; Max-Age=\d+; Path=\/; HttpOnly; Secure; SameSite=Lax/);
    expect(setCookie).not.toContain("kdo_");
    const row = await env.DB.prepare("SELECT kind FROM tenants WHERE id = ?").bind(tenant.id).first<{ kind: string }>();
    expect(row?.kind).toBe("playground");
    // The explicit actions give the token: the kubeconfig download and "show my token".
    const cookie = sessionCookieOf(res)!;
    const config = await api(null, "GET", `/v1/clusters/${cluster.id}/kubeconfig`, undefined, browser(cookie));
    expect(config.status).toBe(200);
    const kubeconfig = parse(config.text);
    expect(kubeconfig.clusters[0].cluster.server).toBe(`${ORIGIN}/clusters/${cluster.id}`);
    const token = kubeconfig.users[0].user.token as string;
    expect(token).toMatch(/^kdo_[0-9a-f]{64}$/);
    expect((await api(null, "POST", "/v1/session/token", undefined, browser(cookie))).body).toEqual({ kind: "tenant", token });
    // The token reaches the cluster.
    expect((await api(token, "GET", `/clusters/${cluster.id}/api/v1/nodes`)).status).toBe(200);
  });

  it("GET with the cookie returns the same session (a page refresh) and the cookie authenticates /v1", async () => {
    const created = await api(null, "POST", "/v1/playground");
    const cookie = sessionCookieOf(created)!;
    const again = await api(null, "GET", "/v1/playground", undefined, browser(cookie));
    expect(again.status).toBe(200);
    expect(again.body).toEqual(created.body);
    const list = await api(null, "GET", "/v1/clusters", undefined, browser(cookie));
    expect(list.status).toBe(200);
    expect(list.body.items.map((c: any) => c.id)).toEqual([created.body.cluster.id]);
    // A playground session has one cluster.
    expectStatus(await api(null, "POST", "/v1/clusters", { name: "second" }, browser(cookie)), 403, "Forbidden");
    // No or a bad cookie: 401; an Authorization header wins over the cookie.
    expectStatus(await api(null, "GET", "/v1/playground"), 401, "Unauthorized");
    expectStatus(await api(null, "GET", "/v1/playground", undefined, browser("kdo_nope")), 401, "Unauthorized");
    expectStatus(await api("kdo_nope", "GET", "/v1/clusters", undefined, browser(cookie)), 401, "Unauthorized");
  });

  it("a new playground replaces the browser's session and revokes the old one", async () => {
    const first = await api(null, "POST", "/v1/playground");
    const old = sessionCookieOf(first)!;
    const second = await api(null, "POST", "/v1/playground", undefined, browser(old));
    expect(second.status).toBe(201);
    expectStatus(await api(null, "GET", "/v1/playground", undefined, browser(old)), 401, "Unauthorized");
    expect((await api(null, "GET", "/v1/playground", undefined, browser(sessionCookieOf(second)!))).body.cluster.id).toBe(second.body.cluster.id);
  });

  it("GET for a non-playground tenant's token, or an expired playground, is 404", async () => {
    const created = await api(null, "POST", "/v1/playground");
    const cookie = sessionCookieOf(created)!;
    await env.DB.prepare("UPDATE clusters SET status = 'deleted' WHERE id = ?").bind(created.body.cluster.id).run();
    const gone = await api(null, "GET", "/v1/playground", undefined, browser(cookie));
    expectStatus(gone, 404, "NotFound");
    expect(gone.body.message).toContain("POST /v1/playground starts a new one");
    expectStatus(await api(await seedToken(await seedTenant()), "GET", "/v1/playground"), 404, "NotFound");
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

  it("refuses a creation another site's page makes (Sec-Fetch-Site, Origin): 403, no cookie, no tenant", async () => {
    const count = async () => (await env.DB.prepare("SELECT count(*) AS n FROM tenants WHERE kind = 'playground'").first<{ n: number }>())!.n;
    const before = await count();
    for (const headers of <Record<string, string>[]>[
      { "Sec-Fetch-Site": "cross-site", Origin: "https://evil.test" },
      { "Sec-Fetch-Site": "same-site", Origin: "https://sub.kubedo.test" },
      { Origin: "https://evil.test" },
      { "Sec-Fetch-Site": "cross-site" },
    ]) {
      const res = await api(null, "POST", "/v1/playground", undefined, headers);
      expectStatus(res, 403, "Forbidden");
      expect(res.body.message).toBe("a playground is created only from this site's own pages");
      expect(res.headers.get("set-cookie")).toBeNull();
    }
    expect(await count()).toBe(before);
    // The console's own request, and a non-browser client (neither header), still create one.
    expect((await api(null, "POST", "/v1/playground", undefined, { "Sec-Fetch-Site": "same-origin", Origin: ORIGIN })).status).toBe(201);
    expect((await api(null, "POST", "/v1/playground")).status).toBe(201);
  });

  it("honours PLAYGROUND_TTL_SECONDS and rejects a malformed rate limit", async () => {
    const res = await createWith({ PLAYGROUND_TTL_SECONDS: "600" }, {});
    const body = (await res.json()) as any;
    expect(Date.parse(body.cluster.expiresAt) - Date.now()).toBeLessThanOrEqual(600_000);
    expect(res.headers.get("set-cookie")).toMatch(/__Host-kubedo_session=kds_\w+; Max-Age=(599|600)/);
    const bad = await createWith({ PLAYGROUND_RATE_LIMIT: "five" }, {});
    expect(bad.status).toBe(500);
    // A misconfiguration is the operator's to read in the log; the answer does not spell it out.
    expect(((await bad.json()) as any).message).toMatch(/^Internal error occurred: the server could not complete the request \(error id [0-9a-f-]{36}\)$/);
  });
});
