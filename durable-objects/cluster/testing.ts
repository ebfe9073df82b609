// Test-only helpers for code running inside a cluster Durable Object (runInDurableObject).
import type { ClusterDO } from "./cluster-do";

/** Runs every timer that is due by the cluster clock, round after round, until none is. */
export async function settle(o: ClusterDO, maxRounds = 50): Promise<void> {
  for (let i = 0; i < maxRounds && o.timers.pending().some((t) => t.dueAt <= o.clock.now()); i++) await o.timers.fireDue();
}
