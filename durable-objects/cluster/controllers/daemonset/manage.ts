// What each node needs (kube's manage and podsShouldBeOnNode): a pod where one should run and none
// does; failed and succeeded pods deleted (failed ones under a back-off); extra pods pruned (one per
// node, or with maxSurge an old and a new one until the new one is available); every pod deleted from
// a node that may no longer keep it.
import type { JsonObject } from "../../apiserver/registry/types";
import { isPodAvailable, isPodReady } from "../runtime/pods";
import { FailedPodsBackoff } from "./backoff";
import type { Eligibility } from "./eligibility";
import { HASH_LABEL, byCreationTimestampAndPhase, isDeleting, labelsOf, minReadySeconds, nameOf, namespaceOf, nodeNameOf, podPhase, status, uidOf } from "./types";
import { allowsSurge } from "./rolling";

export interface PlannedEvent {
  type: "Normal" | "Warning";
  reason: string;
  message: string;
}

export interface Plan {
  /** Nodes to create a daemon pod on. */
  create: string[];
  /** Names of pods to delete. */
  delete: string[];
  events: PlannedEvent[];
  /** Look again after this long (a failed pod held back by the back-off). */
  requeueAfterMs?: number;
}

export const emptyPlan = (): Plan => ({ create: [], delete: [], events: [] });

/** podsShouldBeOnNode, adding to `plan`. */
export function podsShouldBeOnNode(
  plan: Plan,
  node: string,
  eligibility: Eligibility,
  pods: JsonObject[] | undefined,
  ds: JsonObject,
  hash: string,
  backoff: FailedPodsBackoff,
  now: number,
): void {
  const { shouldRun, shouldContinueRunning } = eligibility;
  if (shouldRun && !pods) {
    plan.create.push(node);
    return;
  }
  if (shouldContinueRunning) {
    const running: JsonObject[] = [];
    for (const pod of pods ?? []) {
      if (isDeleting(pod)) continue;
      const phase = podPhase(pod);
      if (phase === "Failed") {
        const key = FailedPodsBackoff.key(uidOf(ds), Number(status(ds).observedGeneration ?? 0), node);
        if (backoff.isInBackOffSinceUpdate(key, now)) {
          const delay = backoff.get(key);
          plan.requeueAfterMs = Math.min(plan.requeueAfterMs ?? delay, delay);
          continue;
        }
        backoff.next(key, now);
        plan.events.push({ type: "Warning", reason: "FailedDaemonPod", message: `Found failed daemon pod ${namespaceOf(pod)}/${nameOf(pod)} on node ${node}, will try to kill it` });
        plan.delete.push(nameOf(pod));
      } else if (phase === "Succeeded") {
        plan.events.push({ type: "Normal", reason: "SucceededDaemonPod", message: `Found succeeded daemon pod ${namespaceOf(pod)}/${nameOf(pod)} on node ${node}, will try to delete it` });
        plan.delete.push(nameOf(pod));
      } else {
        running.push(pod);
      }
    }
    running.sort(byCreationTimestampAndPhase);
    if (!allowsSurge(ds)) {
      // One pod per node: all but the oldest go.
      for (const pod of running.slice(1)) plan.delete.push(nameOf(pod));
      return;
    }
    if (running.length <= 1) {
      // Surging still needs one live pod on the node.
      if (running.length === 0 && shouldRun) plan.create.push(node);
      return;
    }
    // Two pods may share a node only while the oldest new one is not yet available and the oldest
    // old one is still ready; every other pod goes.
    let oldestNew: JsonObject | undefined;
    let oldestOld: JsonObject | undefined;
    for (const pod of running) {
      if (labelsOf(pod)[HASH_LABEL] === hash) {
        if (!oldestNew) {
          oldestNew = pod;
          continue;
        }
      } else if (!oldestOld) {
        oldestOld = pod;
        continue;
      }
      plan.delete.push(nameOf(pod));
    }
    if (oldestNew && oldestOld) {
      if (!isPodReady(oldestOld) || isPodAvailable(oldestNew, minReadySeconds(ds), now)) plan.delete.push(nameOf(oldestOld));
    }
    return;
  }
  if (pods) {
    // The node may not keep a daemon pod: delete them all.
    for (const pod of pods) if (!isDeleting(pod)) plan.delete.push(nameOf(pod));
  }
}

/**
 * getUnscheduledPodsWithoutNode: pods still waiting for a node that is gone. Pods already bound to a
 * deleted node are pod GC's work in kube (here the node's own deletion removes them), never this controller's.
 */
export function unscheduledPodsWithoutNode(nodeNames: Set<string>, nodeToPods: Map<string, JsonObject[]>): string[] {
  const out: string[] = [];
  for (const [node, pods] of nodeToPods) {
    if (nodeNames.has(node)) continue;
    for (const pod of pods) if (nodeNameOf(pod) === "") out.push(nameOf(pod));
  }
  return out;
}
