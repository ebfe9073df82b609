// An informer: the in-memory view of one resource type that controllers read instead of the store.
// It lists once when created (so a restarted Durable Object resumes from the store) and then follows
// every committed transaction; handlers hear about changes after the commit, like a watch.
import { servedValue } from "../../apiserver/objects";
import { storagePrefix } from "../../apiserver/registry";
import type { JsonObject, ResourceType } from "../../apiserver/registry/types";
import type { Store, StoreEvent } from "../../store/store";
import { controllerRef } from "./selectors";

export interface InformerHandlers {
  add?(obj: JsonObject): void;
  update?(obj: JsonObject, old: JsonObject): void;
  delete?(obj: JsonObject): void;
}

export type IndexFunc = (obj: JsonObject) => string[];

/** namespace/name, or name for cluster-scoped objects: the key work queues use. */
/**
 * The secondary indexes informer users share: one informer per type serves every controller, so an
 * index name must always mean the same function.
 */
export const INDEX = {
  /** An object's controller (ownerReference with controller=true) by uid. */
  controller: ["controller", (o: JsonObject) => [controllerRef(o)?.uid ?? ""]],
  /** A pod's node. */
  node: ["node", (p: JsonObject) => {
    const n = (p.spec as JsonObject | undefined)?.nodeName;
    return typeof n === "string" && n ? [n] : [];
  }],
} as const satisfies Record<string, readonly [string, IndexFunc]>;

export function keyOf(obj: JsonObject): string {
  const meta = obj.metadata as { namespace?: string; name?: string };
  return meta.namespace ? `${meta.namespace}/${meta.name}` : (meta.name ?? "");
}

export function splitKey(key: string): { namespace?: string; name: string } {
  const i = key.indexOf("/");
  return i < 0 ? { name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

export class Informer {
  /** namespace/name → the object as its type serves it, with metadata.resourceVersion. Read-only. */
  private readonly items = new Map<string, JsonObject>();
  private readonly handlers: InformerHandlers[] = [];
  private readonly indexers = new Map<string, { fn: IndexFunc; index: Map<string, Set<string>> }>();
  private readonly prefix: string;

  constructor(
    store: Store,
    readonly rt: ResourceType,
  ) {
    this.prefix = storagePrefix(rt);
    for (const kv of store.list(this.prefix).items) this.items.set(keyOf(kv.value), this.served(kv.value, kv.modRevision));
    store.onCommit((events) => this.observe(events));
  }

  on(handlers: InformerHandlers): void {
    this.handlers.push(handlers);
  }

  /** Adds a secondary index (e.g. pods by node name); values are computed for existing objects at once. */
  /** Adds one of the shared indexes (INDEX). */
  index([name, fn]: readonly [string, IndexFunc]): void {
    this.addIndex(name, fn);
  }

  addIndex(name: string, fn: IndexFunc): void {
    const index = new Map<string, Set<string>>();
    this.indexers.set(name, { fn, index });
    for (const [key, obj] of this.items) for (const v of fn(obj)) add(index, v, key);
  }

  get(key: string): JsonObject | undefined {
    return this.items.get(key);
  }

  /** Every object, or those of one namespace. */
  list(namespace?: string): JsonObject[] {
    if (namespace === undefined) return [...this.items.values()];
    return this.byIndex("namespace", namespace);
  }

  byIndex(name: string, value: string): JsonObject[] {
    if (name === "namespace" && !this.indexers.has(name)) this.addIndex("namespace", (o) => [((o.metadata as JsonObject).namespace as string) ?? ""]);
    const keys = this.indexers.get(name)?.index.get(value);
    if (!keys) return [];
    const out: JsonObject[] = [];
    for (const k of keys) {
      const o = this.items.get(k);
      if (o) out.push(o);
    }
    return out;
  }

  size(): number {
    return this.items.size;
  }

  private served(value: JsonObject, modRevision: number): JsonObject {
    const obj = servedValue(this.rt, value);
    return { ...obj, metadata: { ...(obj.metadata as JsonObject), resourceVersion: String(modRevision) } };
  }

  private observe(events: StoreEvent[]): void {
    for (const e of events) {
      if (!e.kv.key.startsWith(this.prefix)) continue;
      const key = keyOf(e.kv.value);
      const old = this.items.get(key);
      if (e.type === "DELETED") {
        if (!old) continue;
        this.items.delete(key);
        this.reindex(key, old, undefined);
        for (const h of this.handlers) h.delete?.(old);
        continue;
      }
      const obj = this.served(e.kv.value, e.kv.modRevision);
      this.items.set(key, obj);
      this.reindex(key, old, obj);
      for (const h of this.handlers) {
        if (old) h.update?.(obj, old);
        else h.add?.(obj);
      }
    }
  }

  private reindex(key: string, old: JsonObject | undefined, obj: JsonObject | undefined): void {
    for (const { fn, index } of this.indexers.values()) {
      if (old) for (const v of fn(old)) index.get(v)?.delete(key);
      if (obj) for (const v of fn(obj)) add(index, v, key);
    }
  }
}

function add(index: Map<string, Set<string>>, value: string, key: string): void {
  let set = index.get(value);
  if (!set) index.set(value, (set = new Set()));
  set.add(key);
}

/** One informer per resource type, shared by every controller of the cluster. */
export class InformerFactory {
  private readonly informers = new Map<string, Informer>();

  constructor(private readonly store: Store) {}

  for(rt: ResourceType): Informer {
    const id = storagePrefix(rt);
    let inf = this.informers.get(id);
    if (!inf) this.informers.set(id, (inf = new Informer(this.store, rt)));
    return inf;
  }
}
