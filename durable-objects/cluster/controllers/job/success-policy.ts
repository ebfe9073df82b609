// An Indexed Job's successPolicy (kube's success_policy.go): the first rule whose succeededIndexes (all
// of them, or succeededCount of them) or plain succeededCount is met declares the Job successful, even
// with indexes still running (those are then stopped).
import type { JsonObject } from "../../apiserver/registry/types";
import type { JobCondition } from "./conditions";
import { parseIndexes } from "./indexes";

export function matchSuccessPolicy(policy: JsonObject | undefined, completions: number, succeeded: Set<number>): JobCondition | undefined {
  const rules = Array.isArray(policy?.rules) ? (policy.rules as JsonObject[]) : [];
  if (succeeded.size === 0) return undefined;
  for (let index = 0; index < rules.length; index++) {
    const rule = rules[index]!;
    const count = typeof rule.succeededCount === "number" ? rule.succeededCount : 0;
    let met: boolean;
    if (typeof rule.succeededIndexes === "string") {
      const required = parseIndexes(rule.succeededIndexes, completions);
      if (required.size === 0) continue;
      const done = [...required].filter((i) => succeeded.has(i)).length;
      met = count === 0 ? done === required.size : done >= count;
    } else met = count > 0 && succeeded.size >= count;
    if (met) return { type: "SuccessCriteriaMet", status: "True", reason: "SuccessPolicy", message: `Matched rules at index ${index}` };
  }
  return undefined;
}
