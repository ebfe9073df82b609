// The per-token rate limit at the edge: with limiting on, a token over its limit gets 429 with
// Retry-After on the Kubernetes API and on /v1, other tokens are unaffected; with it off, nothing
// is counted. The limiter itself is Cloudflare's binding, stood in for here by a counting fake.
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { app } from "../app";
import type { Env } from "../env";
import { newCluster, ORIGIN, fakeRateLimiter } from "../test-helpers";
import { rateKey } from "./token-rate";

const limiter = fakeRateLimiter;

async function call(e: Env, path: string, token: string): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(`${ORIGIN}${path}`, { headers: { Authorization: `Bearer ${token}` } }), e, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

describe("per-token request rate", () => {
  it("answers 429 with Retry-After past the limit, per token, on the Kubernetes API and on /v1", async () => {
    const a = await newCluster();
    const b = await newCluster();
    const fake = limiter(3);
    const on = { ...(env as unknown as Env), TOKEN_RATE_LIMITING: "on", TOKEN_RATE_LIMITER: fake.binding };
    for (let i = 0; i < 3; i++) expect((await call(on, `/clusters/${a.clusterId}/api/v1/namespaces/default`, a.token)).status).toBe(200);
    const limited = await call(on, `/clusters/${a.clusterId}/api/v1/namespaces/default`, a.token);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("Retry-After")).toBe("60");
    expect(await limited.json()).toMatchObject({ kind: "Status", status: "Failure", reason: "TooManyRequests", code: 429, details: { retryAfterSeconds: 60 } });
    expect((await call(on, "/v1/clusters", a.token)).status).toBe(429);
    // Another tenant's token has its own budget.
    expect((await call(on, `/clusters/${b.clusterId}/api/v1/namespaces/default`, b.token)).status).toBe(200);
    // Keys are hashes, never the secret.
    expect([...fake.counts.keys()]).toEqual([await rateKey(a.token), await rateKey(b.token)]);
    expect([...fake.counts.keys()].join()).not.toContain("kdo_");
  });

  it("counts nothing when limiting is off", async () => {
    const a = await newCluster();
    const fake = limiter(0);
    const off = { ...(env as unknown as Env), TOKEN_RATE_LIMITING: "off", TOKEN_RATE_LIMITER: fake.binding };
    expect((await call(off, `/clusters/${a.clusterId}/api/v1/namespaces/default`, a.token)).status).toBe(200);
    expect(fake.counts.size).toBe(0);
  });
});
