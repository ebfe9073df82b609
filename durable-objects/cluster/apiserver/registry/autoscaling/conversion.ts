// autoscaling/v1 ↔ autoscaling/v2 HorizontalPodAutoscaler, as pkg/apis/autoscaling/v1/conversion.go
// does it through the internal type. v2 is the stored form; v1 keeps what it cannot express
// (other metrics, metric statuses, conditions, behavior) in autoscaling.alpha.kubernetes.io/*
// annotations so that a v1 read-modify-write round-trips.
import { isObject, objects } from "../../validation/values";
import type { JsonObject } from "../types";

export const ANNOTATIONS = {
  metrics: "autoscaling.alpha.kubernetes.io/metrics",
  currentMetrics: "autoscaling.alpha.kubernetes.io/current-metrics",
  conditions: "autoscaling.alpha.kubernetes.io/conditions",
  behavior: "autoscaling.alpha.kubernetes.io/behavior",
};
const ROUND_TRIP = Object.values(ANNOTATIONS);

export const DEFAULT_CPU_UTILIZATION = 80;

type Json = JsonObject;
const obj = (v: unknown): Json => (isObject(v) ? v : {});
/** Copies the keys present in `from` (under new names) into a fresh object. */
function pick(from: Json, names: Record<string, string>): Json {
  const out: Json = {};
  for (const [to, key] of Object.entries(names)) if (from[key] !== undefined) out[to] = from[key];
  return out;
}

/** The cpu utilization metric v1's targetCPUUtilizationPercentage stands for. */
export const cpuUtilizationMetric = (percent: number): Json => ({
  type: "Resource",
  resource: { name: "cpu", target: { type: "Utilization", averageUtilization: percent } },
});

// ---- metric sources: v2 shape ↔ v1 (v2beta1-like) shape used in the annotation ----

function metricToV1(m: Json): Json {
  const out: Json = { type: m.type };
  const target = (s: Json) => obj(s.target);
  if (isObject(m.resource)) out.resource = { name: m.resource.name, ...pick(target(m.resource), { targetAverageUtilization: "averageUtilization", targetAverageValue: "averageValue" }) };
  if (isObject(m.containerResource)) {
    const s = m.containerResource;
    out.containerResource = { name: s.name, ...pick(target(s), { targetAverageUtilization: "averageUtilization", targetAverageValue: "averageValue" }), container: s.container };
  }
  if (isObject(m.pods)) {
    const s = m.pods;
    out.pods = { metricName: obj(s.metric).name, targetAverageValue: target(s).averageValue ?? "0", ...pick(obj(s.metric), { selector: "selector" }) };
  }
  if (isObject(m.object)) {
    const s = m.object;
    out.object = {
      target: s.describedObject,
      metricName: obj(s.metric).name,
      targetValue: target(s).value ?? "0",
      ...pick(obj(s.metric), { selector: "selector" }),
      ...pick(target(s), { averageValue: "averageValue" }),
    };
  }
  if (isObject(m.external)) {
    const s = m.external;
    out.external = { metricName: obj(s.metric).name, ...pick(obj(s.metric), { metricSelector: "selector" }), ...pick(target(s), { targetValue: "value", targetAverageValue: "averageValue" }) };
  }
  return out;
}

function metricFromV1(m: Json): Json {
  const out: Json = { type: m.type };
  const metric = (s: Json, selectorKey: string): Json => ({ name: s.metricName, ...pick(s, { selector: selectorKey }) });
  if (isObject(m.resource)) {
    const s = m.resource;
    out.resource = { name: s.name, target: { type: s.targetAverageUtilization === undefined ? "AverageValue" : "Utilization", ...pick(s, { averageValue: "targetAverageValue", averageUtilization: "targetAverageUtilization" }) } };
  }
  if (isObject(m.containerResource)) {
    const s = m.containerResource;
    out.containerResource = {
      name: s.name,
      container: s.container,
      target: { type: s.targetAverageUtilization === undefined ? "AverageValue" : "Utilization", ...pick(s, { averageValue: "targetAverageValue", averageUtilization: "targetAverageUtilization" }) },
    };
  }
  if (isObject(m.pods)) out.pods = { metric: metric(m.pods, "selector"), target: { type: "AverageValue", averageValue: m.pods.targetAverageValue } };
  if (isObject(m.object)) {
    const s = m.object;
    out.object = {
      describedObject: s.target,
      metric: metric(s, "selector"),
      target: { type: s.averageValue === undefined ? "Value" : "AverageValue", value: s.targetValue, ...pick(s, { averageValue: "averageValue" }) },
    };
  }
  if (isObject(m.external)) {
    const s = m.external;
    out.external = { metric: metric(s, "metricSelector"), target: { type: s.targetValue === undefined ? "AverageValue" : "Value", ...pick(s, { value: "targetValue", averageValue: "targetAverageValue" }) } };
  }
  return out;
}

function statusToV1(m: Json): Json {
  const out: Json = { type: m.type };
  const current = (s: Json) => obj(s.current);
  if (isObject(m.resource)) out.resource = { name: m.resource.name, ...pick(current(m.resource), { currentAverageUtilization: "averageUtilization" }), currentAverageValue: current(m.resource).averageValue ?? "0" };
  if (isObject(m.containerResource)) {
    const s = m.containerResource;
    out.containerResource = { name: s.name, ...pick(current(s), { currentAverageUtilization: "averageUtilization" }), currentAverageValue: current(s).averageValue ?? "0", container: s.container };
  }
  if (isObject(m.pods)) out.pods = { metricName: obj(m.pods.metric).name, currentAverageValue: current(m.pods).averageValue ?? "0", ...pick(obj(m.pods.metric), { selector: "selector" }) };
  if (isObject(m.object)) {
    const s = m.object;
    out.object = { target: s.describedObject, metricName: obj(s.metric).name, currentValue: current(s).value ?? "0", ...pick(obj(s.metric), { selector: "selector" }), ...pick(current(s), { averageValue: "averageValue" }) };
  }
  if (isObject(m.external)) {
    const s = m.external;
    out.external = { metricName: obj(s.metric).name, ...pick(obj(s.metric), { metricSelector: "selector" }), currentValue: current(s).value ?? "0", ...pick(current(s), { currentAverageValue: "averageValue" }) };
  }
  return out;
}

function statusFromV1(m: Json): Json {
  const out: Json = { type: m.type };
  const metric = (s: Json, selectorKey: string): Json => ({ name: s.metricName, ...pick(s, { selector: selectorKey }) });
  if (isObject(m.resource)) out.resource = { name: m.resource.name, current: pick(m.resource, { averageValue: "currentAverageValue", averageUtilization: "currentAverageUtilization" }) };
  if (isObject(m.containerResource)) {
    const s = m.containerResource;
    out.containerResource = { name: s.name, container: s.container, current: pick(s, { averageValue: "currentAverageValue", averageUtilization: "currentAverageUtilization" }) };
  }
  if (isObject(m.pods)) out.pods = { metric: metric(m.pods, "selector"), current: { averageValue: m.pods.currentAverageValue } };
  if (isObject(m.object)) out.object = { describedObject: m.object.target, metric: metric(m.object, "selector"), current: { value: m.object.currentValue, ...pick(m.object, { averageValue: "averageValue" }) } };
  if (isObject(m.external)) out.external = { metric: metric(m.external, "metricSelector"), current: pick(m.external, { value: "currentValue", averageValue: "currentAverageValue" }) };
  return out;
}

// ---- behavior: kube marshals the internal type (no json tags), so the annotation has Go field names ----

const RULE_FIELDS = [
  ["StabilizationWindowSeconds", "stabilizationWindowSeconds"],
  ["SelectPolicy", "selectPolicy"],
  ["Policies", "policies"],
  ["Tolerance", "tolerance"],
] as const;

function behaviorToAnnotation(b: Json): string {
  const rules = (r: unknown) =>
    isObject(r)
      ? Object.fromEntries(
          RULE_FIELDS.map(([Go, json]) => [Go, json === "policies" ? (Array.isArray(r.policies) ? objects(r.policies).map((p) => ({ Type: p.type, Value: p.value, PeriodSeconds: p.periodSeconds })) : null) : (r[json] ?? null)]),
        )
      : null;
  return JSON.stringify({ ScaleUp: rules(b.scaleUp), ScaleDown: rules(b.scaleDown) });
}

function behaviorFromAnnotation(text: string): Json | undefined {
  try {
    const parsed = JSON.parse(text) as Json;
    const rules = (r: unknown): Json | undefined => {
      if (!isObject(r)) return undefined;
      const out: Json = {};
      for (const [Go, json] of RULE_FIELDS) {
        if (r[Go] === null || r[Go] === undefined) continue;
        out[json] = json === "policies" ? objects(r[Go]).map((p) => ({ type: p.Type, value: p.Value, periodSeconds: p.PeriodSeconds })) : r[Go];
      }
      return out;
    };
    const behavior: Json = {};
    const up = rules(parsed.ScaleUp);
    const down = rules(parsed.ScaleDown);
    if (up) behavior.scaleUp = up;
    if (down) behavior.scaleDown = down;
    return Object.keys(behavior).length > 0 ? behavior : undefined;
  } catch {
    return undefined;
  }
}

/** metadata without the round-trip annotations (DropRoundTripHorizontalPodAutoscalerAnnotations). */
function metadataWithout(meta: unknown): { meta: Json; annotations: Record<string, string> } {
  const m = structuredClone(obj(meta));
  const annotations = { ...(obj(m.annotations) as Record<string, string>) };
  for (const key of ROUND_TRIP) delete annotations[key];
  if (Object.keys(annotations).length > 0) m.annotations = annotations;
  else delete m.annotations;
  return { meta: m, annotations };
}

const parseList = (text: string | undefined): Json[] | undefined => {
  if (text === undefined) return undefined;
  try {
    return objects(JSON.parse(text));
  } catch {
    return undefined;
  }
};

/** The stored autoscaling/v2 object as an autoscaling/v1 client sees it. */
export function hpaV2ToV1(v2: JsonObject): JsonObject {
  const spec = obj(v2.spec);
  const status = obj(v2.status);
  const { meta, annotations } = metadataWithout(v2.metadata);
  const metrics = objects(spec.metrics);
  const isCpuUtilization = (m: Json) => m.type === "Resource" && obj(m.resource).name === "cpu" && obj(obj(m.resource).target).averageUtilization !== undefined;
  const others = metrics.filter((m) => !isCpuUtilization(m)).map(metricToV1);
  const currentMetrics = objects(status.currentMetrics);
  const conditions = objects(status.conditions);
  if (others.length > 0) annotations[ANNOTATIONS.metrics] = JSON.stringify(others);
  if (currentMetrics.length > 0) annotations[ANNOTATIONS.currentMetrics] = JSON.stringify(currentMetrics.map(statusToV1));
  if (conditions.length > 0) annotations[ANNOTATIONS.conditions] = JSON.stringify(conditions);
  if (isObject(spec.behavior)) annotations[ANNOTATIONS.behavior] = behaviorToAnnotation(spec.behavior);
  if (Object.keys(annotations).length > 0) meta.annotations = annotations;

  const v1Spec: Json = { scaleTargetRef: spec.scaleTargetRef, ...pick(spec, { minReplicas: "minReplicas" }), maxReplicas: spec.maxReplicas ?? 0 };
  const cpu = metrics.find((m) => m.type === "Resource" && obj(m.resource).name === "cpu");
  const target = obj(obj(cpu?.resource).target).averageUtilization;
  if (target !== undefined) v1Spec.targetCPUUtilizationPercentage = target;

  const v1Status: Json = {
    ...pick(status, { observedGeneration: "observedGeneration", lastScaleTime: "lastScaleTime" }),
    currentReplicas: status.currentReplicas ?? 0,
    desiredReplicas: status.desiredReplicas ?? 0,
  };
  for (const m of currentMetrics) {
    const current = obj(obj(m.resource).current).averageUtilization;
    if (m.type === "Resource" && obj(m.resource).name === "cpu" && current !== undefined) v1Status.currentCPUUtilizationPercentage = current;
  }
  const out: Json = { apiVersion: "autoscaling/v1", kind: "HorizontalPodAutoscaler", metadata: meta, spec: v1Spec };
  if (v2.status !== undefined) out.status = v1Status;
  return out;
}

/** An autoscaling/v1 object in the stored autoscaling/v2 form (before v2 defaulting). */
export function hpaV1ToV2(v1: JsonObject): JsonObject {
  const spec = obj(v1.spec);
  const status = obj(v1.status);
  const original = obj(obj(v1.metadata).annotations) as Record<string, string>;
  const { meta } = metadataWithout(v1.metadata);

  const metrics: Json[] = (parseList(original[ANNOTATIONS.metrics]) ?? []).map(metricFromV1);
  if (typeof spec.targetCPUUtilizationPercentage === "number") metrics.push(cpuUtilizationMetric(spec.targetCPUUtilizationPercentage));
  // v1 once had an implicit default in the controller; the conversion makes it explicit.
  if (metrics.length === 0) metrics.push(cpuUtilizationMetric(DEFAULT_CPU_UTILIZATION));
  const v2Spec: Json = { scaleTargetRef: spec.scaleTargetRef, ...pick(spec, { minReplicas: "minReplicas" }), maxReplicas: spec.maxReplicas ?? 0, metrics };
  const behaviorText = original[ANNOTATIONS.behavior];
  const behavior = behaviorText === undefined ? undefined : behaviorFromAnnotation(behaviorText);
  if (behavior) v2Spec.behavior = behavior;

  const v2Status: Json = { ...pick(status, { observedGeneration: "observedGeneration", lastScaleTime: "lastScaleTime" }) };
  if (typeof status.currentReplicas === "number" && status.currentReplicas !== 0) v2Status.currentReplicas = status.currentReplicas;
  v2Status.desiredReplicas = status.desiredReplicas ?? 0;
  const fromAnnotation = parseList(original[ANNOTATIONS.currentMetrics]);
  if (fromAnnotation) v2Status.currentMetrics = fromAnnotation.map(statusFromV1);
  else if (typeof status.currentCPUUtilizationPercentage === "number") {
    v2Status.currentMetrics = [{ type: "Resource", resource: { name: "cpu", current: { averageUtilization: status.currentCPUUtilizationPercentage } } }];
  } else v2Status.currentMetrics = null;
  const conditions = parseList(original[ANNOTATIONS.conditions]);
  if (conditions) v2Status.conditions = conditions;

  const out: Json = { apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", metadata: meta, spec: v2Spec };
  if (v1.status !== undefined) out.status = v2Status;
  return out;
}
