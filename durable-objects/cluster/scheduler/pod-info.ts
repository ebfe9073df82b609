// A pod parsed once into what the scheduler plugins need (PodInfo in kube-scheduler).
import type { JsonObject } from "../apiserver/registry/types";
import { arr, fnv1a, num, obj, objs, str, strMap } from "./json";
import { compileLabelSelector, type CompiledSelector, type Labels } from "./labels";
import { CPU, MEMORY, podRequests, type ResourceList } from "./resources";

export interface Toleration {
  key: string;
  operator: string;
  value: string;
  effect: string;
}

export interface Taint {
  key: string;
  value: string;
  effect: string;
}

export interface HostPort {
  ip: string;
  protocol: string;
  port: number;
}

/** Something that selects pods; `key` identifies equal matchers (memoised per-node counts). */
export interface PodMatcher {
  readonly key: string;
  matches(p: PodInfo): boolean;
}

/** A pod (anti-)affinity term, resolved against the namespace of the pod that declares it. */
export interface AffinityTerm extends PodMatcher {
  topologyKey: string;
}

export interface WeightedAffinityTerm {
  weight: number;
  term: AffinityTerm;
}

export interface SpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: string;
  selector: CompiledSelector;
  minDomains: number;
  nodeAffinityPolicy: string;
  nodeTaintsPolicy: string;
}

export interface PodInfo {
  raw: JsonObject;
  key: string;
  namespace: string;
  name: string;
  uid: string;
  labels: Labels;
  nodeName: string | undefined;
  phase: string;
  terminating: boolean;
  /** uid of the controlling ReplicaSet/ReplicationController/StatefulSet, if any. */
  controllerUid: string | undefined;
  priority: number;
  preemptionPolicy: string;
  requests: ResourceList;
  nonZeroCpu: number;
  nonZeroMemory: number;
  hostPorts: HostPort[];
  tolerations: Toleration[];
  nodeSelector: Record<string, string>;
  /** requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms, undefined when absent. */
  requiredNodeTerms: unknown[] | undefined;
  preferredNodeTerms: { weight: number; preference: unknown }[];
  requiredAffinityTerms: AffinityTerm[];
  requiredAntiAffinityTerms: AffinityTerm[];
  preferredAffinityTerms: WeightedAffinityTerm[];
  preferredAntiAffinityTerms: WeightedAffinityTerm[];
  spreadConstraints: SpreadConstraint[];
  images: string[];
  /** Tie-break seed. */
  hash: number;
}

export const SPREAD_OWNER_KINDS = new Set(["ReplicaSet", "ReplicationController", "StatefulSet"]);

function parseTolerations(v: unknown): Toleration[] {
  return objs(v).map((t) => ({
    key: str(t.key) ?? "",
    operator: str(t.operator) ?? "Equal",
    value: str(t.value) ?? "",
    effect: str(t.effect) ?? "",
  }));
}

export function parseTaints(v: unknown): Taint[] {
  return objs(v).map((t) => ({ key: str(t.key) ?? "", value: str(t.value) ?? "", effect: str(t.effect) ?? "" }));
}

/** The namespaces an affinity term applies to, as a predicate plus a canonical key. */
function termNamespaces(term: JsonObject, podNamespace: string): { key: string; has(ns: string): boolean } {
  const list = arr(term.namespaces).filter((x): x is string => typeof x === "string");
  const nsSel = obj(term.namespaceSelector);
  if (list.length === 0 && !nsSel) return { key: `ns=${podNamespace}`, has: (ns) => ns === podNamespace };
  const set = new Set(list);
  // namespaceSelector is evaluated against the namespace's well-known name label only (no Namespace objects here).
  const sel = nsSel ? compileLabelSelector(nsSel) : undefined;
  const key = `ns=${[...set].sort().join(",")}|nssel=${sel?.key ?? ""}`;
  return { key, has: (ns) => set.has(ns) || (sel?.matches({ "kubernetes.io/metadata.name": ns }) ?? false) };
}

function parseAffinityTerm(term: JsonObject, podNamespace: string, podLabels: Labels): AffinityTerm {
  const ns = termNamespaces(term, podNamespace);
  const extra: Record<string, string> = {};
  for (const k of arr(term.matchLabelKeys)) if (typeof k === "string" && podLabels[k] !== undefined) extra[k] = podLabels[k];
  let selector = compileLabelSelector(term.labelSelector, extra);
  const mismatch = arr(term.mismatchLabelKeys).filter((k): k is string => typeof k === "string" && podLabels[k] !== undefined);
  if (mismatch.length > 0) {
    const base = selector;
    const pairs = mismatch.map((k) => [k, podLabels[k] as string] as const);
    selector = {
      key: `${base.key};${pairs.map(([k, v]) => `${k} NotIn (${v})`).join(";")}`,
      matches: (l) => base.matches(l) && pairs.every(([k, v]) => l[k] !== v),
    };
  }
  const topologyKey = str(term.topologyKey) ?? "";
  return {
    key: `term:${ns.key}|${selector.key}`,
    topologyKey,
    matches: (p) => ns.has(p.namespace) && selector.matches(p.labels),
  };
}

function weighted(v: unknown, ns: string, labels: Labels): WeightedAffinityTerm[] {
  return objs(v).map((w) => ({ weight: num(w.weight) ?? 0, term: parseAffinityTerm(obj(w.podAffinityTerm) ?? {}, ns, labels) }));
}

function parseSpread(v: unknown, labels: Labels): SpreadConstraint[] {
  return objs(v).map((c) => {
    const extra: Record<string, string> = {};
    for (const k of arr(c.matchLabelKeys)) if (typeof k === "string" && labels[k] !== undefined) extra[k] = labels[k];
    return {
      maxSkew: num(c.maxSkew) ?? 1,
      topologyKey: str(c.topologyKey) ?? "",
      whenUnsatisfiable: str(c.whenUnsatisfiable) ?? "DoNotSchedule",
      selector: compileLabelSelector(c.labelSelector, extra),
      minDomains: num(c.minDomains) ?? 1,
      nodeAffinityPolicy: str(c.nodeAffinityPolicy) ?? "Honor",
      nodeTaintsPolicy: str(c.nodeTaintsPolicy) ?? "Ignore",
    };
  });
}

export function podKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

export function parsePod(pod: JsonObject): PodInfo {
  const meta = obj(pod.metadata) ?? {};
  const spec = obj(pod.spec) ?? {};
  const status = obj(pod.status) ?? {};
  const namespace = str(meta.namespace) ?? "default";
  const name = str(meta.name) ?? "";
  const labels = strMap(meta.labels);
  const uid = str(meta.uid) ?? podKey(namespace, name);
  const controller = objs(meta.ownerReferences).find((r) => r.controller === true);
  const controllerUid =
    controller && SPREAD_OWNER_KINDS.has(str(controller.kind) ?? "") ? str(controller.uid) ?? str(controller.name) : undefined;
  const requests = podRequests(spec);
  const nonZero = podRequests(spec, true);
  const hostPorts: HostPort[] = [];
  for (const c of objs(spec.containers)) {
    for (const p of objs(c.ports)) {
      const hp = num(p.hostPort) ?? 0;
      if (hp <= 0) continue;
      hostPorts.push({ ip: str(p.hostIP) || "0.0.0.0", protocol: str(p.protocol) || "TCP", port: hp });
    }
  }
  const affinity = obj(spec.affinity) ?? {};
  const nodeAff = obj(affinity.nodeAffinity) ?? {};
  const required = obj(nodeAff.requiredDuringSchedulingIgnoredDuringExecution);
  const podAff = obj(affinity.podAffinity) ?? {};
  const podAnti = obj(affinity.podAntiAffinity) ?? {};
  const images: string[] = [];
  for (const c of [...objs(spec.initContainers), ...objs(spec.containers)]) {
    const img = str(c.image);
    if (img) images.push(img);
  }
  return {
    raw: pod,
    key: podKey(namespace, name),
    namespace,
    name,
    uid,
    labels,
    nodeName: str(spec.nodeName) || undefined,
    phase: str(status.phase) ?? "",
    terminating: meta.deletionTimestamp !== undefined && meta.deletionTimestamp !== null,
    controllerUid,
    priority: num(spec.priority) ?? 0,
    preemptionPolicy: str(spec.preemptionPolicy) ?? "PreemptLowerPriority",
    requests,
    nonZeroCpu: nonZero.get(CPU) ?? 0,
    nonZeroMemory: nonZero.get(MEMORY) ?? 0,
    hostPorts,
    tolerations: parseTolerations(spec.tolerations),
    nodeSelector: strMap(spec.nodeSelector),
    requiredNodeTerms: required ? arr(required.nodeSelectorTerms) : undefined,
    preferredNodeTerms: objs(nodeAff.preferredDuringSchedulingIgnoredDuringExecution).map((p) => ({
      weight: num(p.weight) ?? 0,
      preference: p.preference,
    })),
    requiredAffinityTerms: objs(podAff.requiredDuringSchedulingIgnoredDuringExecution).map((t) => parseAffinityTerm(t, namespace, labels)),
    requiredAntiAffinityTerms: objs(podAnti.requiredDuringSchedulingIgnoredDuringExecution).map((t) =>
      parseAffinityTerm(t, namespace, labels),
    ),
    preferredAffinityTerms: weighted(podAff.preferredDuringSchedulingIgnoredDuringExecution, namespace, labels),
    preferredAntiAffinityTerms: weighted(podAnti.preferredDuringSchedulingIgnoredDuringExecution, namespace, labels),
    spreadConstraints: parseSpread(spec.topologySpreadConstraints, labels),
    images,
    hash: fnv1a(uid),
  };
}

export function hasAffinity(p: PodInfo): boolean {
  return (
    p.requiredAffinityTerms.length > 0 ||
    p.requiredAntiAffinityTerms.length > 0 ||
    p.preferredAffinityTerms.length > 0 ||
    p.preferredAntiAffinityTerms.length > 0
  );
}

/** v1helper.ToleratesTaint */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect !== "" && t.effect !== taint.effect) return false;
  if (t.key !== "" && t.key !== taint.key) return false;
  switch (t.operator) {
    case "":
    case "Equal":
      return t.value === taint.value;
    case "Exists":
      return true;
    default:
      return false;
  }
}

export function tolerationsTolerate(tols: readonly Toleration[], taint: Taint): boolean {
  return tols.some((t) => toleratesTaint(t, taint));
}
