// What the pod-template controllers (apps/v1, batch/v1) share: the status a create starts from,
// selector rules, non-negative counts, the Scale view and the selector immutability check.
import type { StatusCause } from "../../status";
import { fieldErr } from "../../validation/field-errors";
import { invalidSelector, selectorIsEmpty, selectorString, validateLabelSelector } from "../../validation/label-selector";
import { isObject, semanticEqual } from "../../validation/values";
import { at } from "../define";
import type { JsonObject, ScaleSpec } from "../types";

/**
 * kube's PrepareForCreate resets status to the zero struct; Go then writes the fields that have
 * no omitempty, so each kind starts from its own zero status.
 */
export function resetStatus(zero: JsonObject): (obj: JsonObject) => void {
  return (obj) => {
    obj.status = structuredClone(zero);
  };
}

/** ValidateNonnegativeField for an optional number at a dotted path under `obj`. */
export function nonNegative(obj: JsonObject, path: string): StatusCause[] {
  const v = at(obj, path);
  return typeof v === "number" && v < 0 ? [fieldErr.invalid(path, v, "must be greater than or equal to 0")] : [];
}

/** The selector rules of Deployments, ReplicaSets and StatefulSets: required, valid, non-empty. */
export function validateSelector(selector: unknown, path: string, kindWord: string): StatusCause[] {
  if (selector === undefined || selector === null) return [fieldErr.required(path)];
  const causes = validateLabelSelector(selector, path);
  if (selectorIsEmpty(selector)) causes.push(invalidSelector(path, selector, `empty selector is invalid for ${kindWord}`));
  return causes;
}

/** spec.selector may not change (apps/v1 ValidateImmutableField). */
export function selectorImmutable(obj: JsonObject, old: JsonObject | undefined, path = "spec.selector"): StatusCause[] {
  if (!old) return [];
  const next = at(obj, path);
  return semanticEqual(next, at(old, path)) ? [] : [invalidSelector(path, next, "field is immutable")];
}

/** The Scale subresource of a kind with spec.replicas, status.replicas and spec.selector. */
export const replicasScale: ScaleSpec = {
  specReplicas: "spec.replicas",
  statusReplicas: "status.replicas",
  selector: (obj) => selectorString(at(obj, "spec.selector")),
};

/** Whether annotations differ (Deployments count them as a change of desired state). */
export const annotationsChanged = (obj: JsonObject, old: JsonObject) =>
  !semanticEqual(isObject(obj.metadata) ? obj.metadata.annotations : undefined, isObject(old.metadata) ? old.metadata.annotations : undefined);
