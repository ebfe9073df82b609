// PUT: replace an object with optimistic concurrency; the finalize subresource of namespaces.
import type { ApiContext, ApiResult, ResourceRequest } from "../context";
import { deepEqual, metadataOf, parseResourceVersion, toApiObject, toStored } from "../objects";
import { storageKey } from "../registry";
import type { JsonObject, ResourceType } from "../registry/types";
import { errors } from "../status";
import { validateObjectMeta, validateObjectMetaUpdate } from "../validation/object-meta";
import { decodeWriteBody, gr, isDryRun, readyToRemove, translateStoreError } from "./common";
import { warningHeaders } from "./create";

/** Server-owned metadata that an update keeps from the stored object. */
const SYSTEM_METADATA = ["uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation"] as const;

export function updateObject(ctx: ApiContext, req: ResourceRequest): ApiResult {
  const { rt } = req;
  if (req.subresource === "finalize" && rt.kind === "Namespace") return finalizeNamespace(ctx, req);
  if (req.subresource) throw errors.pathNotFound();
  const { obj, meta, dryRun, warnings } = decodeWriteBody(req);
  const name = req.name!;
  if (meta.name !== undefined && meta.name !== name) {
    throw errors.badRequest(`the name of the object (${String(meta.name)}) does not match the name on the URL (${name})`);
  }
  if (rt.namespaced && meta.namespace && meta.namespace !== req.namespace) {
    throw errors.badRequest("the namespace of the provided object does not match the namespace sent on the request");
  }

  const key = storageKey(rt, req.namespace, name);
  const current = ctx.store.get(key);
  if (!current) throw errors.notFound(gr(rt), name);
  let expected: number | undefined;
  try {
    expected = parseResourceVersion(meta.resourceVersion as string | undefined);
  } catch {
    throw errors.invalid(rt.kind, rt.group, name, [{ reason: "FieldValueInvalid", field: "metadata.resourceVersion", message: `Invalid value: ${JSON.stringify(meta.resourceVersion)}: must be a non-negative integer` }]);
  }
  if (expected !== undefined && expected !== current.modRevision) throw errors.conflict(gr(rt), name);

  const old = current.value;
  const causes = validateObjectMetaUpdate(obj, old);
  const oldMeta = metadataOf(old);
  meta.name = name;
  if (rt.namespaced) meta.namespace = req.namespace;
  for (const field of SYSTEM_METADATA) {
    if (oldMeta[field] === undefined) delete meta[field];
    else meta[field] = oldMeta[field];
  }
  if (rt.statusOwnedByServer) {
    if (old.status === undefined) delete obj.status;
    else obj.status = old.status;
  }
  rt.prepareForUpdate?.(obj, old);
  rt.defaults?.(obj);
  if (rt.generation && !deepEqual(obj.spec, old.spec)) meta.generation = ((oldMeta.generation as number | undefined) ?? 0) + 1;
  causes.push(...validateObjectMeta(rt, obj), ...(rt.validate?.(obj, old) ?? []));
  if (causes.length > 0) throw errors.invalid(rt.kind, rt.group, name, causes);

  return commitUpdate(ctx, rt, key, obj, old, current.modRevision, dryRun, warningHeaders(warnings));
}

/**
 * Writes an updated object — or removes it when the update released its last finalizer while it
 * was being deleted. An update that changes nothing writes nothing (same resourceVersion).
 */
export function commitUpdate(
  ctx: ApiContext,
  rt: ResourceType,
  key: string,
  obj: JsonObject,
  old: JsonObject,
  modRevision: number,
  dryRun: boolean,
  headers?: Record<string, string>,
): ApiResult {
  const name = metadataOf(obj).name as string;
  const unchanged = deepEqual(toStored(structuredClone(obj)), old);
  if (dryRun || unchanged) {
    metadataOf(obj).resourceVersion = String(modRevision);
    return { code: 200, body: obj, headers };
  }
  try {
    if (readyToRemove(rt, obj)) {
      const kv = ctx.store.delete(key, modRevision, toStored(obj));
      return { code: 200, body: toApiObject(rt, kv), headers };
    }
    return { code: 200, body: toApiObject(rt, ctx.store.update(key, toStored(obj), modRevision)), headers };
  } catch (err) {
    translateStoreError(rt, name, err);
  }
}

/** PUT /api/v1/namespaces/{name}/finalize: only spec.finalizers changes. */
function finalizeNamespace(ctx: ApiContext, req: ResourceRequest): ApiResult {
  const { rt } = req;
  const name = req.name!;
  if (!req.body) throw errors.badRequest("the body of the request is empty");
  const key = storageKey(rt, undefined, name);
  const current = ctx.store.get(key);
  if (!current) throw errors.notFound(gr(rt), name);
  const sent = req.body as JsonObject;
  const sentMeta = metadataOf(sent);
  if (sentMeta.resourceVersion && String(current.modRevision) !== sentMeta.resourceVersion) throw errors.conflict(gr(rt), name);
  const finalizers = ((sent.spec as JsonObject | undefined)?.finalizers as unknown[] | undefined) ?? [];
  if (!Array.isArray(finalizers) || finalizers.some((f) => typeof f !== "string")) {
    throw errors.invalid(rt.kind, rt.group, name, [{ reason: "FieldValueInvalid", field: "spec.finalizers", message: "Invalid value: must be a list of finalizer names" }]);
  }
  const obj = structuredClone(current.value);
  obj.spec = { ...((obj.spec as JsonObject | undefined) ?? {}), finalizers };
  return commitUpdate(ctx, rt, key, obj, current.value, current.modRevision, isDryRun(req.query));
}
