// core/v1 ReplicationController: one replica and the template's labels as selector by default; the
// selector must match the template; generation counts spec changes; scale speaks autoscaling/v1.
import { ReplicationController } from "kubernetes-models/v1/ReplicationController";
import { containerColumns } from "../../printing/workload-columns";
import type { StatusCause } from "../../status";
import { fieldErr } from "../../validation/field-errors";
import { formatLabels, invalidLabels } from "../../validation/label-selector";
import { restartPolicyIn, validatePodTemplate } from "../../validation/pod-template";
import { modelSchema } from "../../validation/schema";
import { ageColumn, ALL_VERBS, at, column, nameColumn, SCALE, STATUS } from "../define";
import type { JsonObject, ResourceType } from "../types";
import { defaultPodTemplateSpec } from "./pod-spec-defaults";
import { isObject, num } from "../../validation/values";

function defaultRC(obj: JsonObject): void {
  const spec = isObject(obj.spec) ? obj.spec : (obj.spec = {});
  const template = isObject(spec.template) ? spec.template : undefined;
  const labels = template && isObject(at(template, "metadata.labels")) ? (at(template, "metadata.labels") as JsonObject) : undefined;
  if (labels) {
    if (!isObject(spec.selector) || Object.keys(spec.selector).length === 0) spec.selector = { ...labels };
    const meta = obj.metadata as JsonObject;
    if (!isObject(meta.labels) || Object.keys(meta.labels).length === 0) meta.labels = { ...labels };
  }
  if (typeof spec.replicas !== "number") spec.replicas = 1;
  if (template) defaultPodTemplateSpec(template);
}

function validateRC(obj: JsonObject): StatusCause[] {
  const spec = isObject(obj.spec) ? obj.spec : {};
  const causes: StatusCause[] = [];
  for (const field of ["minReadySeconds", "replicas"]) {
    const v = spec[field];
    if (typeof v === "number" && v < 0) causes.push(fieldErr.invalid(`spec.${field}`, v, "must be greater than or equal to 0"));
  }
  const selector = isObject(spec.selector) ? spec.selector : {};
  if (Object.keys(selector).length === 0) causes.push(fieldErr.required("spec.selector"));
  const template = spec.template;
  if (!isObject(template)) return [...causes, fieldErr.required("spec.template")];
  const labels = isObject(at(template, "metadata.labels")) ? (at(template, "metadata.labels") as JsonObject) : {};
  if (Object.keys(selector).length > 0 && !Object.entries(selector).every(([k, v]) => labels[k] === v)) {
    causes.push(invalidLabels("spec.template.metadata.labels", labels, "`selector` does not match template `labels`"));
  }
  causes.push(...validatePodTemplate(template, "spec.template"), ...restartPolicyIn(template, "spec.template", ["Always"]));
  if (at(template, "spec.activeDeadlineSeconds") != null) {
    causes.push(fieldErr.forbidden("spec.template.spec.activeDeadlineSeconds", "activeDeadlineSeconds in ReplicationController is not Supported"));
  }
  return causes;
}

export const replicationcontrollers: ResourceType = {
  group: "",
  version: "v1",
  kind: "ReplicationController",
  listKind: "ReplicationControllerList",
  plural: "replicationcontrollers",
  singular: "replicationcontroller",
  shortNames: ["rc"],
  categories: ["all"],
  namespaced: true,
  verbs: ALL_VERBS,
  subresources: [SCALE, STATUS],
  columns: [
    nameColumn,
    column("Desired", (o) => num(at(o, "spec.replicas")), { type: "integer", description: "Replicas is the number of desired replicas." }),
    column("Current", (o) => num(at(o, "status.replicas")), { type: "integer", description: "Replicas is the most recently observed number of replicas." }),
    column("Ready", (o) => num(at(o, "status.readyReplicas")), { type: "integer", description: "The number of ready replicas for this replication controller." }),
    ageColumn,
    ...containerColumns("spec.template"),
    column("Selector", (o) => formatLabels(at(o, "spec.selector")), {
      priority: 1,
      description: "Selector is a label query over pods that should match the Replicas count.",
    }),
  ],
  selectableFields: { "status.replicas": (o) => String(num(at(o, "status.replicas"))) },
  scale: {
    specReplicas: "spec.replicas",
    statusReplicas: "status.replicas",
    selector: (o) => {
      const s = at(o, "spec.selector");
      return isObject(s) && Object.keys(s).length > 0 ? formatLabels(s) : undefined;
    },
  },
  prepareForCreate(obj) {
    obj.status = { replicas: 0 };
  },
  defaults: defaultRC,
  validate: validateRC,
  schema: modelSchema(ReplicationController),
  openapiName: "io.k8s.api.core.v1.ReplicationController",
  generation: true,
  statusOwnedByServer: true,
};
