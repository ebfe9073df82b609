// metav1.LabelSelector as kube handles it: LabelSelectorAsSelector (matching and String()),
// FormatLabelSelector / labels.FormatLabels for printing, ValidateLabelSelector / ValidateLabels,
// and the %#v text field errors show for a selector.
import type { StatusCause } from "../status";
import { fieldErr } from "./field-errors";
import { labelValue, qualifiedName } from "./names";
import { isObject, list, str } from "./values";

type Op = "=" | "in" | "notin" | "exists" | "!";
interface Requirement {
  key: string;
  op: Op;
  values: string[];
}

const OPERATORS: Record<string, Op> = { In: "in", NotIn: "notin", Exists: "exists", DoesNotExist: "!" };

/** The requirements of a selector; null for a nil selector (matches nothing); throws when invalid. */
function requirements(sel: unknown): Requirement[] | null {
  if (sel === undefined || sel === null) return null;
  const s = isObject(sel) ? sel : {};
  const reqs: Requirement[] = [];
  for (const [key, value] of Object.entries(isObject(s.matchLabels) ? s.matchLabels : {})) reqs.push(requirement(key, "=", [str(value)]));
  for (const expr of list(s.matchExpressions)) {
    const e = isObject(expr) ? expr : {};
    const op = OPERATORS[str(e.operator)];
    if (!op) throw new Error(`${JSON.stringify(str(e.operator))} is not a valid label selector operator`);
    reqs.push(requirement(str(e.key), op, list(e.values).map(str)));
  }
  // labels.Selector.Add keeps requirements sorted by key.
  return reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** labels.NewRequirement: validates the key, the values and their number for the operator. */
function requirement(key: string, op: Op, values: string[]): Requirement {
  const keyErrs = qualifiedName(key);
  if (keyErrs.length > 0) throw new Error(`key: Invalid value: ${JSON.stringify(key)}: ${keyErrs.join("; ")}`);
  if ((op === "in" || op === "notin") && values.length === 0) throw new Error("for 'in', 'notin' operators, values set can't be empty");
  if (op === "=" && values.length !== 1) throw new Error("exact-match compatibility requires one single value");
  if ((op === "exists" || op === "!") && values.length !== 0) throw new Error("values set must be empty for exists and does not exist");
  for (const v of values) {
    const errs = labelValue(v);
    if (errs.length > 0) throw new Error(`values[0][${key}]: Invalid value: ${JSON.stringify(v)}: ${errs.join("; ")}`);
  }
  return { key, op, values };
}

function requirementString(r: Requirement): string {
  const values = [...r.values].sort();
  switch (r.op) {
    case "exists":
      return r.key;
    case "!":
      return `!${r.key}`;
    case "=":
      return `${r.key}=${values[0]}`;
    default:
      return `${r.key} ${r.op} (${values.join(",")})`;
  }
}

/** LabelSelectorAsSelector(sel).String(): "app=web,tier in (a,b)"; "" for nil or empty; undefined when invalid. */
export function selectorString(sel: unknown): string | undefined {
  try {
    return (requirements(sel) ?? []).map(requirementString).join(",");
  } catch {
    return undefined;
  }
}

/** metav1.FormatLabelSelector: like selectorString, but "<none>" when empty and "<error>" when invalid. */
export function formatLabelSelector(sel: unknown): string {
  const s = selectorString(sel);
  if (s === undefined) return "<error>";
  return s === "" ? "<none>" : s;
}

/** labels.FormatLabels: "a=b,c=d" sorted by key, "<none>" when empty. */
export function formatLabels(labels: unknown): string {
  const entries = Object.entries(isObject(labels) ? labels : {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length === 0 ? "<none>" : entries.map(([k, v]) => `${k}=${str(v)}`).join(",");
}

/**
 * Whether a selector selects a label set: a nil selector selects nothing, an empty one everything.
 * Undefined when the selector is invalid.
 */
export function selectorMatches(sel: unknown, labels: unknown): boolean | undefined {
  let reqs: Requirement[] | null;
  try {
    reqs = requirements(sel);
  } catch {
    return undefined;
  }
  if (reqs === null) return false;
  const set = isObject(labels) ? (labels as Record<string, unknown>) : {};
  return reqs.every((r) => {
    const has = Object.hasOwn(set, r.key);
    const value = str(set[r.key]);
    switch (r.op) {
      case "=":
      case "in":
        return has && r.values.includes(value);
      case "notin":
        return !has || !r.values.includes(value);
      case "exists":
        return has;
      case "!":
        return !has;
    }
  });
}

/** Whether the selector has neither matchLabels nor matchExpressions. */
export function selectorIsEmpty(sel: unknown): boolean {
  const s = isObject(sel) ? sel : {};
  return Object.keys(isObject(s.matchLabels) ? s.matchLabels : {}).length + list(s.matchExpressions).length === 0;
}

/** ValidateLabels: qualified-name keys and label values, each error at `path`. */
export function validateLabels(labels: unknown, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  for (const [k, v] of Object.entries(isObject(labels) ? labels : {})) {
    for (const msg of qualifiedName(k)) causes.push(fieldErr.invalid(path, k, msg));
    for (const msg of labelValue(str(v))) causes.push(fieldErr.invalid(path, v, msg));
  }
  return causes;
}

/** ValidateLabelSelector (metav1 validation). */
export function validateLabelSelector(sel: unknown, path: string): StatusCause[] {
  if (!isObject(sel)) return [];
  const causes = validateLabels(sel.matchLabels, `${path}.matchLabels`);
  list(sel.matchExpressions).forEach((expr, i) => {
    const e = isObject(expr) ? expr : {};
    const p = `${path}.matchExpressions[${i}]`;
    const values = list(e.values);
    switch (e.operator) {
      case "In":
      case "NotIn":
        if (values.length === 0) causes.push(fieldErr.required(`${p}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case "Exists":
      case "DoesNotExist":
        if (values.length > 0) causes.push(fieldErr.forbidden(`${p}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        break;
      default:
        causes.push(fieldErr.invalid(`${p}.operator`, str(e.operator), "not a valid selector operator"));
    }
    for (const msg of qualifiedName(str(e.key))) causes.push(fieldErr.invalid(`${p}.key`, str(e.key), msg));
    values.forEach((v, j) => {
      for (const msg of labelValue(str(v))) causes.push(fieldErr.invalid(`${p}.values[${j}]`, v, msg));
    });
  });
  return causes;
}

/** A string map as %#v prints it: map[string]string{"a":"b", "c":"d"}, or map[string]string(nil). */
export function goStringMap(m: unknown): string {
  if (!isObject(m)) return "map[string]string(nil)";
  const entries = Object.entries(m).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `map[string]string{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(str(v))}`).join(", ")}}`;
}

/** A LabelSelector as field errors print it (%#v of v1.LabelSelector). */
export function goLabelSelector(sel: unknown): string {
  if (!isObject(sel)) return "null";
  const exprs = Array.isArray(sel.matchExpressions)
    ? `[]v1.LabelSelectorRequirement{${sel.matchExpressions
        .map((e) => {
          const x = isObject(e) ? e : {};
          const values = Array.isArray(x.values) ? `[]string{${x.values.map((v) => JSON.stringify(str(v))).join(", ")}}` : "[]string(nil)";
          return `v1.LabelSelectorRequirement{Key:${JSON.stringify(str(x.key))}, Operator:${JSON.stringify(str(x.operator))}, Values:${values}}`;
        })
        .join(", ")}}`
    : "[]v1.LabelSelectorRequirement(nil)";
  return `v1.LabelSelector{MatchLabels:${goStringMap(sel.matchLabels)}, MatchExpressions:${exprs}}`;
}

/** field.Invalid with a selector value: `Invalid value: v1.LabelSelector{…}: detail`. */
export function invalidSelector(path: string, sel: unknown, detail: string): StatusCause {
  return { reason: "FieldValueInvalid", field: path, message: `Invalid value: ${goLabelSelector(sel)}: ${detail}` };
}

/** field.Invalid with a string-map value (labels): `Invalid value: map[string]string{…}: detail`. */
export function invalidLabels(path: string, labels: unknown, detail: string): StatusCause {
  return { reason: "FieldValueInvalid", field: path, message: `Invalid value: ${goStringMap(labels)}: ${detail}` };
}
