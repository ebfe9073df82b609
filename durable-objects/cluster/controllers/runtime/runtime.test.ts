// The controller runtime inside a real cluster Durable Object: informers follow commits with
// indexes, the work queue dedupes and backs off failing keys, events fold repeats into a count.
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { ClusterDO } from "../../cluster-do";
import { controllerUser } from "../../identity";
import { settle } from "../../testing";
import { ApiError, status } from "../../apiserver/status";
import { Client } from "./client";
import { EventRecorder } from "./events";
import { Informer } from "./informer";
import { WorkQueue } from "./workqueue";

const cluster = (name: string) => env.CLUSTER.get(env.CLUSTER.idFromName(`runtime-test-${name}`));
const ctxOf = (o: ClusterDO) => ({ store: o.store, registry: o.registry, clock: o.clock, user: controllerUser("test-controller") });

describe("controller runtime", () => {
  it("an informer lists on start, then follows adds, updates and deletes, with indexes", async () => {
    await runInDurableObject(cluster("informer"), async (o: ClusterDO) => {
      await settle(o);
      const cms = o.registry.resource("", "v1", "configmaps")!;
      const client = new Client(ctxOf(o), "test");
      client.create(cms, "default", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "before", labels: { tier: "a" } } });
      const inf = new Informer(o.store, cms);
      inf.addIndex("tier", (cm) => [((cm.metadata as any).labels?.tier as string) ?? ""]);
      const seen: string[] = [];
      inf.on({ add: (x) => seen.push(`add ${(x.metadata as any).name}`), update: (x) => seen.push(`update ${(x.metadata as any).name}`), delete: (x) => seen.push(`delete ${(x.metadata as any).name}`) });
      expect(inf.get("default/before")).toMatchObject({ kind: "ConfigMap", metadata: { name: "before", resourceVersion: expect.any(String) } });
      client.create(cms, "default", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "after", labels: { tier: "b" } } });
      client.modify(cms, "default", "before", (cm) => ((cm.metadata as any).labels.tier = "b"));
      client.delete(cms, "default", "after");
      expect(seen).toEqual(["add after", "update before", "delete after"]);
      expect(inf.byIndex("tier", "b").map((x) => (x.metadata as any).name)).toEqual(["before"]);
      expect(inf.byIndex("tier", "a")).toEqual([]);
      // (kube-root-ca.crt is the root CA publisher's, in every namespace.)
      expect(inf.list("default").map((x) => (x.metadata as any).name).filter((n) => n !== "kube-root-ca.crt")).toEqual(["before"]);
    });
  });

  it("a work queue runs a key once however often it is added, and backs off a key that keeps conflicting", async () => {
    await runInDurableObject(cluster("queue"), async (o: ClusterDO) => {
      await settle(o);
      const runs: string[] = [];
      let failures = 2;
      const q = new WorkQueue(o.timers, o.clock, "testq", (key) => {
        runs.push(key);
        if (key === "flaky" && failures-- > 0) throw new ApiError(status(409, "Conflict", "the object has been modified"));
      }, { retryOnError: (err) => err instanceof ApiError && err.code === 409 });
      q.add("a");
      q.add("a");
      q.add("flaky");
      await o.timers.fireDue();
      expect(runs.filter((k) => k === "a")).toEqual(["a"]);
      // 5 ms, then 10 ms later: the third try succeeds.
      const retry = o.timers.pending().find((t) => t.name === "testq:flaky");
      expect(retry!.dueAt - o.clock.now()).toBeLessThanOrEqual(5);
      o.clock.advance(6);
      await o.timers.fireDue();
      o.clock.advance(11);
      await o.timers.fireDue();
      expect(runs.filter((k) => k === "flaky")).toHaveLength(3);
      expect(o.timers.has("testq:flaky")).toBe(false);
    });
  });

  it("folds a repeated event into one with a count and the latest time", async () => {
    await runInDurableObject(cluster("events"), async (o: ClusterDO) => {
      await settle(o);
      const events = o.registry.resource("", "v1", "events")!;
      const cms = o.registry.resource("", "v1", "configmaps")!;
      const cm = new Client(ctxOf(o), "test").create(cms, "default", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "noisy" } });
      const recorder = new EventRecorder(ctxOf(o), events);
      recorder.record({ component: "test" }, { rt: cms, obj: cm }, "Warning", "Broken", "it broke");
      o.clock.advance(5_000);
      recorder.record({ component: "test" }, { rt: cms, obj: cm }, "Warning", "Broken", "it broke");
      recorder.record({ component: "test" }, { rt: cms, obj: cm }, "Warning", "Broken", "it broke differently");
      const mine = o.store.list("/registry/core/events/default/").items.map((kv) => kv.value as any).filter((e) => e.involvedObject.name === "noisy");
      expect(mine).toHaveLength(2);
      const repeated = mine.find((e) => e.message === "it broke");
      expect(repeated).toMatchObject({ count: 2, type: "Warning", reason: "Broken", source: { component: "test" }, involvedObject: { kind: "ConfigMap", namespace: "default", name: "noisy", apiVersion: "v1" } });
      expect(Date.parse(repeated.lastTimestamp) - Date.parse(repeated.firstTimestamp)).toBeGreaterThanOrEqual(4_000);
    });
  });
});
