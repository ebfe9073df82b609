// batch/v1: Job, CronJob.
// Field numbers from k8s.io/api v0.36.3 batch/v1/generated.proto; ptr / keep (no `omitempty`) / inline from the
// `json` tags and field types of the Go structs. Fields in Go declaration order.
import { bool, i32, i64, keep, list, msg, ptr, str, time, type Messages } from "./types";

export const BATCH = {
  "batch.v1.Job": {
    1: msg("metadata", "meta.v1.ObjectMeta"),
    2: msg("spec", "batch.v1.JobSpec"),
    3: msg("status", "batch.v1.JobStatus"),
  },
  "batch.v1.CronJob": {
    1: msg("metadata", "meta.v1.ObjectMeta"),
    2: msg("spec", "batch.v1.CronJobSpec"),
    3: msg("status", "batch.v1.CronJobStatus"),
  },
  "batch.v1.JobSpec": {
    1: ptr(i32("parallelism")),
    2: ptr(i32("completions")),
    3: ptr(i64("activeDeadlineSeconds")),
    11: ptr(msg("podFailurePolicy", "batch.v1.PodFailurePolicy")),
    16: ptr(msg("successPolicy", "batch.v1.SuccessPolicy")),
    7: ptr(i32("backoffLimit")),
    12: ptr(i32("backoffLimitPerIndex")),
    13: ptr(i32("maxFailedIndexes")),
    4: ptr(msg("selector", "meta.v1.LabelSelector")),
    5: ptr(bool("manualSelector")),
    6: msg("template", "core.v1.PodTemplateSpec"),
    8: ptr(i32("ttlSecondsAfterFinished")),
    9: ptr(str("completionMode")),
    10: ptr(bool("suspend")),
    14: ptr(str("podReplacementPolicy")),
    15: ptr(str("managedBy")),
  },
  "batch.v1.JobStatus": {
    1: list(msg("conditions", "batch.v1.JobCondition")),
    2: ptr(time("startTime")),
    3: ptr(time("completionTime")),
    4: i32("active"),
    5: i32("succeeded"),
    6: i32("failed"),
    11: ptr(i32("terminating")),
    7: str("completedIndexes"),
    10: ptr(str("failedIndexes")),
    8: ptr(msg("uncountedTerminatedPods", "batch.v1.UncountedTerminatedPods")),
    9: ptr(i32("ready")),
  },
  "batch.v1.CronJobSpec": {
    1: keep(str("schedule")),
    8: ptr(str("timeZone")),
    2: ptr(i64("startingDeadlineSeconds")),
    3: str("concurrencyPolicy"),
    4: ptr(bool("suspend")),
    5: msg("jobTemplate", "batch.v1.JobTemplateSpec"),
    6: ptr(i32("successfulJobsHistoryLimit")),
    7: ptr(i32("failedJobsHistoryLimit")),
  },
  "batch.v1.CronJobStatus": {
    1: list(msg("active", "core.v1.ObjectReference")),
    4: ptr(time("lastScheduleTime")),
    5: ptr(time("lastSuccessfulTime")),
  },
  "batch.v1.PodFailurePolicy": {
    1: list(msg("rules", "batch.v1.PodFailurePolicyRule")),
  },
  "batch.v1.SuccessPolicy": {
    1: list(msg("rules", "batch.v1.SuccessPolicyRule")),
  },
  "batch.v1.JobCondition": {
    1: keep(str("type")),
    2: keep(str("status")),
    3: time("lastProbeTime"),
    4: time("lastTransitionTime"),
    5: str("reason"),
    6: str("message"),
  },
  "batch.v1.UncountedTerminatedPods": {
    1: list(str("succeeded")),
    2: list(str("failed")),
  },
  "batch.v1.JobTemplateSpec": {
    1: msg("metadata", "meta.v1.ObjectMeta"),
    2: msg("spec", "batch.v1.JobSpec"),
  },
  "batch.v1.PodFailurePolicyRule": {
    1: keep(str("action")),
    2: ptr(msg("onExitCodes", "batch.v1.PodFailurePolicyOnExitCodesRequirement")),
    3: list(msg("onPodConditions", "batch.v1.PodFailurePolicyOnPodConditionsPattern")),
  },
  "batch.v1.SuccessPolicyRule": {
    1: ptr(str("succeededIndexes")),
    2: ptr(i32("succeededCount")),
  },
  "batch.v1.PodFailurePolicyOnExitCodesRequirement": {
    1: ptr(str("containerName")),
    2: keep(str("operator")),
    3: list(i32("values")),
  },
  "batch.v1.PodFailurePolicyOnPodConditionsPattern": {
    1: keep(str("type")),
    2: keep(str("status")),
  },
} satisfies Messages;
