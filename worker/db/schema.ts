// D1: what spans clusters or must outlive one. Tenancy grows here (issue: tenancy and security).
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const tenants = sqliteTable("tenants", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  /** "user" | "playground" | "dev" */
  kind: text("kind").notNull(),
  createdAt: integer("created_at").notNull(),
});

export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull().references(() => tenants.id),
    name: text("name").notNull(),
    /** The Kubernetes user name this token authenticates as. */
    userName: text("user_name").notNull(),
    /** SHA-256 of the secret, hex. The secret itself is never stored. */
    hash: text("hash").notNull(),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at"),
    revokedAt: integer("revoked_at"),
  },
  (t) => [uniqueIndex("api_tokens_hash").on(t.hash), index("api_tokens_tenant").on(t.tenantId)],
);

export const clusters = sqliteTable(
  "clusters",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull().references(() => tenants.id),
    name: text("name").notNull(),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at"),
    /** Kubelet timing profile: instant | fast | realistic. */
    profile: text("profile").notNull().default("fast"),
    /** active | deleted */
    status: text("status").notNull().default("active"),
    /** When the cluster was deleted (by its owner or on expiry); null while active. */
    deletedAt: integer("deleted_at"),
  },
  (t) => [
    // Names are unique among a tenant's live clusters only: a deleted cluster's name can be reused.
    uniqueIndex("clusters_tenant_name_active").on(t.tenantId, t.name).where(sql`status = 'active'`),
    index("clusters_status_expires").on(t.status, t.expiresAt),
  ],
);

/**
 * Audit log: every mutating request and every denied one (401/403), per cluster. Cluster rows come
 * from the cluster's outbox (id = "<cluster>:<outbox seq>", so a retried flush is an idempotent
 * upsert); the edge counts its own denials, one row per source, tenant, cluster and hour
 * (id = "edge:<window start>:<hash>", see worker/auth/denials.ts).
 */
export const auditEvents = sqliteTable(
  "audit_events",
  {
    id: text("id").primaryKey(),
    /** ms since the epoch (cluster clock for cluster rows). */
    time: integer("time").notNull(),
    tenantId: text("tenant_id"),
    clusterId: text("cluster_id"),
    user: text("user").notNull(),
    /** JSON array of group names. */
    groups: text("groups").notNull().default("[]"),
    impersonatedUser: text("impersonated_user"),
    verb: text("verb").notNull(),
    /** "pods", "deployments", or a non-resource path. */
    resource: text("resource").notNull(),
    subresource: text("subresource"),
    apiGroup: text("api_group"),
    namespace: text("namespace"),
    name: text("name"),
    code: integer("code").notNull(),
    latencyMs: integer("latency_ms"),
    requestId: text("request_id"),
    userAgent: text("user_agent"),
    /** How many requests this row stands for: 1, or more for the edge's counted denial rows. */
    count: integer("count").notNull().default(1),
    /** Where an edge denial came from (CF-Connecting-IP; an IPv6 client's /64), as kube's audit sourceIPs. */
    sourceIp: text("source_ip"),
  },
  (t) => [index("audit_tenant_time").on(t.tenantId, t.time), index("audit_cluster_time").on(t.clusterId, t.time)],
);

/**
 * Namespaces and RBAC objects of every cluster, mirrored from the clusters' outboxes (newest
 * resourceVersion wins; deleted objects stay as tombstones with deleted = 1).
 */
export const clusterObjects = sqliteTable(
  "cluster_objects",
  {
    clusterId: text("cluster_id").notNull(),
    /** Namespace, Role, ClusterRole, RoleBinding, ClusterRoleBinding. */
    kind: text("kind").notNull(),
    /** "" for cluster-scoped objects. */
    namespace: text("namespace").notNull().default(""),
    name: text("name").notNull(),
    uid: text("uid").notNull(),
    resourceVersion: integer("resource_version").notNull(),
    /** The object as JSON (the last state for a deleted one). */
    body: text("body").notNull(),
    deleted: integer("deleted").notNull().default(0),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.clusterId, t.kind, t.namespace, t.name] })],
);

/**
 * Fixed-window counters for rate limits (playground creation per client address and hour).
 * Old windows are removed by the scheduled handler.
 */
export const rateLimits = sqliteTable(
  "rate_limits",
  {
    /** What is limited and for whom, e.g. "playground:<sha-256 of the client address>". */
    key: text("key").notNull(),
    /** Start of the window, ms since the epoch. */
    windowStart: integer("window_start").notNull(),
    count: integer("count").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] })],
);

/**
 * Browser sessions (the console's HttpOnly cookie holds only a session secret, "kds_…"). Stored
 * hashed like tokens; the credential behind the session (a tenant token, or a ServiceAccount token
 * of one cluster) is sealed with a key derived from the session secret, so D1 alone reveals neither.
 * Expired and revoked rows are removed by the scheduled handler.
 */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    /** SHA-256 of the session secret, hex. */
    hash: text("hash").notNull(),
    /** "tenant" | "serviceaccount" */
    kind: text("kind").notNull(),
    /** The tenant of a tenant session. */
    tenantId: text("tenant_id"),
    /** The cluster of a ServiceAccount session. */
    clusterId: text("cluster_id"),
    /** The credential, AES-GCM sealed under a key derived from the session secret (base64url). */
    credential: text("credential").notNull(),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    revokedAt: integer("revoked_at"),
  },
  (t) => [uniqueIndex("sessions_hash").on(t.hash), index("sessions_expires").on(t.expiresAt)],
);
