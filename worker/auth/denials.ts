// Requests the edge turns away with 401 (no, bad, expired or revoked credentials) before they reach a
// cluster: rate limited per client address and cluster (./failure-rate.ts), and audited for the
// tenant they concern as "system:anonymous", written after the response (waitUntil).
//
// The audit rows are counted, so that what one source can write is bounded: one row per source (its
// IPv4 address, or its IPv6 /64), tenant, cluster and hour (DENIAL_WINDOW_MS), whose count grows with
// each denial; the verb, path and request id are the first denial's (the path cut to
// MAX_RESOURCE_CHARS), and no user agent is kept (a client chooses it freely). The tenant is the token's (also for an expired or revoked
// token), else the owner of the cluster in the URL; the cluster is named only when it is live and
// belongs to that tenant. A denial that concerns no tenant (an unknown token on no live cluster) is
// written nowhere: no tenant could read it.
import type { Context } from "hono";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { createMiddleware } from "hono/factory";
import { auditEvents } from "../db/schema";
import type { Env } from "../env";
import { clientNetwork } from "../http/client-address";
import { statusJson } from "../status";
import { activeCluster, isTenantToken, looksLikeJwt, lookupToken } from "./authenticate";
import { countFailure, knownOverLimit } from "./failure-rate";
import { requestCredential } from "./request-token";
import { hashToken } from "./tokens";

const VERBS: Record<string, string> = { GET: "get", HEAD: "get", POST: "create", PUT: "update", PATCH: "patch", DELETE: "delete" };
/** One counted row per source, tenant, cluster and this long. */
export const DENIAL_WINDOW_MS = 3_600_000;
const MAX_RESOURCE_CHARS = 256;
const MAX_REQUEST_ID_CHARS = 64;

export const unauthorized = () => statusJson(401, "Unauthorized", "Unauthorized");

export interface Denial {
  /** The token's tenant, when the token exists. */
  tenant: string | null;
  /** The cluster id the request named (URL), if any. */
  clusterParam: string | null;
}

async function clusterOwner(db: D1Database, clusterId: string): Promise<string | null> {
  const row = await db.prepare("SELECT tenant_id FROM clusters WHERE id = ? AND status = 'active'").bind(clusterId).first<{ tenant_id: string }>();
  return row?.tenant_id ?? null;
}

export async function writeDenial(db: D1Database, request: Request, denial: Denial, code = 401, now = Date.now()): Promise<void> {
  const owner = denial.clusterParam ? await clusterOwner(db, denial.clusterParam) : null;
  const tenant = denial.tenant ?? owner;
  if (tenant === null) return;
  const cluster = owner !== null && owner === tenant ? denial.clusterParam : null;
  const network = clientNetwork(request);
  const source = network === "unknown" ? null : network;
  const windowStart = now - (now % DENIAL_WINDOW_MS);
  const key = await hashToken([tenant, cluster ?? "", source ?? "", code].join("\n"));
  await drizzle(db)
    .insert(auditEvents)
    .values({
      id: `edge:${windowStart}:${key.slice(0, 32)}`,
      time: now,
      tenantId: tenant,
      clusterId: cluster,
      user: "system:anonymous",
      groups: JSON.stringify(["system:unauthenticated"]),
      verb: VERBS[request.method] ?? "unknown",
      resource: new URL(request.url).pathname.slice(0, MAX_RESOURCE_CHARS),
      code,
      requestId: request.headers.get("cf-ray")?.slice(0, MAX_REQUEST_ID_CHARS) ?? null,
      userAgent: null,
      count: 1,
      sourceIp: source,
    })
    .onConflictDoUpdate({ target: auditEvents.id, set: { count: sql`${auditEvents.count} + 1` } })
    .run();
}

/** Runs `work` after the response (waitUntil), logging a failure instead of surfacing it. */
function inBackground<E extends { Bindings: Env }>(c: Context<E>, work: () => Promise<void>): void {
  const p = work().catch((err) => console.error("edge audit write failed", err));
  try {
    c.executionCtx.waitUntil(p);
  } catch {
    // No execution context (a direct app.fetch in tests): the write simply runs on.
  }
}

/** Records the denial without delaying the response. */
function auditDenial<E extends { Bindings: Env }>(c: Context<E>, denial: Denial): void {
  inBackground(c, () => writeDenial(c.env.DB, c.req.raw, denial));
}

/** The answer to a request that did not authenticate: 401, audited; 429 once its source has failed too often. */
export async function refuseUnauthenticated<E extends { Bindings: Env }>(c: Context<E>, denial: Denial): Promise<Response> {
  const limited = await countFailure(c.env, c.req.raw, denial.clusterParam);
  if (limited) return limited;
  auditDenial(c, denial);
  return unauthorized();
}

/**
 * /clusters/:cluster/*: limits and audits the 401s there. A 401 for a service account token on a
 * live cluster is the cluster's own answer (it audits that itself) but counts against the source
 * all the same; once this isolate knows a source is over its limit, its requests that are not a
 * tenant's token are answered 429 without asking the cluster.
 */
export const auditClusterDenials = createMiddleware<{ Bindings: Env }>(async (c, next) => {
  const clusterParam = c.req.param("cluster") ?? null;
  const token = (await requestCredential(c))?.secret ?? null;
  if (!token || !isTenantToken(token)) {
    const known = await knownOverLimit(c.env, c.req.raw, clusterParam);
    if (known) return known;
  }
  await next();
  if (c.res.status !== 401) return;
  const limited = await countFailure(c.env, c.req.raw, clusterParam);
  if (limited) {
    c.res = limited;
    return;
  }
  inBackground(c, async () => {
    let tenant: string | null = null;
    if (token && isTenantToken(token)) tenant = (await lookupToken(c.env.DB, token)).tenant;
    else if (token && looksLikeJwt(token) && clusterParam && (await activeCluster(c.env.DB, clusterParam))) return;
    await writeDenial(c.env.DB, c.req.raw, { tenant, clusterParam });
  });
});
