// /v1/tokens — the tenant's API tokens. A new token's secret is shown once (only its SHA-256 hash is
// stored); revoking one takes effect at once in this isolate (see worker/auth/authenticate.ts).
import { Hono } from "hono";
import { z } from "zod";
import { forgetToken } from "../../auth/authenticate";
import { requireTenant, type V1Env } from "../../auth/middleware";
import { hashToken, newTokenSecret } from "../../auth/tokens";
import { statusJson } from "../../status";
import { jsonBody } from "./validation";
import { newId } from "./views";

const MAX_EXPIRY_SECONDS = 366 * 24 * 3600;

const createSchema = z.strictObject({
  name: z
    .string({ error: "must be a string" })
    .trim()
    .min(1, { error: "must not be empty" })
    .max(100, { error: "must be no more than 100 characters" }),
  expiresInSeconds: z
    .int({ error: "must be a whole number of seconds" })
    .min(60, { error: "must be at least 60" })
    .max(MAX_EXPIRY_SECONDS, { error: `must be at most ${MAX_EXPIRY_SECONDS} (366 days)` })
    .optional(),
});

interface TokenRow {
  id: string;
  name: string;
  userName: string;
  createdAt: number;
  expiresAt: number | null;
  revokedAt: number | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const view = (r: TokenRow, callerTokenId: string) => ({
  id: r.id,
  name: r.name,
  user: r.userName,
  createdAt: iso(r.createdAt),
  expiresAt: iso(r.expiresAt),
  ...(r.revokedAt !== null ? { revokedAt: iso(r.revokedAt) } : {}),
  /** The token this request authenticated with. */
  current: r.id === callerTokenId,
});

const COLUMNS = "id, name, user_name AS userName, created_at AS createdAt, expires_at AS expiresAt, revoked_at AS revokedAt";

/** Inserts a token for the tenant and returns its row and secret. */
export async function insertToken(
  db: D1Database,
  opts: { tenant: string; name: string; userName: string; expiresAt: number | null; now?: number },
): Promise<{ row: TokenRow; secret: string }> {
  const secret = newTokenSecret();
  const row: TokenRow = { id: newId("t"), name: opts.name, userName: opts.userName, createdAt: opts.now ?? Date.now(), expiresAt: opts.expiresAt, revokedAt: null };
  await db
    .prepare("INSERT INTO api_tokens (id, tenant_id, name, user_name, hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
    .bind(row.id, opts.tenant, row.name, row.userName, await hashToken(secret), row.createdAt, row.expiresAt)
    .run();
  return { row, secret };
}

export const tokenRoutes = new Hono<V1Env>()
  .use(requireTenant)
  .post("/", async (c) => {
    const body = await jsonBody(c, createSchema, "Token");
    if (body instanceof Response) return body;
    const identity = c.get("identity");
    const now = Date.now();
    const expiresAt = body.expiresInSeconds === undefined ? null : now + body.expiresInSeconds * 1000;
    // A new token acts as the same Kubernetes user as the token that made it.
    const { row, secret } = await insertToken(c.env.DB, { tenant: identity.tenant, name: body.name, userName: identity.username, expiresAt, now });
    return c.json({ id: row.id, name: row.name, token: secret, createdAt: iso(row.createdAt), expiresAt: iso(row.expiresAt) }, 201);
  })
  .get("/", async (c) => {
    const identity = c.get("identity");
    const { results } = await c.env.DB.prepare(`SELECT ${COLUMNS} FROM api_tokens WHERE tenant_id = ? AND revoked_at IS NULL ORDER BY created_at, id`)
      .bind(identity.tenant)
      .all<TokenRow>();
    return c.json({ items: results.map((r) => view(r, identity.uid ?? "")) });
  })
  .delete("/:id", async (c) => {
    const identity = c.get("identity");
    const id = c.req.param("id");
    const row = await c.env.DB.prepare(`UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND tenant_id = ? AND revoked_at IS NULL RETURNING ${COLUMNS}`)
      .bind(Date.now(), id, identity.tenant)
      .first<TokenRow>();
    if (!row) return statusJson(404, "NotFound", `tokens "${id}" not found`, { name: id, kind: "tokens" });
    forgetToken(row.id);
    return c.json(view(row, identity.uid ?? ""));
  });
