// Compaction as a timer, not a loop: the first write after a quiet period schedules one run a
// window later; each run compacts everything older than the window and schedules the next run
// only while newer history exists. An idle cluster ends with no compaction timer at all.
import type { Timers } from "../timers/timers";
import type { Store } from "./store";

export const COMPACTION_TIMER = "compact";
/** Like kube-apiserver's default etcd compaction interval: watches can resume within 5 minutes. */
export const DEFAULT_COMPACTION_WINDOW_MS = 5 * 60_000;
const MIN_INTERVAL_MS = 30_000;

export class Compactor {
  private scheduled = false;

  constructor(
    private readonly store: Store,
    private readonly timers: Timers,
    private readonly now: () => number,
    private readonly windowMs = DEFAULT_COMPACTION_WINDOW_MS,
  ) {
    timers.on(COMPACTION_TIMER, () => {
      this.run();
    });
    store.onCommit(() => this.noteWrite());
  }

  private noteWrite(): void {
    if (this.scheduled) return;
    this.timers.schedule(COMPACTION_TIMER, this.now() + this.windowMs, {}, { keepEarlier: true });
    this.scheduled = true;
  }

  /** Compacts history older than the window; returns the rows removed. */
  run(): number {
    const now = this.now();
    const removed = this.store.compact(this.store.revisionAt(now - this.windowMs));
    const oldest = this.store.oldestWriteAfter(this.store.compactRevision());
    if (oldest === null) {
      this.scheduled = false;
    } else {
      this.timers.schedule(COMPACTION_TIMER, Math.max(oldest + this.windowMs, now + MIN_INTERVAL_MS));
      this.scheduled = true;
    }
    return removed;
  }
}
