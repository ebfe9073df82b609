// For the core registry tests: an entry's create and update steps in the handlers' order, no storage.
import { deepEqual } from "../../objects";
import type { StatusCause } from "../../status";
import type { JsonObject, ResourceType } from "../types";

export const NOW = Date.parse("2025-06-01T12:00:00Z");

/** A timestamp `ms` before NOW, as kube writes them. */
export const ago = (ms: number) => new Date(NOW - ms).toISOString().replace(/\.\d+Z$/, "Z");

/** What POST does before validation: system fields, prepareForCreate, defaults. */
export function created(rt: ResourceType, body: JsonObject, namespace = "default"): JsonObject {
  const obj = structuredClone(body);
  const meta = (obj.metadata ??= {}) as JsonObject;
  if (rt.namespaced) meta.namespace = namespace;
  meta.uid = "6f1c2a4e-0000-4000-8000-000000000002";
  meta.creationTimestamp = ago(60_000);
  if (rt.generation) meta.generation = 1;
  rt.prepareForCreate?.(obj);
  rt.defaults?.(obj);
  return obj;
}

/** What PUT does to `next` given the stored `old`, before validation. */
export function updated(rt: ResourceType, old: JsonObject, next: JsonObject): JsonObject {
  const obj = structuredClone(next);
  const meta = (obj.metadata ??= {}) as JsonObject;
  const oldMeta = old.metadata as JsonObject;
  for (const k of ["uid", "creationTimestamp", "generation", "namespace"]) if (oldMeta[k] !== undefined) meta[k] = oldMeta[k];
  if (rt.statusOwnedByServer) obj.status = structuredClone(old.status);
  rt.prepareForUpdate?.(obj, old);
  rt.defaults?.(obj);
  // Generation counts changes to everything but metadata and status.
  const rest = ({ metadata: _m, status: _s, ...r }: JsonObject) => r;
  if (rt.generation && !deepEqual(rest(obj), rest(old))) meta.generation = (oldMeta.generation as number) + 1;
  return obj;
}

const line = (c: StatusCause) => `${c.field}: ${c.message}`;

/** The type's own validation causes as "field: message" lines, as kubectl prints them. */
export const causesOf = (rt: ResourceType, obj: JsonObject, old?: JsonObject) => (rt.validate?.(obj, old) ?? []).map(line);

/** Every cell of the object's Table row, by column name. */
export function cells(rt: ResourceType, obj: JsonObject, now = NOW): Record<string, unknown> {
  return Object.fromEntries(rt.columns.map((c) => [c.name, c.cell(obj, now)]));
}
