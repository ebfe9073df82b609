// DaemonSet status as kube's updateDaemonSetStatus and storeDaemonSetStatus compute it: per node that
// should run a pod, whether it has one, and whether its oldest pod is ready, available and up to date;
// pods on nodes that should not run one are misscheduled.
import type { JsonObject } from "../../apiserver/registry/types";
import { isPodAvailable, isPodReady } from "../runtime/pods";
import type { Eligibility } from "./eligibility";
import { byCreationTimestampAndPhase, isPodUpdated, meta, minReadySeconds, status, templateGeneration } from "./types";

export interface DaemonSetCounts {
  desiredNumberScheduled: number;
  currentNumberScheduled: number;
  numberMisscheduled: number;
  numberReady: number;
  updatedNumberScheduled: number;
  numberAvailable: number;
  numberUnavailable: number;
}

export function computeCounts(ds: JsonObject, eligibility: Map<string, Eligibility>, nodeToPods: Map<string, JsonObject[]>, hash: string, now: number): DaemonSetCounts {
  const c: DaemonSetCounts = { desiredNumberScheduled: 0, currentNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0, updatedNumberScheduled: 0, numberAvailable: 0, numberUnavailable: 0 };
  const generation = templateGeneration(ds);
  for (const [node, e] of eligibility) {
    const pods = nodeToPods.get(node) ?? [];
    const scheduled = pods.length > 0;
    if (!e.shouldRun) {
      if (scheduled) c.numberMisscheduled++;
      continue;
    }
    c.desiredNumberScheduled++;
    if (!scheduled) continue;
    c.currentNumberScheduled++;
    const oldest = [...pods].sort(byCreationTimestampAndPhase)[0]!;
    if (isPodReady(oldest)) {
      c.numberReady++;
      if (isPodAvailable(oldest, minReadySeconds(ds), now)) c.numberAvailable++;
    }
    if (isPodUpdated(oldest, hash, generation)) c.updatedNumberScheduled++;
  }
  c.numberUnavailable = c.desiredNumberScheduled - c.numberAvailable;
  return c;
}

/** storeDaemonSetStatus's test: nothing to write when every count matches and the generation was observed. */
export function statusUpToDate(ds: JsonObject, c: DaemonSetCounts): boolean {
  const s = status(ds);
  const n = (k: keyof DaemonSetCounts) => Number(s[k] ?? 0) === c[k];
  return (
    n("desiredNumberScheduled") &&
    n("currentNumberScheduled") &&
    n("numberMisscheduled") &&
    n("numberReady") &&
    n("updatedNumberScheduled") &&
    n("numberAvailable") &&
    n("numberUnavailable") &&
    Number(s.observedGeneration ?? 0) >= Number(meta(ds).generation ?? 0)
  );
}

/**
 * The status to write: the counts and observedGeneration in the Go struct's field order, the
 * omitempty ones (observedGeneration, updated, available, unavailable) left out at zero; collisionCount
 * and conditions kept.
 */
export function nextStatus(ds: JsonObject, c: DaemonSetCounts): JsonObject {
  const s = status(ds);
  const out: JsonObject = {
    currentNumberScheduled: c.currentNumberScheduled,
    numberMisscheduled: c.numberMisscheduled,
    desiredNumberScheduled: c.desiredNumberScheduled,
    numberReady: c.numberReady,
  };
  const generation = Number(meta(ds).generation ?? 0);
  if (generation) out.observedGeneration = generation;
  if (c.updatedNumberScheduled) out.updatedNumberScheduled = c.updatedNumberScheduled;
  if (c.numberAvailable) out.numberAvailable = c.numberAvailable;
  if (c.numberUnavailable) out.numberUnavailable = c.numberUnavailable;
  if (s.collisionCount !== undefined) out.collisionCount = s.collisionCount;
  if (s.conditions !== undefined) out.conditions = s.conditions;
  return out;
}
