// ValidatePodUpdate: a pod's spec is fixed once created, except images, a shorter activeDeadlineSeconds,
// added tolerations, removed scheduling gates, and terminationGracePeriodSeconds from negative to 1.
import { deepEqual } from "../../objects";
import type { StatusCause } from "../../status";
import { fieldErr, inclusiveRange } from "../../validation/field-errors";
import type { JsonObject } from "../types";
import { isObject, list } from "../../validation/values";

export const POD_UPDATE_FORBIDDEN =
  "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

const GO_NAMES: Record<string, string> = { dnsPolicy: "DNSPolicy", dnsConfig: "DNSConfig", hostPID: "HostPID", hostIPC: "HostIPC", os: "OS" };
const goName = (key: string) => GO_NAMES[key] ?? key.charAt(0).toUpperCase() + key.slice(1);

/** A short rendering of what changed, in the spirit of the cmp.Diff kube appends to the message. */
function specDiff(old: JsonObject, next: JsonObject): string {
  const keys = [...new Set([...Object.keys(old), ...Object.keys(next)])];
  const lines = ["  core.PodSpec{"];
  let same = 0;
  for (const k of keys) {
    if (deepEqual(old[k], next[k])) {
      same++;
      continue;
    }
    if (old[k] !== undefined) lines.push(`- \t${goName(k)}: ${JSON.stringify(old[k])},`);
    if (next[k] !== undefined) lines.push(`+ \t${goName(k)}: ${JSON.stringify(next[k])},`);
  }
  if (same > 0) lines.push(`  \t... // ${same} identical fields`);
  lines.push("  }");
  return lines.join("\n");
}

const tolerationKey = (t: unknown) => (isObject(t) ? JSON.stringify([t.key ?? "", t.operator ?? "Equal", t.value ?? "", t.effect ?? ""]) : "");

export function validatePodUpdate(pod: JsonObject, old: JsonObject): StatusCause[] {
  const spec = (isObject(pod.spec) ? pod.spec : {}) as JsonObject;
  const oldSpec = (isObject(old.spec) ? old.spec : {}) as JsonObject;
  const causes: StatusCause[] = [];

  const deadline = spec.activeDeadlineSeconds;
  const oldDeadline = oldSpec.activeDeadlineSeconds;
  if (typeof deadline === "number") {
    if (deadline < 0 || deadline > 2147483647) return [fieldErr.invalid("spec.activeDeadlineSeconds", deadline, inclusiveRange(0, 2147483647))];
    if (typeof oldDeadline === "number" && oldDeadline < deadline) {
      return [fieldErr.invalid("spec.activeDeadlineSeconds", deadline, "must be less than or equal to previous value")];
    }
  } else if (typeof oldDeadline === "number") {
    causes.push(fieldErr.invalid("spec.activeDeadlineSeconds", null, "must not update from a positive integer to nil value"));
  }

  const tolerations = new Set(list(spec.tolerations).map(tolerationKey));
  if (!list(oldSpec.tolerations).every((t) => tolerations.has(tolerationKey(t)))) {
    causes.push(fieldErr.forbidden("spec.tolerations", "existing toleration can not be modified except its tolerationSeconds"));
  }
  const oldGates = new Set(list(oldSpec.schedulingGates).map((g) => (isObject(g) ? g.name : undefined)));
  for (const g of list(spec.schedulingGates)) {
    const name = isObject(g) ? g.name : undefined;
    if (!oldGates.has(name)) causes.push(fieldErr.forbidden("spec.schedulingGates", `only deletion is allowed, but found new scheduling gate '${String(name)}'`));
  }

  // Everything that may change is set back to its old value; whatever differs then is forbidden.
  const munged: JsonObject = structuredClone(spec);
  for (const kind of ["containers", "initContainers"]) {
    const oldList = list(oldSpec[kind]);
    list(munged[kind]).forEach((c, i) => {
      const o = oldList[i];
      if (isObject(c) && isObject(o)) c.image = o.image;
    });
  }
  for (const key of ["activeDeadlineSeconds", "tolerations", "schedulingGates"]) {
    if (oldSpec[key] === undefined) delete munged[key];
    else munged[key] = oldSpec[key];
  }
  if (typeof oldSpec.terminationGracePeriodSeconds === "number" && oldSpec.terminationGracePeriodSeconds < 0 && spec.terminationGracePeriodSeconds === 1) {
    munged.terminationGracePeriodSeconds = oldSpec.terminationGracePeriodSeconds;
  }
  if (!deepEqual(munged, oldSpec)) causes.push(fieldErr.forbidden("spec", `${POD_UPDATE_FORBIDDEN}\n${specDiff(oldSpec, munged)}`));
  return causes;
}
