// One pass of kube's StatefulSet update (stateful_set_control.go updateStatefulSet): living replicas in
// ordinal order (created, with their claims, when missing; with OrderedReady each must be Running and
// Ready before the next), condemned pods from the highest ordinal down, then a RollingUpdate from the
// highest ordinal down to the partition, one pod at a time. Returns whether it stopped to wait.
import type { JsonObject } from "../../apiserver/registry/types";
import { isPodAvailable, isPodReady } from "../runtime/pods";
import { meta, ordinalOf, podRevision, replicasOf, spec, startOrdinal, status } from "./identity";

export interface UpdateActions {
  /** Creates the pod of `ordinal` (at the revision kube would choose), with its missing claims. */
  createPod(ordinal: number): void;
  /** Creates any claims of an existing pod that are missing. */
  createMissingClaims(pod: JsonObject): void;
  /** Deletes a pod; `why` names the kube event when it is a failed or finished pod being replaced. */
  deletePod(pod: JsonObject, why?: "RecreatingFailedPod" | "RecreatingTerminatedPod"): void;
  /** Before a condemned pod goes: whenScaled Delete hands its claims to the pod. */
  condemn(pod: JsonObject): void;
  now: number;
}

const phase = (pod: JsonObject) => String(status(pod).phase ?? "");
export const isTerminating = (pod: JsonObject) => Boolean(meta(pod).deletionTimestamp);
export const isRunningAndReady = (pod: JsonObject) => phase(pod) === "Running" && isPodReady(pod);
export const isRunningAndAvailable = (pod: JsonObject, minReady: number, now: number) => phase(pod) === "Running" && isPodAvailable(pod, minReady, now);
const minReadySeconds = (set: JsonObject) => (typeof spec(set).minReadySeconds === "number" ? (spec(set).minReadySeconds as number) : 0);

/** isHealthy: running, ready (and available) and not terminating. */
export function isHealthy(pod: JsonObject | undefined, set: JsonObject, now: number): boolean {
  return !!pod && isRunningAndReady(pod) && isRunningAndAvailable(pod, minReadySeconds(set), now) && !isTerminating(pod);
}

export function updateStatefulSet(set: JsonObject, pods: JsonObject[], updateRevision: string, act: UpdateActions): boolean {
  const monotonic = spec(set).podManagementPolicy !== "Parallel";
  const start = startOrdinal(set);
  const count = replicasOf(set);
  const minReady = minReadySeconds(set);
  const replicas: (JsonObject | undefined)[] = new Array(count).fill(undefined);
  const condemned: JsonObject[] = [];
  for (const pod of pods) {
    const ord = ordinalOf(pod);
    if (ord >= start && ord < start + count) replicas[ord - start] = pod;
    else if (ord >= 0) condemned.push(pod);
  }
  condemned.sort((a, b) => ordinalOf(a) - ordinalOf(b));
  const firstUnhealthy = [...replicas, ...condemned].find((p) => !isHealthy(p, set, act.now));

  if (meta(set).deletionTimestamp) return false;

  for (let i = 0; i < count; i++) {
    const pod = replicas[i];
    if (pod && (phase(pod) === "Failed" || phase(pod) === "Succeeded")) {
      // The replacement is made on a later sync, once this pod is gone.
      if (!isTerminating(pod)) act.deletePod(pod, phase(pod) === "Failed" ? "RecreatingFailedPod" : "RecreatingTerminatedPod");
      if (monotonic) return true;
      continue;
    }
    if (!pod) {
      act.createPod(start + i);
      if (monotonic) return true;
      continue;
    }
    if (phase(pod) === "Pending") act.createMissingClaims(pod);
    if (!monotonic) continue;
    if (isTerminating(pod)) return true;
    if (!isRunningAndReady(pod) || !isRunningAndAvailable(pod, minReady, act.now)) return true;
  }

  for (let t = condemned.length - 1; t >= 0; t--) {
    const target = condemned[t]!;
    if (isTerminating(target)) {
      if (monotonic) return true;
      continue;
    }
    if (monotonic && target !== firstUnhealthy && (!isRunningAndReady(target) || !isRunningAndAvailable(target, minReady, act.now))) return true;
    act.condemn(target);
    act.deletePod(target);
    if (monotonic) return true;
  }

  const strategy = (spec(set).updateStrategy ?? {}) as JsonObject;
  if (strategy.type === "OnDelete") return false;
  const partition = Number(((strategy.rollingUpdate ?? {}) as JsonObject).partition ?? 0) || 0;
  for (let target = count - 1; target >= partition; target--) {
    const pod = replicas[target];
    if (!pod) return true;
    if (podRevision(pod) !== updateRevision && !isTerminating(pod)) {
      act.deletePod(pod);
      return true;
    }
    if (!isHealthy(pod, set, act.now)) return true;
  }
  return false;
}

/** The revision a new pod of `ordinal` gets: the current one below the partition, else the update. */
export function revisionForOrdinal(set: JsonObject, ordinal: number, current: string, update: string): string {
  const strategy = (spec(set).updateStrategy ?? {}) as JsonObject;
  if (strategy.type !== "RollingUpdate") return update;
  const rolling = strategy.rollingUpdate as JsonObject | undefined;
  const start = startOrdinal(set);
  if (!rolling) return ordinal < start + Number(status(set).currentReplicas ?? 0) ? current : update;
  return ordinal < start + (Number(rolling.partition ?? 0) || 0) ? current : update;
}
