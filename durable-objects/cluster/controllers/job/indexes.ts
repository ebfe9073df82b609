// Completion indexes of an Indexed Job (kube's pkg/controller/job/indexed_job_utils.go): the
// `completedIndexes` interval string ("0-2,5"), the index a pod carries, and the first indexes still
// to run.
import type { JsonObject } from "../../apiserver/registry/types";

export const COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";

/** The pod's completion index (annotation, else label); undefined when missing or not a number. */
export function completionIndex(pod: JsonObject): number | undefined {
  const meta = (pod.metadata ?? {}) as { annotations?: Record<string, string>; labels?: Record<string, string> };
  const raw = meta.annotations?.[COMPLETION_INDEX] ?? meta.labels?.[COMPLETION_INDEX];
  if (raw === undefined || !/^\d+$/.test(raw)) return undefined;
  const n = Number(raw);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** Parses "0-2,5" into a sorted set of indexes below `limit`; malformed parts are skipped, as kube does. */
export function parseIndexes(text: string | undefined, limit: number): Set<number> {
  const out = new Set<number>();
  if (!text) return out;
  for (const part of text.split(",")) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) continue;
    const from = Number(m[1]);
    const to = Math.min(m[2] === undefined ? from : Number(m[2]), limit - 1);
    for (let i = from; i <= to; i++) out.add(i);
  }
  return out;
}

/** Formats a set as kube's interval string: consecutive runs as "a-b", single values alone. */
export function formatIndexes(set: Iterable<number>): string {
  const sorted = [...set].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(",");
}

/** firstPendingIndexes: the lowest `count` indexes below `completions` neither done nor running. */
export function firstPendingIndexes(count: number, completions: number, done: Set<number>, running: Set<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < completions && out.length < count; i++) if (!done.has(i) && !running.has(i)) out.push(i);
  return out;
}
