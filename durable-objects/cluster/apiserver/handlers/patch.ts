// PATCH: JSON patch, merge patch and strategic merge patch on the stored object (or its status, or
// its Scale), then the ordinary update; application/apply-patch+yaml is server-side apply, which
// creates the object when it does not exist yet (201).
import type { ApiContext, ApiResult, ResourceRequest } from "../context";
import { parseYamlDocument, YamlLimitError } from "../decode-limits";
import { jsonUnmarshalError, unstructuredConversionError } from "../gotypes/decode";
import { serverSideApply } from "../fieldmanager/apply";
import { managerName } from "../fieldmanager/managed-fields";
import { metadataOf, toApiObject } from "../objects";
import { APPLY_PATCH, applyPatch, PatchError, STRATEGIC_MERGE_PATCH, UnsupportedPatchTypeError } from "../patch";
import { goFormat } from "../patch/errors";
import { goQuote } from "../query";
import { encodeUnstructured } from "../serializer";
import { storageKey } from "../registry";
import { apiVersionOf, type JsonObject } from "../registry/types";
import { queryBool } from "../query";
import { ApiError, errors, status } from "../status";
import { checkTypeMeta, checkUnknownFields, gr, isDryRun, refuseUnstorable } from "./common";
import { createObject } from "./create";
import { toScale, updateScale } from "./scale";
import { writeUpdate } from "./update";

export function patchObject(ctx: ApiContext, req: ResourceRequest, contentType: string, body: string): ApiResult {
  const { rt } = req;
  if (req.subresource && !["status", "scale", "ephemeralcontainers", "resize"].includes(req.subresource)) throw errors.methodNotAllowed();
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  if (type === APPLY_PATCH) return applyObject(ctx, req, body);

  const current = ctx.store.get(storageKey(rt, req.namespace, req.name!));
  if (!current) throw errors.notFound(gr(rt), req.name!);
  const live = toApiObject(rt, current);
  const kindKey = req.subresource === "scale" ? "autoscaling/v1/Scale" : `${apiVersionOf(rt)}/${rt.kind}`;
  const original = req.subresource === "scale" ? toScale(rt, live) : live;
  let patched: JsonObject;
  try {
    patched = applyPatch(type, original, body, kindKey);
  } catch (err) {
    throw patchFailure(err);
  }
  checkPatchedTypes(type, body, kindKey, patched);
  if (req.subresource === "scale") return updateScale(ctx, req, patched);
  checkTypeMeta(rt, patched);
  const warnings = checkUnknownFields(rt, req, patched);
  return writeUpdate(ctx, req, current, patched, { dryRun: isDryRun(req.query), warnings });
}

/** Server-side apply: the body is the applier's whole intent for the fields it manages. */
function applyObject(ctx: ApiContext, req: ResourceRequest, body: string): ApiResult {
  const { rt } = req;
  const manager = req.query.get("fieldManager");
  if (!manager) throw errors.badRequest("PATCH, application/apply-patch+yaml requests must include a fieldManager query parameter");
  if (req.subresource === "scale") throw errors.methodNotAllowed();
  const force = queryBool(req.query, "force");
  const applied = parseApplied(body);
  checkTypeMeta(rt, applied);
  const meta = metadataOf(applied);
  if (meta.name === undefined || meta.name === "") meta.name = req.name;
  else if (meta.name !== req.name) {
    throw errors.badRequest(`the name of the object (${String(meta.name)}) does not match the name on the URL (${req.name})`);
  }
  const warnings = checkUnknownFields(rt, req, applied);
  refuseUnstorable(rt, req.name!, applied);
  const opts = { manager, force, time: ctx.clock.timestamp(), ...(req.subresource ? { subresource: req.subresource } : {}) };

  const current = ctx.store.get(storageKey(rt, req.namespace, req.name!));
  if (!current) {
    if (req.subresource) throw errors.notFound(gr(rt), req.name!);
    const created = serverSideApply(rt, undefined, applied, opts);
    return createObject(ctx, { ...req, body: created }, { managedFieldsSet: true });
  }
  const live = toApiObject(rt, current);
  const merged = serverSideApply(rt, live, applied, opts);
  // The applier's resourceVersion, if any, is a precondition; otherwise none.
  if (meta.resourceVersion !== undefined) metadataOf(merged).resourceVersion = meta.resourceVersion;
  else delete metadataOf(merged).resourceVersion;
  return writeUpdate(ctx, req, current, merged, { dryRun: isDryRun(req.query), warnings, managedFieldsSet: true });
}

/** The applied configuration: YAML (JSON is YAML too); one object. */
function parseApplied(body: string): JsonObject {
  let parsed: unknown;
  try {
    parsed = parseYamlDocument(body);
  } catch (err) {
    // go-yaml's errors reach the client through sigs.k8s.io/yaml's wrapping.
    if (err instanceof YamlLimitError) throw errors.badRequest(`error decoding YAML: error converting YAML to JSON: ${err.message}`);
    throw errors.badRequest(`error decoding YAML: ${(err as Error).message.split("\n")[0]}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw errors.badRequest("error decoding YAML: the applied configuration must be an object");
  }
  return parsed as JsonObject;
}

/**
 * The patched object must still fit the kind's Go struct: kube decodes it (JSON and merge patch: the
 * patched JSON through encoding/json; strategic merge patch: the patched map through the unstructured
 * converter) and answers a value of the wrong type with NewInvalid(GroupKind{}, "", patch: Invalid value),
 * quoting the patched JSON or the patch as Go's %+v prints it. Custom resources take any JSON.
 */
function checkPatchedTypes(type: string, body: string, kindKey: string, patched: JsonObject): void {
  const slash = kindKey.lastIndexOf("/");
  const [apiVersion, kind] = [kindKey.slice(0, slash), kindKey.slice(slash + 1)];
  const smp = type === STRATEGIC_MERGE_PATCH;
  const failure = smp ? unstructuredConversionError(apiVersion, kind, patched) : jsonUnmarshalError(apiVersion, kind, patched);
  if (!failure) return;
  // JSON patch and merge patch results: evanphx/json-patch re-marshals the maps it touched with sorted keys;
  // here every level is sorted (kube keeps the untouched subtrees in field order).
  const value = smp ? goFormat(JSON.parse(body)) : encodeUnstructured(patched);
  const cause = { reason: "FieldValueInvalid", message: `Invalid value: ${goQuote(value)}: ${failure}`, field: "patch" };
  throw new ApiError(status(422, "Invalid", ` "" is invalid: patch: ${cause.message}`, { causes: [cause] }));
}

function patchFailure(err: unknown): ApiError {
  if (err instanceof UnsupportedPatchTypeError) return new ApiError(status(415, "UnsupportedMediaType", err.message));
  if (err instanceof PatchError) {
    switch (err.code) {
      case 400:
        return errors.badRequest(err.message);
      case 413:
        return errors.tooLarge(err.message);
      default:
        // kube-apiserver's NewGenericServerResponse(422, …): its generic message and empty details; the reason
        // (err.message, e.g. evanphx/json-patch's) does not reach the client.
        return new ApiError(status(422, "Invalid", "the server rejected our request due to an error in our request", {}));
    }
  }
  throw err;
}
