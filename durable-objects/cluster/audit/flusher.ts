// Delivers the outbox to D1 in batches: audit events as INSERT OR IGNORE (their id makes a retried
// batch harmless) and object mirrors as upserts that never let an older resourceVersion overwrite a
// newer one. A failed batch stays in the outbox and is retried with exponential back-off (1 s
// doubling to 5 min) through the timers table; rows are deleted only after D1 accepted them.
import type { ClusterClock } from "../timers/clock";
import type { Timers } from "../timers/timers";
import type { ObjectChange } from "./mirror";
import { FLUSH_TIMER, type Outbox, type OutboxRow } from "./outbox";
import type { AuditEvent } from "./recorder";

const BATCH = 100;
const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 5 * 60_000;

export class OutboxFlusher {
  private failures = 0;
  /** Last failure, for tests and the clock/settings admin view. */
  lastError: string | null = null;

  constructor(
    private readonly outbox: Outbox,
    private readonly timers: Timers,
    private readonly clock: ClusterClock,
    /** The D1 database (swappable in tests to simulate an outage). */
    public db: () => D1Database | undefined,
    /** The registry id of this cluster, once known. */
    private readonly clusterId: () => string | undefined,
  ) {
    timers.on("outbox", () => this.flush());
  }

  async flush(): Promise<void> {
    const db = this.db();
    const cluster = this.clusterId();
    if (!db || !cluster) return this.retryLater("no database or cluster id yet");
    const rows = this.outbox.head(BATCH);
    if (rows.length === 0) return;
    try {
      await db.batch(rows.map((row) => statement(db, cluster, row)));
    } catch (err) {
      return this.retryLater(err instanceof Error ? err.message : String(err));
    }
    this.failures = 0;
    this.lastError = null;
    this.outbox.ack(rows[rows.length - 1]!.seq);
    if (this.outbox.size() > 0) this.timers.schedule(FLUSH_TIMER, this.clock.now());
  }

  private retryLater(why: string): void {
    const delay = Math.min(FIRST_RETRY_MS * 2 ** this.failures, MAX_RETRY_MS);
    this.failures++;
    this.lastError = why;
    console.warn(`outbox flush failed (${why}); retrying in ${delay} ms`);
    this.timers.schedule(FLUSH_TIMER, this.clock.now() + delay);
  }
}

function statement(db: D1Database, cluster: string, row: OutboxRow): D1PreparedStatement {
  const data = JSON.parse(row.payload) as AuditEvent | ObjectChange;
  if (row.kind === "audit") {
    const a = data as AuditEvent;
    return db
      .prepare(
        `INSERT OR IGNORE INTO audit_events (id, time, tenant_id, cluster_id, user, groups, impersonated_user, verb, resource, subresource, api_group, namespace, name, code, latency_ms, request_id, user_agent)
         VALUES (?1, ?2, (SELECT tenant_id FROM clusters WHERE id = ?3), ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)`,
      )
      .bind(`${cluster}:${a.id}`, a.time, cluster, a.user, JSON.stringify(a.groups), a.impersonatedUser, a.verb, a.resource, a.subresource, a.apiGroup, a.namespace, a.name, a.code, a.latencyMs, a.requestId, a.userAgent);
  }
  const o = data as ObjectChange;
  return db
    .prepare(
      `INSERT INTO cluster_objects (cluster_id, kind, namespace, name, uid, resource_version, body, deleted, updated_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
       ON CONFLICT (cluster_id, kind, namespace, name) DO UPDATE SET
         uid = excluded.uid, resource_version = excluded.resource_version, body = excluded.body, deleted = excluded.deleted, updated_at = excluded.updated_at
       WHERE excluded.resource_version >= cluster_objects.resource_version`,
    )
    .bind(cluster, o.kind, o.namespace, o.name, o.uid, o.resourceVersion, JSON.stringify(o.body), o.deleted ? 1 : 0, row.created_at);
}
