// How controllers write: through the API handlers, as their own user, so every write is validated,
// defaulted, versioned and watched exactly like a client's. Each call returns the object as stored.
import type { ApiContext, ResourceRequest } from "../../apiserver/context";
import { createObject } from "../../apiserver/handlers/create";
import { deleteObject } from "../../apiserver/handlers/delete";
import { currentObject, updateObject, writeUpdate } from "../../apiserver/handlers/update";
import { metadataOf } from "../../apiserver/objects";
import type { JsonObject, ResourceType } from "../../apiserver/registry/types";
import { ApiError } from "../../apiserver/status";

export interface DeleteOptions {
  propagationPolicy?: "Background" | "Foreground" | "Orphan";
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
}

export class Client {
  constructor(
    readonly ctx: ApiContext,
    /** managedFields manager name, as the real component's user agent would give it. */
    private readonly fieldManager: string,
  ) {}

  private req(rt: ResourceType, namespace: string | undefined, name?: string, body?: JsonObject, subresource?: string): ResourceRequest {
    const req: ResourceRequest = { rt, query: new URLSearchParams({ fieldManager: this.fieldManager }) };
    if (rt.namespaced && namespace) req.namespace = namespace;
    if (name !== undefined) req.name = name;
    if (body) req.body = body;
    if (subresource) req.subresource = subresource;
    return req;
  }

  create(rt: ResourceType, namespace: string | undefined, obj: JsonObject, opts: { keepStatus?: boolean } = {}): JsonObject {
    return createObject(this.ctx, this.req(rt, namespace, undefined, obj), opts).body as JsonObject;
  }

  /** PUT with the object's resourceVersion: a 409 Conflict if someone wrote it since it was read. */
  update(rt: ResourceType, obj: JsonObject): JsonObject {
    const meta = metadataOf(obj);
    return updateObject(this.ctx, this.req(rt, meta.namespace as string | undefined, meta.name as string, obj)).body as JsonObject;
  }

  updateStatus(rt: ResourceType, obj: JsonObject): JsonObject {
    const meta = metadataOf(obj);
    return updateObject(this.ctx, this.req(rt, meta.namespace as string | undefined, meta.name as string, obj, "status")).body as JsonObject;
  }

  /**
   * Reads the latest object, lets `mutate` change a copy and writes it back (status when asked), the
   * way controllers patch: no conflict on a stale informer copy. Returns null if the object is gone.
   */
  modify(rt: ResourceType, namespace: string | undefined, name: string, mutate: (obj: JsonObject) => void, subresource?: "status"): JsonObject | null {
    const req = this.req(rt, namespace, name, undefined, subresource);
    let current;
    try {
      current = currentObject(this.ctx, req);
    } catch (err) {
      if (err instanceof ApiError && err.code === 404) return null;
      throw err;
    }
    const next = structuredClone(current.value);
    mutate(next);
    delete metadataOf(next).resourceVersion;
    return writeUpdate(this.ctx, req, current, next, { dryRun: false }).body as JsonObject;
  }

  /** Deletes; an object already gone is not an error. Returns whether the object existed. */
  delete(rt: ResourceType, namespace: string | undefined, name: string, opts: DeleteOptions = {}): boolean {
    const query = new URLSearchParams();
    if (opts.propagationPolicy) query.set("propagationPolicy", opts.propagationPolicy);
    if (opts.gracePeriodSeconds !== undefined) query.set("gracePeriodSeconds", String(opts.gracePeriodSeconds));
    const req: ResourceRequest = { rt, name, query, body: { kind: "DeleteOptions", ...(opts.preconditions ? { preconditions: opts.preconditions } : {}) } };
    if (rt.namespaced && namespace) req.namespace = namespace;
    try {
      deleteObject(this.ctx, req);
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.code === 404) return false;
      throw err;
    }
  }
}

/** Conflicts and "already exists" are normal races for a controller: retry the key soon. */
export function isRetriable(err: unknown): boolean {
  return err instanceof ApiError && (err.code === 409 || err.code === 429);
}
