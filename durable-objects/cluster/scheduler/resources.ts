// Pod resource requests as kube-scheduler computes them (component-helpers resource.PodRequests):
// containers summed, init containers' max, sidecars (restartPolicy: Always init containers) added and
// carried into later init containers, pod overhead added. Units: cpu in millicores, everything else in
// its base unit (bytes, count).
import { parseQuantity } from "../apiserver/validation/quantity";
import { obj, objs, str } from "./json";

export type ResourceList = Map<string, number>;

export const CPU = "cpu";
export const MEMORY = "memory";
export const EPHEMERAL_STORAGE = "ephemeral-storage";
export const PODS = "pods";

/** Defaults for containers that do not request cpu/memory, used for scoring only (non-zero requests). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

/** Converts a quantity to the scheduler's integer unit for `resource` (rounding up, as Quantity.Value/MilliValue do). */
export function quantityValue(resource: string, q: unknown): number | undefined {
  const v = parseQuantity(q);
  if (v === undefined) return undefined;
  return resource === CPU ? Math.ceil(v * 1000 - 1e-9) : Math.ceil(v - 1e-9);
}

export function parseResourceList(v: unknown): ResourceList {
  const out: ResourceList = new Map();
  const o = obj(v);
  if (!o) return out;
  for (const [k, q] of Object.entries(o)) {
    const n = quantityValue(k, q);
    if (n !== undefined) out.set(k, n);
  }
  return out;
}

function add(into: ResourceList, from: ResourceList): void {
  for (const [k, v] of from) into.set(k, (into.get(k) ?? 0) + v);
}

function maxInto(into: ResourceList, from: ResourceList): void {
  for (const [k, v] of from) into.set(k, Math.max(v, into.get(k) ?? v));
}

/** A container's requests; a resource with a limit but no request is requested at its limit (API defaulting). */
export function containerRequests(c: unknown, nonZeroDefaults = false): ResourceList {
  const res = obj(obj(c)?.resources);
  const reqs = parseResourceList(res?.requests);
  const limits = parseResourceList(res?.limits);
  for (const [k, v] of limits) if (!reqs.has(k)) reqs.set(k, v);
  if (nonZeroDefaults) {
    if (!reqs.has(CPU)) reqs.set(CPU, DEFAULT_MILLI_CPU_REQUEST);
    if (!reqs.has(MEMORY)) reqs.set(MEMORY, DEFAULT_MEMORY_REQUEST);
  }
  return reqs;
}

/** Effective pod requests. With `nonZeroDefaults`, missing cpu/memory container requests count as 100m/200Mi. */
export function podRequests(spec: unknown, nonZeroDefaults = false): ResourceList {
  const s = obj(spec) ?? {};
  const reqs: ResourceList = new Map();
  for (const c of objs(s.containers)) add(reqs, containerRequests(c, nonZeroDefaults));
  const sidecars: ResourceList = new Map();
  const initMax: ResourceList = new Map();
  for (const c of objs(s.initContainers)) {
    const cr = containerRequests(c, nonZeroDefaults);
    let effective: ResourceList;
    if (str(c.restartPolicy) === "Always") {
      add(reqs, cr);
      add(sidecars, cr);
      effective = new Map(sidecars);
    } else {
      effective = new Map(cr);
      add(effective, sidecars);
    }
    maxInto(initMax, effective);
  }
  maxInto(reqs, initMax);
  add(reqs, parseResourceList(s.overhead));
  return reqs;
}
