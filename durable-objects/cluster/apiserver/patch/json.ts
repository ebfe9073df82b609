// Small helpers over decoded JSON values shared by the patch functions.

export type JsonMap = Record<string, unknown>;

export const isMap = (v: unknown): v is JsonMap => typeof v === "object" && v !== null && !Array.isArray(v);

export const hasOwn = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

/** A deep copy, so that results never share structure with the stored object or the request body. */
export const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

/** A field named __proto__ could reach Object.prototype through plain property access: kube has none, so refuse it. */
export function hasProtoKey(v: unknown): boolean {
  if (Array.isArray(v)) return v.some(hasProtoKey);
  if (!isMap(v)) return false;
  return Object.keys(v).some((k) => k === "__proto__" || k.endsWith("/__proto__") || hasProtoKey(v[k]));
}
