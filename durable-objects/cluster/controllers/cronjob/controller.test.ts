// The CronJob controller in a real cluster Durable Object, with the Job controller and kubelets running:
// one Job per minute for `*/1`, named by the minute, history limits, Forbid, suspend, and an idle
// CronJob that costs one timer.
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { clusterStub, newCluster, type ClusterClient } from "../../../../worker/test-helpers";
import type { JsonObject } from "../../apiserver/registry/types";
import type { ClusterDO } from "../../cluster-do";
import { passTime } from "../../testing";

const CRONJOBS = "/apis/batch/v1/namespaces/default/cronjobs";
const JOBS = "/apis/batch/v1/namespaces/default/jobs";

const pass = (c: ClusterClient, advanceMs: number, stepMs = 5_000) => runInDurableObject(clusterStub(c.clusterId), (o: ClusterDO) => passTime(o, advanceMs, stepMs));

function cronJob(name: string, command: string, spec: JsonObject = {}): JsonObject {
  return {
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: { name },
    spec: {
      schedule: "*/1 * * * *",
      jobTemplate: { spec: { template: { spec: { containers: [{ name: "c", image: "busybox:1.36", command: ["sh", "-c", command] }], restartPolicy: "Never" } } } },
      ...spec,
    },
  };
}

const jobsOf = async (c: ClusterClient, cj: string) => ((await c.json(JOBS)).body.items as any[]).filter((j) => j.metadata.ownerReferences?.[0]?.name === cj);
const eventsOf = async (c: ClusterClient, name: string) =>
  ((await c.json(`/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3D${name}`)).body.items as any[]).map((e) => `${e.reason} ${e.message}`);
const timersOf = (c: ClusterClient, prefix: string) => runInDurableObject(clusterStub(c.clusterId), (o: ClusterDO) => o.timers.pending().filter((t) => t.name.startsWith(prefix)));

describe("cronjob controller", () => {
  it("starts one Job per minute, named by the minute, and keeps the history limits", async () => {
    const c = await newCluster();
    expect((await c.send("POST", CRONJOBS, cronJob("tick", "date; echo tick"))).status).toBe(201);
    await pass(c, 10 * 60_000);
    const events = (await eventsOf(c, "tick")).filter((e) => e.startsWith("SuccessfulCreate"));
    expect(events).toHaveLength(10);
    const names = events.map((e) => e.slice("SuccessfulCreate Created job ".length));
    const minutes = names.map((n) => Number(n.slice("tick-".length)));
    expect(minutes.every((m, i) => i === 0 || m === minutes[i - 1]! + 1)).toBe(true);
    // successfulJobsHistoryLimit 3 (the default): the older Jobs were deleted.
    const kept = await jobsOf(c, "tick");
    expect(kept.map((j) => j.metadata.name).sort()).toEqual(names.slice(-3).sort());
    const last = kept.find((j) => j.metadata.name === names.at(-1));
    expect(last.metadata.annotations["batch.kubernetes.io/cronjob-scheduled-timestamp"]).toBe(new Date(minutes.at(-1)! * 60_000).toISOString().replace(".000Z", "Z"));
    expect(last.metadata.labels).toBeUndefined();
    const cj = (await c.json(`${CRONJOBS}/tick`)).body;
    expect(cj.status.lastScheduleTime).toBe(new Date(minutes.at(-1)! * 60_000).toISOString().replace(".000Z", "Z"));
    expect(Date.parse(cj.status.lastSuccessfulTime)).toBeGreaterThanOrEqual(Date.parse(cj.status.lastScheduleTime));
    expect((await eventsOf(c, "tick")).filter((e) => e.startsWith("SuccessfulDelete"))).toHaveLength(7);
    // Idle between runs: one timer, due just after the next minute.
    const timers = await timersOf(c, "cronjob:default/tick");
    expect(timers).toHaveLength(1);
    expect(timers[0]!.dueAt % 60_000).toBe(100);
  });

  it("with Forbid never runs two Jobs at once; suspended, it starts nothing and holds no timer", async () => {
    const c = await newCluster();
    await c.send("POST", CRONJOBS, cronJob("slow", "sleep 150", { concurrencyPolicy: "Forbid" }));
    await c.send("POST", CRONJOBS, cronJob("off", "echo no", { suspend: true }));
    await pass(c, 10 * 60_000);
    const jobs = (await jobsOf(c, "slow")).sort((a, b) => a.status.startTime.localeCompare(b.status.startTime));
    expect(jobs.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < jobs.length; i++) {
      const prevDone = Date.parse(jobs[i - 1].status.completionTime);
      expect(Date.parse(jobs[i].status.startTime)).toBeGreaterThanOrEqual(prevDone);
    }
    expect(await eventsOf(c, "slow")).toContain("JobAlreadyActive Not starting job because prior execution is running and concurrency policy is Forbid");
    expect(await jobsOf(c, "off")).toHaveLength(0);
    expect(await timersOf(c, "cronjob:default/off")).toHaveLength(0);
  });

  it("an idle yearly CronJob costs one timer, due at its next run", async () => {
    const c = await newCluster();
    await c.send("POST", CRONJOBS, cronJob("yearly", "echo hny", { schedule: "0 0 1 1 *" }));
    await pass(c, 0);
    const timers = await timersOf(c, "cronjob:");
    expect(timers).toHaveLength(1);
    const due = new Date(timers[0]!.dueAt - 100);
    expect([due.getUTCMonth(), due.getUTCDate(), due.getUTCHours(), due.getUTCMinutes()]).toEqual([0, 1, 0, 0]);
  });
});
