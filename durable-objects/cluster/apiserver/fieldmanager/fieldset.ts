// Field sets in kube's FieldsV1 form ({"f:spec":{"f:replicas":{}}}, list items as
// "k:{\"name\":\"web\"}" or "v:\"x\"", "." marking a list item itself): which fields an object sets,
// read and removed by path. List semantics come from the patch metadata: a list with a merge key is
// associative, a merge list without one is a set, every other list is atomic (one leaf).
import { fieldMeta, PATCH_META } from "../patch/patch-meta";
import type { JsonObject } from "../registry/types";

export type FieldSet = { [element: string]: FieldSet };
/** One step of a path: "f:name", "k:{…}", "v:…" or "." (the item at the end of the path itself). */
export type Path = string[];

const isMap = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

/** Fields the server owns and no manager does. */
const SYSTEM_FIELDS: Record<string, true> = { apiVersion: true, kind: true };
const SYSTEM_METADATA: Record<string, true> = {
  name: true, namespace: true, uid: true, resourceVersion: true, generation: true, creationTimestamp: true,
  deletionTimestamp: true, deletionGracePeriodSeconds: true, managedFields: true, selfLink: true, generateName: true,
};

export interface FieldScope {
  only?: string[];
  except?: string[];
}

export interface ListKind {
  kind: "associative" | "set" | "atomic";
  key?: string;
  itemType?: string;
}

export function listKind(type: string | undefined, field: string): ListKind {
  const meta = fieldMeta(PATCH_META, type, field);
  if (meta.strategy?.includes("merge") && meta.mergeKey) return { kind: "associative", key: meta.mergeKey, itemType: meta.type };
  if (meta.strategy?.includes("merge")) return { kind: "set" };
  return { kind: "atomic" };
}

const itemKey = (key: string, item: unknown) => `k:${JSON.stringify({ [key]: isMap(item) ? item[key] : undefined })}`;

/**
 * The fields `obj` sets. `only`: restrict to these top-level fields (e.g. ["status"] for a status
 * write); `except`: leave these out (e.g. ["status"] for a main-resource write of a type with status).
 */
export function fieldsOf(obj: JsonObject, rootType: string | undefined, opts: FieldScope = {}): FieldSet {
  const set: FieldSet = {};
  for (const [k, v] of Object.entries(obj)) {
    if (SYSTEM_FIELDS[k] || (opts.only && !opts.only.includes(k)) || opts.except?.includes(k)) continue;
    const meta = fieldMeta(PATCH_META, rootType, k);
    if (k === "metadata" && isMap(v)) {
      const m = mapFields(v, meta.type ?? "ObjectMeta", (field) => !SYSTEM_METADATA[field]);
      if (Object.keys(m).length > 0) set["f:metadata"] = m;
      continue;
    }
    set[`f:${k}`] = valueFields(v, rootType, k);
  }
  return set;
}

function mapFields(obj: JsonObject, type: string | undefined, keep: (field: string) => boolean = () => true): FieldSet {
  const set: FieldSet = {};
  for (const [k, v] of Object.entries(obj)) if (keep(k)) set[`f:${k}`] = valueFields(v, type, k);
  return set;
}

function valueFields(v: unknown, parentType: string | undefined, field: string): FieldSet {
  if (Array.isArray(v)) {
    const list = listKind(parentType, field);
    if (list.kind === "atomic" || v.length === 0) return {};
    const set: FieldSet = {};
    for (const item of v) {
      if (list.kind === "set") set[`v:${JSON.stringify(item)}`] = {};
      else set[itemKey(list.key!, item)] = { ".": {}, ...(isMap(item) ? mapFields(item, list.itemType) : {}) };
    }
    return set;
  }
  // A map is owned field by field; an empty one is a leaf.
  if (isMap(v)) return mapFields(v, fieldMeta(PATCH_META, parentType, field).type);
  return {};
}

/** Every owned path: leaves, and "."-marked nodes (a map or list item owned as such). */
export function paths(set: FieldSet, prefix: Path = [], out: Path[] = []): Path[] {
  for (const [el, child] of Object.entries(set)) {
    if (el === ".") out.push([...prefix, "."]);
    else if (Object.keys(child).length === 0) out.push([...prefix, el]);
    else paths(child, [...prefix, el], out);
  }
  return out;
}

export const pathKey = (p: Path) => p.join("\u0000");

export function fromPaths(list: Path[]): FieldSet {
  const set: FieldSet = {};
  for (const p of list) {
    let node = set;
    for (const el of p) node = node[el] ??= {};
  }
  return set;
}

/** Paths of `a` not in `b`. */
export function difference(a: Path[], b: Path[]): Path[] {
  const keys = new Set(b.map(pathKey));
  return a.filter((p) => !keys.has(pathKey(p)));
}

export function union(a: Path[], b: Path[]): Path[] {
  const seen = new Set(a.map(pathKey));
  return [...a, ...b.filter((p) => !seen.has(pathKey(p)))];
}

type Step = { container: JsonObject | unknown[]; at: string | number };

/**
 * Finds what paths name in one object. A list's items are found through an index built the first time
 * the list is searched (by key fields for "k:", by value for "v:"), so looking up every item of a long
 * list is linear, not quadratic. The object must not change while a finder is in use.
 */
export class PathFinder {
  private readonly indexes = new Map<unknown[], Map<string, Map<string, number>>>();
  constructor(private readonly obj: JsonObject) {}

  /** Where a path's last element lives (for "." the item itself), or null if absent. */
  locate(path: Path): Step | null {
    let node: unknown = this.obj;
    let step: Step | null = null;
    for (const el of path) {
      if (el === ".") break;
      if (el.startsWith("f:")) {
        if (!isMap(node)) return null;
        const field = el.slice(2);
        if (!(field in node)) return null;
        step = { container: node, at: field };
        node = node[field];
      } else if (el.startsWith("k:") || el.startsWith("v:")) {
        if (!Array.isArray(node)) return null;
        const i = this.itemIndex(node, el);
        if (i < 0) return null;
        step = { container: node, at: i };
        node = node[i];
      } else return null;
    }
    return step;
  }

  valueAt(path: Path): unknown {
    const step = this.locate(path);
    if (!step) return undefined;
    return Array.isArray(step.container) ? step.container[step.at as number] : (step.container as JsonObject)[step.at as string];
  }

  has(path: Path): boolean {
    return this.locate(path) !== null;
  }

  /** The first item of `list` that `el` names: the same key field values (===), or the same JSON value. */
  private itemIndex(list: unknown[], el: string): number {
    const parsed = JSON.parse(el.slice(2)) as unknown;
    let signature: string;
    let id: string | undefined;
    let idOf: (item: unknown) => string | undefined;
    if (el.startsWith("k:")) {
      const fields = Object.keys(parsed as JsonObject);
      signature = `k${JSON.stringify(fields)}`;
      idOf = (item) => (isMap(item) ? keyId(fields.map((f) => item[f])) : undefined);
      id = keyId(Object.values(parsed as JsonObject));
    } else {
      signature = "v";
      idOf = (item) => JSON.stringify(item);
      id = JSON.stringify(parsed);
    }
    if (id === undefined) return -1;
    let bySignature = this.indexes.get(list);
    if (!bySignature) this.indexes.set(list, (bySignature = new Map()));
    let index = bySignature.get(signature);
    if (!index) {
      index = new Map();
      list.forEach((item, i) => {
        const itemId = idOf(item);
        if (itemId !== undefined && !index!.has(itemId)) index!.set(itemId, i);
      });
      bySignature.set(signature, index);
    }
    return index.get(id) ?? -1;
  }
}

/** Key field values as one string; undefined when one is missing or not a scalar (=== never matches those). */
function keyId(values: unknown[]): string | undefined {
  for (const v of values) if (v === undefined || (typeof v === "object" && v !== null)) return undefined;
  return JSON.stringify(values);
}

/** The value at a path, or undefined when absent. */
export function valueAt(obj: JsonObject, path: Path): unknown {
  return new PathFinder(obj).valueAt(path);
}

export function hasPath(obj: JsonObject, path: Path): boolean {
  return new PathFinder(obj).has(path);
}

/** Removes the fields and list items at `list` (those present), each list rewritten once. */
export function removePaths(obj: JsonObject, list: Path[]): void {
  const finder = new PathFinder(obj);
  const steps = list.map((p) => finder.locate(p)).filter((s): s is Step => s !== null);
  const fromLists = new Map<unknown[], Set<number>>();
  for (const { container, at } of steps) {
    if (!Array.isArray(container)) delete (container as JsonObject)[at as string];
    else {
      let gone = fromLists.get(container);
      if (!gone) fromLists.set(container, (gone = new Set()));
      gone.add(at as number);
    }
  }
  for (const [items, gone] of fromLists) {
    let kept = 0;
    for (let i = 0; i < items.length; i++) if (!gone.has(i)) items[kept++] = items[i];
    items.length = kept;
  }
}

/** ".spec.template.spec.containers[name=\"web\"].image", as kube prints paths in conflicts. */
export function formatPath(path: Path): string {
  let out = "";
  for (const el of path) {
    if (el === ".") continue;
    if (el.startsWith("f:")) out += `.${el.slice(2)}`;
    else if (el.startsWith("k:")) {
      const key = JSON.parse(el.slice(2)) as JsonObject;
      out += `[${Object.entries(key).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(",")}]`;
    } else if (el.startsWith("v:")) out += `[=${el.slice(2)}]`;
  }
  return out;
}
