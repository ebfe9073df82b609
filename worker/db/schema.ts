// D1: what spans clusters or must outlive one. Tenancy grows here (issue: tenancy and security).
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

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
  },
  (t) => [uniqueIndex("clusters_tenant_name").on(t.tenantId, t.name)],
);
