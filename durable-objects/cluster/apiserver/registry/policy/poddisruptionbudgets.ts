// policy/v1 PodDisruptionBudget: minAvailable xor maxUnavailable (counts or percentages), the
// strategy (generation, status) and printPodDisruptionBudget.
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import type { StatusCause } from "../../status";
import { intOrStringText, isNotMoreThan100Percent, validatePositiveIntOrPercent } from "../../validation/int-or-percent";
import { validateLabelSelector } from "../../validation/label-selector";
import { fieldErr } from "../../validation/field-errors";
import { modelSchema } from "../../validation/schema";
import { child, isObject, num } from "../../validation/values";
import { resetStatus } from "../apps/workload";
import { STATUS, ageColumn, at, column, defineResource, nameColumn } from "../define";
import type { JsonObject } from "../types";

const EVICTION_POLICIES = ["AlwaysAllow", "IfHealthyBudget"];
const present = (v: unknown) => v !== undefined && v !== null;

/** %#v of the spec as field errors print it (pointers print as addresses). */
function goSpec(spec: JsonObject): string {
  let address = 0xc000a4e0a0;
  const ptr = (type: string, v: unknown) => `(*${type})(${present(v) ? `0x${(address += 0x20).toString(16)}` : "nil"})`;
  return `policy.PodDisruptionBudgetSpec{MinAvailable:${ptr("intstr.IntOrString", spec.minAvailable)}, Selector:${ptr("v1.LabelSelector", spec.selector)}, MaxUnavailable:${ptr("intstr.IntOrString", spec.maxUnavailable)}, UnhealthyPodEvictionPolicy:${ptr("policy.UnhealthyPodEvictionPolicyType", spec.unhealthyPodEvictionPolicy)}}`;
}

export const poddisruptionbudgets = defineResource({
  group: "policy",
  version: "v1",
  kind: "PodDisruptionBudget",
  namespaced: true,
  shortNames: ["pdb"],
  subresources: [STATUS],
  openapiName: "io.k8s.api.policy.v1.PodDisruptionBudget",
  schema: modelSchema(PodDisruptionBudget),
  generation: true,
  statusOwnedByServer: true,
  columns: [
    nameColumn,
    column("Min Available", (o) => (present(at(o, "spec.minAvailable")) ? intOrStringText(at(o, "spec.minAvailable")) : "N/A"), {
      description: "The minimum number of pods that must be available.",
    }),
    column("Max Unavailable", (o) => (present(at(o, "spec.maxUnavailable")) ? intOrStringText(at(o, "spec.maxUnavailable")) : "N/A"), {
      description: "The maximum number of pods that may be unavailable.",
    }),
    column("Allowed Disruptions", (o) => num(at(o, "status.disruptionsAllowed")), { type: "integer", description: "Calculated number of pods that may be disrupted at this time." }),
    ageColumn,
  ],
  // These status counts have no omitempty.
  prepareForCreate: resetStatus({ disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 }),
  defaults(obj) {
    child(obj, "spec");
  },
  validate(obj) {
    const spec = isObject(obj.spec) ? obj.spec : {};
    const causes: StatusCause[] = [];
    if (present(spec.minAvailable) && present(spec.maxUnavailable)) {
      causes.push({ reason: "FieldValueInvalid", field: "spec", message: `Invalid value: ${goSpec(spec)}: minAvailable and maxUnavailable cannot be both set` });
    }
    for (const key of ["minAvailable", "maxUnavailable"]) {
      if (!present(spec[key])) continue;
      causes.push(...validatePositiveIntOrPercent(spec[key], `spec.${key}`), ...isNotMoreThan100Percent(spec[key], `spec.${key}`));
    }
    causes.push(...validateLabelSelector(spec.selector, "spec.selector"));
    const policy = spec.unhealthyPodEvictionPolicy;
    if (present(policy) && !EVICTION_POLICIES.includes(policy as string)) causes.push(fieldErr.notSupported("spec.unhealthyPodEvictionPolicy", policy, EVICTION_POLICIES));
    return causes;
  },
});
