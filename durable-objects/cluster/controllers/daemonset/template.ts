// The pods a DaemonSet makes (kube's pkg/controller/daemon/util/daemonset_util.go and controller_utils'
// GetPodFromTemplate): the template plus the daemon tolerations, the revision labels, and a required
// node affinity naming the one node the pod is for, so that the default scheduler places it there.
import type { JsonObject } from "../../apiserver/registry/types";
import { HASH_LABEL, TEMPLATE_GENERATION_LABEL, meta, spec } from "./types";

/** The taints every daemon pod tolerates (AddOrUpdateDaemonPodTolerations), in kube's order. */
const DAEMON_TOLERATIONS: JsonObject[] = [
  // Not evicted by the node lifecycle controller when the node is not ready or unreachable.
  { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute" },
  { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute" },
  // TaintNodesByCondition: daemons run under node pressure and on cordoned nodes.
  { key: "node.kubernetes.io/disk-pressure", operator: "Exists", effect: "NoSchedule" },
  { key: "node.kubernetes.io/memory-pressure", operator: "Exists", effect: "NoSchedule" },
  { key: "node.kubernetes.io/pid-pressure", operator: "Exists", effect: "NoSchedule" },
  { key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" },
];
const NETWORK_UNAVAILABLE: JsonObject = { key: "node.kubernetes.io/network-unavailable", operator: "Exists", effect: "NoSchedule" };

const same = (a: unknown, b: unknown) => (a ?? "") === (b ?? "");

/**
 * v1helper.AddOrUpdateTolerationInPodSpec: a toleration with the same key, operator, value and effect
 * is replaced by `t` (unless already identical); otherwise `t` is appended.
 */
function addOrUpdateToleration(podSpec: JsonObject, t: JsonObject): void {
  const current = (Array.isArray(podSpec.tolerations) ? podSpec.tolerations : []) as JsonObject[];
  let updated = false;
  const next: JsonObject[] = [];
  for (const c of current) {
    if (same(c.key, t.key) && same(c.effect, t.effect) && same(c.operator, t.operator) && same(c.value, t.value)) {
      if (c.tolerationSeconds === undefined || c.tolerationSeconds === null) return; // already there
      next.push({ ...t });
      updated = true;
      continue;
    }
    next.push(c);
  }
  if (!updated) next.push({ ...t });
  podSpec.tolerations = next;
}

/** util.AddOrUpdateDaemonPodTolerations */
export function addDaemonTolerations(podSpec: JsonObject): void {
  for (const t of DAEMON_TOLERATIONS) addOrUpdateToleration(podSpec, t);
  if (podSpec.hostNetwork === true) addOrUpdateToleration(podSpec, NETWORK_UNAVAILABLE);
}

/** util.CreatePodTemplate: a copy of the template with the daemon tolerations and the revision labels. */
export function createPodTemplate(template: JsonObject, generation: number | undefined, hash: string): JsonObject {
  const t = structuredClone(template);
  const s = (t.spec ??= {}) as JsonObject;
  addDaemonTolerations(s);
  const m = (t.metadata ??= {}) as JsonObject;
  const labels = (m.labels ??= {}) as Record<string, string>;
  if (generation !== undefined) labels[TEMPLATE_GENERATION_LABEL] = String(generation);
  if (hash) labels[HASH_LABEL] = hash;
  return t;
}

/**
 * util.ReplaceDaemonSetPodNodeNameNodeAffinity: the required node affinity becomes one term,
 * `metadata.name In [node]`. Like kube, any other required terms are dropped: the controller has already
 * checked them against this node.
 */
export function replaceNodeNameAffinity(podSpec: JsonObject, nodeName: string): void {
  const selector = { nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: [nodeName] }] }] };
  const affinity = (podSpec.affinity ??= {}) as JsonObject;
  const nodeAffinity = (affinity.nodeAffinity ??= {}) as JsonObject;
  nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = selector;
}

/**
 * util.GetTargetNodeName: spec.nodeName once bound, else the node named by the required affinity's
 * `metadata.name In [one]` field term; undefined for a pod that names no single node.
 */
export function targetNodeName(pod: JsonObject): string | undefined {
  const s = spec(pod);
  if (typeof s.nodeName === "string" && s.nodeName) return s.nodeName;
  const required = ((s.affinity as JsonObject | undefined)?.nodeAffinity as JsonObject | undefined)?.requiredDuringSchedulingIgnoredDuringExecution as JsonObject | undefined;
  const terms = (required?.nodeSelectorTerms ?? []) as JsonObject[];
  for (const term of terms) {
    for (const f of (term.matchFields ?? []) as JsonObject[]) {
      if (f.key !== "metadata.name" || f.operator !== "In") continue;
      const values = (f.values ?? []) as string[];
      return values.length === 1 ? values[0] : undefined;
    }
  }
  return undefined;
}

/** controller.GetPodFromTemplate: the pod for `nodeName`, named `<ds>-<random>`, controlled by the DaemonSet. */
export function podForNode(template: JsonObject, ds: JsonObject, ownerRef: JsonObject, nodeName: string): JsonObject {
  const t = structuredClone(template);
  const tmeta = (t.metadata ?? {}) as JsonObject;
  const podSpec = (t.spec ?? {}) as JsonObject;
  replaceNodeNameAffinity(podSpec, nodeName);
  const metadata: JsonObject = { generateName: `${String(meta(ds).name)}-`, namespace: meta(ds).namespace };
  for (const k of ["labels", "annotations", "finalizers"]) if (tmeta[k]) metadata[k] = tmeta[k];
  metadata.ownerReferences = [ownerRef];
  return { apiVersion: "v1", kind: "Pod", metadata, spec: podSpec };
}
