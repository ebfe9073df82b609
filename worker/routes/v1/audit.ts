// /v1/audit — the tenant's audit log (the clusters' own rows and the edge's denials), newest first,
// filtered, in pages with an opaque continue token.
import { and, desc, eq, gte, lt, or, type SQL } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { z } from "zod";
import { requireTenant, type V1Env } from "../../auth/middleware";
import { auditEvents } from "../../db/schema";
import { queryParams } from "./validation";

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

interface Cursor {
  /** time and id of the last row of the previous page */
  t: number;
  i: string;
}

const encodeCursor = (c: Cursor) => btoa(JSON.stringify(c)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

function decodeCursor(token: string): Cursor | null {
  try {
    const v = JSON.parse(atob(token.replace(/-/g, "+").replace(/_/g, "/"))) as Partial<Cursor>;
    return typeof v.t === "number" && typeof v.i === "string" ? { t: v.t, i: v.i } : null;
  } catch {
    return null;
  }
}

const querySchema = z.strictObject({
  cluster: z.string().min(1).optional(),
  user: z.string().min(1).optional(),
  verb: z.string().min(1).optional(),
  resource: z.string().min(1).optional(),
  since: z
    .string()
    .transform((s, ctx) => {
      const ms = /^\d+$/.test(s) ? Number(s) : Date.parse(s);
      if (Number.isNaN(ms)) {
        ctx.addIssue({ code: "custom", message: "must be an RFC 3339 time (2026-01-02T15:04:05Z) or milliseconds since the epoch" });
        return z.NEVER;
      }
      return ms;
    })
    .optional(),
  limit: z.coerce
    .number({ error: "must be a number" })
    .int({ error: "must be a whole number" })
    .min(1, { error: "must be at least 1" })
    .max(MAX_LIMIT, { error: `must be at most ${MAX_LIMIT}` })
    .default(DEFAULT_LIMIT),
  continue: z
    .string()
    .transform((s, ctx) => {
      const cursor = decodeCursor(s);
      if (!cursor) {
        ctx.addIssue({ code: "custom", message: "is not a continue token this API issued" });
        return z.NEVER;
      }
      return cursor;
    })
    .optional(),
});

const parseGroups = (text: string): string[] => {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.filter((g): g is string => typeof g === "string") : [];
  } catch {
    return [];
  }
};

export const auditRoutes = new Hono<V1Env>().use(requireTenant).get("/", async (c) => {
  const q = queryParams(c, querySchema);
  if (q instanceof Response) return q;
  const conditions: (SQL | undefined)[] = [eq(auditEvents.tenantId, c.get("identity").tenant)];
  if (q.cluster) conditions.push(eq(auditEvents.clusterId, q.cluster));
  if (q.user) conditions.push(eq(auditEvents.user, q.user));
  if (q.verb) conditions.push(eq(auditEvents.verb, q.verb));
  if (q.resource) conditions.push(eq(auditEvents.resource, q.resource));
  if (q.since !== undefined) conditions.push(gte(auditEvents.time, q.since));
  if (q.continue) {
    const { t, i } = q.continue;
    conditions.push(or(lt(auditEvents.time, t), and(eq(auditEvents.time, t), lt(auditEvents.id, i))));
  }
  const rows = await drizzle(c.env.DB)
    .select()
    .from(auditEvents)
    .where(and(...conditions))
    .orderBy(desc(auditEvents.time), desc(auditEvents.id))
    .limit(q.limit + 1)
    .all();
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  const more = rows.length > q.limit && last !== undefined;
  return c.json({
    items: page.map((r) => ({
      time: new Date(r.time).toISOString(),
      cluster: r.clusterId,
      user: r.user,
      groups: parseGroups(r.groups),
      impersonatedUser: r.impersonatedUser,
      verb: r.verb,
      resource: r.resource,
      subresource: r.subresource,
      apiGroup: r.apiGroup,
      namespace: r.namespace,
      name: r.name,
      code: r.code,
      latencyMs: r.latencyMs,
      requestId: r.requestId,
      userAgent: r.userAgent,
      /** Requests the row stands for (the edge counts its denials per source, cluster and hour). */
      count: r.count,
      sourceIPs: r.sourceIp ? [r.sourceIp] : [],
    })),
    continue: more ? encodeCursor({ t: last.time, i: last.id }) : null,
  });
});
