// POST: create an object (generateName, defaulting, validation, dry run), 201 with the stored object.
import type { ApiContext, ApiResult, ResourceRequest } from "../context";
import { generateName, toApiObject, toStored } from "../objects";
import { storageKey } from "../registry";
import { errors } from "../status";
import { validateObjectMeta } from "../validation/object-meta";
import { admitNamespace, decodeWriteBody, translateStoreError } from "./common";

export function createObject(ctx: ApiContext, req: ResourceRequest): ApiResult {
  const { rt } = req;
  if (req.subresource) throw errors.methodNotAllowed();
  const { obj, meta, dryRun, warnings } = decodeWriteBody(req);

  if (meta.resourceVersion) throw errors.badRequest("resourceVersion should not be set on objects to be created");
  if (rt.namespaced) {
    if (meta.namespace !== undefined && meta.namespace !== "" && meta.namespace !== req.namespace) {
      throw errors.badRequest("the namespace of the provided object does not match the namespace sent on the request");
    }
    if (req.namespace) meta.namespace = req.namespace;
  }
  if (!meta.name && typeof meta.generateName === "string" && meta.generateName) meta.name = generateName(meta.generateName);

  // System fields are the server's, whatever the client sent.
  meta.uid = crypto.randomUUID();
  meta.creationTimestamp = ctx.clock.timestamp();
  delete meta.deletionTimestamp;
  delete meta.deletionGracePeriodSeconds;
  if (rt.generation) meta.generation = 1;
  else delete meta.generation;
  rt.defaults?.(obj);

  const causes = [...validateObjectMeta(rt, obj), ...(rt.validate?.(obj) ?? [])];
  const name = (meta.name as string | undefined) ?? "";
  if (causes.length > 0) throw errors.invalid(rt.kind, rt.group, name, causes);
  admitNamespace(ctx, rt, req.namespace, name);

  const key = storageKey(rt, req.namespace, name);
  const headers = warningHeaders(warnings);
  if (dryRun) {
    if (ctx.store.get(key)) throw errors.alreadyExists({ group: rt.group, resource: rt.plural }, name);
    return { code: 201, body: obj, headers };
  }
  try {
    const kv = ctx.store.create(key, toStored(obj));
    return { code: 201, body: toApiObject(rt, kv), headers };
  } catch (err) {
    translateStoreError(rt, name, err);
  }
}

/** Kubernetes sends field-validation warnings as `Warning: 299 - "<text>"` headers. */
export function warningHeaders(warnings: string[]): Record<string, string> | undefined {
  if (warnings.length === 0) return undefined;
  return { Warning: warnings.map((w) => `299 - ${JSON.stringify(w)}`).join(", ") };
}
