// The garbage collector: follows metadata.ownerReferences. When an owner is gone, dependents whose
// owners are all gone are deleted (background propagation) and dangling references to it are dropped
// from dependents that still have another owner. An owner deleted with propagationPolicy Foreground
// keeps its "foregroundDeletion" finalizer until its dependents are gone; with Orphan, its dependents
// lose their reference to it and then its "orphan" finalizer is released.
import type { ApiContext } from "../../apiserver/context";
import { deleteObject } from "../../apiserver/handlers/delete";
import { currentObject, writeUpdate } from "../../apiserver/handlers/update";
import { metadataOf } from "../../apiserver/objects";
import { storageKey, storagePrefix } from "../../apiserver/registry";
import type { JsonObject, ResourceType } from "../../apiserver/registry/types";
import { ApiError } from "../../apiserver/status";
import type { KeyValue, StoreEvent } from "../../store/store";
import type { Timers } from "../../timers/timers";
import { WorkQueue } from "../runtime/workqueue";

const FOREGROUND = "foregroundDeletion";
const ORPHAN = "orphan";
/** Dependents that take time to go (finalizers of their own) are looked at again after this long. */
const RECHECK_MS = 2_000;

interface OwnerRef {
  uid: string;
  blockOwnerDeletion?: boolean;
}

interface Owner {
  uid: string;
  /** The owner's namespace ("" for a cluster-scoped owner, whose dependents may be anywhere). */
  namespace: string;
  /** Where the owner is stored, when it still exists (being deleted with a finalizer). */
  key?: string;
  group?: string;
  version?: string;
  plural?: string;
}

export class GarbageCollector {
  /** The informer's view: owner uid → keys of objects that reference it, and back. */
  private readonly dependentsOf = new Map<string, Set<string>>();
  private readonly ownersOf = new Map<string, string[]>();
  /** Foreground deletions waiting for dependents: owner uid → owner. The recheck timer backs this up. */
  private readonly waiting = new Map<string, Owner>();

  private readonly queue: WorkQueue;

  constructor(
    private readonly api: ApiContext,
    timers: Timers,
  ) {
    this.queue = new WorkQueue(timers, api.clock, "gc", (_uid, payload) => this.reconcile(payload as Owner));
    api.store.onCommit((events) => this.observe(events));
  }

  /** On start: index every ownerReference. */
  resync(): void {
    const seen = new Set<string>();
    for (const rt of this.api.registry.all()) {
      const prefix = storagePrefix(rt);
      if (rt.review || seen.has(prefix)) continue;
      seen.add(prefix);
      for (const kv of this.api.store.list(prefix).items) this.index(kv.key, kv.value);
    }
  }

  private index(key: string, obj: JsonObject | null): void {
    for (const uid of this.ownersOf.get(key) ?? []) this.dependentsOf.get(uid)?.delete(key);
    const uids = obj ? refsOf(obj).map((r) => r.uid) : [];
    if (uids.length === 0) this.ownersOf.delete(key);
    else this.ownersOf.set(key, uids);
    for (const uid of uids) {
      let set = this.dependentsOf.get(uid);
      if (!set) this.dependentsOf.set(uid, (set = new Set()));
      set.add(key);
    }
  }

  private hasDependents(uid: string): boolean {
    return (this.dependentsOf.get(uid)?.size ?? 0) > 0;
  }

  private observe(events: StoreEvent[]): void {
    for (const e of events) this.index(e.kv.key, e.type === "DELETED" ? null : e.kv.value);
    for (const e of events) {
      const meta = metadataOf(e.kv.value);
      const uid = meta.uid as string | undefined;
      if (!uid) continue;
      const namespace = (meta.namespace as string | undefined) ?? "";
      if (e.type === "DELETED") {
        if (this.hasDependents(uid)) this.enqueue({ uid, namespace });
        // A dependent gone may be what a foreground deletion waits for.
        for (const ref of refsOf(e.kv.value)) {
          const owner = this.waiting.get(ref.uid);
          if (owner) this.enqueue(owner);
        }
        continue;
      }
      const finalizers = (meta.finalizers as string[] | undefined) ?? [];
      if (meta.deletionTimestamp && (finalizers.includes(FOREGROUND) || finalizers.includes(ORPHAN))) {
        const rt = this.typeOfKey(e.kv.key);
        if (rt) this.enqueue({ uid, namespace, key: e.kv.key, group: rt.group, version: rt.version, plural: rt.plural });
      }
    }
  }

  private enqueue(owner: Owner, delayMs = 0): void {
    this.queue.add(owner.uid, delayMs, owner);
  }

  private typeOfKey(key: string): ResourceType | undefined {
    return this.api.registry.all().find((rt) => key.startsWith(storagePrefix(rt)));
  }

  /** Every object that lists `uid` among its owners. */
  private dependents(owner: Owner): { rt: ResourceType; kv: KeyValue }[] {
    const found: { rt: ResourceType; kv: KeyValue }[] = [];
    const seen = new Set<string>();
    for (const rt of this.api.registry.all()) {
      if (rt.review) continue;
      const prefix = storagePrefix(rt, rt.namespaced && owner.namespace ? owner.namespace : undefined);
      if (seen.has(prefix)) continue; // versions of one type share storage
      seen.add(prefix);
      if (owner.namespace && !rt.namespaced) continue; // a namespaced owner cannot own cluster-scoped objects
      for (const kv of this.api.store.list(prefix).items) {
        if (refsOf(kv.value).some((r) => r.uid === owner.uid)) found.push({ rt, kv });
      }
    }
    return found;
  }

  reconcile(owner: Owner): void {
    const live = owner.key ? this.api.store.get(owner.key) : null;
    const finalizers = live ? ((metadataOf(live.value).finalizers as string[] | undefined) ?? []) : [];
    const dependents = this.dependents(owner);

    if (live && finalizers.includes(ORPHAN)) {
      for (const d of dependents) this.dropReference(d.rt, d.kv, owner.uid);
      this.release(live, ORPHAN, owner);
      return;
    }
    if (live && finalizers.includes(FOREGROUND)) {
      for (const d of dependents) if (!metadataOf(d.kv.value).deletionTimestamp) this.remove(d.rt, d.kv, "Foreground");
      const blocking = this.dependents(owner).filter((d) => refsOf(d.kv.value).some((r) => r.uid === owner.uid && r.blockOwnerDeletion));
      if (blocking.length > 0) {
        this.waiting.set(owner.uid, owner);
        return this.enqueue(owner, RECHECK_MS);
      }
      this.waiting.delete(owner.uid);
      this.release(live, FOREGROUND, owner);
      return;
    }
    if (live) return; // the owner still exists: nothing to collect
    for (const d of dependents) {
      const others = refsOf(d.kv.value).filter((r) => r.uid !== owner.uid);
      if (others.some((r) => this.exists(r.uid, d.kv))) this.dropReference(d.rt, d.kv, owner.uid);
      else if (!metadataOf(d.kv.value).deletionTimestamp) this.remove(d.rt, d.kv, "Background");
    }
  }

  /** Whether some owner still exists (looked up among objects of the dependent's namespace and cluster-scoped ones). */
  private exists(uid: string, dependent: KeyValue): boolean {
    const namespace = metadataOf(dependent.value).namespace as string | undefined;
    for (const rt of this.api.registry.all()) {
      if (rt.review) continue;
      for (const kv of this.api.store.list(storagePrefix(rt, rt.namespaced ? namespace : undefined)).items) {
        if (metadataOf(kv.value).uid === uid) return true;
      }
    }
    return false;
  }

  private remove(rt: ResourceType, kv: KeyValue, policy: "Background" | "Foreground"): void {
    const meta = metadataOf(kv.value);
    try {
      deleteObject(this.api, {
        rt,
        name: meta.name as string,
        ...(meta.namespace ? { namespace: meta.namespace as string } : {}),
        query: new URLSearchParams({ propagationPolicy: policy }),
        body: { kind: "DeleteOptions", preconditions: { uid: meta.uid as string } },
      });
    } catch (err) {
      if (!(err instanceof ApiError) || (err.code !== 404 && err.code !== 409)) throw err;
    }
  }

  private dropReference(rt: ResourceType, kv: KeyValue, uid: string): void {
    const next = structuredClone(kv.value);
    const meta = metadataOf(next);
    const refs = refsOf(next).filter((r) => r.uid !== uid);
    if (refs.length > 0) meta.ownerReferences = refs;
    else delete meta.ownerReferences;
    this.update(rt, kv, next);
  }

  private release(live: KeyValue, finalizer: string, owner: Owner): void {
    const rt = owner.group !== undefined ? this.api.registry.resource(owner.group, owner.version!, owner.plural!) : undefined;
    if (!rt) return;
    const next = structuredClone(live.value);
    const meta = metadataOf(next);
    meta.finalizers = ((meta.finalizers as string[] | undefined) ?? []).filter((f) => f !== finalizer);
    this.update(rt, live, next);
  }

  private update(rt: ResourceType, kv: KeyValue, next: JsonObject): void {
    const meta = metadataOf(next);
    const req = {
      rt,
      name: meta.name as string,
      ...(meta.namespace ? { namespace: meta.namespace as string } : {}),
      query: new URLSearchParams({ fieldManager: "garbage-collector" }),
    };
    delete meta.resourceVersion;
    try {
      const current = currentObject(this.api, req);
      if (current.key !== storageKey(rt, req.namespace, req.name)) return;
      writeUpdate(this.api, req, current, next, { dryRun: false });
    } catch (err) {
      if (!(err instanceof ApiError) || err.code !== 404) throw err;
    }
  }
}

function refsOf(obj: JsonObject): OwnerRef[] {
  const refs = metadataOf(obj).ownerReferences;
  return Array.isArray(refs) ? (refs as OwnerRef[]) : [];
}
