// A controller's work queue, kept on the cluster's timers: a key queued twice runs once (the earlier
// request wins), queued work survives a restart, and a key that its own work queues again runs again.
// A key whose work fails is retried with exponential back-off (kube's per-item rate limiter:
// 5 ms doubling to 1000 s); a success forgets its failures.
import type { ClusterClock } from "../../timers/clock";
import type { Timers } from "../../timers/timers";

const BASE_DELAY_MS = 5;
const MAX_DELAY_MS = 1_000_000;

export class WorkQueue {
  private readonly failures = new Map<string, number>();

  constructor(
    private readonly timers: Timers,
    private readonly clock: ClusterClock,
    private readonly kind: string,
    work: (key: string, payload: unknown) => void | Promise<void>,
    opts: { retryOnError?: (err: unknown) => boolean } = {},
  ) {
    timers.on(kind, async (name, payload) => {
      const key = name.slice(kind.length + 1);
      try {
        await work(key, payload);
        this.failures.delete(key);
      } catch (err) {
        if (!opts.retryOnError?.(err)) throw err; // the timers' own retry applies
        const n = this.failures.get(key) ?? 0;
        this.failures.set(key, n + 1);
        this.add(key, Math.min(BASE_DELAY_MS * 2 ** n, MAX_DELAY_MS), payload);
      }
    });
  }

  /** Runs `key` after `delayMs` (now by default). */
  add(key: string, delayMs = 0, payload: unknown = {}): void {
    this.timers.schedule(`${this.kind}:${key}`, this.clock.now() + delayMs, payload, { keepEarlier: true });
  }
}
