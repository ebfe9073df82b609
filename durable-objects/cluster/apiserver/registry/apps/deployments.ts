// apps/v1 Deployment: defaults (SetDefaults_Deployment), strategy (pkg/registry/apps/deployment),
// validation (ValidateDeploymentSpec) and the Table of printDeployment.
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import type { StatusCause } from "../../status";
import { fieldErr } from "../../validation/field-errors";
import { intOrPercentValue, invalidIntOrString, isNotMoreThan100Percent, validatePositiveIntOrPercent } from "../../validation/int-or-percent";
import { invalidSelector, selectorIsEmpty, selectorString } from "../../validation/label-selector";
import { restartPolicyIn, selectorSelectsTemplate, validatePodTemplate } from "../../validation/pod-template";
import { modelSchema } from "../../validation/schema";
import { child, fill, isObject, num, unset } from "../../validation/values";
import { containerColumns, count } from "../../printing/workload-columns";
import { defaultPodTemplateSpec } from "../core/pod-spec-defaults";
import { SCALE, STATUS, ageColumn, at, column, defineResource, nameColumn } from "../define";
import type { JsonObject } from "../types";
import { annotationsChanged, nonNegative, replicasScale, resetStatus, selectorImmutable, validateSelector } from "./workload";

const STRATEGIES = ["Recreate", "RollingUpdate"];

function validateStrategy(strategy: JsonObject): StatusCause[] {
  const path = "spec.strategy";
  const ru = strategy.rollingUpdate;
  switch (strategy.type) {
    case "Recreate":
      return isObject(ru) ? [fieldErr.forbidden(`${path}.rollingUpdate`, "may not be specified when strategy `type` is 'Recreate'")] : [];
    case "RollingUpdate": {
      if (!isObject(ru)) return [fieldErr.required(`${path}.rollingUpdate`, "this should be defaulted and never be nil")];
      const causes = [
        ...validatePositiveIntOrPercent(ru.maxUnavailable, `${path}.rollingUpdate.maxUnavailable`),
        ...validatePositiveIntOrPercent(ru.maxSurge, `${path}.rollingUpdate.maxSurge`),
      ];
      if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
        causes.push(invalidIntOrString(`${path}.rollingUpdate.maxUnavailable`, ru.maxUnavailable, "may not be 0 when `maxSurge` is 0"));
      }
      causes.push(...isNotMoreThan100Percent(ru.maxUnavailable, `${path}.rollingUpdate.maxUnavailable`));
      return causes;
    }
    default: {
      const value = `apps.DeploymentStrategy{Type:${JSON.stringify(String(strategy.type ?? ""))}, RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}`;
      return [{ reason: "FieldValueNotSupported", field: path, message: `Unsupported value: ${value}: supported values: ${STRATEGIES.map((s) => JSON.stringify(s)).join(", ")}` }];
    }
  }
}

/** ValidatePodTemplateSpecForReplicaSet: what ReplicaSets and Deployments require of their template. */
export function validateReplicaSetTemplate(spec: JsonObject): StatusCause[] {
  const path = "spec.template";
  const causes: StatusCause[] = [];
  // An empty selector selects everything; a missing one (labels.Nothing) selects nothing.
  if (spec.selector === undefined || spec.selector === null || !selectorIsEmpty(spec.selector)) {
    causes.push(...selectorSelectsTemplate(spec.selector, spec.template, path));
  }
  causes.push(...validatePodTemplate(spec.template, path), ...restartPolicyIn(spec.template, path, ["Always"]));
  if (at(spec.template, "spec.activeDeadlineSeconds") !== undefined && at(spec.template, "spec.activeDeadlineSeconds") !== null) {
    causes.push(fieldErr.forbidden(`${path}.spec.activeDeadlineSeconds`, "activeDeadlineSeconds in ReplicaSet is not Supported"));
  }
  return causes;
}

export const deployments = defineResource({
  group: "apps",
  version: "v1",
  kind: "Deployment",
  namespaced: true,
  shortNames: ["deploy"],
  categories: ["all"],
  subresources: [STATUS, SCALE],
  openapiName: "io.k8s.api.apps.v1.Deployment",
  schema: modelSchema(Deployment),
  generation: true,
  statusOwnedByServer: true,
  scale: replicasScale,
  columns: [
    nameColumn,
    column("Ready", (o) => `${count("status.readyReplicas")(o)}/${count("spec.replicas")(o)}`, { description: "Number of the pod with ready state" }),
    column("Up-to-date", count("status.updatedReplicas"), {
      description: "Total number of non-terminating pods targeted by this deployment that have the desired template spec.",
    }),
    column("Available", count("status.availableReplicas"), {
      description: "Total number of available non-terminating pods (ready for at least minReadySeconds) targeted by this deployment.",
    }),
    ageColumn,
    ...containerColumns("spec.template"),
    // printDeployment uses LabelSelectorAsSelector(...).String(): "" when empty, "<invalid>" when broken.
    column("Selector", (o) => selectorString(at(o, "spec.selector")) ?? "<invalid>", {
      priority: 1,
      description: "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.",
    }),
  ],
  prepareForCreate: resetStatus({}),
  prepareForUpdate(obj, old) {
    // Annotations are copied to the ReplicaSets, so changing them is a change of desired state.
    if (annotationsChanged(obj, old)) (obj.metadata as JsonObject).generation = num((old.metadata as JsonObject).generation) + 1;
  },
  defaults(obj) {
    const spec = child(obj, "spec");
    if (unset(spec.replicas)) spec.replicas = 1;
    const strategy = child(spec, "strategy");
    fill(strategy, "type", "RollingUpdate");
    if (strategy.type === "RollingUpdate") {
      const ru = child(strategy, "rollingUpdate");
      fill(ru, "maxUnavailable", "25%");
      fill(ru, "maxSurge", "25%");
    }
    if (unset(spec.revisionHistoryLimit)) spec.revisionHistoryLimit = 10;
    if (unset(spec.progressDeadlineSeconds)) spec.progressDeadlineSeconds = 600;
    defaultPodTemplateSpec(child(spec, "template"));
  },
  validate(obj, old) {
    const spec = isObject(obj.spec) ? obj.spec : {};
    const causes = nonNegative(obj, "spec.replicas");
    if (spec.selector === undefined || spec.selector === null) return [...causes, fieldErr.required("spec.selector")];
    causes.push(...validateSelector(spec.selector, "spec.selector", "deployment"));
    if (selectorString(spec.selector) === undefined) causes.push(invalidSelector("spec.selector", spec.selector, "invalid label selector"));
    else causes.push(...validateReplicaSetTemplate(spec));
    causes.push(...validateStrategy(isObject(spec.strategy) ? spec.strategy : {}));
    causes.push(...nonNegative(obj, "spec.minReadySeconds"), ...nonNegative(obj, "spec.revisionHistoryLimit"));
    if (typeof spec.progressDeadlineSeconds === "number") {
      causes.push(...nonNegative(obj, "spec.progressDeadlineSeconds"));
      if (spec.progressDeadlineSeconds <= num(spec.minReadySeconds)) {
        causes.push(fieldErr.invalid("spec.progressDeadlineSeconds", spec.progressDeadlineSeconds, "must be greater than minReadySeconds"));
      }
    }
    causes.push(...selectorImmutable(obj, old));
    return causes;
  },
});
