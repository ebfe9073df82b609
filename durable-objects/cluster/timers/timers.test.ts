// Timers multiplexed on the Durable Object's single alarm, and the compactor that runs on them.
import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { ClusterDO } from "../cluster-do";
import { settleStartup } from "../testing";
import { EVENT_TTL_TIMER } from "../controllers/eventttl/controller";
import { COMPACTION_TIMER, DEFAULT_COMPACTION_WINDOW_MS } from "../store/compactor";
import { CompactedError } from "../store/errors";

const MIN = 60_000;
const cluster = (name: string) => env.CLUSTER.get(env.CLUSTER.idFromName(`timers-test-${name}`));
/**
 * Runs `fn` in the named cluster after its bootstrap work settled (the controllers' first round,
 * e.g. default service accounts). The hour-long expiry of the nodes' registration events is left
 * out (idle.test.ts covers it), so only the compaction timer remains.
 */
const run = <R>(name: string, fn: (o: ClusterDO, state: DurableObjectState) => R | Promise<R>) =>
  runInDurableObject(cluster(name), async (o: ClusterDO, state) => {
    await settleStartup(o);
    if (o.timers.has(EVENT_TTL_TIMER)) o.timers.cancel(EVENT_TTL_TIMER);
    return fn(o, state);
  });

/** The wall-clock time the alarm should be set to for the earliest pending timer, or null. */
function expectedAlarm(o: ClusterDO): number | null {
  const first = o.timers.pending()[0];
  return first ? o.clock.toWallClock(first.dueAt) : null;
}

describe("timers", () => {
  it("a new cluster, once its bootstrap work ran, has one timer: the compaction run for its writes, and the alarm on it", async () => {
    await run("fresh", async (o, state) => {
      expect(o.store.revision()).toBeGreaterThan(4); // namespaces, nodes, their events, default service accounts
      const pending = o.timers.pending();
      expect(pending.map((t) => t.name)).toEqual([COMPACTION_TIMER]);
      // Due a window after the first write; the start-up's pods came up (on the cluster clock) since.
      expect(Math.abs(pending[0]!.dueAt - (o.clock.now() + DEFAULT_COMPACTION_WINDOW_MS))).toBeLessThan(30_000);
      expect(await state.storage.getAlarm()).toBe(o.clock.toWallClock(pending[0]!.dueAt));
    });
  });

  it("keeps the alarm on the earliest due timer as timers are scheduled and rescheduled", async () => {
    await run("earliest", async (o, state) => {
      const now = o.clock.now();
      const compactAt = o.timers.pending()[0]!.dueAt;

      o.timers.schedule("test:late", now + 10 * MIN);
      expect(await state.storage.getAlarm()).toBe(o.clock.toWallClock(compactAt));

      o.timers.schedule("test:early", now + 1 * MIN);
      expect(await state.storage.getAlarm()).toBe(o.clock.toWallClock(now + 1 * MIN));

      // Rescheduling (without keepEarlier) moves a timer later; the alarm follows the new earliest.
      o.timers.schedule("test:early", now + 20 * MIN);
      expect(await state.storage.getAlarm()).toBe(o.clock.toWallClock(compactAt));
      expect(o.timers.pending().map((t) => t.name)).toEqual([COMPACTION_TIMER, "test:late", "test:early"]);
      expect(await state.storage.getAlarm()).toBe(expectedAlarm(o));
    });
  });

  it("keepEarlier keeps an earlier due time and takes an earlier one", async () => {
    await run("keep-earlier", async (o, state) => {
      const now = o.clock.now();
      o.timers.schedule("test:k", now + 2 * MIN, { n: 1 });
      o.timers.schedule("test:k", now + 8 * MIN, { n: 2 }, { keepEarlier: true });
      expect(o.timers.pending().find((t) => t.name === "test:k")!.dueAt).toBe(now + 2 * MIN);
      expect(await state.storage.getAlarm()).toBe(o.clock.toWallClock(now + 2 * MIN));

      o.timers.schedule("test:k", now + 30_000, { n: 3 }, { keepEarlier: true });
      expect(o.timers.pending().find((t) => t.name === "test:k")!.dueAt).toBe(now + 30_000);
      expect(await state.storage.getAlarm()).toBe(o.clock.toWallClock(now + 30_000));

      // Without keepEarlier, the later time wins.
      o.timers.schedule("test:k", now + 3 * MIN, { n: 4 });
      expect(o.timers.pending().find((t) => t.name === "test:k")!.dueAt).toBe(now + 3 * MIN);
      expect(await state.storage.getAlarm()).toBe(o.clock.toWallClock(now + 3 * MIN));
    });
  });

  it("deletes the alarm when the last timer is cancelled", async () => {
    await run("cancel", async (o, state) => {
      const now = o.clock.now();
      o.timers.schedule("test:a", now + 1 * MIN);
      o.timers.schedule("test:b", now + 2 * MIN);
      o.timers.cancel(COMPACTION_TIMER);
      expect(await state.storage.getAlarm()).toBe(o.clock.toWallClock(now + 1 * MIN));

      o.timers.cancel("test:a");
      expect(o.timers.has("test:a")).toBe(false);
      expect(await state.storage.getAlarm()).toBe(o.clock.toWallClock(now + 2 * MIN));

      o.timers.cancel("test:b");
      expect(o.timers.pending()).toEqual([]);
      expect(await state.storage.getAlarm()).toBeNull();

      // Cancelling what does not exist changes nothing; scheduling again re-arms.
      o.timers.cancel("test:none");
      expect(await state.storage.getAlarm()).toBeNull();
      o.timers.schedule("test:c", now + 4 * MIN);
      expect(await state.storage.getAlarm()).toBe(o.clock.toWallClock(now + 4 * MIN));
    });
  });

  it("fireDue runs due handlers oldest first with their payloads, leaves the rest and re-arms for the next", async () => {
    await run("fire-order", async (o, state) => {
      const fired: [string, unknown][] = [];
      o.timers.on("order", (name, payload) => {
        fired.push([name, payload]);
      });
      const now = o.clock.now();
      const wallNow = o.clock.toWallClock(now);
      o.timers.schedule("order:c", now + 3_000, { i: 3 });
      o.timers.schedule("order:a", now + 1_000, { i: 1 });
      o.timers.schedule("order:b2", now + 2_000, { i: 22 });
      o.timers.schedule("order:b1", now + 2_000, { i: 21 });
      o.timers.schedule("order:later", now + 60_000, { i: 60 });

      expect(await o.timers.fireDue()).toBe(0); // nothing is due yet
      expect(fired).toEqual([]);

      o.clock.advance(5_000);
      expect(await o.timers.fireDue()).toBe(4);
      expect(fired).toEqual([
        ["order:a", { i: 1 }],
        ["order:b1", { i: 21 }],
        ["order:b2", { i: 22 }],
        ["order:c", { i: 3 }],
      ]);
      expect(o.timers.pending().map((t) => t.name)).toEqual(["order:later", COMPACTION_TIMER]);
      // Cluster time runs 5 s further ahead now: the alarm is at the wall-clock time of the next timer.
      expect(await state.storage.getAlarm()).toBe(o.clock.toWallClock(now + 60_000));
      expect(await state.storage.getAlarm()).toBe(wallNow + 60_000 - 5_000);
    });
  });

  it("keeps a timer its handler rescheduled later, and retries one whose handler failed", async () => {
    await run("reschedule", async (o) => {
      const calls: string[] = [];
      o.timers.on("again", (name) => {
        calls.push(name);
        o.timers.schedule(name, o.clock.now() + 30_000);
      });
      o.timers.on("boom", (name) => {
        calls.push(name);
        throw new Error("handler failed");
      });
      o.timers.on("fine", (name) => {
        calls.push(name);
      });
      const now = o.clock.now();
      o.timers.schedule("again:1", now - 3);
      o.timers.schedule("boom:1", now - 2);
      o.timers.schedule("fine:1", now - 1);

      expect(await o.timers.fireDue()).toBe(3);
      expect(calls).toEqual(["again:1", "boom:1", "fine:1"]);
      const pending = new Map(o.timers.pending().map((t) => [t.name, t.dueAt]));
      expect(pending.get("again:1")).toBeGreaterThanOrEqual(now + 30_000);
      // A failure does not lose the timer: it runs again a little later.
      expect(pending.get("boom:1")).toBeGreaterThan(now);
      expect(pending.has("fine:1")).toBe(false);
    });
  });

  it("keeps a timer whose handler asks for it again with keepEarlier (a controller's recheck)", async () => {
    await run("recheck", async (o) => {
      o.timers.on("recheck", (name) => o.timers.schedule(name, o.clock.now() + 5_000, {}, { keepEarlier: true }));
      const now = o.clock.now();
      o.timers.schedule("recheck:x", now - 1);
      expect(await o.timers.fireDue()).toBe(1);
      const due = o.timers.pending().find((t) => t.name === "recheck:x")?.dueAt;
      expect(due).toBeGreaterThanOrEqual(now + 5_000);
    });
  });

  it("the DO alarm fires due timers through alarm()", async () => {
    const stub = cluster("alarm");
    const fired: string[] = [];
    await run("alarm", (o) => {
      o.timers.on("ping", (name) => {
        fired.push(name);
      });
      // Due in a minute of cluster time; the clock is then moved past it (the wall-clock alarm
      // stays in the future, so only runDurableObjectAlarm can fire it now).
      o.timers.schedule("ping:x", o.clock.now() + MIN);
      o.clock.advance(MIN + 1_000);
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(fired).toEqual(["ping:x"]);
    await run("alarm", async (o, state) => {
      expect(o.timers.has("ping:x")).toBe(false);
      // The compaction timer is still ahead; the alarm was re-armed for it.
      expect(o.timers.pending().map((t) => t.name)).toEqual([COMPACTION_TIMER]);
      expect(await state.storage.getAlarm()).toBe(expectedAlarm(o));
    });
  });
});

describe("compactor", () => {
  it("an idle cluster ends with no timer and no alarm once compaction finds nothing newer", async () => {
    const stub = cluster("idle");
    await run("idle", async (o) => {
      expect(o.timers.pending().map((t) => t.name)).toEqual([COMPACTION_TIMER]);
      o.clock.advance(DEFAULT_COMPACTION_WINDOW_MS + 1_000);
      // What the alarm runs (the start-up's alarms, set while its clock moved, may fire it on their own).
      expect(await o.timers.fireDue()).toBe(1);
    });
    await run("idle", async (o, state) => {
      expect(o.store.compactRevision()).toBe(o.store.revision());
      expect(o.timers.pending()).toEqual([]);
      expect(await state.storage.getAlarm()).toBeNull();
    });
    // Nothing left to wake the cluster.
    expect(await runDurableObjectAlarm(stub)).toBe(false);
  });

  it("schedules a run after writes; the run expires old revisions and leaves no timer when nothing is newer", async () => {
    const stub = cluster("compact");
    const { oldRev, headRev } = await run("compact", (o) => {
      o.clock.advance(DEFAULT_COMPACTION_WINDOW_MS + 1_000);
      return o.timers.fireDue().then(() => {
        // Idle now; a write schedules the next run one window later.
        expect(o.timers.pending()).toEqual([]);
        const before = o.clock.now();
        const a = o.store.create("/registry/test/things/a", { v: 1 });
        const after = o.clock.now();
        expect(o.timers.pending().map((t) => t.name)).toEqual([COMPACTION_TIMER]);
        expect(o.timers.pending()[0]!.dueAt).toBeGreaterThanOrEqual(before + DEFAULT_COMPACTION_WINDOW_MS);
        expect(o.timers.pending()[0]!.dueAt).toBeLessThanOrEqual(after + DEFAULT_COMPACTION_WINDOW_MS);
        o.store.update("/registry/test/things/a", { v: 2 });
        o.store.create("/registry/test/things/b", { v: 1 });
        o.store.delete("/registry/test/things/b");
        const head = o.store.update("/registry/test/things/a", { v: 3 });
        // Still one run, at the first write's window.
        expect(o.timers.pending()).toHaveLength(1);
        expect(o.store.get("/registry/test/things/a", a.modRevision)?.value).toEqual({ v: 1 });
        return { oldRev: a.modRevision, headRev: head.modRevision };
      });
    });

    await run("compact", (o) => o.clock.advance(6 * MIN));
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    await run("compact", async (o, state) => {
      expect(o.store.compactRevision()).toBe(headRev);
      expect(() => o.store.get("/registry/test/things/a", oldRev)).toThrow(CompactedError);
      expect(() => o.store.changesSince("/registry/test/", oldRev)).toThrow(CompactedError);
      expect(o.store.get("/registry/test/things/a")?.value).toEqual({ v: 3 });
      expect(o.store.get("/registry/test/things/b")).toBeNull();
      expect(o.timers.pending()).toEqual([]);
      expect(await state.storage.getAlarm()).toBeNull();
    });
  });

  it("compacts in steps while newer history exists, then stops", async () => {
    const stub = cluster("steps");
    await run("steps", async (o) => {
      o.clock.advance(DEFAULT_COMPACTION_WINDOW_MS + 1_000);
      await o.timers.fireDue(); // the bootstrap's run: idle afterwards
      expect(o.timers.pending()).toEqual([]);
    });
    const first = await run("steps", (o) => {
      o.store.create("/registry/test/steps/a", { v: 1 });
      return o.store.update("/registry/test/steps/a", { v: 2 }).modRevision;
    });
    const second = await run("steps", (o) => {
      o.clock.advance(3 * MIN);
      const at = o.clock.now(); // no later than the batch's write times
      o.store.create("/registry/test/steps/b", { v: 1 });
      return { rev: o.store.update("/registry/test/steps/b", { v: 2 }).modRevision, at };
    });

    // 6 minutes after the first batch, 3 after the second: only the first batch is out of the window.
    await run("steps", (o) => o.clock.advance(3 * MIN));
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    await run("steps", async (o, state) => {
      expect(o.store.compactRevision()).toBe(first);
      expect(() => o.store.get("/registry/test/steps/a", first - 1)).toThrow(CompactedError);
      expect(o.store.get("/registry/test/steps/b", second.rev - 1)?.value).toEqual({ v: 1 });
      const next = o.timers.pending();
      expect(next.map((t) => t.name)).toEqual([COMPACTION_TIMER]);
      expect(next[0]!.dueAt).toBeGreaterThanOrEqual(second.at + DEFAULT_COMPACTION_WINDOW_MS);
      expect(await state.storage.getAlarm()).toBe(o.clock.toWallClock(next[0]!.dueAt));
    });

    await run("steps", (o) => o.clock.advance(3 * MIN));
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    await run("steps", async (o, state) => {
      expect(o.store.compactRevision()).toBe(second.rev);
      expect(() => o.store.get("/registry/test/steps/b", second.rev - 1)).toThrow(CompactedError);
      expect(o.store.get("/registry/test/steps/b")?.value).toEqual({ v: 2 });
      expect(o.timers.pending()).toEqual([]);
      expect(await state.storage.getAlarm()).toBeNull();
    });
  });
});
