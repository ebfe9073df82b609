// backoffLimitPerIndex for Indexed Jobs (kube's indexed_job_utils.go and backoff_utils.go): each index
// counts its own failures in the `job-index-failure-count` annotation of the pods made for it; an index
// whose failures exceed the limit (or a FailIndex rule) is failed and not retried, and an index is
// retried after its own back-off (10 s doubling, 6 min cap, from its last failure).
import type { JsonObject } from "../../apiserver/registry/types";
import { finishedTime, MAX_POD_FAILURE_BACKOFF_MS, POD_FAILURE_BACKOFF_MS } from "./backoff";
import { completionIndex } from "./indexes";

export const INDEX_FAILURE_COUNT = "batch.kubernetes.io/job-index-failure-count";

/** The failures of its index before this pod (the annotation it was made with). */
export function podFailureCount(pod: JsonObject): number {
  const raw = ((pod.metadata as JsonObject | undefined)?.annotations as Record<string, string> | undefined)?.[INDEX_FAILURE_COUNT];
  return raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : 0;
}

export interface IndexFailures {
  /** Counted failures of the index so far. */
  count: number;
  /** When its last counted failure happened (ms). */
  lastAt: number;
}

/** Per index, from its counted failed pods: the highest pod count + 1, and the latest finish. */
export function failuresByIndex(failedPods: JsonObject[]): Map<number, IndexFailures> {
  const out = new Map<number, IndexFailures>();
  for (const pod of failedPods) {
    const ix = completionIndex(pod);
    if (ix === undefined) continue;
    const seen = out.get(ix) ?? { count: 0, lastAt: 0 };
    out.set(ix, { count: Math.max(seen.count, podFailureCount(pod) + 1), lastAt: Math.max(seen.lastAt, finishedTime(pod)) });
  }
  return out;
}

/** How long the index still waits before its next pod (0 when it may start now). */
export function indexBackoff(f: IndexFailures | undefined, now: number): number {
  if (!f || f.count === 0) return 0;
  let delay = POD_FAILURE_BACKOFF_MS;
  for (let i = 1; i < f.count && delay < MAX_POD_FAILURE_BACKOFF_MS; i++) delay *= 2;
  delay = Math.min(delay, MAX_POD_FAILURE_BACKOFF_MS);
  return Math.max(0, f.lastAt + delay - now);
}
