// apps/v1 StatefulSet: SetDefaults_StatefulSet, ValidateStatefulSetSpec / ValidateStatefulSetUpdate
// and printStatefulSet. Only a few spec fields may change after creation.
import { StatefulSet } from "kubernetes-models/apps/v1/StatefulSet";
import type { StatusCause } from "../../status";
import { fieldErr } from "../../validation/field-errors";
import { invalidSelector, selectorIsEmpty, selectorString, validateLabels } from "../../validation/label-selector";
import { restartPolicyIn, selectorSelectsTemplate } from "../../validation/pod-template";
import { modelSchema } from "../../validation/schema";
import { dns1123Label, dns1123Subdomain } from "../../validation/names";
import { child, ensure, fill, isObject, num, objects, semanticEqual, str, unset } from "../../validation/values";
import { intOrPercentValue, invalidIntOrString, isNotMoreThan100Percent, validatePositiveIntOrPercent } from "../../validation/int-or-percent";
import { containerColumns, count } from "../../printing/workload-columns";
import { defaultPodTemplateSpec } from "../core/pod-spec-defaults";
import { SCALE, STATUS, ageColumn, at, column, defineResource, nameColumn } from "../define";
import type { JsonObject } from "../types";
import { nonNegative, replicasScale, resetStatus, validateSelector } from "./workload";

/** The spec fields an update may change; anything else is Forbidden. */
const MUTABLE = ["replicas", "ordinals", "template", "updateStrategy", "revisionHistoryLimit", "persistentVolumeClaimRetentionPolicy", "minReadySeconds"];
const RETENTION = ["Retain", "Delete"];

function validateUpdateStrategy(spec: JsonObject): StatusCause[] {
  const strategy = isObject(spec.updateStrategy) ? spec.updateStrategy : {};
  const path = "spec.updateStrategy";
  switch (strategy.type) {
    case undefined:
    case null:
    case "":
      return [fieldErr.required(path)];
    case "OnDelete": {
      if (!isObject(strategy.rollingUpdate)) return [];
      const value = `apps.RollingUpdateStatefulSetStrategy{Partition:${num(strategy.rollingUpdate.partition)}, MaxUnavailable:(*intstr.IntOrString)(nil)}`;
      return [{ reason: "FieldValueInvalid", field: `${path}.rollingUpdate`, message: `Invalid value: ${value}: only allowed for updateStrategy 'RollingUpdate'` }];
    }
    case "RollingUpdate":
      return isObject(strategy.rollingUpdate) ? validateRollingUpdate(strategy.rollingUpdate, `${path}.rollingUpdate`) : [];
    default: {
      const value = `apps.StatefulSetUpdateStrategy{Type:${JSON.stringify(String(strategy.type))}, RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(nil)}`;
      return [{ reason: "FieldValueInvalid", field: path, message: `Invalid value: ${value}: must be 'RollingUpdate' or 'OnDelete'` }];
    }
  }
}

function validateRollingUpdate(ru: JsonObject, path: string): StatusCause[] {
  const causes: StatusCause[] = typeof ru.partition === "number" && ru.partition < 0 ? [fieldErr.invalid(`${path}.partition`, ru.partition, "must be greater than or equal to 0")] : [];
  if (ru.maxUnavailable !== undefined && ru.maxUnavailable !== null) {
    causes.push(...validatePositiveIntOrPercent(ru.maxUnavailable, `${path}.maxUnavailable`));
    if (intOrPercentValue(ru.maxUnavailable) === 0) causes.push(invalidIntOrString(`${path}.maxUnavailable`, ru.maxUnavailable, "cannot be 0"));
    causes.push(...isNotMoreThan100Percent(ru.maxUnavailable, `${path}.maxUnavailable`));
  }
  return causes;
}

/** maxUnavailable is behind the MaxUnavailableStatefulSet gate (alpha, off): dropped unless already in use. */
function dropMaxUnavailable(obj: JsonObject, old?: JsonObject): void {
  if (old && at(old, "spec.updateStrategy.rollingUpdate.maxUnavailable") !== undefined) return;
  const ru = at(obj, "spec.updateStrategy.rollingUpdate");
  if (isObject(ru)) delete ru.maxUnavailable;
}

/** ValidatePodTemplateSpecForStatefulSet: labels and annotations only (not the PodSpec). */
function validateTemplate(spec: JsonObject): StatusCause[] {
  const path = "spec.template";
  const causes: StatusCause[] = [];
  if (spec.selector === undefined || spec.selector === null || !selectorIsEmpty(spec.selector)) causes.push(...selectorSelectsTemplate(spec.selector, spec.template, path));
  causes.push(...validateLabels(at(spec.template, "metadata.labels"), `${path}.labels`));
  return causes;
}

export const statefulsets = defineResource({
  group: "apps",
  version: "v1",
  kind: "StatefulSet",
  namespaced: true,
  shortNames: ["sts"],
  categories: ["all"],
  subresources: [STATUS, SCALE],
  openapiName: "io.k8s.api.apps.v1.StatefulSet",
  schema: modelSchema(StatefulSet),
  generation: true,
  statusOwnedByServer: true,
  scale: replicasScale,
  columns: [
    nameColumn,
    column("Ready", (o) => `${count("status.readyReplicas")(o)}/${count("spec.replicas")(o)}`, { description: "Number of the pod with ready state" }),
    ageColumn,
    ...containerColumns("spec.template"),
  ],
  // replicas and availableReplicas have no omitempty.
  prepareForCreate(obj) {
    resetStatus({ replicas: 0, availableReplicas: 0 })(obj);
    dropMaxUnavailable(obj);
  },
  prepareForUpdate: (obj, old) => dropMaxUnavailable(obj, old),
  defaults(obj) {
    const spec = child(obj, "spec");
    fill(spec, "podManagementPolicy", "OrderedReady");
    const strategy = child(spec, "updateStrategy");
    if (!strategy.type) {
      strategy.type = "RollingUpdate";
      child(strategy, "rollingUpdate");
    }
    if (strategy.type === "RollingUpdate" && isObject(strategy.rollingUpdate) && unset(strategy.rollingUpdate.partition)) {
      strategy.rollingUpdate.partition = 0;
    }
    const retention = child(spec, "persistentVolumeClaimRetentionPolicy");
    fill(retention, "whenDeleted", "Retain");
    fill(retention, "whenScaled", "Retain");
    if (unset(spec.replicas)) spec.replicas = 1;
    if (unset(spec.revisionHistoryLimit)) spec.revisionHistoryLimit = 10;
    ensure(spec, "serviceName", "");
    defaultPodTemplateSpec(child(spec, "template"));
    // The apps/v1 conversion writes each claim template as a full PersistentVolumeClaim.
    for (const claim of objects(spec.volumeClaimTemplates)) {
      claim.apiVersion = "v1";
      claim.kind = "PersistentVolumeClaim";
      ensure(child(claim, "metadata"), "creationTimestamp", null);
      fill(child(claim, "spec"), "volumeMode", "Filesystem");
      fill(child(claim, "status"), "phase", "Pending");
    }
  },
  validate(obj, old) {
    const spec = isObject(obj.spec) ? obj.spec : {};
    const causes: StatusCause[] = [];
    if (!["OrderedReady", "Parallel"].includes(spec.podManagementPolicy as string)) {
      causes.push(
        spec.podManagementPolicy ? fieldErr.invalid("spec.podManagementPolicy", spec.podManagementPolicy, "must be 'OrderedReady' or 'Parallel'") : fieldErr.required("spec.podManagementPolicy"),
      );
    }
    causes.push(...validateUpdateStrategy(spec));
    for (const key of ["whenDeleted", "whenScaled"]) {
      const v = at(spec, `persistentVolumeClaimRetentionPolicy.${key}`);
      if (v !== undefined && !RETENTION.includes(v as string)) causes.push(fieldErr.notSupported(`spec.persistentVolumeClaimRetentionPolicy.${key}`, v, RETENTION));
    }
    causes.push(...nonNegative(obj, "spec.replicas"), ...nonNegative(obj, "spec.minReadySeconds"));
    const start = at(spec, "ordinals.start");
    if (typeof start === "number" && start < 0) causes.push(fieldErr.invalid("spec.ordinals.start", start, "must be greater than or equal to 0"));
    causes.push(...validateSelector(spec.selector, "spec.selector", "statefulset"));
    if (selectorString(spec.selector) === undefined) causes.push(invalidSelector("spec.selector", spec.selector, ""));
    else causes.push(...validateTemplate(spec));
    causes.push(...restartPolicyIn(spec.template, "spec.template", ["Always"]));
    if (at(spec, "template.spec.activeDeadlineSeconds") !== undefined && at(spec, "template.spec.activeDeadlineSeconds") !== null) {
      causes.push(fieldErr.forbidden("spec.template.spec.activeDeadlineSeconds", "activeDeadlineSeconds in StatefulSet is not Supported"));
    }
    // StatefulSet names become pod hostnames: DNS-1123 labels, checked on create only. (ObjectMeta
    // validation already reports names that are not even subdomains.)
    const name = str(at(obj, "metadata.name"));
    if (!old && name && dns1123Subdomain(name).length === 0) causes.push(...dns1123Label(name).map((m) => fieldErr.invalid("metadata.name", name, m)));
    if (old) {
      const frozen = (s: unknown) => Object.fromEntries(Object.entries(isObject(s) ? s : {}).filter(([k]) => !MUTABLE.includes(k)));
      if (!semanticEqual(frozen(obj.spec), frozen(old.spec))) {
        causes.push(
          fieldErr.forbidden(
            "spec",
            "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
          ),
        );
      }
    }
    return causes;
  },
});
