// Matchers for metav1.LabelSelector (matchLabels / matchExpressions) and core/v1 NodeSelectorTerms.
import type { JsonObject } from "../apiserver/registry/types";
import { arr, obj, objs, str, strMap } from "./json";

export type Labels = Readonly<Record<string, string>>;

export interface CompiledSelector {
  /** Canonical text, equal for equal selectors (used as a memo key). */
  readonly key: string;
  matches(labels: Labels): boolean;
}

interface Requirement {
  key: string;
  operator: string;
  values: string[];
}

export const NOTHING: CompiledSelector = { key: "<nothing>", matches: () => false };
export const EVERYTHING: CompiledSelector = { key: "<everything>", matches: () => true };

function requirementMatches(r: Requirement, labels: Labels): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const v = has ? labels[r.key] : undefined;
  switch (r.operator) {
    case "In":
      return has && r.values.includes(v as string);
    case "NotIn":
      return !has || !r.values.includes(v as string);
    case "Exists":
      return has;
    case "DoesNotExist":
      return !has;
    default:
      return false;
  }
}

/**
 * metav1.LabelSelectorAsSelector: null/undefined → matches nothing; {} → matches everything.
 * `extra` adds equality requirements (matchLabelKeys merging).
 */
export function compileLabelSelector(sel: unknown, extra: Record<string, string> = {}): CompiledSelector {
  const o = obj(sel);
  if (!o) return NOTHING;
  const reqs: Requirement[] = [];
  const matchLabels = { ...strMap(o.matchLabels), ...extra };
  for (const [k, v] of Object.entries(matchLabels)) reqs.push({ key: k, operator: "In", values: [v] });
  for (const e of objs(o.matchExpressions)) {
    const values = arr(e.values).filter((x): x is string => typeof x === "string");
    reqs.push({ key: str(e.key) ?? "", operator: str(e.operator) ?? "", values: [...values].sort() });
  }
  if (reqs.length === 0) return EVERYTHING;
  reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.operator < b.operator ? -1 : a.operator > b.operator ? 1 : 0));
  const key = reqs.map((r) => `${r.key} ${r.operator} (${r.values.join(",")})`).join(";");
  return { key, matches: (labels) => reqs.every((r) => requirementMatches(r, labels)) };
}

// ---- NodeSelector (node affinity) ----

export interface NodeFields {
  name: string;
  labels: Labels;
}

function nodeRequirementMatches(e: JsonObject, labels: Labels): boolean {
  const key = str(e.key) ?? "";
  const op = str(e.operator) ?? "";
  const values = arr(e.values).filter((x): x is string => typeof x === "string");
  const has = Object.prototype.hasOwnProperty.call(labels, key);
  const v = labels[key];
  switch (op) {
    case "In":
      return has && values.includes(v as string);
    case "NotIn":
      return !has || !values.includes(v as string);
    case "Exists":
      return has;
    case "DoesNotExist":
      return !has;
    case "Gt":
    case "Lt": {
      if (!has || values.length !== 1) return false;
      const lv = parseIntStrict(v as string);
      const rv = parseIntStrict(values[0] as string);
      if (lv === undefined || rv === undefined) return false;
      return op === "Gt" ? lv > rv : lv < rv;
    }
    default:
      return false;
  }
}

function parseIntStrict(s: string): number | undefined {
  return /^[+-]?\d+$/.test(s) ? Number(s) : undefined;
}

/** One NodeSelectorTerm: expressions and fields ANDed; an empty term matches nothing. */
export function nodeSelectorTermMatches(term: unknown, node: NodeFields): boolean {
  const t = obj(term);
  if (!t) return false;
  const exprs = objs(t.matchExpressions);
  const fields = objs(t.matchFields);
  if (exprs.length === 0 && fields.length === 0) return false;
  for (const e of exprs) if (!nodeRequirementMatches(e, node.labels)) return false;
  for (const f of fields) {
    // Only metadata.name is a supported field.
    if (str(f.key) !== "metadata.name") return false;
    if (!nodeRequirementMatches({ ...f, key: "metadata.name" }, { "metadata.name": node.name })) return false;
  }
  return true;
}

/** NodeSelector: terms ORed. */
export function nodeSelectorMatches(terms: readonly unknown[], node: NodeFields): boolean {
  return terms.some((t) => nodeSelectorTermMatches(t, node));
}
