// A controller's work queue, kept on the cluster's timers: a key queued twice runs once (the earlier
// request wins), queued work survives a restart, and a key that its own work queues again runs again.
import type { ClusterClock } from "../../timers/clock";
import type { Timers } from "../../timers/timers";

export class WorkQueue {
  constructor(
    private readonly timers: Timers,
    private readonly clock: ClusterClock,
    private readonly kind: string,
    work: (key: string, payload: unknown) => void | Promise<void>,
  ) {
    timers.on(kind, (name, payload) => work(name.slice(kind.length + 1), payload));
  }

  /** Runs `key` after `delayMs` (now by default). */
  add(key: string, delayMs = 0, payload: unknown = {}): void {
    this.timers.schedule(`${this.kind}:${key}`, this.clock.now() + delayMs, payload, { keepEarlier: true });
  }
}
