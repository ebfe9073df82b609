// The back-off on deleting a node's failed daemon pods (kube's failedPodsBackoff, a client-go
// flowcontrol.Backoff of 1 s doubling to 15 min, no jitter): a kubelet that keeps rejecting the pod
// must not make the controller delete and recreate it in a hot loop.
const INITIAL_MS = 1_000;
const MAX_MS = 15 * 60_000;

interface Entry {
  backoffMs: number;
  lastUpdate: number;
}

export class FailedPodsBackoff {
  private readonly entries = new Map<string, Entry>();

  /** failedPodsBackoffKey: per DaemonSet, generation it last observed, and node. */
  static key(dsUid: string, observedGeneration: number, node: string): string {
    return `${dsUid}/${observedGeneration}/${node}`;
  }

  /** An entry untouched for twice the maximum is forgotten (the flowcontrol GC's rule). */
  private live(key: string, now: number): Entry | undefined {
    const e = this.entries.get(key);
    if (e && now - e.lastUpdate > 2 * MAX_MS) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }

  isInBackOffSinceUpdate(key: string, now: number): boolean {
    const e = this.live(key, now);
    return !!e && now - e.lastUpdate < e.backoffMs;
  }

  get(key: string): number {
    return this.entries.get(key)?.backoffMs ?? 0;
  }

  next(key: string, now: number): void {
    const e = this.live(key, now);
    this.entries.set(key, { backoffMs: e ? Math.min(e.backoffMs * 2, MAX_MS) : INITIAL_MS, lastUpdate: now });
  }
}
