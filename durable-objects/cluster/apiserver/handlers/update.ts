// PUT, and the update every other write ends in (PATCH, server-side apply, status and scale):
// optimistic concurrency, server-owned fields kept, status isolation, defaulting, generation,
// validation, managedFields, and removal once the last finalizer of a deleted object is gone.
import type { KeyValue } from "../../store/store";
import type { ApiContext, ApiResult, ResourceRequest } from "../context";
import { managerName, trackUpdate } from "../fieldmanager/managed-fields";
import { deepEqual, metadataOf, parseResourceVersion, servedValue, toApiObject, toStored } from "../objects";
import { storageKey } from "../registry";
import type { JsonObject, ResourceType } from "../registry/types";
import { errors } from "../status";
import { decodeWriteBody, gr, isDryRun, readyToRemove, refuseUnstorable, translateStoreError } from "./common";
import { warningHeaders } from "./create";
import { updateScale } from "./scale";
import { validateObject } from "./validate";
import { admit, type AdmissionRequest, validateAdmission } from "../admission/chain";

/** Server-owned metadata that an update keeps from the stored object. */
const SYSTEM_METADATA = ["uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation"] as const;

export function updateObject(ctx: ApiContext, req: ResourceRequest): ApiResult {
  const { rt } = req;
  switch (req.subresource) {
    case undefined:
    case "status": {
      const { obj, meta, dryRun, warnings } = decodeWriteBody(req, ctx.registry);
      const current = currentObject(ctx, req);
      requireResourceVersion(rt, req.name!, meta.resourceVersion);
      return writeUpdate(ctx, req, current, obj, { dryRun, warnings });
    }
    case "ephemeralcontainers":
    case "resize": {
      const { obj, dryRun, warnings } = decodeWriteBody(req, ctx.registry);
      return writeUpdate(ctx, req, currentObject(ctx, req), obj, { dryRun, warnings });
    }
    case "scale":
      return updateScale(ctx, req);
    case "finalize":
      if (rt.kind === "Namespace") return finalizeNamespace(ctx, req);
  }
  throw errors.methodNotAllowed();
}

/**
 * A PUT without a resourceVersion (or with "0", which parses to the same) is an unconditional update,
 * except for kinds whose strategy forbids that (custom resources and their definitions): kube's
 * generic store then answers Invalid, naming the resource as the kind.
 */
function requireResourceVersion(rt: ResourceType, name: string, resourceVersion: unknown): void {
  if (rt.allowUnconditionalUpdate !== false) return;
  if (resourceVersion !== undefined && resourceVersion !== null && resourceVersion !== "" && resourceVersion !== "0") return;
  throw errors.invalid(rt.plural, rt.group, name, [
    { reason: "FieldValueInvalid", field: "metadata.resourceVersion", message: "Invalid value: 0x0: must be specified for an update" },
  ]);
}

export function currentObject(ctx: ApiContext, req: ResourceRequest): KeyValue {
  const current = ctx.store.get(storageKey(req.rt, req.namespace, req.name!));
  if (!current) throw errors.notFound(gr(req.rt), req.name!);
  return current;
}

export interface WriteOptions {
  dryRun: boolean;
  warnings?: string[];
  /** managedFields were already set (server-side apply); do not record an Update. */
  managedFieldsSet?: boolean;
}

/** Turns `next` (a full object from PUT, a patched object, an applied one) into the stored object. */
export function writeUpdate(ctx: ApiContext, req: ResourceRequest, current: KeyValue, next: JsonObject, opts: WriteOptions): ApiResult {
  const { rt } = req;
  const name = req.name!;
  const meta = metadataOf(next);
  if (meta.name !== undefined && meta.name !== name) {
    throw errors.badRequest(`the name of the object (${String(meta.name)}) does not match the name on the URL (${name})`);
  }
  if (rt.namespaced && meta.namespace && meta.namespace !== req.namespace) {
    throw errors.badRequest("the namespace of the provided object does not match the namespace sent on the request");
  }
  let expected: number | undefined;
  try {
    expected = parseResourceVersion(meta.resourceVersion as string | undefined);
  } catch {
    throw errors.invalid(rt.kind, rt.group, name, [
      { reason: "FieldValueInvalid", field: "metadata.resourceVersion", message: `Invalid value: ${JSON.stringify(meta.resourceVersion)}: must be a non-negative integer` },
    ]);
  }
  // "0" is no resourceVersion at all (kube's versioner parses both to 0): an unconditional update.
  if (expected !== undefined && expected !== 0 && expected !== current.modRevision) throw errors.conflict(gr(rt), name);

  const old = servedValue(rt, current.value);
  const oldMeta = metadataOf(old);
  let obj: JsonObject;
  if (req.subresource === "status") {
    // Status isolation, as kube's status strategies: the spec (everything but metadata and status)
    // stays; metadata a client may set (labels, annotations, …) goes through; server fields stay.
    obj = structuredClone(next);
    for (const [k, v] of Object.entries(old)) if (k !== "metadata" && k !== "status") obj[k] = structuredClone(v);
    for (const k of Object.keys(obj)) if (k !== "metadata" && k !== "status" && !(k in old)) delete obj[k];
    const objMeta = metadataOf(obj);
    objMeta.name = name;
    if (rt.namespaced) objMeta.namespace = req.namespace;
    for (const field of SYSTEM_METADATA) {
      if (oldMeta[field] === undefined) delete objMeta[field];
      else objMeta[field] = oldMeta[field];
    }
    if (!opts.managedFieldsSet) objMeta.managedFields = oldMeta.managedFields;
  } else if (req.subresource === "ephemeralcontainers" || req.subresource === "resize") {
    // Pod subresources that change one part of the spec and nothing else.
    obj = structuredClone(old);
    const spec = (obj.spec ?? {}) as JsonObject;
    const nextSpec = (next.spec ?? {}) as JsonObject;
    if (req.subresource === "ephemeralcontainers") spec.ephemeralContainers = nextSpec.ephemeralContainers;
    else {
      const wanted = new Map(((nextSpec.containers ?? []) as JsonObject[]).map((c) => [c.name, c]));
      spec.containers = ((spec.containers ?? []) as JsonObject[]).map((c) => {
        const w = wanted.get(c.name);
        return w ? { ...c, resources: w.resources, ...(w.resizePolicy ? { resizePolicy: w.resizePolicy } : {}) } : c;
      });
    }
    obj.spec = spec;
    rt.defaults?.(obj);
  } else {
    obj = next;
    meta.name = name;
    if (rt.namespaced) meta.namespace = req.namespace;
    for (const field of SYSTEM_METADATA) {
      if (oldMeta[field] === undefined) delete meta[field];
      else meta[field] = oldMeta[field];
    }
    if (!opts.managedFieldsSet) meta.managedFields = oldMeta.managedFields;
    if (rt.statusOwnedByServer) {
      if (old.status === undefined) delete obj.status;
      else obj.status = old.status;
    }
    rt.defaults?.(obj);
    rt.prepareForUpdate?.(obj, old);
    if (rt.generation && specChanged(obj, old)) metadataOf(obj).generation = ((oldMeta.generation as number | undefined) ?? 0) + 1;
  }
  // The pod subresources own the part of the spec they change: the main resource's update rules do not apply to it.
  const partial = req.subresource === "ephemeralcontainers" || req.subresource === "resize";
  const warnings = opts.warnings ?? [];
  const admission: AdmissionRequest = { ctx, rt, operation: "UPDATE", subresource: req.subresource ?? "", namespace: req.namespace, name, obj, old, dryRun: opts.dryRun, warnings, onCommit: [] };
  admit(admission);
  refuseUnstorable(rt, name, obj);
  validateObject(rt, obj, partial ? { ...old, spec: obj.spec } : old);
  validateAdmission(admission);
  if (!opts.managedFieldsSet) trackUpdate(rt, old, obj, managerName(req.query, req.userAgent ?? null), ctx.clock.timestamp(), req.subresource);
  const key = storageKey(rt, req.namespace, name);
  const commit = () => commitUpdate(ctx, rt, key, obj, current.value, current.modRevision, opts.dryRun, warningHeaders(warnings));
  if ((!rt.allocate || req.subresource) && (opts.dryRun || admission.onCommit.length === 0)) return commit();
  // What the update allocates, and admission's own writes, commit with it or not at all.
  return ctx.store.txn(() => {
    if (!req.subresource) rt.allocate?.(ctx, obj, current.value, opts.dryRun);
    const result = commit();
    if (!opts.dryRun) for (const write of admission.onCommit) write();
    return result;
  });
}

/** Generation counts changes to everything but metadata and status. */
function specChanged(obj: JsonObject, old: JsonObject): boolean {
  const strip = ({ metadata: _m, status: _s, ...rest }: JsonObject) => rest;
  return !deepEqual(strip(obj), strip(old));
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
  const unchanged = deepEqual(toStored(structuredClone(obj), rt), old);
  if (dryRun || unchanged) {
    return { code: 200, body: toApiObject(rt, { key, value: obj, modRevision, createRevision: 0, version: 0 }), headers };
  }
  try {
    if (readyToRemove(rt, obj)) {
      const kv = ctx.store.delete(key, modRevision, toStored(obj, rt));
      ctx.activity?.wrote(ctx.user, "delete", rt, obj);
      return { code: 200, body: toApiObject(rt, kv), headers };
    }
    const kv = ctx.store.update(key, toStored(obj, rt), modRevision);
    ctx.activity?.wrote(ctx.user, "update", rt, obj);
    return { code: 200, body: toApiObject(rt, kv), headers };
  } catch (err) {
    translateStoreError(rt, name, err);
  }
}

/** PUT /api/v1/namespaces/{name}/finalize: only spec.finalizers changes. */
function finalizeNamespace(ctx: ApiContext, req: ResourceRequest): ApiResult {
  const { rt } = req;
  const name = req.name!;
  if (!req.body) throw errors.badRequest("the body of the request is empty");
  const current = currentObject(ctx, req);
  const sent = req.body as JsonObject;
  const sentMeta = metadataOf(sent);
  if (sentMeta.resourceVersion && String(current.modRevision) !== sentMeta.resourceVersion) throw errors.conflict(gr(rt), name);
  const finalizers = ((sent.spec as JsonObject | undefined)?.finalizers as unknown[] | undefined) ?? [];
  if (!Array.isArray(finalizers) || finalizers.some((f) => typeof f !== "string")) {
    throw errors.invalid(rt.kind, rt.group, name, [{ reason: "FieldValueInvalid", field: "spec.finalizers", message: "Invalid value: must be a list of finalizer names" }]);
  }
  const obj = structuredClone(current.value);
  obj.spec = { ...((obj.spec as JsonObject | undefined) ?? {}), finalizers };
  return commitUpdate(ctx, rt, storageKey(rt, undefined, name), obj, current.value, current.modRevision, isDryRun(req.query));
}
