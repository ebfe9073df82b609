// Delayed work as rows in the `timers` table, multiplexed on the Durable Object's single alarm.
// The alarm is always set to the earliest due timer, and deleted when there is none: a cluster
// with nothing due is never woken.
import type { ClusterClock } from "./clock";

/** One alarm invocation runs at most this many rounds of this many due timers. */
const MAX_ROUNDS = 10;
const MAX_PER_ROUND = 200;
/** A timer whose handler threw runs again after this long. */
const RETRY_MS = 10_000;
/** After this many handlers the alarm yields to the event loop, so API requests are not held up behind a burst of work. */
const SLICE = 10;

export type TimerHandler = (name: string, payload: unknown) => void | Promise<void>;

interface TimerRow {
  name: string;
  due_at: number;
  payload: string;
  [key: string]: SqlStorageValue;
}

export class Timers {
  /** Wall-clock time the alarm is known to be set to; undefined = unknown (after a restart). */
  private armedAt: number | null | undefined;
  private readonly handlers = new Map<string, TimerHandler>();
  /** The timer whose handler is running, and whether that handler scheduled it again. */
  private firing: string | null = null;
  private refired = false;

  constructor(
    private readonly sql: SqlStorage,
    private readonly storage: DurableObjectStorage,
    private readonly clock: ClusterClock,
  ) {}

  /** Handlers are keyed by the timer name's prefix up to the first ':' (e.g. "compact", "namespace:demo" → "namespace"). */
  on(kind: string, handler: TimerHandler): void {
    this.handlers.set(kind, handler);
  }

  /**
   * Schedules (or reschedules) a named timer. With `keepEarlier`, an existing earlier due time wins,
   * so repeated requests for the same work collapse into one firing.
   */
  schedule(name: string, dueAt: number, payload: unknown = {}, opts: { keepEarlier?: boolean } = {}): void {
    // A handler rescheduling its own timer replaces the row being fired (which is about to go).
    const rescheduling = name === this.firing;
    if (rescheduling) this.refired = true;
    const onConflict = opts.keepEarlier && !rescheduling
      ? "DO UPDATE SET due_at = MIN(due_at, excluded.due_at), payload = excluded.payload"
      : "DO UPDATE SET due_at = excluded.due_at, payload = excluded.payload";
    this.sql.exec(
      `INSERT INTO timers (name, due_at, payload) VALUES (?, ?, ?) ON CONFLICT(name) ${onConflict}`,
      name,
      Math.floor(dueAt),
      JSON.stringify(payload),
    );
    this.rearm();
  }

  cancel(name: string): void {
    this.sql.exec("DELETE FROM timers WHERE name = ?", name);
    this.rearm();
  }

  has(name: string): boolean {
    return this.sql.exec("SELECT 1 FROM timers WHERE name = ?", name).toArray().length > 0;
  }

  /** The earliest due time (cluster ms), or null when nothing is scheduled. */
  nextDueAt(): number | null {
    return this.sql.exec<{ due: number | null }>("SELECT MIN(due_at) AS due FROM timers").toArray()[0]?.due ?? null;
  }

  pending(): { name: string; dueAt: number }[] {
    return this.sql
      .exec<TimerRow>("SELECT name, due_at, payload FROM timers ORDER BY due_at, name")
      .toArray()
      .map((r) => ({ name: r.name, dueAt: r.due_at }));
  }

  /**
   * Runs every timer due by the cluster clock, oldest first, then re-arms for the next one.
   * Delivery is at least once: a timer is removed only after its handler returned, and only if it
   * was not rescheduled meanwhile.
   */
  async fireDue(): Promise<number> {
    let fired = 0;
    // Work that handlers schedule for "now" (a controller reacting to another) runs in the same
    // invocation, a bounded number of rounds, instead of costing an alarm round trip each.
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const due = this.sql
        .exec<TimerRow>("SELECT name, due_at, payload FROM timers WHERE due_at <= ? ORDER BY due_at, name LIMIT ?", this.clock.now(), MAX_PER_ROUND)
        .toArray();
      if (due.length === 0) break;
      fired += await this.run(due);
    }
    this.armedAt = undefined; // the alarm that woke us is consumed
    this.rearm();
    return fired;
  }

  private async run(due: TimerRow[]): Promise<number> {
    let fired = 0;
    let yielded = false;
    for (const row of due) {
      if (fired > 0 && fired % SLICE === 0) {
        await yieldToEventLoop();
        yielded = true;
      }
      // Once we have yielded, a request may have run or moved any of the remaining timers.
      if (yielded && !this.stillDue(row)) continue;
      const handler = this.handlers.get(row.name.split(":", 1)[0] ?? "");
      this.firing = row.name;
      this.refired = false;
      try {
        if (handler) await handler(row.name, JSON.parse(row.payload));
        else console.warn(`timer ${row.name} has no handler; dropped`);
        if (!this.refired) this.sql.exec("DELETE FROM timers WHERE name = ? AND due_at = ?", row.name, row.due_at);
      } catch (err) {
        // One failing timer must not hold up the others: it runs again a little later.
        console.error(`timer ${row.name} failed; retrying in ${RETRY_MS} ms`, err);
        if (!this.refired) this.sql.exec("UPDATE timers SET due_at = ? WHERE name = ? AND due_at = ?", this.clock.now() + RETRY_MS, row.name, row.due_at);
      } finally {
        this.firing = null;
      }
      fired++;
    }
    return fired;
  }

  /** Whether a timer is still due (a request served while the alarm yielded may have run or moved it). */
  private stillDue(row: TimerRow): boolean {
    return this.sql.exec("SELECT 1 FROM timers WHERE name = ? AND due_at = ?", row.name, row.due_at).toArray().length > 0;
  }

  /** Points the single DO alarm at the earliest timer (or clears it). */
  rearm(): void {
    const next = this.sql.exec<{ due: number | null }>("SELECT MIN(due_at) AS due FROM timers").toArray()[0]?.due ?? null;
    // An alarm at or before "now" could coincide with the one being handled (whose completion
    // clears it); a millisecond ahead it is always a new one.
    const wall = next === null ? null : Math.max(this.clock.toWallClock(next), Date.now() + 1);
    if (wall === this.armedAt) return;
    this.armedAt = wall;
    // Not awaited: the output gate holds our response until the alarm write is durable.
    if (wall === null) void this.storage.deleteAlarm();
    else void this.storage.setAlarm(wall);
  }
}

/** A macrotask boundary: the Durable Object may serve requests that arrived meanwhile. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
