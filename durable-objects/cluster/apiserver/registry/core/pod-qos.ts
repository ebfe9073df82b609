// status.qosClass of a pod (pkg/apis/core/helper/qos GetPodQOS): BestEffort without any cpu/memory
// requests or limits, Guaranteed when every container limits both and requests equal limits.
import { parseQuantity } from "../../validation/quantity";
import type { JsonObject } from "../types";
import { isObject } from "../../validation/values";

const QOS_RESOURCES = ["cpu", "memory"];

export type QOSClass = "BestEffort" | "Burstable" | "Guaranteed";

export function podQOS(spec: JsonObject): QOSClass {
  const containers = [spec.containers, spec.initContainers].flatMap((l) => (Array.isArray(l) ? l.filter(isObject) : []));
  const requests = new Map<string, number>();
  const limits = new Map<string, number>();
  let guaranteed = true;
  const add = (sums: Map<string, number>, list: JsonObject, found?: Set<string>) => {
    for (const name of QOS_RESOURCES) {
      const v = parseQuantity(list[name]);
      if (v === undefined || v <= 0) continue;
      sums.set(name, (sums.get(name) ?? 0) + v);
      found?.add(name);
    }
  };
  for (const c of containers) {
    const res = isObject(c.resources) ? c.resources : {};
    const lim = isObject(res.limits) ? res.limits : {};
    // Requests default to limits on pods; count them so before and after defaulting agree.
    add(requests, { ...lim, ...(isObject(res.requests) ? res.requests : {}) });
    const found = new Set<string>();
    add(limits, lim, found);
    if (!QOS_RESOURCES.every((r) => found.has(r))) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return "BestEffort";
  if (guaranteed) {
    for (const [name, value] of requests) if (limits.get(name) !== value) guaranteed = false;
  }
  return guaranteed && requests.size === limits.size ? "Guaranteed" : "Burstable";
}
