// metav1.LabelSelector objects (matchLabels + matchExpressions) and plain map selectors (the
// ReplicationController's), matched against an object's labels.
import type { JsonObject } from "../../apiserver/registry/types";

type Labels = Record<string, string> | undefined;

interface Expression {
  key: string;
  operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
  values?: string[];
}

/** An empty LabelSelector matches everything; a null one matches nothing (as metav1.LabelSelectorAsSelector). */
export function labelSelectorMatches(selector: JsonObject | null | undefined, labels: Labels): boolean {
  if (!selector) return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries((selector.matchLabels ?? {}) as Record<string, string>)) if (l[k] !== v) return false;
  for (const e of (selector.matchExpressions ?? []) as Expression[]) {
    const has = Object.prototype.hasOwnProperty.call(l, e.key);
    const values = e.values ?? [];
    if (e.operator === "In" && !(has && values.includes(l[e.key]!))) return false;
    if (e.operator === "NotIn" && has && values.includes(l[e.key]!)) return false;
    if (e.operator === "Exists" && !has) return false;
    if (e.operator === "DoesNotExist" && has) return false;
  }
  return true;
}

/** A map selector (ReplicationController, Service): every pair must match; an empty one matches nothing. */
export function mapSelectorMatches(selector: Record<string, string> | null | undefined, labels: Labels): boolean {
  const entries = Object.entries(selector ?? {});
  if (entries.length === 0) return false;
  return entries.every(([k, v]) => labels?.[k] === v);
}

/** The label selector as kubectl and Scale print it ("app=web,tier in (a,b)"). */
export function selectorString(selector: JsonObject | undefined): string {
  if (!selector) return "";
  const parts = Object.entries((selector.matchLabels ?? {}) as Record<string, string>).map(([k, v]) => `${k}=${v}`);
  for (const e of (selector.matchExpressions ?? []) as Expression[]) {
    const values = [...(e.values ?? [])].sort().join(",");
    if (e.operator === "In") parts.push(`${e.key} in (${values})`);
    else if (e.operator === "NotIn") parts.push(`${e.key} notin (${values})`);
    else if (e.operator === "Exists") parts.push(e.key);
    else parts.push(`!${e.key}`);
  }
  return parts.sort().join(",");
}

/** The ownerReference with controller=true, if any. */
export function controllerRef(obj: JsonObject): { apiVersion: string; kind: string; name: string; uid: string } | undefined {
  const refs = ((obj.metadata as JsonObject | undefined)?.ownerReferences ?? []) as JsonObject[];
  return refs.find((r) => r.controller === true) as { apiVersion: string; kind: string; name: string; uid: string } | undefined;
}
