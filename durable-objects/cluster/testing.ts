// Test-only helpers for code running inside a cluster Durable Object (runInDurableObject).
import type { ClusterDO } from "./cluster-do";
import { EVENT_TTL_TIMER } from "./controllers/eventttl/controller";
import { COMPACTION_TIMER } from "./store/compactor";

/** Runs every timer that is due by the cluster clock, round after round, until none is. */
export async function settle(o: ClusterDO, maxRounds = 50): Promise<void> {
  for (let i = 0; i < maxRounds && o.timers.pending().some((t) => t.dueAt <= o.clock.now()); i++) await o.timers.fireDue();
}

/** Lets `advanceMs` of cluster time pass in steps of `stepMs`, running what falls due at each. */
export async function passTime(o: ClusterDO, advanceMs: number, stepMs = 250): Promise<void> {
  await settle(o);
  for (let t = 0; t < advanceMs; t += stepMs) {
    o.clock.advance(Math.min(stepMs, advanceMs - t));
    await settle(o);
  }
}

/**
 * Lets a new cluster come up: its bootstrap's pods (CoreDNS, kube-proxy) pull and start on the
 * cluster clock, so the clock is moved to each kubelet or controller timer that falls due within
 * `withinMs`, until none is left (the compaction and event expiry timers stay).
 */
export async function settleStartup(o: ClusterDO, withinMs = 30_000): Promise<void> {
  const start = o.clock.now();
  await settle(o);
  for (let i = 0; i < 200; i++) {
    const next = o.timers.pending().find((t) => t.dueAt <= start + withinMs && t.name !== COMPACTION_TIMER && t.name !== EVENT_TTL_TIMER);
    if (!next) return;
    if (next.dueAt > o.clock.now()) o.clock.advance(next.dueAt - o.clock.now());
    await settle(o);
  }
}
