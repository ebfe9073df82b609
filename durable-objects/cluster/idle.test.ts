// Idle is free: a cluster with nothing to do has no timer and no alarm, and writes nothing, whether
// it is fresh or runs a Deployment whose pods are up. (Time is moved with the cluster clock.)
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { clusterStub, newCluster } from "../../worker/test-helpers";
import type { ClusterDO } from "./cluster-do";
import { storagePrefix } from "./apiserver/registry";
import { settle } from "./testing";

const HOUR = 60 * 60_000;

/** Lets the cluster's delayed work happen: clock forward in steps, due timers run, until none is left. */
async function runUntilIdle(o: ClusterDO): Promise<void> {
  for (let i = 0; i < 200 && o.timers.pending().length > 0; i++) {
    const next = o.timers.pending()[0]!.dueAt;
    if (next > o.clock.now()) o.clock.advance(next - o.clock.now() + 1);
    await settle(o);
  }
}

async function expectIdle(o: ClusterDO, state: DurableObjectState): Promise<void> {
  expect(o.timers.pending()).toEqual([]);
  expect(await state.storage.getAlarm()).toBeNull();
  // And it stays so: a day later nothing has been written.
  const rev = o.store.revision();
  o.clock.advance(24 * HOUR);
  expect(await o.timers.fireDue()).toBe(0);
  expect(o.store.revision()).toBe(rev);
}

describe("an idle cluster", () => {
  it("fresh and left alone, ends with no timer, no alarm and no writes (events expire after an hour)", async () => {
    const stub = env.CLUSTER.get(env.CLUSTER.idFromName("idle-fresh"));
    await runInDurableObject(stub, async (o: ClusterDO, state) => {
      await settle(o);
      const events = o.registry.resource("", "v1", "events")!;
      expect(o.store.count(storagePrefix(events))).toBeGreaterThan(0);
      await runUntilIdle(o);
      expect(o.store.count(storagePrefix(events))).toBe(0);
      await expectIdle(o, state);
    });
  });

  it("running a Deployment with Ready pods, ends with no timer and no alarm", async () => {
    const c = await newCluster();
    const res = await c.send("POST", "/apis/apps/v1/namespaces/default/deployments", {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web" },
      spec: { replicas: 3, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "nginx" }] } } },
    });
    expect(res.status).toBe(201);
    await runInDurableObject(clusterStub(c.clusterId), async (o: ClusterDO, state) => {
      await runUntilIdle(o);
      await expectIdle(o, state);
    });
    const d = (await c.json("/apis/apps/v1/namespaces/default/deployments/web")).body;
    expect(d.status).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3 });
    const pods = (await c.json("/api/v1/namespaces/default/pods")).body.items;
    expect(pods.map((p: any) => p.status.phase)).toEqual(["Running", "Running", "Running"]);
  });
});
