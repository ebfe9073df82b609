// batch/v1 Job: SetDefaults_Job, the strategy's generated selector (PrepareForCreate needs the uid),
// ValidateJob / ValidateJobSpecUpdate and printJob.
import { Job } from "kubernetes-models/batch/v1/Job";
import { humanDuration } from "../../printing/age";
import { containerColumns, selectorColumn } from "../../printing/workload-columns";
import type { StatusCause } from "../../status";
import { fieldErr } from "../../validation/field-errors";
import { invalidLabels, invalidSelector, selectorIsEmpty, selectorMatches, selectorString, validateLabelSelector } from "../../validation/label-selector";
import { dns1123Label } from "../../validation/names";
import { modelSchema } from "../../validation/schema";
import { child, isObject, num, objects, semanticEqual, str, strMap, unset } from "../../validation/values";
import { selectorImmutable, resetStatus } from "../apps/workload";
import { defaultPodTemplateSpec } from "../core/pod-spec-defaults";
import { STATUS, ageColumn, at, column, defineResource, nameColumn } from "../define";
import type { JsonObject } from "../types";
import { validateJobSpecFields } from "./job-spec";

export const JOB_LABELS = {
  legacyControllerUid: "controller-uid",
  legacyJobName: "job-name",
  controllerUid: "batch.kubernetes.io/controller-uid",
  jobName: "batch.kubernetes.io/job-name",
};

/** hasJobCondition: the first condition of the type, when its status is True. */
export function jobCondition(obj: JsonObject, type: string): boolean {
  const c = objects(at(obj, "status.conditions")).find((x) => x.type === type);
  return c?.status === "True";
}

/** The STATUS cell of printJob (1.33: no SuccessCriteriaMet yet). */
export function jobStatus(obj: JsonObject): string {
  if (jobCondition(obj, "Complete")) return "Complete";
  if (jobCondition(obj, "Failed")) return "Failed";
  if (at(obj, "metadata.deletionTimestamp")) return "Terminating";
  if (jobCondition(obj, "Suspended")) return "Suspended";
  if (jobCondition(obj, "FailureTarget")) return "FailureTarget";
  return "Running";
}

function completions(obj: JsonObject): string {
  const succeeded = num(at(obj, "status.succeeded"));
  const want = at(obj, "spec.completions");
  if (typeof want === "number") return `${succeeded}/${want}`;
  const parallelism = num(at(obj, "spec.parallelism"));
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function duration(obj: JsonObject, now: number): string {
  const start = at(obj, "status.startTime");
  if (typeof start !== "string") return "";
  const end = at(obj, "status.completionTime");
  return humanDuration((typeof end === "string" ? Date.parse(end) : now) - Date.parse(start));
}

/** generateSelector: controller-uid / job-name labels on the template and a selector on the uid. */
function generateSelector(obj: JsonObject): void {
  const meta = child(obj, "metadata");
  const spec = child(obj, "spec");
  const labels = child(child(child(spec, "template"), "metadata"), "labels");
  for (const key of [JOB_LABELS.legacyJobName, JOB_LABELS.jobName]) if (!(key in labels)) labels[key] = str(meta.name);
  for (const key of [JOB_LABELS.legacyControllerUid, JOB_LABELS.controllerUid]) if (!(key in labels)) labels[key] = str(meta.uid);
  const matchLabels = child(child(spec, "selector"), "matchLabels");
  if (!(JOB_LABELS.controllerUid in matchLabels)) matchLabels[JOB_LABELS.controllerUid] = str(meta.uid);
}

/** ValidateHasLabel on the template metadata. */
function hasLabel(labels: Record<string, string>, key: string, expected: string): StatusCause[] {
  const path = `spec.template.metadata.labels[${key}]`;
  if (!(key in labels)) return [fieldErr.required(path, expected)];
  return labels[key] === expected ? [] : [invalidLabels(path, labels, `must be '${expected}'`)];
}

/** validateGeneratedSelector */
function validateGeneratedSelector(obj: JsonObject, requirePrefixed: boolean): StatusCause[] {
  const spec = isObject(obj.spec) ? obj.spec : {};
  if (spec.manualSelector === true) return [];
  const labels = at(spec, "template.metadata.labels");
  if (!isObject(labels)) return [fieldErr.required("spec.template.metadata.labels")];
  if (spec.selector === undefined || spec.selector === null) return [];
  const uid = str(at(obj, "metadata.uid"));
  const name = str(at(obj, "metadata.name"));
  const causes: StatusCause[] = uid ? [] : [fieldErr.required("metadata.uid")];
  const set = strMap(labels);
  causes.push(...hasLabel(set, JOB_LABELS.legacyControllerUid, uid), ...hasLabel(set, JOB_LABELS.legacyJobName, name));
  const expected: Record<string, string> = { [JOB_LABELS.legacyControllerUid]: uid, [JOB_LABELS.legacyJobName]: name };
  if (requirePrefixed) {
    causes.push(...hasLabel(set, JOB_LABELS.controllerUid, uid), ...hasLabel(set, JOB_LABELS.jobName, name));
    expected[JOB_LABELS.controllerUid] = uid;
    expected[JOB_LABELS.jobName] = name;
  }
  if (selectorMatches(spec.selector, expected) === false) causes.push(invalidSelector("spec.selector", spec.selector, "`selector` not auto-generated"));
  return causes;
}

/** ValidateJobSpecUpdate: what may not change once a Job exists. */
function validateUpdate(obj: JsonObject, old: JsonObject): StatusCause[] {
  const causes = selectorImmutable(obj, old);
  // Elastic Indexed Jobs: completions may change together with parallelism.
  const completions = at(obj, "spec.completions");
  if (at(obj, "spec.completionMode") === "Indexed" && !semanticEqual(completions, at(old, "spec.completions"))) {
    if (typeof completions === "number" && completions !== at(obj, "spec.parallelism")) {
      causes.push(fieldErr.invalid("spec.completions", completions, "can only be modified in tandem with spec.parallelism"));
    }
  } else if (!semanticEqual(completions, at(old, "spec.completions"))) {
    causes.push(fieldErr.invalid("spec.completions", completions ?? null, "field is immutable"));
  }
  for (const key of ["podFailurePolicy", "backoffLimitPerIndex", "managedBy", "successPolicy", "completionMode"]) {
    const next = at(obj, `spec.${key}`);
    if (!semanticEqual(next, at(old, `spec.${key}`))) {
      const shown = typeof next === "number" || typeof next === "string" ? JSON.stringify(next) : next === undefined || next === null ? "null" : "{…}";
      causes.push({ reason: "FieldValueInvalid", field: `spec.${key}`, message: `Invalid value: ${shown}: field is immutable` });
    }
  }
  // Scheduling directives may change while a Job is suspended and has never started.
  const mutableScheduling = at(old, "spec.suspend") === true && at(old, "status.startTime") === undefined;
  const frozen = (tpl: unknown) => {
    const t = structuredClone(isObject(tpl) ? tpl : {});
    if (mutableScheduling) {
      for (const k of ["affinity", "nodeSelector", "tolerations", "schedulingGates"]) delete child(t, "spec")[k];
      delete child(t, "metadata").labels;
      delete child(t, "metadata").annotations;
    }
    return t;
  };
  if (!semanticEqual(frozen(at(obj, "spec.template")), frozen(at(old, "spec.template")))) {
    causes.push({ reason: "FieldValueInvalid", field: "spec.template", message: "Invalid value: core.PodTemplateSpec{…}: field is immutable" });
  }
  return causes;
}

export const jobs = defineResource({
  group: "batch",
  version: "v1",
  kind: "Job",
  namespaced: true,
  categories: ["all"],
  subresources: [STATUS],
  openapiName: "io.k8s.api.batch.v1.Job",
  schema: modelSchema(Job),
  generation: true,
  statusOwnedByServer: true,
  selectableFields: { "status.successful": (o) => String(num(at(o, "status.succeeded"))) },
  columns: [
    nameColumn,
    column("Status", jobStatus, { description: "Status of the job." }),
    column("Completions", completions, {
      description: "The number of pods which reached phase Succeeded. The value increases monotonically for a given spec. However, it may decrease in reaction to scale down of elastic indexed jobs.",
    }),
    column("Duration", duration, { description: "Time required to complete the job." }),
    ageColumn,
    ...containerColumns("spec.template"),
    selectorColumn("spec.selector", "A label query over pods that should match the pod count. Normally, the system sets this field for you. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors"),
  ],
  prepareForCreate(obj) {
    resetStatus({})(obj);
    if (at(obj, "spec.manualSelector") !== true) generateSelector(obj);
  },
  defaults(obj) {
    const spec = child(obj, "spec");
    if (unset(spec.completions) && unset(spec.parallelism)) spec.completions = 1;
    if (unset(spec.parallelism)) spec.parallelism = 1;
    if (unset(spec.backoffLimit)) spec.backoffLimit = unset(spec.backoffLimitPerIndex) ? 6 : 2147483647;
    const templateLabels = at(spec, "template.metadata.labels");
    const meta = child(obj, "metadata");
    if (isObject(templateLabels) && Object.keys(isObject(meta.labels) ? meta.labels : {}).length === 0) meta.labels = structuredClone(templateLabels);
    if (unset(spec.completionMode)) spec.completionMode = "NonIndexed";
    if (unset(spec.suspend)) spec.suspend = false;
    if (isObject(spec.podFailurePolicy)) {
      for (const rule of objects(spec.podFailurePolicy.rules)) for (const pattern of objects(rule.onPodConditions)) if (!pattern.status) pattern.status = "True";
    }
    if (unset(spec.podReplacementPolicy)) {
      spec.podReplacementPolicy = isObject(spec.podFailurePolicy) ? "Failed" : "TerminatingOrFailed";
    }
    if (unset(spec.manualSelector)) spec.manualSelector = false;
    defaultPodTemplateSpec(child(spec, "template"));
  },
  validate(obj, old) {
    const spec = isObject(obj.spec) ? obj.spec : {};
    // The batch.kubernetes.io/ labels are required unless an older Job predates them.
    const oldLabels = strMap(old ? at(old, "spec.template.metadata.labels") : {});
    const requirePrefixed = !old || (JOB_LABELS.controllerUid in oldLabels && JOB_LABELS.jobName in oldLabels);
    const causes = validateGeneratedSelector(obj, requirePrefixed);
    causes.push(...validateJobSpecFields(spec, "spec"));
    if (spec.selector === undefined || spec.selector === null) causes.push(fieldErr.required("spec.selector"));
    else causes.push(...validateLabelSelector(spec.selector, "spec.selector"));
    if (selectorString(spec.selector) !== undefined) {
      if (isObject(spec.selector) && selectorIsEmpty(spec.selector)) causes.push(fieldErr.required("spec.selector"));
      const labels = at(spec, "template.metadata.labels");
      if (!selectorMatches(spec.selector, labels)) causes.push(invalidLabels("spec.template.metadata.labels", labels, "`selector` does not match template `labels`"));
    }
    const name = str(at(obj, "metadata.name"));
    if (spec.completionMode === "Indexed" && typeof spec.completions === "number" && spec.completions > 0) {
      const hostname = `${name}-${spec.completions - 1}`;
      if (dns1123Label(hostname).length > 0) causes.push(fieldErr.invalid("metadata.name", name, `will not able to create pod with invalid DNS label: ${hostname}`));
    }
    if (old) causes.push(...validateUpdate(obj, old));
    return causes;
  },
});
