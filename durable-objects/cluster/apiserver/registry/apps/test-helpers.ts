// For the registry tests: an entry's create and update steps in the handlers' order, without storage.
import type { StatusCause } from "../../status";
import type { JsonObject, ResourceType } from "../types";

export const NOW = Date.parse("2025-06-01T12:00:00Z");
export const UID = "6f1c2a4e-0000-4000-8000-000000000001";

/** What POST does before validation: system fields, status reset, prepareForCreate, defaults. */
export function created(rt: ResourceType, body: JsonObject, namespace = "default"): JsonObject {
  const obj = structuredClone(body);
  const meta = (obj.metadata ??= {}) as JsonObject;
  if (rt.namespaced) meta.namespace = namespace;
  meta.uid = UID;
  meta.creationTimestamp = new Date(NOW - 60_000).toISOString().replace(/\.\d+Z$/, "Z");
  if (rt.generation) meta.generation = 1;
  if (rt.statusOwnedByServer) delete obj.status;
  rt.prepareForCreate?.(obj);
  rt.defaults?.(obj);
  return obj;
}

/** What PUT does to `next` given the stored `old`, before validation. */
export function updated(rt: ResourceType, old: JsonObject, next: JsonObject): JsonObject {
  const obj = structuredClone(next);
  const meta = (obj.metadata ??= {}) as JsonObject;
  const oldMeta = old.metadata as JsonObject;
  for (const k of ["uid", "creationTimestamp", "generation"]) meta[k] = oldMeta[k];
  if (rt.statusOwnedByServer) obj.status = structuredClone(old.status);
  rt.prepareForUpdate?.(obj, old);
  rt.defaults?.(obj);
  return obj;
}

/** The causes of the type's own validation, as "field: message" lines. */
export const causesOf = (rt: ResourceType, obj: JsonObject, old?: JsonObject) => (rt.validate?.(obj, old) ?? []).map(line);
export const schemaCausesOf = (rt: ResourceType, obj: JsonObject) => (rt.schema?.(obj).causes ?? []).map(line);
const line = (c: StatusCause) => `${c.field}: ${c.message}`;

/** Every cell of the object's Table row, by column name. */
export function cells(rt: ResourceType, obj: JsonObject, now = NOW): Record<string, unknown> {
  return Object.fromEntries(rt.columns.map((c) => [c.name, c.cell(obj, now)]));
}

export const ago = (ms: number) => new Date(NOW - ms).toISOString().replace(/\.\d+Z$/, "Z");
