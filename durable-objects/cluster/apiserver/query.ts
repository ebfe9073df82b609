// Query parameters as kube-apiserver decodes them into its option structs (ListOptions, GetOptions,
// DeleteOptions, PatchOptions, PodLogOptions), ported from apimachinery's runtime/conversion.go
// (Convert_Slice_string_To_bool, Convert_Slice_string_To_int64) and meta/v1 Time.UnmarshalQueryParameter:
//   - a repeated parameter counts by its first value;
//   - a boolean is false when absent, "0" or "false" in any letter case, and true otherwise
//     (so `watch=True`, as the Python client sends it, and a bare `watch=` are true);
//   - a number is a Go int64, and anything else is refused with strconv's own words, which kube
//     answers as 400 BadRequest.
// One parser for the cluster and the edge Worker (which decides whether a request is a watch).
import { errors } from "./status";

/** Convert_Slice_string_To_bool: absent, "0" and "false" (any case) are false; anything else is true. */
export function queryBool(query: URLSearchParams, name: string): boolean {
  return queryOptionalBool(query, name) ?? false;
}

/** The same for a *bool option (sendInitialEvents, force): undefined when the parameter is absent. */
export function queryOptionalBool(query: URLSearchParams, name: string): boolean | undefined {
  const value = query.get(name);
  if (value === null) return undefined;
  return !(value === "0" || value.toLowerCase() === "false");
}

/** An int64 option (limit, timeoutSeconds, gracePeriodSeconds, tailLines, …); undefined when absent. */
export function queryInt64(query: URLSearchParams, name: string): number | undefined {
  const value = query.get(name);
  if (value === null) return undefined;
  const n = parseInt64(value);
  if (typeof n === "string") throw errors.badRequest(n);
  return n;
}

/**
 * Go's strconv.ParseInt(s, 10, 64): an optional sign and decimal digits within int64. Returns the
 * number (precise up to 2^53, which is all any option here needs) or strconv's error text.
 */
export function parseInt64(text: string): number | string {
  const m = /^([+-]?)(\d+)$/.exec(text);
  if (!m) return `strconv.ParseInt: parsing ${goQuote(text)}: invalid syntax`;
  const n = BigInt(m[1] === "-" ? `-${m[2]}` : m[2]!);
  if (n > INT64_MAX || n < INT64_MIN) return `strconv.ParseInt: parsing ${goQuote(text)}: value out of range`;
  return Number(n);
}

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

/**
 * A metav1.Time option (sinceTime): RFC 3339 as Go's time.Parse reads it; "" and "null" mean unset.
 * Returns milliseconds since the epoch, or undefined when unset.
 */
export function queryTime(query: URLSearchParams, name: string): number | undefined {
  const value = query.get(name);
  if (value === null || value === "" || value === "null") return undefined;
  const t = parseRFC3339(value);
  if (typeof t === "string") throw errors.badRequest(t);
  return t;
}

const RFC3339 = "2006-01-02T15:04:05Z07:00";

/** time.Parse(time.RFC3339, s): milliseconds, or Go's error text. */
export function parseRFC3339(value: string): number | string {
  const prefix = `parsing time ${goQuote(value)}`;
  const cannot = (rest: string, elem: string) => `${prefix} as ${goQuote(RFC3339)}: cannot parse ${goQuote(rest)} as ${goQuote(elem)}`;
  // Layout elements in order: [name, digits or literal].
  const fields: number[] = [];
  let rest = value;
  for (const [elem, width] of [["2006", 4], ["-", 0], ["01", 2], ["-", 0], ["02", 2], ["T", 0], ["15", 2], [":", 0], ["04", 2], [":", 0], ["05", 2]] as const) {
    if (width === 0) {
      if (!rest.startsWith(elem)) return cannot(rest, elem);
      rest = rest.slice(elem.length);
      continue;
    }
    const digits = rest.slice(0, width);
    if (!/^\d+$/.test(digits) || digits.length !== width) return cannot(rest, elem);
    fields.push(Number(digits));
    rest = rest.slice(width);
  }
  let millis = 0;
  const frac = /^[.,](\d+)/.exec(rest);
  if (frac) {
    millis = Math.floor(Number(`0.${frac[1]}`) * 1000);
    rest = rest.slice(frac[0].length);
  }
  let offsetMinutes = 0;
  if (rest.startsWith("Z")) rest = rest.slice(1);
  else {
    const zone = /^([+-])(\d\d):(\d\d)/.exec(rest);
    if (!zone) return cannot(rest, "Z07:00");
    offsetMinutes = (zone[1] === "-" ? -1 : 1) * (Number(zone[2]) * 60 + Number(zone[3]));
    rest = rest.slice(zone[0].length);
  }
  const [year, month, day, hour, minute, second] = fields as [number, number, number, number, number, number];
  if (month < 1 || month > 12) return `${prefix}: month out of range`;
  if (hour > 23) return `${prefix}: hour out of range`;
  if (minute > 59) return `${prefix}: minute out of range`;
  if (second > 59) return `${prefix}: second out of range`;
  if (rest !== "") return `${prefix}: extra text: ${goQuote(rest)}`;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) return `${prefix}: day out of range`;
  return Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000;
}

/** Go's strconv.Quote, which kube's error texts use for the value that did not parse. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else if (c >= 0x20 && c < 0x7f) out += ch;
    else if (ESCAPES[ch] !== undefined) out += ESCAPES[ch];
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, "0")}`;
    else if ((c >= 0x80 && c < 0xa0) || c === 0xad) out += `\\u${c.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return `${out}"`;
}

const ESCAPES: Record<string, string> = { "\x07": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v" };
