// /v1/clusters — the caller's tenant's clusters: create, list, get, delete, reset, kubeconfig.
// Another tenant's cluster answers exactly like one that does not exist (404).
import { Hono } from "hono";
import { z } from "zod";
import type { TimingProfile } from "../../../durable-objects/cluster/settings";
import { requireTenant, type V1Env } from "../../auth/middleware";
import { statusJson } from "../../status";
import { applyTimingProfile, retireCluster, wipeCluster } from "./lifecycle";
import { jsonBody } from "./validation";
import { clusterNotFound, clusterServer, clusterView, kubeconfig, newId, type ClusterRow } from "./views";

const DEFAULT_PROFILE: TimingProfile = "fast";
const COLUMNS = "id, name, created_at AS createdAt, expires_at AS expiresAt, profile, status";

export const clusterNameSchema = z
  .string({ error: "must be a string" })
  .max(40, { error: "must be no more than 40 characters" })
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, {
    error: "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name', or '123-abc')",
  });

const createSchema = z.strictObject({
  name: clusterNameSchema,
  timingProfile: z.enum(["fast", "instant", "realistic"], { error: 'supported values: "fast", "instant", "realistic"' }).optional(),
});

/** A live cluster of the tenant, or null. */
export function ownedClusterRow(db: D1Database, tenant: string, id: string): Promise<ClusterRow | null> {
  return db.prepare(`SELECT ${COLUMNS} FROM clusters WHERE id = ? AND tenant_id = ? AND status = 'active'`).bind(id, tenant).first<ClusterRow>();
}

/** Inserts a live cluster; null if the tenant already has a live cluster of that name. */
export async function insertCluster(db: D1Database, row: Omit<ClusterRow, "status">, tenant: string): Promise<ClusterRow | null> {
  try {
    await db
      .prepare("INSERT INTO clusters (id, tenant_id, name, created_at, expires_at, profile, status) VALUES (?, ?, ?, ?, ?, ?, 'active')")
      .bind(row.id, tenant, row.name, row.createdAt, row.expiresAt, row.profile)
      .run();
  } catch (err) {
    if (err instanceof Error && /UNIQUE constraint failed/.test(err.message)) return null;
    throw err;
  }
  return { ...row, status: "active" };
}

const alreadyExists = (name: string) => statusJson(409, "AlreadyExists", `clusters "${name}" already exists`, { name, kind: "clusters" });

export const clusterRoutes = new Hono<V1Env>()
  .use(requireTenant)
  .post("/", async (c) => {
    const body = await jsonBody(c, createSchema, "Cluster");
    if (body instanceof Response) return body;
    const identity = c.get("identity");
    const tenant = await c.env.DB.prepare("SELECT kind FROM tenants WHERE id = ?").bind(identity.tenant).first<{ kind: string }>();
    if (tenant?.kind === "playground") {
      return statusJson(403, "Forbidden", "a playground session has exactly one cluster; reset it with POST /v1/clusters/<id>/reset instead");
    }
    const profile = body.timingProfile ?? DEFAULT_PROFILE;
    const row = await insertCluster(c.env.DB, { id: newId("c"), name: body.name, createdAt: Date.now(), expiresAt: null, profile }, identity.tenant);
    if (!row) return alreadyExists(body.name);
    if (profile !== DEFAULT_PROFILE) await applyTimingProfile(c.env, row.id, identity, profile, c.req.url);
    return c.json(clusterView(row, c.req.url), 201);
  })
  .get("/", async (c) => {
    const { results } = await c.env.DB.prepare(`SELECT ${COLUMNS} FROM clusters WHERE tenant_id = ? AND status = 'active' ORDER BY created_at, id`)
      .bind(c.get("identity").tenant)
      .all<ClusterRow>();
    return c.json({ items: results.map((r) => clusterView(r, c.req.url)) });
  })
  .get("/:id", async (c) => {
    const row = await ownedClusterRow(c.env.DB, c.get("identity").tenant, c.req.param("id"));
    return row ? c.json(clusterView(row, c.req.url)) : clusterNotFound(c.req.param("id"));
  })
  .delete("/:id", async (c) => {
    const row = await ownedClusterRow(c.env.DB, c.get("identity").tenant, c.req.param("id"));
    if (!row || !(await retireCluster(c.env, row.id))) return clusterNotFound(c.req.param("id"));
    return c.json(clusterView({ ...row, status: "deleted" }, c.req.url));
  })
  .post("/:id/reset", async (c) => {
    const identity = c.get("identity");
    const row = await ownedClusterRow(c.env.DB, identity.tenant, c.req.param("id"));
    if (!row) return clusterNotFound(c.req.param("id"));
    await wipeCluster(c.env, row.id);
    // The fresh cluster keeps the registry's timing profile.
    if (row.profile !== DEFAULT_PROFILE) await applyTimingProfile(c.env, row.id, identity, row.profile, c.req.url);
    return c.json(clusterView(row, c.req.url));
  })
  .get("/:id/kubeconfig", async (c) => {
    const row = await ownedClusterRow(c.env.DB, c.get("identity").tenant, c.req.param("id"));
    if (!row) return clusterNotFound(c.req.param("id"));
    const yaml = kubeconfig(c.env, { server: clusterServer(c.req.url, row.id), token: c.get("token"), clusterName: row.name });
    // A download when the console links to it (the token stays out of the page's script).
    return c.body(yaml, 200, { "Content-Type": "application/yaml", "Content-Disposition": `attachment; filename="kubedo-${row.id}.yaml"` });
  });
