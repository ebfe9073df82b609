// RollingUpdate (kube's update.go rollingUpdate): without surge, delete old pods while no more than
// maxUnavailable nodes lack an available pod, and let manage create their replacements; with maxSurge,
// create a new pod next to an old one on up to maxSurge nodes, and delete the old pod once the new one
// is available. OnDelete does nothing here: pods are replaced only when someone deletes them.
import type { JsonObject } from "../../apiserver/registry/types";
import { scaledValue } from "../deployment/util";
import type { IntOrString } from "../deployment/types";
import { isPodAvailable } from "../runtime/pods";
import type { Eligibility } from "./eligibility";
import { isDeleting, isPodUpdated, minReadySeconds, nameOf, spec, templateGeneration } from "./types";

function rollingUpdateOf(ds: JsonObject): JsonObject | undefined {
  const strategy = (spec(ds).updateStrategy ?? {}) as JsonObject;
  if (strategy.type !== "RollingUpdate") return undefined;
  return (strategy.rollingUpdate ?? undefined) as JsonObject | undefined;
}

/** util.SurgeCount: maxSurge of `desired` nodes, rounded up; 0 unless RollingUpdate sets it. */
export function surgeCount(ds: JsonObject, desired: number): number {
  const ru = rollingUpdateOf(ds);
  if (!ru || ru.maxSurge === undefined || ru.maxSurge === null) return 0;
  return scaledValue(ru.maxSurge as IntOrString, desired, true);
}

/** util.UnavailableCount: maxUnavailable of `desired` nodes, rounded up; 0 unless RollingUpdate. */
export function unavailableCount(ds: JsonObject, desired: number): number {
  const ru = rollingUpdateOf(ds);
  if (!ru) return 0;
  return scaledValue((ru.maxUnavailable ?? undefined) as IntOrString | undefined, desired, true);
}

/** util.AllowsSurge */
export const allowsSurge = (ds: JsonObject): boolean => surgeCount(ds, 1) > 0;

/** findUpdatedPodsOnNode: the node's one new and one old live pod; ok=false when it has more of either. */
function updatedPodsOnNode(ds: JsonObject, pods: JsonObject[], hash: string): { newPod?: JsonObject; oldPod?: JsonObject; ok: boolean } {
  let newPod: JsonObject | undefined;
  let oldPod: JsonObject | undefined;
  const generation = templateGeneration(ds);
  for (const pod of pods) {
    if (isDeleting(pod)) continue;
    if (isPodUpdated(pod, hash, generation)) {
      if (newPod) return { ok: false };
      newPod = pod;
    } else {
      if (oldPod) return { ok: false };
      oldPod = pod;
    }
  }
  return { newPod, oldPod, ok: true };
}

/**
 * rollingUpdate's decision: pods to delete and nodes to create on. `eligibility` holds every node,
 * `nodeToPods` the DaemonSet's pods by target node.
 */
export function planRollingUpdate(
  ds: JsonObject,
  eligibility: Map<string, Eligibility>,
  nodeToPods: Map<string, JsonObject[]>,
  hash: string,
  now: number,
): { delete: string[]; create: string[] } {
  // updatedDesiredNodeCounts: every node that should run a pod takes part, with or without one.
  const byNode = new Map(nodeToPods);
  let desired = 0;
  for (const [node, e] of eligibility) {
    if (!e.shouldRun) continue;
    desired++;
    if (!byNode.has(node)) byNode.set(node, []);
  }
  let maxUnavailable = unavailableCount(ds, desired);
  const maxSurge = surgeCount(ds, desired);
  // An impossible configuration (both zero) falls back to one unavailable node.
  if (desired > 0 && maxUnavailable === 0 && maxSurge === 0) maxUnavailable = 1;
  const minReady = minReadySeconds(ds);
  const available = (pod: JsonObject) => isPodAvailable(pod, minReady, now);
  const nodes = [...byNode.keys()].sort();

  if (maxSurge === 0) {
    let numUnavailable = 0;
    const replacements: string[] = [];
    const candidates: string[] = [];
    for (const node of nodes) {
      const { newPod, oldPod, ok } = updatedPodsOnNode(ds, byNode.get(node)!, hash);
      if (!ok) {
        numUnavailable++; // manage prunes the extra pods first
        continue;
      }
      if ((!oldPod && !newPod) || (oldPod && newPod)) {
        numUnavailable++; // manage creates or deletes here
      } else if (newPod) {
        if (!available(newPod)) numUnavailable++;
      } else if (oldPod && !available(oldPod)) {
        replacements.push(nameOf(oldPod)); // an old pod that is down anyway: replace it now
        numUnavailable++;
      } else if (oldPod && numUnavailable < maxUnavailable) {
        candidates.push(nameOf(oldPod));
      }
    }
    const room = Math.min(Math.max(maxUnavailable - numUnavailable, 0), candidates.length);
    return { delete: [...replacements, ...candidates.slice(0, room)], create: [] };
  }

  const toDelete: string[] = [];
  const shouldNotRun: string[] = [];
  const candidateNodes: string[] = [];
  const allowedNodes: string[] = [];
  let numSurge = 0;
  let numAvailable = 0;
  for (const node of nodes) {
    const { newPod, oldPod, ok } = updatedPodsOnNode(ds, byNode.get(node)!, hash);
    if (!ok) {
      numSurge++;
      continue;
    }
    if (oldPod) {
      if (available(oldPod)) numAvailable++;
    } else if (newPod && available(newPod)) numAvailable++;

    if (!oldPod) continue; // manage handles this node
    const shouldRun = eligibility.get(node)?.shouldRun ?? false;
    if (!newPod) {
      if (!available(oldPod)) {
        if (!shouldRun) toDelete.push(nameOf(oldPod));
        else allowedNodes.push(node);
      } else if (!shouldRun) {
        shouldNotRun.push(nameOf(oldPod));
      } else if (numSurge < maxSurge) {
        candidateNodes.push(node);
      }
      continue;
    }
    // Already surged here: the old pod goes once the new one is available.
    if (!available(newPod)) {
      numSurge++;
      continue;
    }
    toDelete.push(nameOf(oldPod));
  }
  // With surge the owner expects full availability: a pod on a node it no longer fits goes only
  // once enough pods are available elsewhere.
  const deletable = Math.min(numAvailable - desired, shouldNotRun.length);
  if (deletable > 0) toDelete.push(...shouldNotRun.slice(0, deletable));
  const room = Math.min(Math.max(maxSurge - numSurge, 0), candidateNodes.length);
  return { delete: toDelete, create: [...allowedNodes, ...candidateNodes.slice(0, room)] };
}
