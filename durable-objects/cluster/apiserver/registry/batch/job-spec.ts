// validateJobSpec of pkg/apis/batch/validation: what a Job's spec and a CronJob's jobTemplate.spec
// share (counts, completion mode, replacement policy, the pod template and its restart policy).
import type { StatusCause } from "../../status";
import { fieldErr } from "../../validation/field-errors";
import { validatePodTemplate } from "../../validation/pod-template";
import { isObject } from "../../validation/values";
import { at } from "../define";
import type { JsonObject } from "../types";

const MAX_PARALLELISM_INDEXED = 100000;
const COMPLETION_MODES = ["NonIndexed", "Indexed"];
const REPLACEMENT_POLICIES = ["Failed", "TerminatingOrFailed"];

function nonNegative(spec: JsonObject, key: string, path: string): StatusCause[] {
  const v = spec[key];
  return typeof v === "number" && v < 0 ? [fieldErr.invalid(`${path}.${key}`, v, "must be greater than or equal to 0")] : [];
}

export function validateJobSpecFields(spec: JsonObject, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  for (const key of ["parallelism", "completions", "activeDeadlineSeconds", "backoffLimit", "ttlSecondsAfterFinished"]) {
    causes.push(...nonNegative(spec, key, path));
  }
  const mode = spec.completionMode;
  if (mode !== undefined && mode !== null) {
    if (!COMPLETION_MODES.includes(mode as string)) causes.push(fieldErr.notSupported(`${path}.completionMode`, mode, COMPLETION_MODES));
    if (mode === "Indexed") {
      if (typeof spec.completions !== "number") causes.push(fieldErr.required(`${path}.completions`, "when completion mode is Indexed"));
      if (typeof spec.parallelism === "number" && spec.parallelism > MAX_PARALLELISM_INDEXED) {
        causes.push(fieldErr.invalid(`${path}.parallelism`, spec.parallelism, `must be less than or equal to ${MAX_PARALLELISM_INDEXED} when completion mode is Indexed`));
      }
    }
  }
  const replacement = spec.podReplacementPolicy;
  if (replacement !== undefined && replacement !== null) {
    const allowed = isObject(spec.podFailurePolicy) ? ["Failed"] : REPLACEMENT_POLICIES;
    if (!allowed.includes(replacement as string)) causes.push(fieldErr.notSupported(`${path}.podReplacementPolicy`, replacement, allowed));
  }
  causes.push(...validatePodTemplate(spec.template, `${path}.template`));
  const restart = at(spec.template, "spec.restartPolicy");
  const restartPath = `${path}.template.spec.restartPolicy`;
  // The pod defaults turn a missing restartPolicy into Always, so both mean "not set" here.
  if (restart === "Always" || restart === "" || restart === undefined || restart === null) {
    causes.push(fieldErr.required(restartPath, 'valid values: "OnFailure", "Never"'));
  } else if (restart !== "OnFailure" && restart !== "Never") {
    causes.push(fieldErr.notSupported(restartPath, restart, ["OnFailure", "Never"]));
  } else if (isObject(spec.podFailurePolicy) && restart !== "Never") {
    causes.push(fieldErr.invalid(restartPath, restart, 'only "Never" is supported when podFailurePolicy is specified'));
  }
  return causes;
}
