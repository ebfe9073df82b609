// Job conditions as kube 1.33 writes them: the interim SuccessCriteriaMet / FailureTarget first, the
// terminal Complete / Failed once no pod of the Job is still terminating.
import type { JsonObject } from "../../apiserver/registry/types";

export interface JobCondition {
  type: string;
  status: "True" | "False";
  reason: string;
  message: string;
}

export const COMPLETIONS_REACHED: JobCondition = { type: "SuccessCriteriaMet", status: "True", reason: "CompletionsReached", message: "Reached expected number of succeeded pods" };
export const BACKOFF_LIMIT_EXCEEDED: JobCondition = { type: "FailureTarget", status: "True", reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit" };
export const FAILED_INDEXES: JobCondition = { type: "FailureTarget", status: "True", reason: "FailedIndexes", message: "Job has failed indexes" };
export const MAX_FAILED_INDEXES_EXCEEDED: JobCondition = { type: "FailureTarget", status: "True", reason: "MaxFailedIndexesExceeded", message: "Job has exceeded the specified maximal number of failed indexes" };
export const DEADLINE_EXCEEDED: JobCondition = { type: "FailureTarget", status: "True", reason: "DeadlineExceeded", message: "Job was active longer than specified deadline" };

export function conditionsOf(job: JsonObject): JsonObject[] {
  const c = (job.status as JsonObject | undefined)?.conditions;
  return Array.isArray(c) ? (c as JsonObject[]) : [];
}

export function findCondition(job: JsonObject, type: string): JsonObject | undefined {
  return conditionsOf(job).find((c) => c.type === type);
}

export function hasTrueCondition(job: JsonObject, type: string): boolean {
  return findCondition(job, type)?.status === "True";
}

/** IsJobFinished: Complete or Failed is True. */
export function isJobFinished(job: JsonObject): boolean {
  return hasTrueCondition(job, "Complete") || hasTrueCondition(job, "Failed");
}

/** The terminal condition an interim one leads to. */
export function terminalFor(c: JobCondition): JobCondition {
  return { ...c, type: c.type === "SuccessCriteriaMet" ? "Complete" : "Failed" };
}

/**
 * ensureJobConditionStatus: sets a condition's status, reason and message (a new transition time only
 * when the status changes); a False condition that is absent is not added. Returns whether it changed.
 */
export function ensureCondition(conditions: JsonObject[], c: JobCondition, now: string): boolean {
  const existing = conditions.find((x) => x.type === c.type);
  if (!existing) {
    if (c.status === "False") return false;
    conditions.push({ type: c.type, status: c.status, lastProbeTime: now, lastTransitionTime: now, reason: c.reason, message: c.message });
    return true;
  }
  if (existing.status === c.status && existing.reason === c.reason && existing.message === c.message) return false;
  if (existing.status !== c.status) existing.lastTransitionTime = now;
  existing.status = c.status;
  existing.lastProbeTime = now;
  existing.reason = c.reason;
  existing.message = c.message;
  return true;
}
