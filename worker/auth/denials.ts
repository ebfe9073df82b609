// Audit rows for requests the edge turns away with 401 (bad, expired or revoked tokens) before they
// reach a cluster. Written after the response (waitUntil), as "system:anonymous". The tenant is the
// token's (also for an expired or revoked token), else the owner of the cluster in the URL; the
// cluster is named only when it is live and belongs to that tenant.
import type { Context } from "hono";
import type { Env } from "../env";
import { auditEvents } from "../db/schema";
import { drizzle } from "drizzle-orm/d1";
import { createMiddleware } from "hono/factory";
import { activeCluster, isTenantToken, lookupToken } from "./authenticate";
import { requestToken } from "./request-token";

const VERBS: Record<string, string> = { GET: "get", HEAD: "get", POST: "create", PUT: "update", PATCH: "patch", DELETE: "delete" };

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

export async function writeDenial(db: D1Database, request: Request, denial: Denial, code = 401): Promise<void> {
  const owner = denial.clusterParam ? await clusterOwner(db, denial.clusterParam) : null;
  const tenant = denial.tenant ?? owner;
  const cluster = owner !== null && owner === tenant ? denial.clusterParam : null;
  const url = new URL(request.url);
  await drizzle(db)
    .insert(auditEvents)
    .values({
      id: `edge:${crypto.randomUUID()}`,
      time: Date.now(),
      tenantId: tenant,
      clusterId: cluster,
      user: "system:anonymous",
      groups: JSON.stringify(["system:unauthenticated"]),
      verb: VERBS[request.method] ?? request.method.toLowerCase(),
      resource: url.pathname,
      code,
      requestId: request.headers.get("cf-ray"),
      userAgent: request.headers.get("user-agent"),
    })
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
export function auditDenial<E extends { Bindings: Env }>(c: Context<E>, denial: Denial): void {
  inBackground(c, () => writeDenial(c.env.DB, c.req.raw, denial));
}

/**
 * /clusters/:cluster/*: audits the edge's 401s. A 401 for a service account token on a live cluster
 * is the cluster's own answer (it audits that itself); every other 401 there comes from the edge.
 */
export const auditClusterDenials = createMiddleware<{ Bindings: Env }>(async (c, next) => {
  await next();
  if (c.res.status !== 401) return;
  const token = requestToken(c);
  const clusterParam = c.req.param("cluster") ?? null;
  inBackground(c, async () => {
    let tenant: string | null = null;
    if (token && isTenantToken(token)) tenant = (await lookupToken(c.env.DB, token)).tenant;
    else if (token && clusterParam && (await activeCluster(c.env.DB, clusterParam))) return;
    await writeDenial(c.env.DB, c.req.raw, { tenant, clusterParam });
  });
});
