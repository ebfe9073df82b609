// intstr.IntOrString fields holding a count or a percentage (maxSurge, maxUnavailable,
// minAvailable): the apps validation helpers and how field errors print such a value.
import type { StatusCause } from "../status";

const PERCENT = /^[0-9]+%$/;
const PERCENT_ERROR =
  "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

/** %#v of an intstr.IntOrString, as field errors show it. */
export function goIntOrString(v: unknown): string {
  if (typeof v === "string") return `intstr.IntOrString{Type:1, IntVal:0, StrVal:${JSON.stringify(v)}}`;
  return `intstr.IntOrString{Type:0, IntVal:${typeof v === "number" ? v : 0}, StrVal:""}`;
}

const invalid = (field: string, v: unknown, detail: string): StatusCause => ({
  reason: "FieldValueInvalid",
  field,
  message: `Invalid value: ${goIntOrString(v)}: ${detail}`,
});

/** getPercentValue: the number of a valid "N%" string. */
function percentValue(v: unknown): number | undefined {
  return typeof v === "string" && PERCENT.test(v) ? Number.parseInt(v.slice(0, -1), 10) : undefined;
}

/** getIntOrPercentValue: the percentage or the integer (0 for anything else). */
export function intOrPercentValue(v: unknown): number {
  const percent = percentValue(v);
  if (percent !== undefined) return percent;
  if (typeof v === "number") return v;
  const n = typeof v === "string" && /^[+-]?\d+$/.test(v) ? Number.parseInt(v, 10) : 0;
  return Number.isNaN(n) ? 0 : n;
}

/** ValidatePositiveIntOrPercent */
export function validatePositiveIntOrPercent(v: unknown, field: string): StatusCause[] {
  if (typeof v === "string") return PERCENT.test(v) ? [] : [invalid(field, v, PERCENT_ERROR)];
  if (typeof v === "number") return v < 0 ? [{ reason: "FieldValueInvalid", field, message: `Invalid value: ${v}: must be greater than or equal to 0` }] : [];
  return [invalid(field, v, "must be an integer or percentage (e.g '5%')")];
}

/** IsNotMoreThan100Percent */
export function isNotMoreThan100Percent(v: unknown, field: string): StatusCause[] {
  const percent = percentValue(v);
  return percent !== undefined && percent > 100 ? [invalid(field, v, "must not be greater than 100%")] : [];
}

/** A field error whose value is an IntOrString. */
export const invalidIntOrString = invalid;

/** intstr.String(): "1" or "50%". */
export const intOrStringText = (v: unknown): string => (typeof v === "number" ? String(v) : typeof v === "string" ? v : "0");
