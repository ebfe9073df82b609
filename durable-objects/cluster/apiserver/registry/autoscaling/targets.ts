// The TARGETS cell of `kubectl get hpa` (formatHPAMetrics): "cpu: 42%/80%", "<unknown>" until the
// controller reports a value, at most two metrics then "+ N more...".
import { canonicalQuantity } from "../../validation/quantity";
import { isObject, objects, str } from "../../validation/values";
import type { JsonObject } from "../types";

const MAX = 2;
const q = (v: unknown) => String(canonicalQuantity(v ?? "0"));
const source = (m: JsonObject, key: string): JsonObject => (isObject(m[key]) ? (m[key] as JsonObject) : {});
const field = (m: JsonObject, key: string, part: string): JsonObject => source(source(m, key), part);

function resourceTarget(spec: JsonObject, status: JsonObject | undefined, key: "resource" | "containerResource"): string {
  const name = str(source(spec, key).name);
  const target = field(spec, key, "target");
  const current = status && isObject(status[key]) ? field(status, key, "current") : undefined;
  if (target.averageValue !== undefined && target.averageValue !== null) {
    return `${name}: ${current ? q(current.averageValue) : "<unknown>"}/${q(target.averageValue)}`;
  }
  const now = current && typeof current.averageUtilization === "number" ? `${current.averageUtilization}%` : "<unknown>";
  const want = typeof target.averageUtilization === "number" ? `${target.averageUtilization}%` : "<auto>";
  return `${name}: ${now}/${want}`;
}

function valueTarget(spec: JsonObject, status: JsonObject | undefined, key: "object" | "external"): string {
  const target = field(spec, key, "target");
  const current = status && isObject(status[key]) ? field(status, key, "current") : undefined;
  if (target.averageValue !== undefined && target.averageValue !== null) {
    const now = current && current.averageValue !== undefined && current.averageValue !== null ? q(current.averageValue) : "<unknown>";
    return `${now}/${q(target.averageValue)} (avg)`;
  }
  return `${current ? q(current.value) : "<unknown>"}/${q(target.value)}`;
}

export function formatHPAMetrics(specs: unknown, statuses: unknown): string {
  const list = objects(specs);
  if (list.length === 0) return "<none>";
  const current = objects(statuses);
  const parts = list.map((spec, i) => {
    const status = current[i];
    switch (spec.type) {
      case "External":
        return valueTarget(spec, status, "external");
      case "Object":
        return valueTarget(spec, status, "object");
      case "Pods":
        return `${status && isObject(status.pods) ? q(field(status, "pods", "current").averageValue) : "<unknown>"}/${q(field(spec, "pods", "target").averageValue)}`;
      case "Resource":
        return resourceTarget(spec, status, "resource");
      case "ContainerResource":
        return resourceTarget(spec, status, "containerResource");
      default:
        return "<unknown type>";
    }
  });
  if (parts.length <= MAX) return parts.join(", ");
  return `${parts.slice(0, MAX).join(", ")} + ${parts.length - MAX} more...`;
}
