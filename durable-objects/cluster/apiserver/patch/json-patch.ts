// JSON patch (RFC 6902, application/json-patch+json) through fast-json-patch, with kube-apiserver's behaviour on
// top: it applies patches with evanphx/json-patch v4, whose error messages we reproduce and whose two leniencies
// we keep (replace of a missing object key adds it; test of a missing key against null passes).
// All or nothing: operations apply to a copy, and the first failing one throws.
//
// Budgets, so that one patch can neither amplify the object nor hold the cluster's thread (CVE-2019-1002100):
// kube's 10,000 operations (413) and 3 MiB that copies may add (422, evanphx/json-patch's
// AccumulatedCopySizeLimit, set by kube-apiserver's JSONPatchMaxCopyBytes); then ours: the list items that
// inserts and removals shift, and the depth of the result (422, as any operation kube cannot apply).
import { applyOperation, JsonPatchError, type Operation } from "fast-json-patch";
import { MAX_NESTING_DEPTH, measure } from "../decode-limits";
import { Copies } from "./copies";
import { PatchError, goJsonKind } from "./errors";
import { clone, hasOwn, isMap, type JsonMap } from "./json";

const OPS = ["add", "remove", "replace", "move", "copy", "test"];
/** kube-apiserver's cap on the operations of one JSON patch (413 beyond it). */
export const MAX_JSON_PATCH_OPERATIONS = 10000;
/** kube-apiserver's JSONPatchMaxCopyBytes: how much all the copies of one patch may add (Go's JSON bytes). */
export const MAX_JSON_PATCH_COPY_BYTES = 3 * 1024 * 1024;
/** How many list items the inserts and removals of one patch may shift in all (each one moves the items after it). */
export const MAX_JSON_PATCH_SHIFTED_ITEMS = 10_000_000;

interface Budget {
  copied: number;
  shifted: number;
  copies: Copies;
}

export function applyJsonPatch(doc: unknown, patch: unknown): unknown {
  checkDecodes(patch);
  if (patch === null) return clone(doc);
  const ops = patch as unknown[];
  if (ops.length > MAX_JSON_PATCH_OPERATIONS) {
    throw new PatchError("invalid-patch", `The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${ops.length}`, 413);
  }
  const budget: Budget = { copied: 0, shifted: 0, copies: new Copies() };
  let result = clone(doc);
  for (const op of ops) result = applyOne(result, isMap(op) ? clone(op) : {}, budget);
  // Copies shared their sources: the result gets its own.
  if (budget.copies.used) result = clone(result);
  // Adds and moves place values at any depth: what the walkers after this (and later patches) recurse into stays bounded.
  if (measure(result, { depth: MAX_NESTING_DEPTH }).over) throw failed(`the patched object exceeded max depth of ${MAX_NESTING_DEPTH}`);
  return result;
}

/** What kube's decoding of the body into []jsonPatchOp rejects (400). */
function checkDecodes(patch: unknown): void {
  const fail = (what: string) => new PatchError("invalid-patch", `error decoding patch: json: cannot unmarshal ${what}`);
  if (patch === null) return;
  if (!Array.isArray(patch)) throw fail(`${goJsonKind(patch)} into Go value of type []handlers.jsonPatchOp`);
  for (const op of patch) {
    if (op === null) continue;
    if (!isMap(op)) throw fail(`${goJsonKind(op)} into Go value of type handlers.jsonPatchOp`);
    for (const field of ["op", "path", "from"]) {
      const v = op[field];
      if (v !== undefined && v !== null && typeof v !== "string") {
        throw fail(`${goJsonKind(v)} into Go struct field jsonPatchOp.${field} of type string`);
      }
    }
  }
}

const failed = (message: string) => new PatchError("apply-failed", message, 422);

function applyOne(doc: unknown, op: JsonMap, budget: Budget): unknown {
  const kind = typeof op.op === "string" ? op.op : "unknown";
  if (!OPS.includes(kind)) throw failed(`Unexpected kind: ${kind}`);
  const path = op.path;
  if (typeof path !== "string") throw failed(`${kind} operation failed to decode path: operation missing path field: missing value`);
  if ((kind === "move" || kind === "copy") && typeof op.from !== "string") {
    throw failed(`${kind} operation failed to decode from: operation, missing from field: missing value`);
  }
  if ((kind === "add" || kind === "replace" || kind === "test") && op.value === undefined) {
    throw failed(`${kind} operation, missing value field: missing value`);
  }
  // evanphx/json-patch finds no parent for "" or a path without a leading slash, except replace/test of the root.
  if (!path.startsWith("/") && !(path === "" && (kind === "replace" || kind === "test"))) throw failed(explain(doc, kind, path, op.from));

  const target = locate(doc, path);
  if (target && isMap(target.container) && !hasOwn(target.container, target.key)) {
    if (kind === "replace") op.op = "add";
    else if (kind === "test" && op.value === null) return doc;
    else if (kind === "remove") throw failed(`error in remove for path: '${path}': Unable to remove nonexistent key: ${target.key}: missing value`);
  }
  spendShifts(doc, kind, target, op.from, budget);
  // A copy is an add of its source, shared (see copies.ts), its size counted against kube's budget first
  // (when there is a source; if not, the library words the failure). A value already in the document needs
  // no validation walk when its place is known to be valid.
  let validate = true;
  if (kind === "copy" && target) {
    const src = locate(doc, op.from as string);
    const value = src && child(src.container, src.key);
    if (value !== undefined) {
      budget.copied += budget.copies.size(value);
      if (budget.copied > MAX_JSON_PATCH_COPY_BYTES) {
        throw failed(`Unable to complete the copy, the accumulated size increase of copy is ${budget.copied}, exceeding the limit ${MAX_JSON_PATCH_COPY_BYTES}`);
      }
      op = { op: "add", path, value: budget.copies.share(value) };
      validate = !isMap(target.container) && !(Array.isArray(target.container) && (target.key === "-" || validIndex(target.key, target.container.length)));
    }
  }
  if (kind !== "test") {
    budget.copies.unshare(doc, path);
    if (kind === "move") budget.copies.unshare(doc, op.from as string);
  }
  try {
    return applyOperation(doc, op as unknown as Operation, validate, true).newDocument;
  } catch (err) {
    // TypeError: a __proto__ / constructor.prototype segment, which the library refuses.
    if (err instanceof JsonPatchError || err instanceof TypeError) throw failed(explain(doc, kind, path, op.from));
    throw err;
  }
}

/** Inserting before or removing from a list shifts the items after the place: counted against the budget. */
function spendShifts(doc: unknown, kind: string, target: Location | undefined, from: unknown, budget: Budget): void {
  const shifted = (at: Location | undefined) => (at && Array.isArray(at.container) && at.key !== "-" ? at.container.length : 0);
  if (kind === "add" || kind === "copy" || kind === "move" || kind === "remove") budget.shifted += shifted(target);
  if (kind === "move" && typeof from === "string") budget.shifted += shifted(locate(doc, from));
  if (budget.shifted > MAX_JSON_PATCH_SHIFTED_ITEMS) {
    throw failed(`The allowed maximum list items a JSON patch may shift is ${MAX_JSON_PATCH_SHIFTED_ITEMS}, got ${budget.shifted}`);
  }
}

interface Location {
  container: unknown;
  key: string;
}

/** evanphx/json-patch's findObject: the existing object or array holding the path's last segment. */
function locate(doc: unknown, path: string): Location | undefined {
  const parts = path.split("/").map((p) => p.replaceAll("~1", "/").replaceAll("~0", "~"));
  if (parts.length < 2 || parts[0] !== "") return undefined;
  let node = doc;
  for (const part of parts.slice(1, -1)) {
    node = child(node, part);
    if (typeof node !== "object" || node === null) return undefined;
  }
  return typeof node === "object" && node !== null ? { container: node, key: parts[parts.length - 1]! } : undefined;
}

/** An index an add may insert at: 0..length, without a leading zero. */
const validIndex = (key: string, length: number) => /^(0|[1-9][0-9]*)$/.test(key) && Number(key) <= length;

function child(node: unknown, key: string): unknown {
  if (Array.isArray(node)) return /^(0|[1-9][0-9]*)$/.test(key) ? node[Number(key)] : undefined;
  return isMap(node) && hasOwn(node, key) ? node[key] : undefined;
}

/** kube's message for an operation that failed against `doc` (the document before it). */
function explain(doc: unknown, kind: string, path: string, from: unknown): string {
  const missing = "missing value";
  const badIndex = (key: string) =>
    /^-?[0-9]+$/.test(key) ? `Unable to access invalid index: ${key}: invalid index referenced` : `value was not a proper array index: '${key}': strconv.Atoi: parsing "${key}": invalid syntax`;
  if (kind === "move" || kind === "copy") {
    const src = typeof from === "string" ? locate(doc, from) : undefined;
    if (!src) return `${kind} operation does not apply: doc is missing from path: ${String(from)}: ${missing}`;
    if (child(src.container, src.key) === undefined) {
      const why = Array.isArray(src.container) ? badIndex(src.key) : `Unable to remove nonexistent key: ${src.key}: ${missing}`;
      return kind === "move" ? `error in move for path: '${src.key}': ${why}` : `error in copy for from: '${String(from)}': ${why}`;
    }
    return `${kind} operation does not apply: doc is missing destination path: ${path}: ${missing}`;
  }
  const target = locate(doc, path);
  if (kind === "test") {
    return target ? `testing value ${path} failed: test failed` : `test operation does not apply: is missing path: ${path}: ${missing}`;
  }
  if (!target) {
    return kind === "replace"
      ? `replace operation does not apply: doc is missing path: ${path}: ${missing}`
      : `${kind} operation does not apply: doc is missing path: "${path}": ${missing}`;
  }
  // The container exists, so the last segment is a bad array index.
  if (kind === "replace") return `replace operation does not apply: doc is missing key: ${path}: ${missing}`;
  return `error in ${kind} for path: '${path}': ${badIndex(target.key)}`;
}
