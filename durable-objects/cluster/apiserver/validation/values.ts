// Small readers and writers for decoded JSON objects, and Go's notion of "equal" for API values.
import type { JsonObject } from "../registry/types";

export const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const objects = (v: unknown): JsonObject[] => list(v).filter(isObject);
export const str = (v: unknown): string => (typeof v === "string" ? v : "");
/** The strings of a list (anything else: none). */
export const strings = (v: unknown): string[] => list(v).filter((x): x is string => typeof x === "string");
/** A map, or an empty one for anything else. */
export const mapOf = (v: unknown): JsonObject => (isObject(v) ? v : {});
export const num = (v: unknown): number => (typeof v === "number" ? v : 0);
export const strMap = (v: unknown): Record<string, string> => (isObject(v) ? (v as Record<string, string>) : {});

/** Go's nil: a missing field or null. */
export const unset = (v: unknown): v is undefined | null => v === undefined || v === null;

/**
 * The child object at `key`, created empty when absent. A value of the wrong type is left alone
 * (a detached object is returned) so that schema validation still reports it.
 */
export function child(obj: JsonObject, key: string): JsonObject {
  if (unset(obj[key])) obj[key] = {};
  return isObject(obj[key]) ? (obj[key] as JsonObject) : {};
}

/** Sets `obj[key]` when absent (undefined, null or ""), as Go defaulting checks zero values. */
export function fill(obj: JsonObject, key: string, value: unknown): void {
  if (obj[key] === undefined || obj[key] === null || obj[key] === "") obj[key] = value;
}

/** Sets `obj[key]` when the key is missing: a field Go always serializes (no omitempty). */
export function ensure(obj: JsonObject, key: string, value: unknown): void {
  if (!(key in obj)) obj[key] = value;
}

const isEmpty = (v: unknown) =>
  v === undefined || v === null || (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.values(v).every((x) => x === undefined));

/**
 * apiequality.Semantic.DeepEqual on decoded JSON: a missing field, null, an empty list and an
 * empty map are all Go's nil/empty and compare equal.
 */
export function semanticEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isEmpty(a) && isEmpty(b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => semanticEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => semanticEqual(a[k], b[k]));
  }
  return false;
}
