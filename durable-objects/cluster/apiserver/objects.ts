// Stored objects ↔ API objects. The store keeps objects without metadata.resourceVersion; it is
// the key's mod revision and is set on the way out, as kube-apiserver does with etcd.
import type { KeyValue } from "../store/store";
import type { JsonObject, ResourceType } from "./registry/types";
import { apiVersionOf } from "./registry/types";

export function metadataOf(obj: JsonObject): JsonObject {
  const meta = obj.metadata;
  if (meta && typeof meta === "object" && !Array.isArray(meta)) return meta as JsonObject;
  const fresh: JsonObject = {};
  obj.metadata = fresh;
  return fresh;
}

/** The object as clients see it: kind, apiVersion and the resourceVersion of its revision. */
export function toApiObject(rt: ResourceType, kv: KeyValue): JsonObject {
  // A shallow copy: the stored value may be shared with other readers of the same event.
  const { apiVersion: _v, kind: _k, metadata, ...rest } = servedValue(rt, kv.value);
  const meta = { ...(metadata as JsonObject | undefined), resourceVersion: String(kv.modRevision) };
  return { apiVersion: apiVersionOf(rt), kind: rt.kind, metadata: meta, ...rest };
}

/** A stored value as this type serves it (converted when another version's storage holds it). */
export function servedValue(rt: ResourceType, stored: JsonObject): JsonObject {
  return rt.storedAs ? rt.storedAs.fromStorage(structuredClone(stored)) : stored;
}

/** The form written to the store: no resourceVersion, no selfLink, in the storage version. */
export function toStored(obj: JsonObject, rt?: ResourceType): JsonObject {
  const meta = metadataOf(obj);
  delete meta.resourceVersion;
  delete meta.selfLink;
  return rt?.storedAs ? rt.storedAs.toStorage(obj) : obj;
}

const NAME_SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

/** metadata.generateName + 5 random characters, as names.SimpleNameGenerator does. */
export function generateName(base: string): string {
  const trimmed = base.length > 58 ? base.slice(0, 58) : base;
  let suffix = "";
  const bytes = crypto.getRandomValues(new Uint8Array(5));
  for (const b of bytes) suffix += NAME_SUFFIX_ALPHABET[b % NAME_SUFFIX_ALPHABET.length];
  return trimmed + suffix;
}

export function parseResourceVersion(value: string | null | undefined, what = "resourceVersion"): number | undefined {
  if (value === null || value === undefined || value === "") return undefined;
  if (!/^\d+$/.test(value)) throw new TypeError(`invalid ${what}: ${JSON.stringify(value)}`);
  return Number(value);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as JsonObject)[k], (b as JsonObject)[k]));
}
