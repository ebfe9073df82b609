// JSON merge patch (RFC 7386, application/merge-patch+json). Small enough to own rather than depend on.
import { PatchError, goJsonKind } from "./errors";
import { clone, hasOwn, hasProtoKey, isMap, type JsonMap } from "./json";

/** `doc` patched by `patch`: null deletes, objects merge recursively, arrays and scalars replace. */
export function applyMergePatch(doc: JsonMap, patch: unknown): JsonMap {
  // kube decodes a merge patch into a map first; a JSON null gets evanphx/json-patch's ErrBadJSONPatch.
  if (patch === null) throw new PatchError("invalid-patch", "Invalid JSON Patch");
  if (!isMap(patch)) {
    throw new PatchError("invalid-patch", `error decoding patch: json: cannot unmarshal ${goJsonKind(patch)} into Go value of type map[string]interface {}`);
  }
  if (hasProtoKey(patch)) throw new PatchError("invalid-patch", "error decoding patch: a field named __proto__ is not allowed");
  return mergeValue(clone(doc), clone(patch)) as JsonMap;
}

function mergeValue(target: unknown, patch: unknown): unknown {
  if (!isMap(patch)) return patch;
  const out: JsonMap = isMap(target) ? target : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergeValue(hasOwn(out, k) ? out[k] : undefined, v);
  }
  return out;
}
