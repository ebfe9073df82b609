// Server-side apply (application/apply-patch+yaml): the applied configuration is merged into the live
// object; the applier owns exactly the fields it applied; fields it applied before and no longer does
// are removed unless someone else owns them; a field another manager owns with a different value is a
// conflict (409) unless the apply is forced, which takes the field over.
import { deepEqual } from "../objects";
import { fieldMeta, PATCH_META } from "../patch/patch-meta";
import { apiVersionOf, type JsonObject, type ResourceType } from "../registry/types";
import { ApiError } from "../status";
import { difference, fieldsOf, formatPath, fromPaths, listKind, PathFinder, pathKey, paths, removePaths, type Path } from "./fieldset";
import { entriesOf, rootTypeFor, scopeOf, setEntries, withoutPaths, type ManagedFieldsEntry } from "./managed-fields";

const isMap = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

export interface ApplyOptions {
  manager: string;
  force: boolean;
  time: string;
  subresource?: string;
}

/**
 * The object after applying `applied` to `live` (undefined when the object does not exist yet), with
 * managedFields updated. Throws a 409 Conflict listing every conflicting field unless forced.
 */
export function serverSideApply(rt: ResourceType, live: JsonObject | undefined, applied: JsonObject, opts: ApplyOptions): JsonObject {
  const root = rootTypeFor(rt);
  const scope = scopeOf(rt, opts.subresource);
  const appliedPaths = paths(fieldsOf(applied, root, scope));
  const isMine = (e: ManagedFieldsEntry) => e.manager === opts.manager && e.operation === "Apply" && (e.subresource ?? "") === (opts.subresource ?? "");
  let entries = entriesOf(live);
  const previous = entries.find(isMine);

  if (live) {
    const conflicts: { entry: ManagedFieldsEntry; path: Path }[] = [];
    const applying = new Map(appliedPaths.map((p) => [pathKey(p), p]));
    const inLive = new PathFinder(live);
    const inApplied = new PathFinder(applied);
    for (const entry of entries) {
      if (isMine(entry) || (entry.subresource ?? "") !== (opts.subresource ?? "")) continue;
      for (const p of paths(entry.fieldsV1)) {
        if (applying.has(pathKey(p)) && !deepEqual(inLive.valueAt(p), inApplied.valueAt(p))) conflicts.push({ entry, path: p });
      }
    }
    if (conflicts.length > 0 && !opts.force) throw conflictError(conflicts);
    // Forced: the conflicting fields change hands.
    entries = withoutPaths(entries, conflicts.map((c) => c.path), isMine);
  }

  const merged = live ? mergeRoot(structuredClone(live), applied, root, scope) : structuredClone(applied);
  // What this manager applied last time and not now goes, unless another manager still owns it.
  if (live && previous) {
    const ownedByOthers = new Set(entries.filter((e) => !isMine(e)).flatMap((e) => paths(e.fieldsV1)).map(pathKey));
    removePaths(merged, difference(paths(previous.fieldsV1), appliedPaths).filter((p) => !ownedByOthers.has(pathKey(p))));
  }

  entries = entries.filter((e) => !isMine(e));
  if (appliedPaths.length > 0) {
    const entry: ManagedFieldsEntry = {
      manager: opts.manager,
      operation: "Apply",
      apiVersion: apiVersionOf(rt),
      time: opts.time,
      fieldsType: "FieldsV1",
      fieldsV1: fromPaths(appliedPaths),
    };
    if (opts.subresource) entry.subresource = opts.subresource;
    entries.push(entry);
  }
  setEntries(merged, entries);
  return merged;
}

function mergeRoot(live: JsonObject, applied: JsonObject, root: string, scope: { only?: string[]; except?: string[] }): JsonObject {
  for (const [k, v] of Object.entries(applied)) {
    if (k === "apiVersion" || k === "kind" || (scope.only && !scope.only.includes(k)) || scope.except?.includes(k)) continue;
    const childType = fieldMeta(PATCH_META, root, k).type ?? (k === "metadata" ? "ObjectMeta" : undefined);
    live[k] = mergeValue(live[k], v, childType, k, root);
  }
  return live;
}

/** Merges an applied value into a live one: maps by field, associative lists by key, sets by value; the rest is replaced. */
function mergeValue(live: unknown, applied: unknown, type: string | undefined, field?: string, parentType?: string): unknown {
  if (Array.isArray(applied)) {
    const list = field === undefined ? { kind: "atomic" as const } : listKind(parentType, field);
    if (list.kind === "atomic" || !Array.isArray(live)) return structuredClone(applied);
    // Items are found through a Map (by value for a set, by merge key otherwise): linear, however long the lists.
    if (list.kind === "set") {
      const present = new Set(live.map(canonical));
      return [...live, ...applied.filter((v) => !present.has(canonical(v)))];
    }
    const key = list.key!;
    const out = [...live];
    const at = new Map<unknown, number>();
    out.forEach((l, i) => {
      if (isMap(l) && !at.has(l[key])) at.set(l[key], i);
    });
    for (const item of applied) {
      const i = isMap(item) ? (at.get(item[key]) ?? -1) : -1;
      if (i < 0) {
        if (isMap(item) && !at.has(item[key])) at.set(item[key], out.length);
        out.push(structuredClone(item));
      } else out[i] = mergeValue(out[i], item, list.itemType);
    }
    return out;
  }
  if (isMap(applied)) {
    if (!isMap(live)) return structuredClone(applied);
    for (const [k, v] of Object.entries(applied)) live[k] = mergeValue(live[k], v, fieldMeta(PATCH_META, type, k).type, k, type);
    return live;
  }
  return applied;
}

/** A JSON value as a string equal for deepEqual values (object keys sorted). */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (isMap(v)) {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v) ?? "undefined";
}

function conflictError(conflicts: { entry: ManagedFieldsEntry; path: Path }[]): ApiError {
  const causes = conflicts.map(({ entry, path }) => ({
    reason: "FieldManagerConflict",
    message: `conflict with "${entry.manager}"${entry.operation === "Update" ? ` using ${entry.apiVersion}` : ""}`,
    field: formatPath(path),
  }));
  const lines = causes.map((c) => `- ${c.message}: ${c.field}`).join("\n");
  const n = conflicts.length;
  return new ApiError({
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message: `Apply failed with ${n} conflict${n === 1 ? "" : "s"}: ${n === 1 ? `${causes[0]!.message}: ${causes[0]!.field}` : `\n${lines}`}`,
    reason: "Conflict",
    details: { causes },
    code: 409,
  });
}
