// POST: create an object (generateName, defaulting, validation, managedFields, dry run), 201 with
// the stored object. Server-side apply of a missing object also ends here.
import type { ApiContext, ApiResult, ResourceRequest } from "../context";
import { managerName, trackUpdate } from "../fieldmanager/managed-fields";
import { generateName, toApiObject, toStored } from "../objects";
import { storageKey } from "../registry";
import { errors } from "../status";
import { admit, type AdmissionRequest, validateAdmission } from "../admission/chain";
import { decodeWriteBody, refuseUnstorable, translateStoreError } from "./common";
import { validateObject } from "./validate";

export interface CreateOptions {
  /** managedFields were already set (server-side apply); do not record an Update. */
  managedFieldsSet?: boolean;
  /** 201 by default. */
  code?: number;
  /**
   * The status in the body is kept (the API server's own loops create objects complete, e.g. a local
   * APIService already Available); clients' creates never get this.
   */
  keepStatus?: boolean;
}

export function createObject(ctx: ApiContext, req: ResourceRequest, opts: CreateOptions = {}): ApiResult {
  const { rt } = req;
  if (req.subresource) throw errors.methodNotAllowed();
  const { obj, meta, dryRun, warnings } = decodeWriteBody(req, ctx.registry);
  if (rt.review) {
    const findings = rt.schema?.(obj);
    if (findings?.decodeError) throw errors.badRequest(findings.decodeError);
    return { code: 201, body: rt.review(obj, ctx.user, req.namespace, ctx), headers: warningHeaders(warnings) };
  }

  if (meta.resourceVersion) throw errors.badRequest("resourceVersion should not be set on objects to be created");
  if (rt.namespaced) {
    if (meta.namespace !== undefined && meta.namespace !== "" && meta.namespace !== req.namespace) {
      throw errors.badRequest("the namespace of the provided object does not match the namespace sent on the request");
    }
    if (req.namespace) meta.namespace = req.namespace;
  } else delete meta.namespace;

  // System fields are the server's, whatever the client sent.
  meta.uid = crypto.randomUUID();
  meta.creationTimestamp = ctx.clock.timestamp();
  delete meta.deletionTimestamp;
  delete meta.deletionGracePeriodSeconds;
  if (!opts.managedFieldsSet) delete meta.managedFields;
  if (rt.generation) meta.generation = 1;
  else delete meta.generation;
  // As kube-apiserver: defaulting at decode, then the strategy's PrepareForCreate, then validation.
  rt.defaults?.(obj);
  if (rt.statusOwnedByServer && !rt.createKeepsStatus && !opts.keepStatus) delete obj.status;
  // The admission chain's mutating half sees the object before its name is generated (kube's order).
  const admission: AdmissionRequest = { ctx, rt, operation: "CREATE", subresource: "", namespace: req.namespace, name: String(meta.name ?? ""), obj, dryRun, warnings, onCommit: [] };
  admit(admission);
  if (!meta.name && typeof meta.generateName === "string" && meta.generateName) meta.name = generateName(meta.generateName);
  rt.prepareForCreate?.(obj);

  refuseUnstorable(rt, String(meta.name ?? ""), obj);
  validateObject(rt, obj);
  const name = meta.name as string;
  validateAdmission({ ...admission, name });
  ctx.limits?.admitCreate(rt, req.namespace, name);
  if (!opts.managedFieldsSet) trackUpdate(rt, undefined, obj, managerName(req.query, req.userAgent ?? null), ctx.clock.timestamp());

  const key = storageKey(rt, req.namespace, name);
  const headers = warningHeaders(warnings);
  const code = opts.code ?? 201;
  if (dryRun) {
    if (ctx.store.get(key)) throw errors.alreadyExists({ group: rt.group, resource: rt.plural }, name);
    rt.allocate?.(ctx, obj, undefined, true);
    return { code, body: obj, headers };
  }
  try {
    // What the object allocates commits with it, or not at all (an existing name releases it again).
    const kv = ctx.store.txn(() => {
      if (rt.allocate && ctx.store.get(key)) throw errors.alreadyExists({ group: rt.group, resource: rt.plural }, name);
      rt.allocate?.(ctx, obj, undefined, false);
      const created = ctx.store.create(key, toStored(obj, rt));
      for (const write of admission.onCommit) write();
      return created;
    });
    ctx.activity?.wrote(ctx.user, "create", rt, obj);
    return { code, body: toApiObject(rt, kv), headers };
  } catch (err) {
    translateStoreError(rt, name, err);
  }
}

/** Kubernetes sends field-validation warnings as `Warning: 299 - "<text>"` headers. */
export function warningHeaders(warnings: string[]): Record<string, string> | undefined {
  if (warnings.length === 0) return undefined;
  return { Warning: warnings.map((w) => `299 - ${JSON.stringify(w)}`).join(", ") };
}
