// metav1.LabelSelector objects (matchLabels + matchExpressions) and plain map selectors (the
// ReplicationController's), matched against an object's labels.
import type { JsonObject } from "../../apiserver/registry/types";
import { selectorMatches } from "../../apiserver/validation/label-selector";

type Labels = Record<string, string> | undefined;

/** An empty LabelSelector matches everything; a null (or invalid) one matches nothing. */
export function labelSelectorMatches(selector: JsonObject | null | undefined, labels: Labels): boolean {
  return selectorMatches(selector ?? null, labels ?? {}) === true;
}

/** A map selector (ReplicationController, Service): every pair must match; an empty one matches nothing. */
export function mapSelectorMatches(selector: Record<string, string> | null | undefined, labels: Labels): boolean {
  const entries = Object.entries(selector ?? {});
  if (entries.length === 0) return false;
  return entries.every(([k, v]) => labels?.[k] === v);
}

/** The ownerReference with controller=true, if any. */
export function controllerRef(obj: JsonObject): { apiVersion: string; kind: string; name: string; uid: string } | undefined {
  const refs = ((obj.metadata as JsonObject | undefined)?.ownerReferences ?? []) as JsonObject[];
  return refs.find((r) => r.controller === true) as { apiVersion: string; kind: string; name: string; uid: string } | undefined;
}
