// What an object uses of a ResourceQuota, as kube's quota evaluators count it (pkg/quota/v1/evaluator/core
// and the apiserver's generic object-count evaluator), shared by the ResourceQuota admission plugin and
// the quota controller:
// - pods: count/pods always; pods, cpu/memory/ephemeral-storage requests (also as requests.*) and limits
//   (limits.*), hugepages and extended resources only while the pod is not terminal; scopes apply;
// - services: count/services, services, services.nodeports, services.loadbalancers;
// - persistentvolumeclaims: count, persistentvolumeclaims, requests.storage, and per storage class;
// - anything else: `count/<resource>[.<group>]` (configmaps, secrets, replicationcontrollers and
//   resourcequotas also under their plain names), 1 per object, on create only, never under a scope.
import type { JsonObject, ResourceType } from "../../registry/types";
import { compareQuantities, sumQuantities } from "../../validation/quantity";
import { selectorMatches } from "../../validation/label-selector";
import { isObject, mapOf, objects, str } from "../../validation/values";

export type Usage = Record<string, string>;

export interface Evaluator {
  /** Whether this evaluator counts the quota resource `name`. */
  matches(name: string): boolean;
  /** Whether an operation on this resource (and subresource) is checked at admission. */
  handles(operation: "CREATE" | "UPDATE", subresource: string): boolean;
  /** What one object uses, at `nowMs` (a pod past its deletion grace counts no more). */
  usage(obj: JsonObject, nowMs: number): Usage;
  /** Whether the object falls under every scope of `quota`; evaluators without scopes match only unscoped quotas. */
  matchesScopes(quota: JsonObject, obj: JsonObject): boolean;
}

/** Resources the apiserver never charges (reviews, events, bindings). */
const IGNORED = new Set(["/bindings", "/componentstatuses", "/events", "events.k8s.io/events", "authentication.k8s.io/tokenreviews", "authentication.k8s.io/selfsubjectreviews", "authorization.k8s.io/subjectaccessreviews", "authorization.k8s.io/selfsubjectaccessreviews", "authorization.k8s.io/localsubjectaccessreviews", "authorization.k8s.io/selfsubjectrulesreviews"]);
const LEGACY_COUNTS = new Set(["configmaps", "secrets", "replicationcontrollers", "resourcequotas"]);

/** `count/<resource>` for the core group, `count/<resource>.<group>` otherwise. */
export const objectCountName = (rt: Pick<ResourceType, "group" | "plural">) => (rt.group ? `count/${rt.plural}.${rt.group}` : `count/${rt.plural}`);

const scopesOf = (quota: JsonObject) => [
  ...((mapOf(quota.spec).scopes as string[] | undefined) ?? []).map((scopeName) => ({ scopeName, operator: "Exists", values: [] as string[] })),
  ...objects(mapOf(mapOf(quota.spec).scopeSelector).matchExpressions).map((e) => ({ scopeName: str(e.scopeName), operator: str(e.operator), values: (e.values as string[] | undefined) ?? [] })),
];
const unscoped = (quota: JsonObject) => scopesOf(quota).length === 0;

// ---- pods ----

const POD_RESOURCES = new Set(["count/pods", "pods", "cpu", "memory", "ephemeral-storage", "requests.cpu", "requests.memory", "requests.ephemeral-storage", "limits.cpu", "limits.memory", "limits.ephemeral-storage"]);
const NATIVE = (name: string) => !name.includes("/") || name.split("/")[0]!.endsWith("kubernetes.io");

/** Whether a pod still uses what it asked for: not terminal, and not past its deletion grace. */
export function podCounts(pod: JsonObject, nowMs: number): boolean {
  const phase = mapOf(pod.status).phase;
  if (phase === "Succeeded" || phase === "Failed") return false;
  const meta = mapOf(pod.metadata);
  const deletedAt = Date.parse(str(meta.deletionTimestamp));
  if (Number.isFinite(deletedAt) && typeof meta.deletionGracePeriodSeconds === "number" && nowMs > deletedAt + meta.deletionGracePeriodSeconds * 1000) return false;
  return true;
}

const resourcesOf = (c: JsonObject, field: "requests" | "limits"): Record<string, unknown> => {
  const v = mapOf(c.resources)[field];
  return isObject(v) ? v : {};
};

/**
 * component-helpers' PodRequests / PodLimits: containers summed with sidecars (init containers with
 * restartPolicy Always); each regular init container with the sidecars started before it; the larger
 * of the two per resource; overhead on top (for limits only where a limit is set).
 */
export function podResources(spec: JsonObject, field: "requests" | "limits"): Record<string, string> {
  const total = new Map<string, unknown[]>();
  const add = (into: Map<string, unknown[]>, list: Record<string, unknown>) => {
    for (const [k, v] of Object.entries(list)) into.set(k, [...(into.get(k) ?? []), v]);
  };
  for (const c of objects(spec.containers)) add(total, resourcesOf(c, field));
  const sidecars = new Map<string, unknown[]>();
  const inits: Record<string, string>[] = [];
  for (const c of objects(spec.initContainers)) {
    if (c.restartPolicy === "Always") {
      add(sidecars, resourcesOf(c, field));
      add(total, resourcesOf(c, field));
      continue;
    }
    const withSidecars = new Map(sidecars);
    add(withSidecars, resourcesOf(c, field));
    inits.push(Object.fromEntries([...withSidecars].map(([k, v]) => [k, sumQuantities(v)])));
  }
  const out: Record<string, string> = Object.fromEntries([...total].map(([k, v]) => [k, sumQuantities(v)]));
  for (const init of inits) {
    for (const [k, v] of Object.entries(init)) if (!(k in out) || compareQuantities(v, out[k]) > 0) out[k] = v;
  }
  const overhead = isObject(spec.overhead) ? spec.overhead : {};
  for (const [k, v] of Object.entries(overhead)) {
    if (field === "requests" || (k in out && out[k] !== "0")) out[k] = sumQuantities([out[k] ?? "0", v]);
  }
  return out;
}

function podUsage(pod: JsonObject, nowMs: number): Usage {
  const usage: Usage = { "count/pods": "1" };
  if (!podCounts(pod, nowMs)) return usage;
  usage.pods = "1";
  const spec = mapOf(pod.spec);
  const requests = podResources(spec, "requests");
  const limits = podResources(spec, "limits");
  for (const r of ["cpu", "memory", "ephemeral-storage"]) {
    if (r in requests) usage[r] = usage[`requests.${r}`] = requests[r]!;
    if (r in limits) usage[`limits.${r}`] = limits[r]!;
  }
  for (const [k, v] of Object.entries(requests)) {
    if (k.startsWith("hugepages-")) usage[k] = usage[`requests.${k}`] = v;
    else if (!NATIVE(k)) usage[`requests.${k}`] = v;
  }
  return usage;
}

/** v1qos.GetPodQOS == BestEffort: no container asks for or limits cpu or memory. */
function bestEffort(pod: JsonObject): boolean {
  const spec = mapOf(pod.spec);
  return [...objects(spec.containers), ...objects(spec.initContainers)].every((c) =>
    ["requests", "limits"].every((f) => !Object.keys(resourcesOf(c, f as "requests" | "limits")).some((k) => k === "cpu" || k === "memory")),
  );
}

function crossNamespaceAffinity(pod: JsonObject): boolean {
  const affinity = mapOf(mapOf(pod.spec).affinity);
  return ["podAffinity", "podAntiAffinity"].some((kind) => {
    const a = mapOf(affinity[kind]);
    const terms = [...objects(a.requiredDuringSchedulingIgnoredDuringExecution), ...objects(a.preferredDuringSchedulingIgnoredDuringExecution).map((w) => mapOf(w.podAffinityTerm))];
    return terms.some((t) => ((t.namespaces as unknown[] | undefined) ?? []).length > 0 || t.namespaceSelector !== undefined);
  });
}

function podMatchesScope(pod: JsonObject, scope: { scopeName: string; operator: string; values: string[] }): boolean {
  const spec = mapOf(pod.spec);
  const terminating = typeof spec.activeDeadlineSeconds === "number" && spec.activeDeadlineSeconds >= 0;
  switch (scope.scopeName) {
    case "Terminating":
      return terminating;
    case "NotTerminating":
      return !terminating;
    case "BestEffort":
      return bestEffort(pod);
    case "NotBestEffort":
      return !bestEffort(pod);
    case "CrossNamespacePodAffinity":
      return crossNamespaceAffinity(pod);
    case "PriorityClass": {
      const className = str(spec.priorityClassName);
      if (scope.operator === "Exists") return className !== "";
      const labels: Record<string, string> = className ? { PriorityClass: className } : {};
      return selectorMatches({ matchExpressions: [{ key: "PriorityClass", operator: scope.operator, values: scope.values }] }, labels) === true;
    }
    default:
      return false;
  }
}

const podEvaluator: Evaluator = {
  matches: (name) => POD_RESOURCES.has(name) || name.startsWith("hugepages-") || name.startsWith("requests.hugepages-") || (name.startsWith("requests.") && !NATIVE(name.slice(9))),
  handles: (op, sub) => (op === "CREATE" && sub === "") || (op === "UPDATE" && sub === "resize"),
  usage: podUsage,
  matchesScopes: (quota, pod) => scopesOf(quota).every((s) => podMatchesScope(pod, s)),
};

// ---- services ----

const serviceEvaluator: Evaluator = {
  matches: (name) => ["count/services", "services", "services.nodeports", "services.loadbalancers"].includes(name),
  handles: (_op, sub) => sub === "",
  usage: (svc) => {
    const spec = mapOf(svc.spec);
    const ports = objects(spec.ports).length;
    return {
      "count/services": "1",
      services: "1",
      "services.loadbalancers": spec.type === "LoadBalancer" ? "1" : "0",
      "services.nodeports": spec.type === "NodePort" || spec.type === "LoadBalancer" ? String(ports) : "0",
    };
  },
  matchesScopes: (quota) => unscoped(quota),
};

// ---- persistentvolumeclaims ----

const CLASS_SUFFIX = ".storageclass.storage.k8s.io/";
const claimEvaluator: Evaluator = {
  matches: (name) => ["count/persistentvolumeclaims", "persistentvolumeclaims", "requests.storage"].includes(name) || (name.includes(CLASS_SUFFIX) && /\/(persistentvolumeclaims|requests\.storage)$/.test(name)),
  handles: (_op, sub) => sub === "",
  usage: (claim) => {
    const spec = mapOf(claim.spec);
    const className = str(spec.storageClassName) || str(mapOf(mapOf(claim.metadata).annotations)["volume.beta.kubernetes.io/storage-class"]);
    const usage: Usage = { "count/persistentvolumeclaims": "1", persistentvolumeclaims: "1" };
    if (className) usage[`${className}${CLASS_SUFFIX}persistentvolumeclaims`] = "1";
    const requested = mapOf(mapOf(spec.resources).requests).storage;
    const allocated = mapOf(mapOf(claim.status).allocatedResources).storage;
    const storage = allocated !== undefined && compareQuantities(allocated, requested ?? "0") > 0 ? allocated : requested;
    if (storage !== undefined) {
      usage["requests.storage"] = sumQuantities([storage]);
      if (className) usage[`${className}${CLASS_SUFFIX}requests.storage`] = usage["requests.storage"];
    }
    return usage;
  },
  matchesScopes: (quota) => unscoped(quota),
};

// ---- everything else: object counts ----

function objectCountEvaluator(rt: ResourceType): Evaluator {
  const names = new Set([objectCountName(rt), ...(rt.group === "" && LEGACY_COUNTS.has(rt.plural) ? [rt.plural] : [])]);
  return {
    matches: (name) => names.has(name),
    handles: (op, sub) => op === "CREATE" && sub === "",
    usage: () => Object.fromEntries([...names].map((n) => [n, "1"])),
    matchesScopes: (quota) => unscoped(quota),
  };
}

/** The evaluator for a resource type; null for those the quota system ignores. */
export function evaluatorFor(rt: ResourceType): Evaluator | null {
  if (IGNORED.has(`${rt.group}/${rt.plural}`) || !rt.namespaced) return null;
  if (rt.group === "" && rt.plural === "pods") return podEvaluator;
  if (rt.group === "" && rt.plural === "services") return serviceEvaluator;
  if (rt.group === "" && rt.plural === "persistentvolumeclaims") return claimEvaluator;
  return objectCountEvaluator(rt);
}
