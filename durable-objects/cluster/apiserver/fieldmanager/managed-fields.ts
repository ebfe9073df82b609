// metadata.managedFields: which manager set which fields, kept on every write as kube-apiserver
// keeps it. An Update takes ownership of the fields it changed (others lose them); fields it removed
// belong to no one. Server-side apply (apply.ts) owns exactly what it applies.
import { deepEqual, metadataOf } from "../objects";
import { rootTypeOf } from "../patch/patch-meta";
import { apiVersionOf, type JsonObject, type ResourceType } from "../registry/types";
import { difference, fieldsOf, fromPaths, PathFinder, paths, union, type FieldScope, type FieldSet, type Path } from "./fieldset";

export interface ManagedFieldsEntry {
  manager: string;
  operation: "Update" | "Apply";
  apiVersion: string;
  time: string;
  fieldsType: "FieldsV1";
  fieldsV1: FieldSet;
  subresource?: string;
}

export const rootTypeFor = (rt: ResourceType) => rootTypeOf(`${apiVersionOf(rt)}/${rt.kind}`) ?? "Object";

/** Which top-level fields a write may touch: status writes only status; main writes all but a server-owned status. */
export function scopeOf(rt: ResourceType, subresource?: string): FieldScope {
  if (subresource === "status") return { only: ["status"] };
  return rt.statusOwnedByServer ? { except: ["status"] } : {};
}

export function entriesOf(obj: JsonObject | undefined): ManagedFieldsEntry[] {
  const list = obj ? metadataOf(obj).managedFields : undefined;
  return Array.isArray(list) ? (structuredClone(list) as ManagedFieldsEntry[]) : [];
}

const sameEntry = (e: ManagedFieldsEntry, manager: string, operation: string, subresource?: string) =>
  e.manager === manager && e.operation === operation && (e.subresource ?? "") === (subresource ?? "");

/** Drops `lost` from every entry except the one identified; removes entries left empty. */
export function withoutPaths(entries: ManagedFieldsEntry[], lost: Path[], keep?: (e: ManagedFieldsEntry) => boolean): ManagedFieldsEntry[] {
  if (lost.length === 0) return entries;
  return entries
    .map((e) => (keep?.(e) ? e : { ...e, fieldsV1: fromPaths(difference(paths(e.fieldsV1), lost)) }))
    .filter((e) => Object.keys(e.fieldsV1).length > 0);
}

/** Records an Update (create, PUT, PATCH, status or scale write) by `manager` in next.metadata.managedFields. */
export function trackUpdate(rt: ResourceType, old: JsonObject | undefined, next: JsonObject, manager: string, time: string, subresource?: string): void {
  const root = rootTypeFor(rt);
  const scope = scopeOf(rt, subresource);
  const nextPaths = paths(fieldsOf(next, root, scope));
  const oldPaths = old ? paths(fieldsOf(old, root, scope)) : [];
  const inOld = old && new PathFinder(old);
  const inNext = new PathFinder(next);
  const changed = inOld ? nextPaths.filter((p) => !inOld.has(p) || !deepEqual(inOld.valueAt(p), inNext.valueAt(p))) : nextPaths;
  const removed = difference(oldPaths, nextPaths);

  const isMine = (e: ManagedFieldsEntry) => sameEntry(e, manager, "Update", subresource);
  let entries = withoutPaths(entriesOf(old), [...changed, ...removed], isMine);
  const mine = entries.find(isMine);
  const owned = difference(union(mine ? paths(mine.fieldsV1) : [], changed), removed);
  entries = entries.filter((e) => !isMine(e));
  if (owned.length > 0) {
    const entry: ManagedFieldsEntry = {
      manager,
      operation: "Update",
      apiVersion: apiVersionOf(rt),
      time: changed.length > 0 || !mine ? time : mine.time,
      fieldsType: "FieldsV1",
      fieldsV1: fromPaths(owned),
    };
    if (subresource) entry.subresource = subresource;
    entries.push(entry);
  }
  setEntries(next, entries);
}

export function setEntries(obj: JsonObject, entries: ManagedFieldsEntry[]): void {
  const meta = metadataOf(obj);
  if (entries.length > 0) meta.managedFields = entries;
  else delete meta.managedFields;
}

/**
 * The manager name of a write: the fieldManager parameter, else the client's User-Agent up to the
 * first "/" (kube's default), capped at 128 characters.
 */
export function managerName(query: URLSearchParams, userAgent: string | null): string {
  const explicit = query.get("fieldManager");
  if (explicit) return explicit;
  return (userAgent ?? "unknown").split("/")[0]!.slice(0, 128) || "unknown";
}
