// validateHorizontalPodAutoscalerSpec on the autoscaling/v2 form (v1 objects are converted first,
// so their errors carry the same spec.metrics[…] paths as on a real cluster).
import type { StatusCause } from "../../status";
import { fieldErr } from "../../validation/field-errors";
import { pathSegmentErrors } from "../../validation/path-segment";
import { parseQuantity } from "../../validation/quantity";
import { isObject, list, objects, str } from "../../validation/values";
import type { JsonObject } from "../types";

const SOURCE_TYPES = ["Object", "Pods", "Resource", "External", "ContainerResource"];
const SOURCE_FIELDS: Record<string, string> = { Object: "object", Pods: "pods", Resource: "resource", External: "external", ContainerResource: "containerResource" };
const TARGET_TYPES = ["Utilization", "Value", "AverageValue"];
const MAX_PERIOD_SECONDS = 1800;
const MAX_STABILIZATION_WINDOW_SECONDS = 3600;

function validateReference(ref: unknown, path: string): StatusCause[] {
  const r = isObject(ref) ? ref : {};
  const causes: StatusCause[] = [];
  for (const key of ["kind", "name"]) {
    const value = str(r[key]);
    if (!value) causes.push(fieldErr.required(`${path}.${key}`));
    else for (const msg of pathSegmentErrors(value)) causes.push(fieldErr.invalid(`${path}.${key}`, value, msg));
  }
  return causes;
}

function validateTarget(target: JsonObject, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  if (!str(target.type)) causes.push(fieldErr.required(`${path}.type`, "must specify a metric target type"));
  if (!TARGET_TYPES.includes(str(target.type))) causes.push(fieldErr.invalid(`${path}.type`, str(target.type), "must be either Utilization, Value, or AverageValue"));
  for (const key of ["value", "averageValue"]) {
    const v = target[key];
    if (v !== undefined && v !== null && !((parseQuantity(v) ?? 0) > 0)) causes.push(fieldErr.invalid(`${path}.${key}`, v, "must be positive"));
  }
  if (typeof target.averageUtilization === "number" && target.averageUtilization < 1) {
    causes.push(fieldErr.invalid(`${path}.averageUtilization`, target.averageUtilization, "must be greater than 0"));
  }
  return causes;
}

function validateSource(type: string, src: JsonObject, path: string): StatusCause[] {
  const target = isObject(src.target) ? src.target : {};
  const causes = validateTarget(target, `${path}.target`);
  if (type === "Resource" || type === "ContainerResource") {
    if (!str(src.name)) causes.unshift(fieldErr.required(`${path}.name`, "must specify a resource name"));
    if (type === "ContainerResource" && !str(src.container)) causes.push(fieldErr.required(`${path}.container`, "must specify a container"));
    const utilization = target.averageUtilization !== undefined && target.averageUtilization !== null;
    const value = target.averageValue !== undefined && target.averageValue !== null;
    if (!utilization && !value) causes.push(fieldErr.required(`${path}.target.averageUtilization`, "must set either a target raw value or a target utilization"));
    if (utilization && value) causes.push(fieldErr.forbidden(`${path}.target.averageValue`, "may not set both a target raw value and a target utilization"));
    return causes;
  }
  const metric = isObject(src.metric) ? src.metric : {};
  if (!str(metric.name)) causes.unshift(fieldErr.required(`${path}.metric.name`, "must specify a metric name"));
  if (type === "Object") causes.unshift(...validateReference(src.describedObject, `${path}.describedObject`));
  if (type === "Pods" && (target.averageValue === undefined || target.averageValue === null)) {
    causes.push(fieldErr.required(`${path}.target.averageValue`, "must specify a positive target averageValue"));
  }
  return causes;
}

function validateMetric(m: JsonObject, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const type = str(m.type);
  if (!type) causes.push(fieldErr.required(`${path}.type`, "must specify a metric source type"));
  if (!SOURCE_TYPES.includes(type)) causes.push(fieldErr.notSupported(`${path}.type`, type, SOURCE_TYPES));
  const present = Object.values(SOURCE_FIELDS).filter((key) => isObject(m[key]));
  if (present.length === 1) causes.push(...validateSource(type, m[present[0]!] as JsonObject, `${path}.${present[0]}`));
  const expected = SOURCE_FIELDS[type];
  if (expected && !isObject(m[expected])) causes.push(fieldErr.required(`${path}.${expected}`, "must populate information for the given metric source"));
  if (present.length !== 1) for (const key of present.filter((k) => k !== expected)) causes.push(fieldErr.forbidden(`${path}.${key}`, "must populate the given metric source only"));
  return causes;
}

function validateRules(rules: unknown, path: string): StatusCause[] {
  if (!isObject(rules)) return [];
  const causes: StatusCause[] = [];
  const window = rules.stabilizationWindowSeconds;
  if (typeof window === "number" && window < 0) causes.push(fieldErr.invalid(`${path}.stabilizationWindowSeconds`, window, "must be greater than or equal to zero"));
  if (typeof window === "number" && window > MAX_STABILIZATION_WINDOW_SECONDS) {
    causes.push(fieldErr.invalid(`${path}.stabilizationWindowSeconds`, window, `must be less than or equal to ${MAX_STABILIZATION_WINDOW_SECONDS}`));
  }
  if (rules.selectPolicy !== undefined && !["Max", "Min", "Disabled"].includes(str(rules.selectPolicy))) {
    causes.push(fieldErr.notSupported(`${path}.selectPolicy`, rules.selectPolicy, ["Disabled", "Max", "Min"]));
  }
  if (list(rules.policies).length === 0) causes.push(fieldErr.required(`${path}.policies`, "must specify at least one Policy"));
  objects(rules.policies).forEach((p, i) => {
    const pp = `${path}.policies[${i}]`;
    if (p.type !== "Pods" && p.type !== "Percent") causes.push(fieldErr.notSupported(`${pp}.type`, p.type ?? "", ["Percent", "Pods"]));
    const value = typeof p.value === "number" ? p.value : 0;
    if (value <= 0) causes.push(fieldErr.invalid(`${pp}.value`, value, "must be greater than zero"));
    const period = typeof p.periodSeconds === "number" ? p.periodSeconds : 0;
    if (period <= 0) causes.push(fieldErr.invalid(`${pp}.periodSeconds`, period, "must be greater than zero"));
    if (period > MAX_PERIOD_SECONDS) causes.push(fieldErr.invalid(`${pp}.periodSeconds`, period, `must be less than or equal to ${MAX_PERIOD_SECONDS}`));
  });
  return causes;
}

/** ValidateHorizontalPodAutoscaler (spec part), on a defaulted autoscaling/v2 object. */
export function validateHPA(obj: JsonObject): StatusCause[] {
  const spec = isObject(obj.spec) ? obj.spec : {};
  const causes: StatusCause[] = [];
  const min = spec.minReplicas;
  if (typeof min === "number" && min < 1) causes.push(fieldErr.invalid("spec.minReplicas", min, "must be greater than or equal to 1"));
  const max = typeof spec.maxReplicas === "number" ? spec.maxReplicas : 0;
  if (max < 1) causes.push(fieldErr.invalid("spec.maxReplicas", max, "must be greater than 0"));
  if (typeof min === "number" && max < min) causes.push(fieldErr.invalid("spec.maxReplicas", max, "must be greater than or equal to `minReplicas`"));
  causes.push(...validateReference(spec.scaleTargetRef, "spec.scaleTargetRef"));
  objects(spec.metrics).forEach((m, i) => causes.push(...validateMetric(m, `spec.metrics[${i}]`)));
  if (isObject(spec.behavior)) {
    causes.push(...validateRules(spec.behavior.scaleUp, "spec.behavior.scaleUp"), ...validateRules(spec.behavior.scaleDown, "spec.behavior.scaleDown"));
  }
  return causes;
}
