// A Job's podFailurePolicy matched against a failed pod (kube's pkg/controller/job/pod_failure_policy.go):
// the first rule whose exit codes or pod conditions match decides whether the failure counts, is
// ignored, or fails the whole Job (with kube's message).
import type { JsonObject } from "../../apiserver/registry/types";

export type FailureAction = "FailJob" | "FailIndex" | "Ignore" | "Count";

export interface PolicyMatch {
  /** The message of a FailJob rule. */
  failJobMessage?: string;
  /** Whether the failure counts toward backoffLimit. */
  countFailed: boolean;
  action?: FailureAction;
}

const list = (v: unknown) => (Array.isArray(v) ? (v as JsonObject[]) : []);

function terminatedExit(status: JsonObject): number | undefined {
  const terminated = (status.state as JsonObject | undefined)?.terminated as JsonObject | undefined;
  return typeof terminated?.exitCode === "number" ? terminated.exitCode : undefined;
}

/** matchOnExitCodes: a terminated container (regular first, then init) with a non-zero code the rule names. */
function matchExitCodes(podStatus: JsonObject, rule: JsonObject): { name: string; code: number } | undefined {
  const values = (rule.values ?? []) as number[];
  for (const statuses of [podStatus.containerStatuses, podStatus.initContainerStatuses]) {
    for (const s of list(statuses)) {
      const code = terminatedExit(s);
      if (code === undefined || code === 0) continue;
      if (rule.containerName && rule.containerName !== s.name) continue;
      if (values.includes(code) === (rule.operator === "In")) return { name: String(s.name), code };
    }
  }
  return undefined;
}

function matchConditions(podStatus: JsonObject, patterns: JsonObject[]): string | undefined {
  for (const c of list(podStatus.conditions)) {
    for (const p of patterns) if (c.type === p.type && c.status === (p.status ?? "True")) return String(c.type);
  }
  return undefined;
}

export function matchPodFailurePolicy(policy: JsonObject | undefined, pod: JsonObject): PolicyMatch {
  if (!policy) return { countFailed: true };
  const status = (pod.status ?? {}) as JsonObject;
  const meta = (pod.metadata ?? {}) as JsonObject;
  const rules = list(policy.rules);
  for (let index = 0; index < rules.length; index++) {
    const rule = rules[index]!;
    const action = rule.action as FailureAction;
    let failJob: string | undefined;
    if (rule.onExitCodes) {
      const hit = matchExitCodes(status, rule.onExitCodes as JsonObject);
      if (!hit) continue;
      failJob = `Container ${hit.name} for pod ${String(meta.namespace)}/${String(meta.name)} failed with exit code ${hit.code} matching FailJob rule at index ${index}`;
    } else if (rule.onPodConditions) {
      const type = matchConditions(status, list(rule.onPodConditions));
      if (!type) continue;
      failJob = `Pod ${String(meta.namespace)}/${String(meta.name)} has condition ${type} matching FailJob rule at index ${index}`;
    } else continue;
    if (action === "Ignore") return { countFailed: false, action };
    if (action === "FailJob") return { countFailed: true, action, failJobMessage: failJob };
    return { countFailed: true, action };
  }
  return { countFailed: true };
}
