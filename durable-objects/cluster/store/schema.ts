// The cluster's etcd: one log table in the DO's SQLite, modelled on kine.
// Every write appends a row whose id is the new global revision. The current value of a key
// is its newest row; a row with deleted=1 is a tombstone. Compaction deletes superseded rows.
import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const kv = sqliteTable(
  "kv",
  {
    /** The revision at which this row was written (etcd mod_revision). */
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    /** 1 when this row created the key (ADDED), else 0. */
    created: integer("created").notNull(),
    /** 1 when this row is a tombstone (DELETED); value then holds the last state. */
    deleted: integer("deleted").notNull(),
    createRevision: integer("create_revision").notNull(),
    /** mod_revision of the row this one superseded (0 for a create). */
    prevRevision: integer("prev_revision").notNull(),
    /** etcd's per-key version: 1 on create, +1 per update. */
    version: integer("version").notNull(),
    value: text("value").notNull(),
    /** Cluster-clock time of the write (ms), used to pick the compaction point. */
    ts: integer("ts").notNull(),
  },
  (t) => [uniqueIndex("kv_name_id").on(t.name, t.id), index("kv_ts").on(t.ts)],
);

/** Small integer settings of the store: current revision, compaction point, clock offset. */
export const meta = sqliteTable("meta", {
  key: text("key").primaryKey(),
  value: integer("value").notNull().default(sql`0`),
});

/** Delayed work, multiplexed on the DO's single alarm. */
export const timers = sqliteTable(
  "timers",
  {
    name: text("name").primaryKey(),
    dueAt: integer("due_at").notNull(),
    payload: text("payload").notNull().default("{}"),
  },
  (t) => [index("timers_due").on(t.dueAt)],
);

/**
 * Changes bound for D1 (audit events, namespace and RBAC mirrors), written in the same SQLite
 * transaction as what they record and deleted once D1 has them.
 */
export const outbox = sqliteTable("outbox", {
  seq: integer("seq").primaryKey({ autoIncrement: true }),
  /** "audit" | "object" */
  kind: text("kind").notNull(),
  payload: text("payload").notNull(),
  createdAt: integer("created_at").notNull(),
});
