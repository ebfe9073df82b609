// What a PodDisruptionBudget allows (kube's pkg/controller/disruption getExpectedPodCount,
// countHealthyPods and buildDisruptedPodMap): the pods it covers, how many must stay healthy, how many
// are healthy now (ready, not being deleted, not just evicted), and so how many may be disrupted.
import type { JsonObject } from "../../apiserver/registry/types";
import { isPodReady } from "../runtime/pods";

/** An eviction not confirmed by a pod deletion within this long is forgotten (DeletionTimeout). */
export const DELETION_TIMEOUT_MS = 2 * 60_000;

export interface Budget {
  expectedPods: number;
  desiredHealthy: number;
  currentHealthy: number;
  disruptionsAllowed: number;
  /** Evicted pods still expected to go, and when they were evicted. */
  disruptedPods: Record<string, string>;
  /** The earliest time an entry of disruptedPods expires (to look again then). */
  recheckAt?: number;
}

/** intstr.GetScaledValueFromIntOrPercent */
export function scaled(v: unknown, total: number, roundUp: boolean): number {
  if (typeof v === "number") return v;
  const m = /^(\d+)%$/.exec(String(v));
  if (!m) return 0;
  const x = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

const isPercent = (v: unknown) => typeof v === "string" && v.endsWith("%");

/**
 * getExpectedPodCount: with maxUnavailable or a percentage minAvailable the expected count is the
 * controllers' scale (`expectedScale`, undefined when a pod has no controller that has one); an integer
 * minAvailable counts the pods themselves.
 */
export function expectedCounts(spec: JsonObject, pods: JsonObject[], expectedScale: () => number | undefined): { expected: number; desired: number } | { error: string } {
  if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) {
    const expected = expectedScale();
    if (expected === undefined) return { error: "found no controllers" };
    const maxUnavailable = scaled(spec.maxUnavailable, expected, true);
    return { expected, desired: Math.max(0, expected - maxUnavailable) };
  }
  if (spec.minAvailable !== undefined && spec.minAvailable !== null && isPercent(spec.minAvailable)) {
    const expected = expectedScale();
    if (expected === undefined) return { error: "found no controllers" };
    return { expected, desired: scaled(spec.minAvailable, expected, true) };
  }
  return { expected: pods.length, desired: typeof spec.minAvailable === "number" ? spec.minAvailable : 0 };
}

/** buildDisruptedPodMap + countHealthyPods */
export function computeBudget(pdb: JsonObject, pods: JsonObject[], counts: { expected: number; desired: number }, now: number): Budget {
  const recorded = (((pdb.status as JsonObject | undefined)?.disruptedPods ?? {}) as Record<string, string>);
  const byName = new Map(pods.map((p) => [String((p.metadata as JsonObject).name), p]));
  const disruptedPods: Record<string, string> = {};
  let recheckAt: number | undefined;
  for (const [name, at] of Object.entries(recorded)) {
    const pod = byName.get(name);
    // Gone or being deleted: the eviction went through and the entry is no longer needed.
    if (!pod || (pod.metadata as JsonObject).deletionTimestamp) continue;
    const expires = Date.parse(at) + DELETION_TIMEOUT_MS;
    if (!(expires > now)) continue;
    disruptedPods[name] = at;
    recheckAt = recheckAt === undefined ? expires : Math.min(recheckAt, expires);
  }
  let healthy = 0;
  for (const pod of pods) {
    const meta = pod.metadata as JsonObject;
    if (meta.deletionTimestamp || disruptedPods[String(meta.name)] !== undefined) continue;
    if (isPodReady(pod)) healthy++;
  }
  const budget: Budget = {
    expectedPods: counts.expected,
    desiredHealthy: counts.desired,
    currentHealthy: healthy,
    disruptionsAllowed: Math.max(0, healthy - counts.desired),
    disruptedPods,
  };
  if (recheckAt !== undefined) budget.recheckAt = recheckAt;
  return budget;
}

/** pdbhelper.UpdateDisruptionAllowedCondition with meta.SetStatusCondition's transition rule. */
export function disruptionCondition(previous: JsonObject[] | undefined, allowed: boolean, observedGeneration: number, now: string, failure?: string): JsonObject[] {
  const old = (previous ?? []).find((c) => c.type === "DisruptionAllowed");
  const status = allowed ? "True" : "False";
  const reason = failure ? "SyncFailed" : allowed ? "SufficientPods" : "InsufficientPods";
  const condition: JsonObject = {
    type: "DisruptionAllowed",
    status,
    observedGeneration,
    lastTransitionTime: old && old.status === status ? old.lastTransitionTime : now,
    reason,
    message: failure ?? "",
  };
  return [...(previous ?? []).filter((c) => c.type !== "DisruptionAllowed"), condition];
}
