// Bearer token → identity, from D1. Lookups are cached per isolate for a few seconds, so a burst of
// kubectl requests costs one D1 query; revocation takes effect within that window.
import { and, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { Identity } from "../../durable-objects/cluster/identity";
import { apiTokens, clusters } from "../db/schema";
import { hashToken } from "./tokens";

const CACHE_TTL_MS = 5_000;
const CACHE_MAX = 10_000;

class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();
  get(key: string): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.until < Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return e.value;
  }
  set(key: string, value: V): void {
    if (this.entries.size >= CACHE_MAX) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, until: Date.now() + CACHE_TTL_MS });
  }
}

const identities = new TtlCache<Identity | null>();
const clusterOwners = new TtlCache<string | null>();

export function bearerToken(header: string | null | undefined): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return m ? m[1]! : null;
}

/** The identity a token authenticates as, or null for an unknown, expired or revoked token. */
export async function authenticate(db: D1Database, secret: string): Promise<Identity | null> {
  const hash = await hashToken(secret);
  const cached = identities.get(hash);
  if (cached !== undefined) return cached;
  const row = await drizzle(db).select().from(apiTokens).where(eq(apiTokens.hash, hash)).get();
  const now = Date.now();
  const identity =
    row && !row.revokedAt && (!row.expiresAt || row.expiresAt > now)
      ? { username: row.userName, uid: row.id, groups: ["system:authenticated"], tenant: row.tenantId }
      : null;
  identities.set(hash, identity);
  return identity;
}

/** Tenant API tokens carry the "kdo_" prefix; anything else may be a cluster's service account token. */
export const isTenantToken = (secret: string) => secret.startsWith("kdo_");

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
