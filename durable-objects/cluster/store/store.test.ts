// The store's etcd semantics, inside workerd against the real DO SQLite.
import { abortAllDurableObjects, env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { ClusterDO } from "../cluster-do";
import { settle, settleStartup } from "../testing";
import { CompactedError, KeyExistsError, KeyNotFoundError, RevisionConflictError } from "./errors";

const cluster = (name: string) => env.CLUSTER.get(env.CLUSTER.idFromName(`store-test-${name}`));
const used = new Set<string>();
const run = <R>(name: string, fn: (o: ClusterDO) => R) => {
  used.add(name);
  return runInDurableObject(cluster(name), (o: ClusterDO) => fn(o));
};

describe("store", () => {
  it("tracks revisions, versions and create/mod revisions per key", async () => {
    await run("revisions", ({ store }) => {
      const base = store.revision();
      const a = store.create("/t/a", { n: 1 });
      expect(a).toMatchObject({ createRevision: base + 1, modRevision: base + 1, version: 1 });
      const a2 = store.update("/t/a", { n: 2 });
      expect(a2).toMatchObject({ createRevision: base + 1, modRevision: base + 2, version: 2, value: { n: 2 } });
      expect(store.get("/t/a", base + 1)?.value).toEqual({ n: 1 });
      expect(store.revision()).toBe(base + 2);
      expect(() => store.create("/t/a", {})).toThrow(KeyExistsError);
      const del = store.delete("/t/a");
      expect(del.modRevision).toBe(base + 3);
      expect(store.get("/t/a")).toBeNull();
      expect(() => store.update("/t/a", {})).toThrow(KeyNotFoundError);
      // Re-created keys start a new life.
      expect(store.create("/t/a", { n: 3 })).toMatchObject({ createRevision: base + 4, version: 1 });
    });
  });

  it("rejects an update or delete guarded by a stale mod revision, and changes nothing", async () => {
    await run("conflict", ({ store }) => {
      const first = store.create("/t/k", { v: 1 });
      store.update("/t/k", { v: 2 }, first.modRevision);
      const rev = store.revision();
      expect(() => store.update("/t/k", { v: 3 }, first.modRevision)).toThrow(RevisionConflictError);
      expect(() => store.delete("/t/k", first.modRevision)).toThrow(RevisionConflictError);
      expect(store.revision()).toBe(rev);
      expect(store.get("/t/k")?.value).toEqual({ v: 2 });
    });
  });

  it("rolls back every write of a failed transaction and notifies nobody", async () => {
    await run("txn", ({ store }) => {
      const seen: number[] = [];
      const off = store.onCommit((events) => seen.push(...events.map((e) => e.kv.modRevision)));
      const rev = store.revision();
      expect(() =>
        store.txn(() => {
          store.create("/t/x", {});
          store.create("/t/y", {});
          store.create("/t/x", {}); // exists: the whole transaction fails
        }),
      ).toThrow(KeyExistsError);
      expect(store.revision()).toBe(rev);
      expect(store.get("/t/x")).toBeNull();
      expect(seen).toEqual([]);
      store.txn(() => {
        store.create("/t/x", {});
        store.create("/t/y", {});
      });
      expect(seen).toEqual([rev + 1, rev + 2]);
      off();
    });
  });

  it("serves list pages from one revision while writes happen between pages", async () => {
    await run("paging", ({ store }) => {
      for (let i = 0; i < 25; i++) store.create(`/p/item-${String(i).padStart(2, "0")}`, { i });
      const first = store.list("/p/", { limit: 10 });
      expect(first.items).toHaveLength(10);
      expect(first.more).toBe(true);
      // Writes between pages: an update, a delete, a create, all invisible to this snapshot.
      store.update("/p/item-15", { i: 15, changed: true });
      store.delete("/p/item-20");
      store.create("/p/item-99", { i: 99 });
      const pages = [first];
      let last = first;
      while (last.more) {
        last = store.list("/p/", { revision: first.revision, startAfter: last.items.at(-1)!.key, limit: 10 });
        expect(last.revision).toBe(first.revision);
        pages.push(last);
      }
      const items = pages.flatMap((p) => p.items);
      expect(items.map((kv) => kv.key)).toEqual(Array.from({ length: 25 }, (_, i) => `/p/item-${String(i).padStart(2, "0")}`));
      expect(items.find((kv) => kv.key === "/p/item-15")?.value).toEqual({ i: 15 });
      // A fresh list sees the new state.
      const now = store.list("/p/");
      expect(now.items).toHaveLength(25);
      expect(now.items.some((kv) => kv.key === "/p/item-20")).toBe(false);
      expect(now.items.some((kv) => kv.key === "/p/item-99")).toBe(true);
    });
  });

  it("replays 1,000 writes from an old revision with no gap and no duplicate", async () => {
    await run("replay", ({ store }) => {
      const start = store.revision();
      for (let i = 0; i < 1000; i++) {
        const key = `/w/k${i % 37}`;
        if (store.get(key) && i % 11 === 0) store.delete(key);
        else if (store.get(key)) store.update(key, { i });
        else store.create(key, { i });
      }
      store.create("/other/x", {}); // outside the prefix
      const events = [];
      let after = start;
      for (;;) {
        const batch = store.changesSince("/w/", after, 128);
        events.push(...batch);
        if (batch.length < 128) break;
        after = batch.at(-1)!.kv.modRevision;
      }
      expect(events).toHaveLength(1000);
      expect(events.map((e) => e.kv.modRevision)).toEqual(Array.from({ length: 1000 }, (_, i) => start + 1 + i));
      expect(events.filter((e) => e.type === "DELETED").length).toBeGreaterThan(0);
      expect(events.filter((e) => e.type === "ADDED").length).toBeGreaterThan(37);
    });
  });

  it("forgets history at compaction: old reads, pages and replays are Expired, current values stay", async () => {
    await run("compaction", ({ store }) => {
      store.create("/c/a", { v: 1 });
      const old = store.update("/c/a", { v: 2 }).modRevision;
      store.create("/c/b", { v: 1 });
      store.delete("/c/b");
      store.update("/c/a", { v: 3 });
      const head = store.revision();
      const removed = store.compact(head);
      expect(removed).toBeGreaterThanOrEqual(4); // two superseded rows of a, b's create and its tombstone
      expect(store.compactRevision()).toBe(head);
      expect(() => store.get("/c/a", old)).toThrow(CompactedError);
      expect(() => store.list("/c/", { revision: old })).toThrow(CompactedError);
      expect(() => store.changesSince("/c/", old)).toThrow(CompactedError);
      expect(store.get("/c/a")?.value).toEqual({ v: 3 });
      expect(store.get("/c/b")).toBeNull();
      expect(store.changesSince("/c/", head)).toEqual([]);
      store.update("/c/a", { v: 4 });
      expect(store.changesSince("/c/", head).map((e) => e.type)).toEqual(["MODIFIED"]);
    });
  });

  it("keeps its data and revision across a Durable Object restart", async () => {
    await run("restart", (o) => settleStartup(o));
    const rev = await run("restart", ({ store }) => {
      store.create("/r/kept", { hello: "world" });
      return store.revision();
    });
    // Aborting while a cluster's alarm runs its controllers' bootstrap work wedges the test pool:
    // let every cluster of this file finish its due work first.
    for (const name of used) await runInDurableObject(cluster(name), (o: ClusterDO) => settleStartup(o));
    await abortAllDurableObjects();
    await run("restart", ({ store }) => {
      expect(store.revision()).toBe(rev);
      expect(store.get("/r/kept")?.value).toEqual({ hello: "world" });
      expect(store.create("/r/next", {}).modRevision).toBe(rev + 1);
    });
  });
});

describe("store limits", () => {
  it("refuses a value over 1.5 MiB and writes nothing", async () => {
    await run("too-large", ({ store }) => {
      const rev = store.revision();
      expect(() => store.create("/big/x", { data: "x".repeat(1.6 * 1024 * 1024) })).toThrow(/over the limit/);
      expect(store.revision()).toBe(rev);
      expect(store.get("/big/x")).toBeNull();
    });
  });
});
