// autoscaling/v2 HorizontalPodAutoscaler, the stored form of every HPA: SetDefaults_HorizontalPodAutoscaler
// (cpu 80% when no metrics, scaling rules when a behavior is given), the strategy and printHorizontalPodAutoscaler.
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import { modelSchema } from "../../validation/schema";
import { child, isObject, list, num, str, unset } from "../../validation/values";
import { STATUS, ageColumn, at, column, defineResource, nameColumn } from "../define";
import type { JsonObject, PrinterColumn } from "../types";
import { resetStatus } from "../apps/workload";
import { DEFAULT_CPU_UTILIZATION, cpuUtilizationMetric } from "./conversion";
import { formatHPAMetrics } from "./targets";
import { validateHPA } from "./validation";

const SCALE_UP = { stabilizationWindowSeconds: 0, selectPolicy: "Max", policies: [{ type: "Pods", value: 4, periodSeconds: 15 }, { type: "Percent", value: 100, periodSeconds: 15 }] };
const SCALE_DOWN = { selectPolicy: "Max", policies: [{ type: "Percent", value: 100, periodSeconds: 15 }] };

/** GenerateHPAScaleUpRules / GenerateHPAScaleDownRules: the defaults overlaid with what was given. */
function scalingRules(given: unknown, defaults: JsonObject): JsonObject {
  const out = structuredClone(defaults);
  if (!isObject(given)) return out;
  for (const key of ["selectPolicy", "stabilizationWindowSeconds", "policies", "tolerance"]) if (given[key] !== undefined && given[key] !== null) out[key] = given[key];
  return out;
}

/** SetDefaults_HorizontalPodAutoscaler (autoscaling/v2). */
export function defaultHPAv2(obj: JsonObject): void {
  const spec = child(obj, "spec");
  if (unset(spec.minReplicas)) spec.minReplicas = 1;
  if (list(spec.metrics).length === 0) spec.metrics = [cpuUtilizationMetric(DEFAULT_CPU_UTILIZATION)];
  if (isObject(spec.behavior)) {
    spec.behavior.scaleUp = scalingRules(spec.behavior.scaleUp, SCALE_UP);
    spec.behavior.scaleDown = scalingRules(spec.behavior.scaleDown, SCALE_DOWN);
  }
}

/** The HPAConfigurableTolerance gate is off in 1.33: tolerances are dropped unless already in use. */
export function dropTolerance(obj: JsonObject, old?: JsonObject): void {
  const inUse = (o: JsonObject) => ["scaleUp", "scaleDown"].some((k) => at(o, `spec.behavior.${k}.tolerance`) !== undefined);
  if (old && inUse(old)) return;
  for (const k of ["scaleUp", "scaleDown"]) {
    const rules = at(obj, `spec.behavior.${k}`);
    if (isObject(rules)) delete rules.tolerance;
  }
}

/** NAME REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE, read from the autoscaling/v2 form. */
export const hpaColumns: PrinterColumn[] = [
  nameColumn,
  column("Reference", (o) => `${str(at(o, "spec.scaleTargetRef.kind"))}/${str(at(o, "spec.scaleTargetRef.name"))}`, {
    description:
      "scaleTargetRef points to the target resource to scale, and is used to the pods for which metrics should be collected, as well as to actually change the replica count.",
  }),
  column("Targets", (o) => formatHPAMetrics(at(o, "spec.metrics"), at(o, "status.currentMetrics")), {
    description:
      "metrics contains the specifications for which to use to calculate the desired replica count (the maximum replica count across all metrics will be used).  The desired replica count is calculated multiplying the ratio between the target value and the current value by the current number of pods.  Ergo, metrics used must decrease as the pod count is increased, and vice-versa.  See the individual metric source types for more information about how each type of metric must respond.",
  }),
  column("MinPods", (o) => (typeof at(o, "spec.minReplicas") === "number" ? String(at(o, "spec.minReplicas")) : "<unset>"), {
    description:
      "minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.  It defaults to 1 pod.  minReplicas is allowed to be 0 if the alpha feature gate HPAScaleToZero is enabled and at least one Object or External metric is configured.  Scaling is active as long as at least one metric value is available.",
  }),
  column("MaxPods", (o) => num(at(o, "spec.maxReplicas")), {
    description: "maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up. It cannot be less that minReplicas.",
  }),
  column("Replicas", (o) => num(at(o, "status.currentReplicas")), {
    description: "currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler.",
  }),
  ageColumn,
];

export const horizontalpodautoscalers = defineResource({
  group: "autoscaling",
  version: "v2",
  kind: "HorizontalPodAutoscaler",
  namespaced: true,
  shortNames: ["hpa"],
  categories: ["all"],
  subresources: [STATUS],
  openapiName: "io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler",
  schema: modelSchema(HorizontalPodAutoscaler),
  statusOwnedByServer: true,
  columns: hpaColumns,
  prepareForCreate(obj) {
    // desiredReplicas and currentMetrics have no omitempty in v2.
    resetStatus({ currentMetrics: null, desiredReplicas: 0 })(obj);
    dropTolerance(obj);
  },
  prepareForUpdate: (obj, old) => dropTolerance(obj, old),
  defaults: defaultHPAv2,
  validate: (obj) => validateHPA(obj),
});
