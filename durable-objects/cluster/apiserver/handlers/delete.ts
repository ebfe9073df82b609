// DELETE: preconditions, finalizers and deletionTimestamp, dry run. Immediate removal answers with a
// Success Status (or the object, for types that return it); a deletion held by finalizers answers
// with the object marked for deletion.
import type { KeyValue } from "../../store/store";
import type { ApiContext, ApiResult, ResourceRequest } from "../context";
import { metadataOf, servedValue, toApiObject } from "../objects";
import { storageKey, storagePrefix } from "../registry";
import { apiVersionOf, type JsonObject, type ResourceType } from "../registry/types";
import { compileSelectors } from "../selectors/filter";
import { decodeListOptions } from "../list-options";
import { queryInt64 } from "../query";
import { errors, status } from "../status";
import { admitNamespaceDeletion, gr, isDryRun, translateStoreError } from "./common";
import { commitUpdate } from "./update";

interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: "Orphan" | "Background" | "Foreground";
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: string[];
}

function deleteOptions(req: ResourceRequest): DeleteOptions {
  const body = (req.body ?? {}) as JsonObject;
  if (body.kind !== undefined && body.kind !== "DeleteOptions") {
    throw errors.badRequest(`expected a DeleteOptions body, got kind ${JSON.stringify(body.kind)}`);
  }
  const opts = body as DeleteOptions;
  const grace = queryInt64(req.query, "gracePeriodSeconds");
  if (grace !== undefined) opts.gracePeriodSeconds = grace;
  const policy = req.query.get("propagationPolicy");
  if (policy !== null) opts.propagationPolicy = policy as DeleteOptions["propagationPolicy"];
  if (opts.gracePeriodSeconds !== undefined && !Number.isInteger(opts.gracePeriodSeconds)) {
    throw errors.badRequest(`gracePeriodSeconds: Invalid value: ${JSON.stringify(opts.gracePeriodSeconds)}: must be an integer`);
  }
  // kube's rest.BeforeDelete: "Negative values will be treated as the value `1s` on the delete path."
  if (opts.gracePeriodSeconds !== undefined && opts.gracePeriodSeconds < 0) opts.gracePeriodSeconds = 1;
  if (opts.propagationPolicy !== undefined && !["Orphan", "Background", "Foreground"].includes(opts.propagationPolicy)) {
    throw errors.badRequest(`propagationPolicy: Unsupported value: "${opts.propagationPolicy}": supported values: "Foreground", "Background", "Orphan"`);
  }
  for (const v of opts.dryRun ?? []) if (v !== "All") throw errors.badRequest(`dryRun: Unsupported value: "${v}": supported values: "All"`);
  return opts;
}

export function deleteObject(ctx: ApiContext, req: ResourceRequest): ApiResult {
  const { rt } = req;
  if (req.subresource) throw errors.methodNotAllowed();
  const name = req.name!;
  const opts = deleteOptions(req);
  // Admission runs before the object is looked up, as kube's delete handler calls it.
  admitNamespaceDeletion(rt, name);
  const dryRun = isDryRun(req.query) || (opts.dryRun?.length ?? 0) > 0;
  const key = storageKey(rt, req.namespace, name);
  const current = ctx.store.get(key);
  if (!current) throw errors.notFound(gr(rt), name);
  const obj = servedValue(rt, current.value);
  const meta = metadataOf(obj);

  const pre = opts.preconditions;
  if (pre?.uid && pre.uid !== meta.uid) {
    throw errors.conflict(gr(rt), name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${String(meta.uid)}`);
  }
  if (pre?.resourceVersion && pre.resourceVersion !== String(current.modRevision)) {
    throw errors.conflict(gr(rt), name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${current.modRevision}`);
  }

  const holders = [...((meta.finalizers as string[] | undefined) ?? []), ...(rt.pendingFinalizers?.(obj) ?? [])];
  const grace = rt.gracePeriod ? rt.gracePeriod(obj, opts.gracePeriodSeconds) : 0;
  if (meta.deletionTimestamp) {
    if (rt.kind === "Namespace") {
      throw errors.conflict(gr(rt), name, "The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.");
    }
    // Already going: a second delete may only shorten a graceful deletion.
    const pending = meta.deletionGracePeriodSeconds as number | undefined;
    if (!rt.gracePeriod || pending === undefined || grace >= pending) return { code: 200, body: toApiObject(rt, current) };
    if (grace === 0 && holders.length === 0) return removeNow(ctx, rt, current, dryRun);
    return markDeleted(ctx, rt, current, grace, undefined, dryRun);
  }

  // Orphan and Foreground deletions wait for the garbage collector, which their finalizer calls in.
  const collectorWaits = opts.propagationPolicy === "Orphan" || opts.propagationPolicy === "Foreground";
  if (holders.length > 0 || collectorWaits || grace > 0) {
    const finalizer = opts.propagationPolicy === "Orphan" ? "orphan" : opts.propagationPolicy === "Foreground" ? "foregroundDeletion" : undefined;
    return markDeleted(ctx, rt, current, grace, finalizer, dryRun);
  }
  return removeNow(ctx, rt, current, dryRun);
}

/** Marks an object for deletion: whoever holds a finalizer, or its kubelet after the grace period, finishes the job. */
function markDeleted(ctx: ApiContext, rt: ResourceType, current: KeyValue, grace: number, finalizer: string | undefined, dryRun: boolean): ApiResult {
  const next = structuredClone(servedValue(rt, current.value));
  const meta = metadataOf(next);
  meta.deletionTimestamp = ctx.clock.timestamp(ctx.clock.now() + grace * 1000);
  meta.deletionGracePeriodSeconds = grace;
  if (finalizer) {
    const list = (meta.finalizers as string[] | undefined) ?? [];
    if (!list.includes(finalizer)) meta.finalizers = [...list, finalizer];
  }
  rt.onDeletionMarked?.(next);
  return commitUpdate(ctx, rt, current.key, next, current.value, current.modRevision, dryRun);
}

function removeNow(ctx: ApiContext, rt: ResourceType, current: KeyValue, dryRun: boolean): ApiResult {
  if (dryRun) return deletedAnswer(rt, toApiObject(rt, current));
  try {
    const kv = ctx.store.delete(current.key, current.modRevision);
    ctx.activity?.wrote(ctx.user, "delete", rt, current.value);
    return deletedAnswer(rt, toApiObject(rt, kv));
  } catch (err) {
    translateStoreError(rt, metadataOf(current.value).name as string, err);
  }
}

function deletedAnswer(rt: ResourceType, obj: JsonObject): ApiResult {
  if (rt.returnDeletedObject) return { code: 200, body: obj };
  const meta = metadataOf(obj);
  const details: Record<string, string> = { name: meta.name as string, kind: rt.plural, uid: meta.uid as string };
  if (rt.group) details.group = rt.group;
  const s = status(200, "", "", details);
  delete s.reason;
  delete s.message;
  return { code: 200, body: s };
}

/** DELETE on a collection: every object the selectors match, each as a single delete would; answers with them as a list. */
export function deleteCollection(ctx: ApiContext, req: ResourceRequest): ApiResult {
  const { rt } = req;
  if (req.subresource) throw errors.methodNotAllowed();
  // As kube's DeleteCollection handler: both option sets decode (400) before anything is deleted.
  decodeListOptions(req.query);
  deleteOptions(req);
  const filter = compileSelectors(rt, req.query);
  const items: JsonObject[] = [];
  ctx.store.txn(() => {
    for (const kv of ctx.store.list(storagePrefix(rt, req.namespace)).items) {
      if (!filter.matches(kv.value)) continue;
      const meta = metadataOf(kv.value);
      const one = deleteObject(ctx, { ...req, name: meta.name as string, namespace: meta.namespace as string | undefined });
      const body = one.body as JsonObject;
      items.push(body.kind === "Status" ? toApiObject(rt, kv) : body);
    }
  });
  return { code: 200, body: { kind: rt.listKind, apiVersion: apiVersionOf(rt), metadata: { resourceVersion: String(ctx.store.revision()) }, items } };
}
