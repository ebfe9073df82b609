// PATCH bodies of the three non-apply patch types, dispatched on Content-Type as kube-apiserver does.
// Server-side apply (application/apply-patch+yaml) is built elsewhere: applyPatch refuses it distinguishably.
import { jsonDepthError } from "../decode-limits";
import { ApplyPatchNotHandledError, PatchError, UnsupportedPatchTypeError } from "./errors";
import { hasProtoKey, isMap, type JsonMap } from "./json";
import { applyJsonPatch } from "./json-patch";
import { applyMergePatch } from "./merge-patch";
import { rootTypeOf, supportsStrategicMerge } from "./patch-meta";
import { applyStrategicMergePatch } from "./strategic-merge-patch";

export { ApplyPatchNotHandledError, PatchError, UnsupportedPatchTypeError, type PatchErrorKind } from "./errors";
export { applyJsonPatch } from "./json-patch";
export { applyMergePatch } from "./merge-patch";
export { KIND_ROOTS, PATCH_META, rootTypeOf, supportsStrategicMerge, type FieldMeta, type PatchMetaTable } from "./patch-meta";
export { applyStrategicMergePatch } from "./strategic-merge-patch";

export const JSON_PATCH = "application/json-patch+json";
export const MERGE_PATCH = "application/merge-patch+json";
export const STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
export const APPLY_PATCH = "application/apply-patch+yaml";

/** The patch types kube serves for a kind, in the order its 415 message lists them. */
export function acceptedPatchTypes(kindKey: string): string[] {
  return supportsStrategicMerge(kindKey) ? [JSON_PATCH, MERGE_PATCH, STRATEGIC_MERGE_PATCH, APPLY_PATCH] : [JSON_PATCH, MERGE_PATCH, APPLY_PATCH];
}

/**
 * `original` patched by the raw request body `patchBody` of type `contentType` (parameters such as
 * "; charset=utf-8" are ignored). `kindKey` is "apiVersion/kind" as the registry keys kinds ("apps/v1/Deployment");
 * a kind that is not built in is a custom resource, for which kube does not serve strategic merge patch.
 *
 * Throws PatchError (400/413/422, see its code), UnsupportedPatchTypeError (415), or
 * ApplyPatchNotHandledError for application/apply-patch+yaml.
 */
export function applyPatch(contentType: string, original: JsonMap, patchBody: string, kindKey: string): JsonMap {
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  if (type === APPLY_PATCH) throw new ApplyPatchNotHandledError(type);
  if (!acceptedPatchTypes(kindKey).includes(type)) throw new UnsupportedPatchTypeError(type, acceptedPatchTypes(kindKey));

  // Too deep for the walkers below: kube's decoders refuse it (a strategic merge patch's error is not prefixed).
  const deep = jsonDepthError(patchBody);
  if (deep) throw new PatchError("invalid-patch", type === STRATEGIC_MERGE_PATCH ? deep : `error decoding patch: ${deep}`);
  let patch: unknown;
  try {
    patch = JSON.parse(patchBody);
  } catch (err) {
    throw new PatchError("invalid-patch", `error decoding patch: ${(err as Error).message}`);
  }
  if (hasProtoKey(patch)) throw new PatchError("invalid-patch", "error decoding patch: a field named __proto__ is not allowed");

  switch (type) {
    case JSON_PATCH: {
      const result = applyJsonPatch(original, patch);
      // kube decodes the result into the object's type; a patch that replaced the root with a non-object fails there.
      if (!isMap(result)) throw new PatchError("invalid-patch", "the patched object is not a JSON object");
      return result;
    }
    case MERGE_PATCH:
      return applyMergePatch(original, patch);
    default:
      return applyStrategicMergePatch(original, patch, rootTypeOf(kindKey));
  }
}
