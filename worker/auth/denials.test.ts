// Unauthenticated requests at the edge: failures are rate limited per client address (CF-Connecting-IP,
// never X-Forwarded-For) and cluster, and audited for the cluster's owner as one counted row per source,
// cluster and window, with no attacker-chosen user agent; a request that names no live cluster or
// existing token writes nothing. The limiter is Cloudflare's binding, stood in for by a counting fake.
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../index";
import type { Env } from "../env";
import { newCluster, ORIGIN, seedTenant, seedToken, fakeRateLimiter } from "../test-helpers";
import { eventually } from "../routes/v1/test-helpers";

const limiter = fakeRateLimiter;

const randomToken = () => `kdo_${crypto.randomUUID().replace(/-/g, "")}`;
const randomJwt = () => `eyJhbGciOiJSUzI1NiJ9.${btoa(JSON.stringify({ sub: crypto.randomUUID() })).replace(/=+$/, "")}.${crypto.randomUUID().replace(/-/g, "")}`;

async function call(e: Env, path: string, headers: Record<string, string>, method = "GET", body?: unknown): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`${ORIGIN}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }), e, ctx);
  await res.arrayBuffer();
  await waitOnExecutionContext(ctx);
  return res;
}

interface Row {
  user: string;
  cluster_id: string | null;
  code: number;
  count: number;
  source_ip: string | null;
  user_agent: string | null;
  resource: string;
}

const edgeRows = async (tenant: string): Promise<Row[]> =>
  (await env.DB.prepare("SELECT user, cluster_id, code, count, source_ip, user_agent, resource FROM audit_events WHERE tenant_id = ? AND id LIKE 'edge:%'").bind(tenant).all<Row>())
    .results;

const ownerOf = async (clusterId: string) => (await env.DB.prepare("SELECT tenant_id FROM clusters WHERE id = ?").bind(clusterId).first<{ tenant_id: string }>())!.tenant_id;

describe("unauthenticated requests at the edge", () => {
  it("60 random bearer tokens from one address: 401 up to the limit, then 429; one counted audit row, no user agent", async () => {
    const cluster = await newCluster();
    const owner = await ownerOf(cluster.clusterId);
    const fake = limiter(5);
    const on = { ...(env as unknown as Env), AUTH_FAILURE_RATE_LIMITING: "on", AUTH_FAILURE_LIMITER: fake.binding };
    const codes: number[] = [];
    for (let i = 0; i < 60; i++) {
      const res = await call(on, `/clusters/${cluster.clusterId}/api/v1/namespaces/kube-system/secrets?i=${i}`, {
        Authorization: `Bearer ${randomToken()}`,
        "CF-Connecting-IP": "203.0.113.7",
        // Attacker-chosen: a new forwarding address and user agent every time change nothing.
        "X-Forwarded-For": `198.51.100.${i}`,
        "User-Agent": `evil-${i}-${"x".repeat(500)}`,
      });
      codes.push(res.status);
      if (res.status === 429) expect(res.headers.get("Retry-After")).toBe("60");
    }
    expect(codes.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(new Set(codes.slice(5))).toEqual(new Set([429]));
    // The limit is keyed by address and cluster, hashed (no address in the clear).
    expect(fake.counts.size).toBe(1);
    expect([...fake.counts.keys()].join()).not.toContain("203.0.113.7");
    await eventually(async () => {
      const rows = await edgeRows(owner);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ user: "system:anonymous", cluster_id: cluster.clusterId, code: 401, count: 5, source_ip: "203.0.113.7", user_agent: null });
    });
  });

  it("answers 429 as a Status with Retry-After, and other addresses and clusters keep their own budget", async () => {
    const a = await newCluster();
    const b = await newCluster();
    const fake = limiter(2);
    const on = { ...(env as unknown as Env), AUTH_FAILURE_RATE_LIMITING: "on", AUTH_FAILURE_LIMITER: fake.binding };
    const from = (ip: string) => ({ Authorization: `Bearer ${randomToken()}`, "CF-Connecting-IP": ip });
    for (let i = 0; i < 2; i++) expect((await call(on, `/clusters/${a.clusterId}/api`, from("192.0.2.1"))).status).toBe(401);
    const ctx = createExecutionContext();
    const limited = await worker.fetch(new Request(`${ORIGIN}/clusters/${a.clusterId}/api`, { headers: from("192.0.2.1") }), on, ctx);
    await waitOnExecutionContext(ctx);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("Retry-After")).toBe("60");
    expect(await limited.json()).toMatchObject({
      kind: "Status",
      status: "Failure",
      reason: "TooManyRequests",
      code: 429,
      message: "Too many failed authentication attempts from this address, please try again later.",
      details: { retryAfterSeconds: 60 },
    });
    // The owner's valid token from that address still works: only failures are limited.
    expect((await call(on, `/clusters/${a.clusterId}/api`, { Authorization: `Bearer ${a.token}`, "CF-Connecting-IP": "192.0.2.1" })).status).toBe(200);
    expect((await call(on, `/clusters/${b.clusterId}/api`, from("192.0.2.1"))).status).toBe(401);
    expect((await call(on, `/clusters/${a.clusterId}/api`, from("192.0.2.2"))).status).toBe(401);
  });

  it("counts an IPv6 client by its /64: new addresses inside it share one budget and one row", async () => {
    const cluster = await newCluster();
    const owner = await ownerOf(cluster.clusterId);
    const fake = limiter(3);
    const on = { ...(env as unknown as Env), AUTH_FAILURE_RATE_LIMITING: "on", AUTH_FAILURE_LIMITER: fake.binding };
    const codes: number[] = [];
    for (let i = 1; i <= 6; i++) codes.push((await call(on, `/clusters/${cluster.clusterId}/api`, { Authorization: `Bearer ${randomToken()}`, "CF-Connecting-IP": `2001:db8:7:7::${i.toString(16)}` })).status);
    expect(codes).toEqual([401, 401, 401, 429, 429, 429]);
    expect((await call(on, `/clusters/${cluster.clusterId}/api`, { Authorization: `Bearer ${randomToken()}`, "CF-Connecting-IP": "2001:db8:7:8::1" })).status).toBe(401);
    await eventually(async () => {
      const rows = await edgeRows(owner);
      expect(rows.map((r) => [r.source_ip, r.count]).sort()).toEqual([
        ["2001:db8:7:7::/64", 3],
        ["2001:db8:7:8::/64", 1],
      ]);
    });
  });

  it("limits service-account-shaped tokens too, and stops sending them to the cluster once limited", async () => {
    const cluster = await newCluster();
    const fake = limiter(3);
    const on = { ...(env as unknown as Env), AUTH_FAILURE_RATE_LIMITING: "on", AUTH_FAILURE_LIMITER: fake.binding };
    const codes: number[] = [];
    for (let i = 0; i < 20; i++) codes.push((await call(on, `/clusters/${cluster.clusterId}/api/v1/pods`, { Authorization: `Bearer ${randomJwt()}`, "CF-Connecting-IP": "203.0.113.9" })).status);
    expect(codes.slice(0, 3)).toEqual([401, 401, 401]);
    expect(new Set(codes.slice(3))).toEqual(new Set([429]));
    // Once this isolate knows the source is limited, the cluster is not asked again (the limiter neither).
    expect([...fake.counts.values()][0]).toBeLessThanOrEqual(5);
  });

  it("/v1: bad sign-ins and unknown tokens count against the address too", async () => {
    const fake = limiter(3);
    const on = { ...(env as unknown as Env), AUTH_FAILURE_RATE_LIMITING: "on", AUTH_FAILURE_LIMITER: fake.binding };
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await call(on, "/v1/clusters", { Authorization: `Bearer ${randomToken()}`, "CF-Connecting-IP": "203.0.113.10" })).status);
    expect(codes).toEqual([401, 401, 401, 429]);
    const signIns: number[] = [];
    for (let i = 0; i < 4; i++) signIns.push((await call(on, "/v1/session", { "Content-Type": "application/json", "CF-Connecting-IP": "203.0.113.11" }, "POST", { token: randomToken() })).status);
    expect(signIns).toEqual([401, 401, 401, 429]);
    // A malformed sign-in is not an authentication failure.
    expect((await call(on, "/v1/session", { "Content-Type": "application/json", "CF-Connecting-IP": "203.0.113.11" }, "POST", { token: 5 })).status).toBe(422);
  });

  it("writes nothing for a request that names no live cluster and no existing token", async () => {
    const before = (await env.DB.prepare("SELECT count(*) AS n FROM audit_events WHERE tenant_id IS NULL").first<{ n: number }>())!.n;
    const off = { ...(env as unknown as Env), AUTH_FAILURE_RATE_LIMITING: "off" };
    for (let i = 0; i < 10; i++) {
      expect((await call(off, `/clusters/c${crypto.randomUUID().slice(0, 8)}/api`, { Authorization: `Bearer ${randomToken()}` })).status).toBe(401);
      expect((await call(off, "/v1/clusters", { Authorization: `Bearer ${randomToken()}` })).status).toBe(401);
    }
    await new Promise((r) => setTimeout(r, 200));
    expect((await env.DB.prepare("SELECT count(*) AS n FROM audit_events WHERE tenant_id IS NULL").first<{ n: number }>())!.n).toBe(before);
  });

  it("counts an expired token's denials for its tenant, per source and cluster, and /v1/audit shows the count and source", async () => {
    const tenant = await seedTenant();
    const owner = await seedToken(tenant);
    const expired = await seedToken(tenant, { expiresAt: Date.now() - 1000 });
    const off = { ...(env as unknown as Env), AUTH_FAILURE_RATE_LIMITING: "off" };
    for (let i = 0; i < 7; i++) expect((await call(off, "/v1/clusters", { Authorization: `Bearer ${expired}`, "CF-Connecting-IP": "198.51.100.20" })).status).toBe(401);
    for (let i = 0; i < 3; i++) expect((await call(off, "/v1/tokens", { Authorization: `Bearer ${expired}`, "CF-Connecting-IP": "198.51.100.21" })).status).toBe(401);
    await eventually(async () => {
      const rows = await edgeRows(tenant);
      expect(rows.map((r) => [r.source_ip, r.count]).sort()).toEqual([
        ["198.51.100.20", 7],
        ["198.51.100.21", 3],
      ]);
    });
    const ctx = createExecutionContext();
    const view = (await (await worker.fetch(new Request(`${ORIGIN}/v1/audit?user=system:anonymous`, { headers: { Authorization: `Bearer ${owner}` } }), env as unknown as Env, ctx)).json()) as {
      items: { count: number; sourceIPs: string[]; code: number; user: string; userAgent: string | null }[];
    };
    await waitOnExecutionContext(ctx);
    expect(view.items.map((i) => [i.sourceIPs, i.count]).sort()).toEqual([
      [["198.51.100.20"], 7],
      [["198.51.100.21"], 3],
    ]);
    expect(view.items.every((i) => i.code === 401 && i.user === "system:anonymous" && i.userAgent === null)).toBe(true);
  });
});
