// LimitRanger (kube's limitranger plugin) for the namespace's LimitRanges, on the creation of pods and
// of PersistentVolumeClaims (pod updates cannot change resources, so they are not checked):
// - mutating: each container (and init container) without a request or limit for a resource gets the
//   Container item's defaultRequest / default, and the pod says so in the `kubernetes.io/limit-ranger`
//   annotation ("LimitRanger plugin set: cpu, memory request for container app; cpu limit for …");
// - validating: Container items' min, max and maxLimitRequestRatio per container, Pod items' against
//   the pod's totals, PersistentVolumeClaim items' against the claim's storage request, refused with
//   kube's texts ("minimum cpu usage per Container is 100m, but request is 50m"), all of them at once.
import { storagePrefix } from "../registry";
import type { JsonObject } from "../registry/types";
import { canonicalQuantity, compareQuantities, parseQuantity, sumQuantities } from "../validation/quantity";
import { isObject, mapOf, objects, str } from "../validation/values";
import { isResource, type AdmissionPlugin, type AdmissionRequest } from "./chain";
import { forbidden } from "./errors";
import { listCached } from "./listers";

export const LIMIT_RANGER_ANNOTATION = "kubernetes.io/limit-ranger";

type ResourceList = Record<string, unknown>;

function limitRanges(req: AdmissionRequest): JsonObject[] {
  const rt = req.ctx.registry.resource("", "v1", "limitranges")!;
  return listCached(req.ctx.store, storagePrefix(rt, req.namespace));
}

const items = (lr: JsonObject, type: string) => objects(mapOf(lr.spec).limits).filter((i) => i.type === type);
const list = (v: unknown): ResourceList => (isObject(v) ? v : {});
const show = (q: unknown) => String(canonicalQuantity(q));

/** One container's defaults from a LimitRange: the merged requests and limits it sets, in kube's words. */
function applyDefaults(container: JsonObject, kind: string, defaults: { requests: ResourceList; limits: ResourceList }): string[] {
  const resources = mapOf(container.resources);
  container.resources = resources;
  const set = (field: "requests" | "limits", from: ResourceList): string[] => {
    const have = list(resources[field]);
    const added: string[] = [];
    for (const [k, v] of Object.entries(from)) {
      if (k in have) continue;
      have[k] = v;
      added.push(k);
    }
    if (added.length > 0) resources[field] = have;
    return added.sort();
  };
  const notes: string[] = [];
  const requests = set("requests", defaults.requests);
  const limits = set("limits", defaults.limits);
  if (requests.length > 0) notes.push(`${requests.join(", ")} request for ${kind} ${str(container.name)}`);
  if (limits.length > 0) notes.push(`${limits.join(", ")} limit for ${kind} ${str(container.name)}`);
  return notes;
}

function admitPod(req: AdmissionRequest): void {
  const spec = mapOf(req.obj.spec);
  for (const lr of limitRanges(req)) {
    const defaults = { requests: {} as ResourceList, limits: {} as ResourceList };
    for (const item of items(lr, "Container")) {
      Object.assign(defaults.requests, list(item.defaultRequest));
      Object.assign(defaults.limits, list(item.default));
    }
    if (Object.keys(defaults.requests).length === 0 && Object.keys(defaults.limits).length === 0) continue;
    const notes = [
      ...objects(spec.containers).flatMap((c) => applyDefaults(c, "container", defaults)),
      ...objects(spec.initContainers).flatMap((c) => applyDefaults(c, "init container", defaults)),
    ];
    if (notes.length === 0) continue;
    const meta = mapOf(req.obj.metadata);
    req.obj.metadata = meta;
    meta.annotations = { ...list(meta.annotations), [LIMIT_RANGER_ANNOTATION]: `LimitRanger plugin set: ${notes.join("; ")}` };
  }
}

/** The value kube compares for a resource: milli-units for cpu, units otherwise. */
const compare = (a: unknown, b: unknown) => compareQuantities(a, b);

function minConstraint(type: string, k: string, min: unknown, requests: ResourceList, limits: ResourceList): string | undefined {
  if (!(k in requests)) return `minimum ${k} usage per ${type} is ${show(min)}.  No request is specified`;
  if (compare(requests[k], min) < 0) return `minimum ${k} usage per ${type} is ${show(min)}, but request is ${show(requests[k])}`;
  if (k in limits && compare(limits[k], min) < 0) return `minimum ${k} usage per ${type} is ${show(min)}, but limit is ${show(limits[k])}`;
  return undefined;
}

function maxConstraint(type: string, k: string, max: unknown, requests: ResourceList, limits: ResourceList): string | undefined {
  if (!(k in limits)) return `maximum ${k} usage per ${type} is ${show(max)}.  No limit is specified`;
  if (compare(limits[k], max) > 0) return `maximum ${k} usage per ${type} is ${show(max)}, but limit is ${show(limits[k])}`;
  if (k in requests && compare(requests[k], max) > 0) return `maximum ${k} usage per ${type} is ${show(max)}, but request is ${show(requests[k])}`;
  return undefined;
}

function ratioConstraint(type: string, k: string, ratio: unknown, requests: ResourceList, limits: ResourceList): string | undefined {
  const [req, lim] = [parseQuantity(requests[k]) ?? 0, parseQuantity(limits[k]) ?? 0];
  if (!(k in requests) || req === 0) return `${k} max limit to request ratio per ${type} is ${show(ratio)}, but no request is specified or request is 0`;
  if (!(k in limits) || lim === 0) return `${k} max limit to request ratio per ${type} is ${show(ratio)}, but no limit is specified or limit is 0`;
  const observed = lim / req;
  if (observed > (parseQuantity(ratio) ?? 0)) return `${k} max limit to request ratio per ${type} is ${show(ratio)}, but provided ratio is ${observed.toFixed(6)}`;
  return undefined;
}

function checkItem(type: string, item: JsonObject, requests: ResourceList, limits: ResourceList): string[] {
  const out: string[] = [];
  for (const k of Object.keys(list(item.min))) out.push(minConstraint(type, k, list(item.min)[k], requests, limits) ?? "");
  for (const k of Object.keys(list(item.max))) out.push(maxConstraint(type, k, list(item.max)[k], requests, limits) ?? "");
  for (const k of Object.keys(list(item.maxLimitRequestRatio))) out.push(ratioConstraint(type, k, list(item.maxLimitRequestRatio)[k], requests, limits) ?? "");
  return out.filter(Boolean);
}

/** The pod's totals: containers summed, each resource at least any one init container's. */
function podTotals(spec: JsonObject, field: "requests" | "limits"): ResourceList {
  const sums: ResourceList = {};
  const of = (c: JsonObject) => list(mapOf(c.resources)[field]);
  const keys = new Set(objects(spec.containers).flatMap((c) => Object.keys(of(c))));
  for (const k of keys) sums[k] = sumQuantities(objects(spec.containers).map((c) => of(c)[k]).filter((v) => v !== undefined));
  for (const init of objects(spec.initContainers)) {
    for (const [k, v] of Object.entries(of(init))) if (!(k in sums) || compare(v, sums[k]) > 0) sums[k] = v;
  }
  return sums;
}

/** A pod's violations of one LimitRange. */
function podViolations(lr: JsonObject, spec: JsonObject): string[] {
  const errs: string[] = [];
  for (const item of items(lr, "Container")) {
    for (const c of [...objects(spec.containers), ...objects(spec.initContainers)]) {
      const res = mapOf(c.resources);
      errs.push(...checkItem("Container", item, list(res.requests), list(res.limits)));
    }
  }
  for (const item of items(lr, "Pod")) errs.push(...checkItem("Pod", item, podTotals(spec, "requests"), podTotals(spec, "limits")));
  return errs;
}

/** A claim's violations of one LimitRange: its storage request against min and max. */
function claimViolations(lr: JsonObject, claim: JsonObject): string[] {
  const requests = list(mapOf(mapOf(claim.spec).resources).requests);
  const errs: string[] = [];
  for (const item of items(lr, "PersistentVolumeClaim")) {
    for (const [k, min] of Object.entries(list(item.min))) errs.push(minConstraint("PersistentVolumeClaim", k, min, requests, {}) ?? "");
    for (const [k, max] of Object.entries(list(item.max))) {
      if (!(k in requests)) errs.push(`maximum ${k} usage per PersistentVolumeClaim is ${show(max)}.  No request is specified`);
      else if (compare(requests[k], max) > 0) errs.push(`maximum ${k} usage per PersistentVolumeClaim is ${show(max)}, but request is ${show(requests[k])}`);
    }
  }
  return errs.filter(Boolean);
}

/** utilerrors.NewAggregate's message: one error as it is, several in brackets (duplicates dropped). */
function aggregate(errs: string[]): string {
  const unique = [...new Set(errs)];
  return unique.length === 1 ? unique[0]! : `[${unique.join(", ")}]`;
}

/** Pod creates, and claim creates and updates; nothing about an object that is being deleted. */
function handles(req: AdmissionRequest): "pod" | "claim" | null {
  if (req.subresource !== "" || str(mapOf(req.old?.metadata).deletionTimestamp)) return null;
  if (req.operation === "CREATE" && isResource(req, "", "pods")) return "pod";
  if (isResource(req, "", "persistentvolumeclaims")) return "claim";
  return null;
}

export const limitRangerPlugin: AdmissionPlugin = {
  name: "LimitRanger",
  admit(req) {
    if (handles(req) === "pod") admitPod(req);
  },
  validate(req) {
    const kind = handles(req);
    if (!kind) return;
    // The first LimitRange the object violates refuses it, with all of that range's reasons.
    for (const lr of limitRanges(req)) {
      const errs = kind === "pod" ? podViolations(lr, mapOf(req.obj.spec)) : claimViolations(lr, req.obj);
      if (errs.length > 0) throw forbidden(req, aggregate(errs));
    }
  },
};
