// Keys and sizes of ConfigMap and Secret data (IsConfigMapKey, MaxSecretSize), and the
// `immutable: true` rule both kinds share.
import type { JsonObject } from "../registry/types";
import { deepEqual } from "../objects";
import type { StatusCause } from "../status";
import { fieldErr } from "./field-errors";

/** core.MaxSecretSize: the most data a ConfigMap or Secret may hold. */
export const MAX_DATA_SIZE = 1024 * 1024;

const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

/** IsConfigMapKey */
export function configKeyErrors(key: string): string[] {
  const errs: string[] = [];
  if (key.length > 253) errs.push("must be no more than 253 characters");
  if (!CONFIG_KEY.test(key)) {
    errs.push(
      "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    );
  }
  if (key === ".") errs.push("must not be '.'");
  else if (key === "..") errs.push("must not be '..'");
  else if (key.startsWith("..")) errs.push("must not start with '..'");
  return errs;
}

/** Invalid causes for the bad keys of a data map, on `path[key]`. */
export function validateDataKeys(data: unknown, path: string): StatusCause[] {
  if (typeof data !== "object" || data === null) return [];
  return Object.keys(data).flatMap((k) => configKeyErrors(k).map((m) => fieldErr.invalid(`${path}[${k}]`, k, m)));
}

/** Bytes of a UTF-8 string value. */
export const utf8Length = (s: unknown) => (typeof s === "string" ? new TextEncoder().encode(s).length : 0);

/** Bytes a base64 value decodes to. */
export function base64Length(s: unknown): number {
  if (typeof s !== "string") return 0;
  const clean = s.replace(/\s/g, "");
  const padding = clean.endsWith("==") ? 2 : clean.endsWith("=") ? 1 : 0;
  return Math.floor((clean.length * 3) / 4) - padding;
}

/** Once `immutable` is true, it and the given data fields may not change. */
export function validateImmutableData(obj: JsonObject, old: JsonObject, fields: string[]): StatusCause[] {
  if (old.immutable !== true) return [];
  const causes: StatusCause[] = [];
  const message = "field is immutable when `immutable` is set";
  if (obj.immutable !== true) causes.push(fieldErr.forbidden("immutable", message));
  for (const f of fields) if (!deepEqual(obj[f] ?? undefined, old[f] ?? undefined)) causes.push(fieldErr.forbidden(f, message));
  return causes;
}
