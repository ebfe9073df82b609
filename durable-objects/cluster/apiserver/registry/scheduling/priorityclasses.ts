// scheduling.k8s.io/v1 PriorityClass (cluster-scoped, no spec): defaults (PreemptLowerPriority),
// ValidatePriorityClass / ValidatePriorityClassUpdate and printPriorityClass.
import { PriorityClass } from "kubernetes-models/scheduling.k8s.io/v1/PriorityClass";
import type { StatusCause } from "../../status";
import { fieldErr } from "../../validation/field-errors";
import { modelSchema } from "../../validation/schema";
import { ensure, str } from "../../validation/values";
import { ageColumn, at, column, defineResource, nameColumn } from "../define";
import type { JsonObject } from "../types";

const HIGHEST_USER_DEFINABLE_PRIORITY = 1000000000;
const PREEMPTION_POLICIES = ["PreemptLowerPriority", "Never"];
/** The built-in classes; "system-" names are reserved for them. */
export const SYSTEM_PRIORITY_CLASSES: Record<string, number> = { "system-node-critical": 2000001000, "system-cluster-critical": 2000000000 };

/** scheduling.IsKnownSystemPriorityClass */
function systemClassError(o: JsonObject): string | undefined {
  const name = str(at(o, "metadata.name"));
  const value = SYSTEM_PRIORITY_CLASSES[name];
  if (value === undefined) return `${name} is not a known system priority class`;
  if (o.value !== value) return `value of ${name} PriorityClass must be ${value}`;
  if (o.globalDefault === true) return `globalDefault of ${name} PriorityClass must be false`;
  return undefined;
}

export const priorityclasses = defineResource({
  group: "scheduling.k8s.io",
  version: "v1",
  kind: "PriorityClass",
  plural: "priorityclasses",
  namespaced: false,
  shortNames: ["pc"],
  openapiName: "io.k8s.api.scheduling.v1.PriorityClass",
  schema: modelSchema(PriorityClass),
  topLevelFields: ["value", "globalDefault", "description", "preemptionPolicy"],
  columns: [
    nameColumn,
    column("Value", (o) => (typeof o.value === "number" ? o.value : 0), {
      type: "integer",
      description: "value represents the integer value of this priority class. This is the actual priority that pods receive when they have the name of this class in their pod spec.",
    }),
    column("Global-Default", (o) => o.globalDefault === true, {
      type: "boolean",
      description:
        "globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class. Only one PriorityClass can be marked as `globalDefault`. However, if more than one PriorityClasses exists with their `globalDefault` field set to true, the smallest value of such global default PriorityClasses will be used as the default priority.",
    }),
    ageColumn,
    // Not priority 1: kube-apiserver always prints wide, so kubectl shows it by default.
    column("PreemptionPolicy", (o) => str(o.preemptionPolicy), {
      description: "preemptionPolicy is the Policy for preempting pods with lower priority. One of Never, PreemptLowerPriority. Defaults to PreemptLowerPriority if unset.",
    }),
  ],
  defaults(obj) {
    ensure(obj, "value", 0);
    if (obj.preemptionPolicy === undefined || obj.preemptionPolicy === null) obj.preemptionPolicy = "PreemptLowerPriority";
  },
  validate(obj, old) {
    const causes: StatusCause[] = [];
    const name = str(at(obj, "metadata.name"));
    if (name.startsWith("system-")) {
      const error = systemClassError(obj);
      if (error) causes.push(fieldErr.forbidden("metadata.name", `priority class names with 'system-' prefix are reserved for system use only. error: ${error}`));
    } else if (typeof obj.value === "number" && obj.value > HIGHEST_USER_DEFINABLE_PRIORITY) {
      causes.push(fieldErr.forbidden("value", `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`));
    }
    const policy = obj.preemptionPolicy;
    if (policy === "") causes.push(fieldErr.required("preemptionPolicy"));
    else if (policy !== undefined && policy !== null && !PREEMPTION_POLICIES.includes(str(policy))) causes.push(fieldErr.notSupported("preemptionPolicy", policy, PREEMPTION_POLICIES));
    if (old) {
      if (obj.value !== old.value) causes.push(fieldErr.forbidden("value", "may not be changed in an update."));
      if (obj.preemptionPolicy !== old.preemptionPolicy) causes.push(fieldErr.invalid("preemptionPolicy", obj.preemptionPolicy ?? null, "field is immutable"));
    }
    return causes;
  },
});
