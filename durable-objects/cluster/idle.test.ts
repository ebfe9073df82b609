// Idle is free: a cluster with nothing to do has no timer and no alarm, and writes nothing, whether
// it is fresh, runs a Deployment whose pods are up, or holds the workloads of issue 15 at rest. (Time is
// moved with the cluster clock.)
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

  it("with a finished Job, a suspended CronJob, a settled StatefulSet and a budget, ends with no timer and no alarm", async () => {
    const c = await newCluster();
    const post = async (path: string, body: Record<string, unknown>) => expect((await c.send("POST", path, body)).status).toBe(201);
    // A server that never exits for the StatefulSet (a `sleep N` would hold a timer for its exit).
    const template = (labels: Record<string, string>, restartPolicy = "Always") =>
      restartPolicy === "Never"
        ? { metadata: { labels }, spec: { restartPolicy, containers: [{ name: "c", image: "busybox:1.36", command: ["sh", "-c", "echo done"] }] } }
        : { metadata: { labels }, spec: { containers: [{ name: "c", image: "nginx:1.25" }] } };
    await post("/apis/batch/v1/namespaces/default/jobs", { apiVersion: "batch/v1", kind: "Job", metadata: { name: "once" }, spec: { template: template({}, "Never") } });
    await post("/apis/batch/v1/namespaces/default/cronjobs", { apiVersion: "batch/v1", kind: "CronJob", metadata: { name: "paused" }, spec: { schedule: "*/1 * * * *", suspend: true, jobTemplate: { spec: { template: template({}, "Never") } } } });
    await post("/apis/apps/v1/namespaces/default/statefulsets", { apiVersion: "apps/v1", kind: "StatefulSet", metadata: { name: "db" }, spec: { replicas: 2, serviceName: "db", selector: { matchLabels: { app: "db" } }, template: template({ app: "db" }) } });
    await post("/apis/policy/v1/namespaces/default/poddisruptionbudgets", { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: "db" }, spec: { minAvailable: 1, selector: { matchLabels: { app: "db" } } } });
    await runInDurableObject(clusterStub(c.clusterId), async (o: ClusterDO, state) => {
      await runUntilIdle(o);
      await expectIdle(o, state);
    });
    expect((await c.json("/apis/batch/v1/namespaces/default/jobs/once")).body.status.succeeded).toBe(1);
    expect((await c.json("/apis/apps/v1/namespaces/default/statefulsets/db")).body.status.readyReplicas).toBe(2);
    expect((await c.json("/apis/policy/v1/namespaces/default/poddisruptionbudgets/db")).body.status.disruptionsAllowed).toBe(1);
  });
});
