// What admission consults (namespaces, service accounts, LimitRanges, quotas, PriorityClasses), read
// as kube's plugins read it: from a cache, like an informer's lister, instead of the store on every
// write. A prefix's objects (or one key's) are read once and kept until a write under it commits;
// while a transaction holds uncommitted writes, reads go to the store.
import type { JsonObject } from "../registry/types";
import type { Store } from "../../store/store";

interface Cache {
  lists: Map<string, JsonObject[]>;
  keys: Map<string, JsonObject | null>;
}

const caches = new WeakMap<Store, Cache>();

function cacheOf(store: Store): Cache {
  let cache = caches.get(store);
  if (cache) return cache;
  const made: Cache = { lists: new Map(), keys: new Map() };
  store.onCommit((events) => {
    for (const e of events) {
      made.keys.delete(e.kv.key);
      for (const prefix of made.lists.keys()) if (e.kv.key.startsWith(prefix)) made.lists.delete(prefix);
    }
  });
  caches.set(store, made);
  return made;
}

/** The objects stored under `prefix`, in key order. */
export function listCached(store: Store, prefix: string): JsonObject[] {
  if (store.hasUncommittedWrites()) return store.list(prefix).items.map((kv) => kv.value as JsonObject);
  const cache = cacheOf(store);
  let items = cache.lists.get(prefix);
  if (!items) {
    items = store.list(prefix).items.map((kv) => kv.value as JsonObject);
    cache.lists.set(prefix, items);
  }
  return items;
}

/** The object stored at `key`, or null. */
export function getCached(store: Store, key: string): JsonObject | null {
  if (store.hasUncommittedWrites()) return (store.get(key)?.value as JsonObject | undefined) ?? null;
  const cache = cacheOf(store);
  if (!cache.keys.has(key)) cache.keys.set(key, (store.get(key)?.value as JsonObject | undefined) ?? null);
  return cache.keys.get(key)!;
}
