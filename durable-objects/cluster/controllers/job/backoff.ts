// The Job's pod-failure back-off (kube's pkg/controller/job/backoff_utils.go): after N failures since the
// last success, new pods wait 10 s × 2^(N-1), capped at 6 minutes, counted from the last failure. kube keeps
// the record in memory; here it is derived from the Job's finished pods, so it survives the cluster
// object's restarts (a hibernated cluster wakes with the same back-off).
import type { JsonObject } from "../../apiserver/registry/types";

export const POD_FAILURE_BACKOFF_MS = 10_000;
export const MAX_POD_FAILURE_BACKOFF_MS = 6 * 60_000;

export interface FinishedPod {
  pod: JsonObject;
  failed: boolean;
  /** When the pod finished (its containers' latest finishedAt, else its deletion or creation time). */
  at: number;
}

/** The delay before the next pod may be created, given failures since the last success. */
export function remainingBackoff(finished: FinishedPod[], now: number, base = POD_FAILURE_BACKOFF_MS, max = MAX_POD_FAILURE_BACKOFF_MS): number {
  const sorted = [...finished].sort((a, b) => a.at - b.at);
  let failures = 0;
  let lastFailure = 0;
  for (const f of sorted) {
    if (f.failed) {
      failures++;
      lastFailure = f.at;
    } else {
      failures = 0;
    }
  }
  if (failures === 0) return 0;
  let delay = base;
  for (let i = 1; i < failures && delay < max; i++) delay *= 2;
  delay = Math.min(delay, max);
  const elapsed = now - lastFailure;
  return elapsed >= delay ? 0 : delay - elapsed;
}

/** getFinishedTime: the latest container finish, falling back to deletion, then creation. */
export function finishedTime(pod: JsonObject): number {
  const status = (pod.status ?? {}) as JsonObject;
  let latest = -Infinity;
  for (const key of ["containerStatuses", "initContainerStatuses"]) {
    for (const s of (Array.isArray(status[key]) ? status[key] : []) as JsonObject[]) {
      const t = Date.parse(String(((s.state as JsonObject | undefined)?.terminated as JsonObject | undefined)?.finishedAt ?? ""));
      if (Number.isFinite(t) && t > latest) latest = t;
    }
  }
  if (latest > -Infinity) return latest;
  const meta = (pod.metadata ?? {}) as JsonObject;
  const fallback = Date.parse(String(meta.deletionTimestamp ?? meta.creationTimestamp ?? ""));
  return Number.isFinite(fallback) ? fallback : 0;
}
