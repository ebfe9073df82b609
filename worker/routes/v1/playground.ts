// /v1/playground — an anonymous sandbox without signing up: POST makes a playground tenant, a token
// and a cluster that expire after PLAYGROUND_TTL_SECONDS, and a browser session for them (the cookie
// holds the session's id, never the token); GET with the cookie (or the token) returns the same
// playground, so a page refresh finds its cluster again. Neither answer carries the token: the
// kubeconfig (GET /v1/clusters/<id>/kubeconfig) and "show my token" (POST /v1/session/token) are the
// explicit ways to it. Creation is refused to other sites' pages and rate limited per client address
// (PLAYGROUND_RATE_LIMIT per hour).
import { Hono } from "hono";
import { isTenantToken, lookupToken } from "../../auth/authenticate";
import { refuseUnauthenticated } from "../../auth/denials";
import { unauthorized, type V1Env } from "../../auth/middleware";
import { requestCredential, sameOrigin } from "../../auth/request-token";
import type { Env } from "../../env";
import { clientNetwork } from "../../http/client-address";
import { parseLimit } from "../../limits";
import { statusJson } from "../../status";
import { insertCluster } from "./clusters";
import { hit } from "./rate-limit";
import { startSession } from "./session";
import { insertToken } from "./tokens";
import { newId, type ClusterRow } from "./views";

const PLAYGROUND_CLUSTER = "playground";
const DEFAULT_TTL_SECONDS = 86_400;
const HOUR_MS = 3_600_000;
/** Playground creations per address and hour when PLAYGROUND_RATE_LIMIT is unset (wrangler.toml sets it). */
const DEFAULT_RATE_LIMIT = 5;

function ttlSeconds(env: Env): number {
  const raw = env.PLAYGROUND_TTL_SECONDS;
  if (raw === undefined || raw.trim() === "") return DEFAULT_TTL_SECONDS;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`PLAYGROUND_TTL_SECONDS must be a positive integer, got ${JSON.stringify(raw)}`);
  return n;
}

const view = (tenant: string, cluster: ClusterRow) => ({
  tenant: { id: tenant },
  cluster: { id: cluster.id, name: cluster.name, expiresAt: new Date(cluster.expiresAt ?? 0).toISOString() },
});

export const playgroundRoutes = new Hono<V1Env>()
  .post("/", async (c) => {
    // Another site's page must not sign a visitor out of their session and into a new playground.
    if (!sameOrigin(c.req.raw)) return statusJson(403, "Forbidden", "a playground is created only from this site's own pages");
    const limit = parseLimit("PLAYGROUND_RATE_LIMIT", c.env.PLAYGROUND_RATE_LIMIT, DEFAULT_RATE_LIMIT);
    const verdict = await hit(c.env.DB, `playground:${clientNetwork(c.req.raw)}`, limit, HOUR_MS);
    if (!verdict.ok) {
      const res = statusJson(429, "TooManyRequests", `Too many playground clusters from this address: at most ${limit} per hour; try again in ${verdict.retryAfterSeconds}s`, {
        retryAfterSeconds: verdict.retryAfterSeconds,
      });
      res.headers.set("Retry-After", String(verdict.retryAfterSeconds));
      return res;
    }
    const now = Date.now();
    const expiresAt = now + ttlSeconds(c.env) * 1000;
    const tenant = newId("p");
    await c.env.DB.prepare("INSERT INTO tenants (id, name, kind, created_at) VALUES (?, ?, 'playground', ?)").bind(tenant, `Playground ${tenant}`, now).run();
    const { secret } = await insertToken(c.env.DB, { tenant, name: "playground session", userName: `playground-${tenant.slice(1)}`, expiresAt, now });
    const cluster = await insertCluster(c.env.DB, { id: newId("c"), name: PLAYGROUND_CLUSTER, createdAt: now, expiresAt, profile: "fast" }, tenant);
    if (!cluster) throw new Error(`new playground tenant ${tenant} already has a cluster`);
    await startSession(c, { kind: "tenant", credential: secret, tenant, expiresAt });
    return c.json(view(tenant, cluster), 201);
  })
  .get("/", async (c) => {
    const token = (await requestCredential(c))?.secret;
    if (!token) return unauthorized();
    const found = isTenantToken(token) ? await lookupToken(c.env.DB, token) : null;
    if (!found?.identity) return refuseUnauthenticated(c, { tenant: found?.tenant ?? null, clusterParam: null });
    const cluster = await c.env.DB.prepare(
      "SELECT c.id, c.name, c.created_at AS createdAt, c.expires_at AS expiresAt, c.profile, c.status FROM clusters c JOIN tenants t ON t.id = c.tenant_id WHERE c.tenant_id = ? AND t.kind = 'playground' AND c.name = ? AND c.status = 'active'",
    )
      .bind(found.identity.tenant, PLAYGROUND_CLUSTER)
      .first<ClusterRow>();
    if (!cluster) return statusJson(404, "NotFound", "no playground cluster for this session (it may have expired): POST /v1/playground starts a new one");
    return c.json(view(found.identity.tenant, cluster));
  });
