// Kubernetes strategic merge patch (application/strategic-merge-patch+json), applied as kube-apiserver applies
// it: apimachinery's strategicpatch.StrategicMergeMapPatch, i.e. parallel lists ($setElementOrder,
// $deleteFromPrimitiveList) are merged and nulls that match nothing are dropped.
//
// Directives: `$patch: replace | delete` on a map or a list element, `$retainKeys`, `$setElementOrder/<list>`,
// `$deleteFromPrimitiveList/<list>`; null deletes a field. List order: kube's "preserve order" rules —
// $setElementOrder first, then the order of the patch list, then the order of the live list.
//
// One deliberate difference: values taken from the patch as they are (new fields, replaced lists) drop their
// nulls and directives. kube keeps them in the map and its typed decode drops them; we store the map.
import { PatchError, goFormat, goJsonKind, goTypeName } from "./errors";
import { clone, hasOwn, hasProtoKey, isMap, type JsonMap } from "./json";
import { PATCH_META, fieldMeta, type FieldMeta, type PatchMetaTable } from "./patch-meta";

const PATCH = "$patch";
const RETAIN_KEYS = "$retainKeys";
const SET_ORDER = "$setElementOrder";
const DELETE_PRIMITIVE = "$deleteFromPrimitiveList";

/**
 * `original` patched by `patch`. `rootType` names the object's type in the patch metadata table
 * (see rootTypeOf); undefined merges every list by replacing it, as for a type without metadata.
 */
export function applyStrategicMergePatch(original: JsonMap, patch: unknown, rootType: string | undefined, table: PatchMetaTable = PATCH_META): JsonMap {
  if (patch === null) return clone(original); // a JSON null decodes to an empty patch
  if (!isMap(patch)) throw new PatchError("invalid-patch", `json: cannot unmarshal ${goJsonKind(patch)} into Go value of type map[string]interface {}`);
  if (hasProtoKey(patch)) throw badRequest("a field named __proto__ is not allowed");
  return new Merger(table).mergeMap(clone(original), clone(patch), rootType);
}

const badRequest = (message: string) => new PatchError("invalid-patch", message, 400);
/** A patch kube's strategicpatch cannot apply, with its words; kube answers these with a 500, we with a 400. */
const malformed = (message: string) => new PatchError("invalid-patch", message, 400);
const noMergeKey = (m: unknown, key: string) => malformed(`map: ${goFormat(m)} does not contain declared merge key: ${key}`);

type ElementKind = "map" | "list" | "string" | "number" | "boolean" | "null";
const kindOf = (v: unknown): ElementKind => (v === null ? "null" : Array.isArray(v) ? "list" : typeof v === "object" ? "map" : (typeof v as "string" | "number" | "boolean"));

/** The list part of a field's strategy: "merge", "replace" or "" (retainKeys only shapes client-made patches). */
const strategyOf = (meta: FieldMeta) => meta.strategy?.split(",").find((s) => s !== "retainKeys") ?? "";

/** The field a `$directive/<field>` key names. */
function directiveField(key: string, prefix: string): string {
  const slash = key.indexOf("/");
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    throw badRequest(prefix === SET_ORDER ? "invalid patch format of setElementOrder list" : "invalid patch format of primitive list");
  }
  return key.slice(slash + 1);
}

const isDirectiveKey = (k: string) => k === PATCH || k === RETAIN_KEYS || k.startsWith(`${SET_ORDER}/`) || k.startsWith(`${DELETE_PRIMITIVE}/`);

/** A patch value taken as it is: without null fields, directive keys, or maps carrying `$patch` (undefined: drop it). */
function clean(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(clean).filter((x) => x !== undefined);
  if (!isMap(v)) return v;
  if (hasOwn(v, PATCH)) return undefined;
  const out: JsonMap = {};
  for (const [k, x] of Object.entries(v)) {
    if (x === null || isDirectiveKey(k)) continue;
    const c = clean(x);
    if (c !== undefined) out[k] = c;
  }
  return out;
}

function setOrDrop(m: JsonMap, key: string, v: unknown): void {
  if (v === undefined) delete m[key];
  else m[key] = v;
}

/** The one element kind of the lists' elements (kube's sliceElementType). */
function elementKind(...lists: unknown[][]): ElementKind | undefined {
  let kind: ElementKind | undefined;
  for (const v of lists.flat()) {
    const k = kindOf(v);
    if (kind === undefined && k === "list") throw new PatchError("apply-failed", "lists of lists are not supported", 422);
    if (kind !== undefined && k !== kind) throw malformed(`list element types are not identical: ${goFormat(lists)}`);
    kind = k;
  }
  return kind;
}

/** Whether a and b are the same list element: by merge key for maps, by value for primitives. */
const sameElement = (a: unknown, b: unknown, key: string | undefined) =>
  key ? isMap(a) && isMap(b) && a[key] === b[key] : a === b;

const NOT_AN_ITEM = Symbol("not an item");

/**
 * Where items sit in a list, by what sameElement compares (a map's merge key value, a primitive's value): the
 * first position of each. Lookups are O(1), so merging lists of thousands of items stays linear where kube's
 * lookups are linear scans (a request here holds the cluster's only thread).
 */
class ItemIndex {
  private readonly first = new Map<unknown, number>();
  constructor(
    list: readonly unknown[],
    private readonly key: string | undefined,
  ) {
    list.forEach((v, i) => this.add(v, i));
  }
  add(v: unknown, i: number): void {
    const id = this.id(v);
    if (id !== NOT_AN_ITEM && !this.first.has(id)) this.first.set(id, i);
  }
  indexOf(v: unknown): number {
    const id = this.id(v);
    return id === NOT_AN_ITEM ? -1 : (this.first.get(id) ?? -1);
  }
  private id(v: unknown): unknown {
    if (!this.key) return v;
    return isMap(v) ? v[this.key] : NOT_AN_ITEM;
  }
}

/**
 * kube's normalizeElementOrder: patch items in `patchOrder`, server-only items in `serverOrder`, then the two
 * interleaved so that a server-only item stays before a patch item it preceded on the server.
 */
function normalizeOrder(patchItems: unknown[], serverOnly: unknown[], patchOrder: readonly unknown[], serverOrder: readonly unknown[], key: string | undefined): unknown[] {
  const inPatch = new ItemIndex(patchOrder, key);
  const onServer = new ItemIndex(serverOrder, key);
  const sortBy = (items: unknown[], order: ItemIndex) =>
    items
      .map((v) => ({ v, i: order.indexOf(v) }))
      .sort((a, b) => (a.i >= 0 && b.i >= 0 ? a.i - b.i : 0))
      .map((x) => x.v);
  const left = sortBy(serverOnly, onServer);
  const right = sortBy(patchItems, inPatch);
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (j >= right.length) out.push(left[i++]);
    else if (i >= left.length) out.push(right[j++]);
    else {
      const li = onServer.indexOf(left[i]);
      const ri = onServer.indexOf(right[j]);
      out.push(li >= 0 && ri >= 0 && li < ri ? left[i++] : right[j++]);
    }
  }
  return out;
}

/** Splits `merged` into the items found in `by` and the others, after checking every item has the merge key. */
function partition(merged: unknown[], by: readonly unknown[], key: string | undefined): [unknown[], unknown[]] {
  const inBy: unknown[] = [];
  const others: unknown[] = [];
  const at = new ItemIndex(by, key);
  for (const v of merged) {
    if (key && !(isMap(v) && hasOwn(v, key))) throw noMergeKey(v, key);
    (at.indexOf(v) >= 0 ? inBy : others).push(v);
  }
  return [inBy, others];
}

/** kube's validatePatchWithSetOrderList: the patch list's items appear in $setElementOrder, in its order. */
function checkOrderList(patchList: unknown[], order: unknown[], key: string | undefined): void {
  if (order.length === 0 || patchList.length === 0) return;
  const items = key ? patchList.filter((v) => !(isMap(v) && v[PATCH] === "delete")) : patchList;
  let p = 0;
  let s = 0;
  while (p < items.length && s < order.length) {
    const item = items[p];
    if (isMap(item) && hasOwn(item, PATCH)) {
      p++;
      continue;
    }
    if (key) {
      for (const m of [item, order[s]]) if (!(isMap(m) && hasOwn(m, key))) throw noMergeKey(m, key);
    }
    if (sameElement(item, order[s], key)) p++;
    s++;
  }
  if (p < items.length) {
    throw malformed(`The order in patch list:\n${goFormat(patchList)}\n doesn't match ${SET_ORDER} list:\n${goFormat(order)}\n`);
  }
}

interface MergedList {
  list: unknown[];
  /**
   * The server order that kube's $setElementOrder step then sees. Go deletes in place and appends into the
   * freed slots, so its view of the live list is: the kept items, then the first appended ones, cut to the
   * live list's length. This decides where new items land next to server-only ones when a patch both
   * deletes and adds (kube's test "add map and delete map from merging list").
   */
  serverView: unknown[];
}

class Merger {
  constructor(private readonly table: PatchMetaTable) {}

  mergeMap(original: JsonMap, patch: JsonMap, type: string | undefined): JsonMap {
    if (hasOwn(patch, PATCH)) {
      const directive = patch[PATCH];
      if (directive === "replace") {
        delete patch[PATCH];
        return clean(patch) as JsonMap;
      }
      if (directive === "delete") return {};
      throw malformed(`unknown patch type: ${goFormat(directive)} in map: ${goFormat(patch)}`);
    }

    if (hasOwn(patch, RETAIN_KEYS)) {
      const retain = patch[RETAIN_KEYS];
      delete patch[RETAIN_KEYS];
      if (!Array.isArray(retain)) throw badRequest("invalid patch format of retainKeys");
      const kept = new Set<unknown>(retain);
      for (const [k, v] of Object.entries(patch)) {
        if (v !== null && !k.startsWith(DELETE_PRIMITIVE) && !k.startsWith(SET_ORDER) && !kept.has(k)) {
          throw badRequest("invalid patch format of retainKeys");
        }
      }
      for (const k of Object.keys(original)) if (!kept.has(k)) delete original[k];
    }

    for (const k of Object.keys(patch)) {
      if (k.startsWith(SET_ORDER)) this.setElementOrder(original, patch, k, type);
    }

    for (const k of Object.keys(patch)) {
      const isDeleteList = k.startsWith(DELETE_PRIMITIVE);
      const key = isDeleteList ? directiveField(k, DELETE_PRIMITIVE) : k;
      const pv = patch[k];
      if (pv === null) {
        delete original[key];
        continue;
      }
      if (!hasOwn(original, key) || kindOf(original[key]) !== kindOf(pv)) {
        if (!isDeleteList) setOrDrop(original, key, clean(pv));
        continue;
      }
      const ov = original[key];
      const meta = fieldMeta(this.table, type, key);
      if (isMap(ov)) {
        setOrDrop(original, key, strategyOf(meta) === "replace" ? clean(pv) : this.mergeMap(ov, pv as JsonMap, meta.type));
      } else if (Array.isArray(ov)) {
        const merge = strategyOf(meta) === "merge" || isDeleteList;
        original[key] = merge ? this.mergeList(ov, pv as unknown[], meta, isDeleteList).list : clean(pv);
      } else {
        original[key] = pv;
      }
    }
    return original;
  }

  /** `$setElementOrder/<field>`: merges the field's list (if patched) and orders it as the directive says. */
  private setElementOrder(original: JsonMap, patch: JsonMap, directiveKey: string, type: string | undefined): void {
    const order = patch[directiveKey];
    delete patch[directiveKey];
    if (!Array.isArray(order)) throw malformed(`expected a []interface {}, but received a ${goTypeName(order)}`);
    const field = directiveField(directiveKey, SET_ORDER);
    const inOriginal = hasOwn(original, field);
    const inPatch = hasOwn(patch, field);
    const ov = original[field];
    const pv = patch[field];
    for (const [found, v] of [[inOriginal, ov], [inPatch, pv]] as const) {
      if (found && !Array.isArray(v)) throw malformed(`expected a []interface {}, but received a ${goTypeName(v)}`);
    }
    const originalList = (inOriginal ? ov : []) as unknown[];
    const patchList = (inPatch ? pv : []) as unknown[];
    const meta = fieldMeta(this.table, type, field);
    const key = meta.mergeKey;
    checkOrderList(patchList, order, key);

    let merged: MergedList;
    if (inOriginal && inPatch) {
      merged = strategyOf(meta) === "merge" ? this.mergeList(originalList, patchList, meta, false) : { list: clean(patchList) as unknown[], serverView: originalList };
    } else if (inOriginal) {
      merged = { list: originalList, serverView: originalList };
    } else if (inPatch) {
      merged = { list: clean(patchList) as unknown[], serverView: [] };
    } else {
      return;
    }
    delete patch[field];
    const byKey = elementKind(originalList, patchList) === "map" ? key : undefined;
    if (byKey) for (const v of order) if (!(isMap(v) && hasOwn(v, byKey))) throw noMergeKey(v, byKey);
    const [patchItems, serverOnly] = partition(merged.list, order, byKey);
    original[field] = normalizeOrder(patchItems, serverOnly, order, merged.serverView, byKey);
  }

  /** A list with strategy merge (or a $deleteFromPrimitiveList list) merged into the live list. */
  private mergeList(original: unknown[], patch: unknown[], meta: FieldMeta, isDeleteList: boolean): MergedList {
    const kind = elementKind(original, patch);
    if (kind === undefined) return { list: original, serverView: original };

    if (kind !== "map") {
      if (isDeleteList) {
        const deleted = new Set(patch);
        const list = original.filter((v) => !deleted.has(v));
        return { list, serverView: original };
      }
      const merged = [...new Set([...original, ...patch])];
      const [patchItems, serverOnly] = partition(merged, patch, undefined);
      return { list: normalizeOrder(patchItems, serverOnly, patch, original, undefined), serverView: original };
    }

    const key = meta.mergeKey;
    if (!key) throw malformed(`cannot merge lists without merge key for ${meta.type ?? "struct"}`);
    const elements = patch as JsonMap[];

    // $patch elements: delete by merge key, or replace the whole list with the other elements.
    let server = original as JsonMap[];
    let items: JsonMap[] = [];
    let replace = false;
    const deleted = new Set<unknown>();
    for (const el of elements) {
      if (!hasOwn(el, PATCH)) {
        items.push(el);
        continue;
      }
      const directive = el[PATCH];
      if (directive === "delete") {
        if (!hasOwn(el, key)) throw noMergeKey(el, key);
        deleted.add(el[key]);
      } else if (directive === "replace") {
        replace = true;
      } else if (directive === "merge") {
        throw malformed("merging lists cannot yet be specified in the patch");
      } else {
        throw malformed(`unknown patch type: ${goFormat(directive)} in map: ${goFormat(el)}`);
      }
    }
    if (deleted.size > 0) server = server.filter((o) => !deleted.has(o[key]));
    if (replace) {
      server = items.map(clean) as JsonMap[];
      items = [];
    }

    const merged = [...server];
    const at = new ItemIndex(merged, key);
    const added: JsonMap[] = [];
    for (const el of items) {
      if (!hasOwn(el, key)) throw noMergeKey(el, key);
      const i = at.indexOf(el);
      if (i >= 0) {
        merged[i] = this.mergeMap(merged[i]!, el, meta.type);
      } else {
        const fresh = clean(el) as JsonMap;
        at.add(fresh, merged.length);
        merged.push(fresh);
        added.push(fresh);
      }
    }
    const [patchItems, serverOnly] = partition(merged, items, key);
    return {
      list: normalizeOrder(patchItems, serverOnly, items, server, key),
      serverView: replace ? original : [...server, ...added].slice(0, original.length),
    };
  }
}
