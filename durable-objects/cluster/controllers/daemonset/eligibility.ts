// Which nodes a DaemonSet's pod belongs on: kube's NodeShouldRunDaemonPod (daemon_controller.go) with the
// scheduler's own matchers for node affinity and taints, and shouldIgnoreNodeUpdate for node events.
import type { JsonObject } from "../../apiserver/registry/types";
import { semanticEqual } from "../../apiserver/validation/values";
import { nodeSelectorMatches } from "../../scheduler/labels";
import { parseTaints, tolerationsTolerate, type Taint, type Toleration } from "../../scheduler/pod-info";
import { addDaemonTolerations } from "./template";
import { labelsOf, meta, nameOf, spec, status, templateOf } from "./types";

export interface Eligibility {
  /** The node should run a daemon pod if it has none. */
  shouldRun: boolean;
  /** A daemon pod already on the node may stay (a NoSchedule taint alone does not evict it). */
  shouldContinueRunning: boolean;
}

function tolerationsOf(podSpec: JsonObject): Toleration[] {
  const list = (Array.isArray(podSpec.tolerations) ? podSpec.tolerations : []) as JsonObject[];
  return list.map((t) => ({ key: String(t.key ?? ""), operator: String(t.operator ?? "Equal"), value: String(t.value ?? ""), effect: String(t.effect ?? "") }));
}

const untolerated = (taints: Taint[], tolerations: Toleration[], effects: string[]) =>
  taints.some((t) => effects.includes(t.effect) && !tolerationsTolerate(tolerations, t));

/** nodeaffinity.GetRequiredNodeAffinity(pod).Match(node): spec.nodeSelector and the required terms. */
function fitsNodeAffinity(podSpec: JsonObject, node: JsonObject): boolean {
  const labels = labelsOf(node);
  const selector = (podSpec.nodeSelector ?? {}) as Record<string, string>;
  for (const [k, v] of Object.entries(selector)) if (labels[k] !== v) return false;
  const required = ((podSpec.affinity as JsonObject | undefined)?.nodeAffinity as JsonObject | undefined)?.requiredDuringSchedulingIgnoredDuringExecution as JsonObject | undefined;
  if (!required) return true;
  const terms = (Array.isArray(required.nodeSelectorTerms) ? required.nodeSelectorTerms : []) as unknown[];
  return nodeSelectorMatches(terms, { name: nameOf(node), labels });
}

/** NodeShouldRunDaemonPod: the template's pod (with the daemon tolerations) against the node. */
export function nodeShouldRunDaemonPod(node: JsonObject, ds: JsonObject): Eligibility {
  const podSpec = structuredClone((templateOf(ds).spec ?? {}) as JsonObject);
  const wanted = podSpec.nodeName;
  if (typeof wanted === "string" && wanted !== "" && wanted !== nameOf(node)) return { shouldRun: false, shouldContinueRunning: false };
  addDaemonTolerations(podSpec);
  if (!fitsNodeAffinity(podSpec, node)) return { shouldRun: false, shouldContinueRunning: false };
  const taints = parseTaints(spec(node).taints);
  const tolerations = tolerationsOf(podSpec);
  if (untolerated(taints, tolerations, ["NoSchedule", "NoExecute"])) {
    // Pods already there keep running unless a NoExecute taint would evict them.
    return { shouldRun: false, shouldContinueRunning: !untolerated(taints, tolerations, ["NoExecute"]) };
  }
  return { shouldRun: true, shouldContinueRunning: true };
}

/** nodeInSameCondition: the same set of condition types with status True. */
function sameTrueConditions(old: unknown, cur: unknown): boolean {
  const trueTypes = (v: unknown) =>
    ((Array.isArray(v) ? v : []) as JsonObject[])
      .filter((c) => c.status === "True")
      .map((c) => String(c.type))
      .sort()
      .join("\u0000");
  return trueTypes(old) === trueTypes(cur);
}

/** shouldIgnoreNodeUpdate: only the resourceVersion or the conditions' details changed. */
export function shouldIgnoreNodeUpdate(old: JsonObject, cur: JsonObject): boolean {
  if (!sameTrueConditions(status(old).conditions, status(cur).conditions)) return false;
  const strip = (n: JsonObject) => {
    const c = structuredClone(n);
    delete meta(c).resourceVersion;
    delete (c.status as JsonObject | undefined)?.conditions;
    return c;
  };
  return semanticEqual(strip(old), strip(cur));
}
