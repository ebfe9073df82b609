// Bearer token → identity, from D1. Lookups are cached per isolate for a few seconds, so a burst of
// kubectl requests costs one D1 query. Revoking a token (DELETE /v1/tokens/:id) drops its entries
// from this isolate's cache at once; other isolates may still accept it for up to CACHE_TTL_MS. A
// cached identity is never served past its token's expiry. Unknown tokens are cached too (a secret
// that is invalid never becomes valid), which spares D1 from floods of bad tokens.
import { and, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { Identity } from "../../durable-objects/cluster/identity";
import { apiTokens, clusters } from "../db/schema";
import { hashToken } from "./tokens";
import { TtlCache } from "./ttl-cache";

const CACHE_TTL_MS = 5_000;
const CACHE_MAX = 10_000;

/** What a token secret resolves to: its identity if it is valid now, and its tenant if it exists at all. */
export interface TokenLookup {
  identity: Identity | null;
  /** The token's tenant, also for an expired or revoked token (the edge audits such denials there). */
  tenant: string | null;
  expiresAt: number | null;
}

const identities = new TtlCache<TokenLookup>(CACHE_TTL_MS, CACHE_MAX);
const clusterOwners = new TtlCache<string | null>(CACHE_TTL_MS, CACHE_MAX);

export function bearerToken(header: string | null | undefined): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return m ? m[1]! : null;
}

/** The identity a token authenticates as, or null for an unknown, expired or revoked token. */
export async function authenticate(db: D1Database, secret: string): Promise<Identity | null> {
  return (await lookupToken(db, secret)).identity;
}

/** Like `authenticate`, and also names the tenant of an expired or revoked token. */
export async function lookupToken(db: D1Database, secret: string): Promise<TokenLookup> {
  const hash = await hashToken(secret);
  const cached = identities.get(hash);
  if (cached !== undefined && (!cached.identity || cached.expiresAt === null || cached.expiresAt > Date.now())) return cached;
  const row = await drizzle(db).select().from(apiTokens).where(eq(apiTokens.hash, hash)).get();
  const now = Date.now();
  // A tenant owns its clusters: its tokens act as kube's superuser group (system:masters).
  const identity =
    row && !row.revokedAt && (!row.expiresAt || row.expiresAt > now)
      ? { username: row.userName, uid: row.id, groups: ["system:masters", "system:authenticated"], tenant: row.tenantId }
      : null;
  const lookup: TokenLookup = { identity, tenant: row?.tenantId ?? null, expiresAt: row?.expiresAt ?? null };
  identities.set(hash, lookup);
  return lookup;
}

/** A token was revoked: this isolate stops accepting it at once. */
export function forgetToken(tokenId: string): void {
  identities.deleteWhere((_, v) => v.identity?.uid === tokenId);
}

/** A cluster was deleted: this isolate stops routing to it at once. */
export function forgetCluster(clusterId: string): void {
  clusterOwners.deleteWhere((key) => key.endsWith(`/${clusterId}`));
}

/** Tenant API tokens carry the "kdo_" prefix; anything else may be a cluster's service account token. */
export const isTenantToken = (secret: string) => secret.startsWith("kdo_");

/** Could be a service account token (a JWT), which only the cluster that signed it can verify. */
export const looksLikeJwt = (token: string) => /^[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{20,}$/.test(token);

/** The registry id of a live cluster, whoever owns it (for tokens the cluster itself verifies). */
export async function activeCluster(db: D1Database, clusterId: string): Promise<string | null> {
  const cacheKey = `*/${clusterId}`;
  const cached = clusterOwners.get(cacheKey);
  if (cached !== undefined) return cached;
  const row = await drizzle(db)
    .select({ id: clusters.id })
    .from(clusters)
    .where(and(eq(clusters.id, clusterId), eq(clusters.status, "active")))
    .get();
  const id = row?.id ?? null;
  clusterOwners.set(cacheKey, id);
  return id;
}

/** The registry id of a live cluster the tenant owns, or null (someone else's cluster is "not found" too). */
export async function ownedCluster(db: D1Database, tenant: string, clusterId: string): Promise<string | null> {
  const cacheKey = `${tenant}/${clusterId}`;
  const cached = clusterOwners.get(cacheKey);
  if (cached !== undefined) return cached;
  const row = await drizzle(db)
    .select({ id: clusters.id })
    .from(clusters)
    .where(and(eq(clusters.id, clusterId), eq(clusters.tenantId, tenant), eq(clusters.status, "active")))
    .get();
  const id = row?.id ?? null;
  clusterOwners.set(cacheKey, id);
  return id;
}

/** The tenant's live cluster when it has exactly one (prefix-less Kubernetes paths), else null. */
export async function onlyCluster(db: D1Database, tenant: string): Promise<string | null> {
  const rows = await drizzle(db)
    .select({ id: clusters.id })
    .from(clusters)
    .where(and(eq(clusters.tenantId, tenant), eq(clusters.status, "active")))
    .limit(2)
    .all();
  return rows.length === 1 ? rows[0]!.id : null;
}
