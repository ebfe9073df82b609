// Pod facts every workload controller asks: active, ready, available.
import type { JsonObject } from "../../apiserver/registry/types";

const statusOf = (pod: JsonObject) => (pod.status ?? {}) as JsonObject;
const metaOf = (pod: JsonObject) => (pod.metadata ?? {}) as JsonObject;

/** Counts toward a controller's replicas: not finished and not being deleted. */
export function isPodActive(pod: JsonObject): boolean {
  const phase = statusOf(pod).phase;
  return phase !== "Succeeded" && phase !== "Failed" && !metaOf(pod).deletionTimestamp;
}

export function readyCondition(pod: JsonObject): JsonObject | undefined {
  return ((statusOf(pod).conditions ?? []) as JsonObject[]).find((c) => c.type === "Ready");
}

export function isPodReady(pod: JsonObject): boolean {
  return readyCondition(pod)?.status === "True";
}

/** Ready for at least minReadySeconds by cluster time `now`. */
export function isPodAvailable(pod: JsonObject, minReadySeconds: number, now: number): boolean {
  const ready = readyCondition(pod);
  if (ready?.status !== "True") return false;
  if (minReadySeconds <= 0) return true;
  const since = Date.parse(String(ready.lastTransitionTime ?? ""));
  return Number.isFinite(since) && since + minReadySeconds * 1000 <= now;
}

/** When a ready pod becomes available (ms), for re-checking after minReadySeconds. */
export function availableAt(pod: JsonObject, minReadySeconds: number): number | undefined {
  const ready = readyCondition(pod);
  if (ready?.status !== "True") return undefined;
  const since = Date.parse(String(ready.lastTransitionTime ?? ""));
  return Number.isFinite(since) ? since + minReadySeconds * 1000 : undefined;
}
