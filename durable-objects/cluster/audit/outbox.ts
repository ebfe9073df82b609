// The cluster's outbox: rows bound for D1 (audit events, mirrors of namespaces and RBAC objects),
// kept in the cluster's own SQLite until a flush has delivered them. Appending schedules a flush.
import type { ClusterClock } from "../timers/clock";
import type { Timers } from "../timers/timers";

export type OutboxKind = "audit" | "object";

export interface OutboxRow {
  seq: number;
  kind: OutboxKind;
  payload: string;
  created_at: number;
  [key: string]: SqlStorageValue;
}

export const FLUSH_TIMER = "outbox:flush";

export class Outbox {
  constructor(
    private readonly sql: SqlStorage,
    private readonly timers: Timers,
    private readonly clock: ClusterClock,
  ) {}

  /**
   * Adds a row (inside the caller's transaction when there is one). Outside a transaction it also
   * makes sure a flush is due; inside one, call `ensureFlush` once it committed (the alarm is not
   * touched mid-transaction).
   */
  append(kind: OutboxKind, payload: object, opts: { inTransaction?: boolean } = {}): void {
    this.sql.exec("INSERT INTO outbox (kind, payload, created_at) VALUES (?, ?, ?)", kind, JSON.stringify(payload), this.clock.now());
    if (!opts.inTransaction) this.ensureFlush();
  }

  /** After an append: a flush is due now, unless one is already scheduled (or backing off). */
  ensureFlush(): void {
    if (!this.timers.has(FLUSH_TIMER)) this.timers.schedule(FLUSH_TIMER, this.clock.now());
  }

  /** The oldest `limit` rows. */
  head(limit: number): OutboxRow[] {
    return this.sql.exec<OutboxRow>("SELECT seq, kind, payload, created_at FROM outbox ORDER BY seq LIMIT ?", limit).toArray();
  }

  /** Removes delivered rows, up to and including `seq`. */
  ack(seq: number): void {
    this.sql.exec("DELETE FROM outbox WHERE seq <= ?", seq);
  }

  size(): number {
    return this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM outbox").toArray()[0]?.n ?? 0;
  }
}
