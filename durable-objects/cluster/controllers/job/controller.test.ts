// The Job controller in a real cluster Durable Object, with the scheduler and kubelets running:
// completion with kube 1.33's conditions and status, the job-tracking finalizer, failure back-off to
// BackoffLimitExceeded, Indexed Jobs, suspend/resume, activeDeadlineSeconds and a pod failure policy.
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { clusterStub, newCluster, type ClusterClient } from "../../../../worker/test-helpers";
import type { JsonObject } from "../../apiserver/registry/types";
import type { ClusterDO } from "../../cluster-do";
import { passTime } from "../../testing";

const JOBS = "/apis/batch/v1/namespaces/default/jobs";
const PODS = "/api/v1/namespaces/default/pods";
const MERGE = { "Content-Type": "application/merge-patch+json" };

const settled = (c: ClusterClient, advanceMs = 5_000, stepMs = 250) => runInDurableObject(clusterStub(c.clusterId), (o: ClusterDO) => passTime(o, advanceMs, stepMs));

function job(name: string, command: string, spec: JsonObject = {}, podSpec: JsonObject = {}): JsonObject {
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name },
    spec: { template: { spec: { containers: [{ name: "main", image: "busybox:1.36", command: ["sh", "-c", command] }], restartPolicy: "Never", ...podSpec } }, ...spec },
  };
}

const podsOf = async (c: ClusterClient, name: string) =>
  ((await c.json(`${PODS}?labelSelector=batch.kubernetes.io%2Fjob-name%3D${name}`)).body.items as any[]).sort((a, b) => a.metadata.creationTimestamp.localeCompare(b.metadata.creationTimestamp) || a.metadata.name.localeCompare(b.metadata.name));
const getJob = async (c: ClusterClient, name: string) => (await c.json(`${JOBS}/${name}`)).body;
const eventsOf = async (c: ClusterClient, name: string) =>
  ((await c.json(`/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3D${name}`)).body.items as any[]).map((e) => `${e.type} ${e.reason} ${e.message}`);
const conditions = (j: any) => (j.status.conditions ?? []).map((x: any) => `${x.type}=${x.status} ${x.reason}: ${x.message}`);

describe("job controller", () => {
  it("runs a pod to completion and records kube 1.33's status, conditions and events", async () => {
    const c = await newCluster();
    const created = await c.send("POST", JOBS, job("hello", "echo hello"));
    expect(created.status).toBe(201);
    await settled(c, 10_000);
    const j = await getJob(c, "hello");
    expect(conditions(j)).toEqual(["SuccessCriteriaMet=True CompletionsReached: Reached expected number of succeeded pods", "Complete=True CompletionsReached: Reached expected number of succeeded pods"]);
    expect(Object.keys(j.status).sort()).toEqual(["completionTime", "conditions", "ready", "startTime", "succeeded", "terminating", "uncountedTerminatedPods"]);
    expect(j.status).toMatchObject({ succeeded: 1, ready: 0, terminating: 0, uncountedTerminatedPods: {} });
    expect(Date.parse(j.status.completionTime)).toBeGreaterThanOrEqual(Date.parse(j.status.startTime));
    expect(Object.keys(j.status.conditions[0])).toEqual(["type", "status", "lastProbeTime", "lastTransitionTime", "reason", "message"]);

    const [pod, ...more] = await podsOf(c, "hello");
    expect(more).toHaveLength(0);
    expect(pod.metadata.name).toMatch(/^hello-[a-z0-9]{5}$/);
    expect(pod.status.phase).toBe("Succeeded");
    expect(pod.metadata.finalizers).toBeUndefined();
    expect(pod.metadata.labels).toMatchObject({ "batch.kubernetes.io/job-name": "hello", "batch.kubernetes.io/controller-uid": created.body.metadata.uid, "job-name": "hello" });
    expect(pod.metadata.ownerReferences).toEqual([{ apiVersion: "batch/v1", kind: "Job", name: "hello", uid: created.body.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(await eventsOf(c, "hello")).toEqual([`Normal SuccessfulCreate Created pod: ${pod.metadata.name}`, "Normal Completed Job completed"]);
    expect(await (await c.fetch(`${PODS}/${pod.metadata.name}/log`)).text()).toBe("hello\n");

    const table = (await c.json(JOBS, { headers: { Accept: "application/json;as=Table;v=v1;g=meta.k8s.io" } })).body;
    expect(table.rows[0].cells.slice(0, 3)).toEqual(["hello", "Complete", "1/1"]);
  });

  it("keeps the job-tracking finalizer while a pod runs, and releases it when the Job is deleted", async () => {
    const c = await newCluster();
    await c.send("POST", JOBS, job("long", "sleep 3600"));
    await settled(c, 5_000);
    const [pod] = await podsOf(c, "long");
    expect(pod.metadata.finalizers).toEqual(["batch.kubernetes.io/job-tracking"]);
    expect((await getJob(c, "long")).status).toMatchObject({ active: 1, ready: 1, terminating: 0 });
    expect((await c.send("DELETE", `${JOBS}/long`, { propagationPolicy: "Background" })).status).toBe(200);
    await settled(c, 40_000, 1_000);
    expect(await podsOf(c, "long")).toHaveLength(0);
  });

  it("deletes a finished Job and its pods ttlSecondsAfterFinished after it finished", async () => {
    const c = await newCluster();
    await c.send("POST", JOBS, job("brief", "echo hi", { ttlSecondsAfterFinished: 20 }));
    await settled(c, 5_000);
    const done = await getJob(c, "brief");
    expect(conditions(done).at(-1)).toMatch(/^Complete=True/);
    expect(await podsOf(c, "brief")).toHaveLength(1);
    const finishedAt = Date.parse(done.status.conditions.at(-1).lastTransitionTime);
    await runInDurableObject(clusterStub(c.clusterId), async (o: ClusterDO) => {
      const due = o.timers.pending().find((t) => t.name === "ttl-after-finished:default/brief")?.dueAt ?? 0;
      expect(due - finishedAt).toBeGreaterThanOrEqual(20_000);
      expect(due - finishedAt).toBeLessThan(21_000);
    });
    await settled(c, 10_000, 1_000);
    expect((await c.json(`${JOBS}/brief`)).status).toBe(200);
    await settled(c, 15_000, 1_000);
    expect((await c.json(`${JOBS}/brief`)).status).toBe(404);
    expect(await podsOf(c, "brief")).toHaveLength(0);
  });

  it("retries a failing pod with doubling back-off until BackoffLimitExceeded", async () => {
    const c = await newCluster();
    await c.send("POST", JOBS, job("fail", "exit 3", { backoffLimit: 2 }));
    await settled(c, 120_000, 1_000);
    const pods = await podsOf(c, "fail");
    expect(pods).toHaveLength(3);
    expect(pods.every((p) => p.status.phase === "Failed" && !p.metadata.finalizers)).toBe(true);
    const started = pods.map((p) => Date.parse(p.metadata.creationTimestamp));
    const finished = pods.map((p) => Date.parse(p.status.containerStatuses[0].state.terminated.finishedAt));
    // Pod 2 waits 10 s after pod 1 failed, pod 3 waits 20 s after pod 2 failed.
    expect(started[1]! - finished[0]!).toBeGreaterThanOrEqual(10_000);
    expect(started[1]! - finished[0]!).toBeLessThan(12_000);
    expect(started[2]! - finished[1]!).toBeGreaterThanOrEqual(20_000);
    expect(started[2]! - finished[1]!).toBeLessThan(22_000);
    const j = await getJob(c, "fail");
    expect(conditions(j)).toEqual(["FailureTarget=True BackoffLimitExceeded: Job has reached the specified backoff limit", "Failed=True BackoffLimitExceeded: Job has reached the specified backoff limit"]);
    expect(j.status.failed).toBe(3);
    expect(j.status.completionTime).toBeUndefined();
    expect((await eventsOf(c, "fail")).at(-1)).toBe("Warning BackoffLimitExceeded Job has reached the specified backoff limit");
  });

  it("runs an Indexed Job by completion index, parallelism at a time", async () => {
    const c = await newCluster();
    await c.send("POST", JOBS, job("idx", "echo $JOB_COMPLETION_INDEX", { completions: 5, parallelism: 3, completionMode: "Indexed" }));
    await settled(c, 0);
    const first = await podsOf(c, "idx");
    expect(first).toHaveLength(3);
    expect(first.map((p) => p.metadata.annotations["batch.kubernetes.io/job-completion-index"]).sort()).toEqual(["0", "1", "2"]);
    for (const p of first) {
      const ix = p.metadata.labels["batch.kubernetes.io/job-completion-index"];
      expect(p.metadata.name).toMatch(new RegExp(`^idx-${ix}-[a-z0-9]{5}$`));
      expect(p.spec.hostname).toBe(`idx-${ix}`);
      expect(p.spec.containers[0].env).toEqual([{ name: "JOB_COMPLETION_INDEX", valueFrom: { fieldRef: { apiVersion: "v1", fieldPath: "metadata.labels['batch.kubernetes.io/job-completion-index']" } } }]);
    }
    await settled(c, 20_000);
    const j = await getJob(c, "idx");
    expect(j.status).toMatchObject({ succeeded: 5, completedIndexes: "0-4" });
    expect(conditions(j).at(-1)).toMatch(/^Complete=True/);
    const all = await podsOf(c, "idx");
    expect(all).toHaveLength(5);
    for (const p of all) {
      const log = await (await c.fetch(`${PODS}/${p.metadata.name}/log`)).text();
      expect(log).toBe(`${p.metadata.annotations["batch.kubernetes.io/job-completion-index"]}\n`);
    }
  });

  it("suspends and resumes, fails on activeDeadlineSeconds, and obeys a FailJob rule", async () => {
    const c = await newCluster();
    await c.send("POST", JOBS, job("later", "echo done", { suspend: true }));
    await c.send("POST", JOBS, job("slow", "sleep 3600", { activeDeadlineSeconds: 30 }));
    const policy = { rules: [{ action: "FailJob", onExitCodes: { containerName: "main", operator: "In", values: [42] } }] };
    await c.send("POST", JOBS, job("policy", "exit 42", { podFailurePolicy: policy, backoffLimit: 6 }));
    await settled(c, 5_000);
    expect(await podsOf(c, "later")).toHaveLength(0);
    expect(conditions(await getJob(c, "later"))).toEqual(["Suspended=True JobSuspended: Job suspended"]);
    expect((await getJob(c, "later")).status.startTime).toBeUndefined();
    const p = await getJob(c, "policy");
    const [failedPod] = await podsOf(c, "policy");
    expect(conditions(p)).toEqual([
      `FailureTarget=True PodFailurePolicy: Container main for pod default/${failedPod.metadata.name} failed with exit code 42 matching FailJob rule at index 0`,
      `Failed=True PodFailurePolicy: Container main for pod default/${failedPod.metadata.name} failed with exit code 42 matching FailJob rule at index 0`,
    ]);
    expect(await podsOf(c, "policy")).toHaveLength(1);

    expect((await c.send("PATCH", `${JOBS}/later`, { spec: { suspend: false } }, MERGE)).status).toBe(200);
    // The deadline's pod ignores SIGTERM (sleep as PID 1): Failed comes after its 30 s grace period.
    await settled(c, 70_000, 1_000);
    const later = await getJob(c, "later");
    expect(conditions(later)).toEqual([
      "Suspended=False JobResumed: Job resumed",
      "SuccessCriteriaMet=True CompletionsReached: Reached expected number of succeeded pods",
      "Complete=True CompletionsReached: Reached expected number of succeeded pods",
    ]);
    expect(await eventsOf(c, "later")).toEqual(expect.arrayContaining(["Normal Suspended Job suspended", "Normal Resumed Job resumed"]));
    const slow = await getJob(c, "slow");
    expect(conditions(slow)).toEqual(["FailureTarget=True DeadlineExceeded: Job was active longer than specified deadline", "Failed=True DeadlineExceeded: Job was active longer than specified deadline"]);
    expect(slow.status.active).toBeUndefined();
  });

  it("with backoffLimitPerIndex retries each index on its own, then fails with the failed indexes", async () => {
    const c = await newCluster();
    const flaky = 'if [ "$JOB_COMPLETION_INDEX" = "1" ]; then exit 1; fi; echo ok';
    await c.send("POST", JOBS, job("per-index", flaky, { completions: 4, parallelism: 4, completionMode: "Indexed", backoffLimitPerIndex: 1 }));
    await settled(c, 60_000, 1_000);
    const j = await getJob(c, "per-index");
    expect(j.status).toMatchObject({ completedIndexes: "0,2-3", failedIndexes: "1", failed: 2, succeeded: 3 });
    expect(conditions(j)).toEqual(["FailureTarget=True FailedIndexes: Job has failed indexes", "Failed=True FailedIndexes: Job has failed indexes"]);
    const one = (await podsOf(c, "per-index")).filter((p) => p.metadata.labels["batch.kubernetes.io/job-completion-index"] === "1");
    expect(one.map((p) => p.metadata.annotations["batch.kubernetes.io/job-index-failure-count"])).toEqual(["0", "1"]);
    const gap = Date.parse(one[1].metadata.creationTimestamp) - Date.parse(one[0].status.containerStatuses[0].state.terminated.finishedAt);
    expect(gap).toBeGreaterThanOrEqual(10_000);
    expect(gap).toBeLessThan(12_000);

    await c.send("POST", JOBS, job("strict", "exit 1", { completions: 3, parallelism: 1, completionMode: "Indexed", backoffLimitPerIndex: 0, maxFailedIndexes: 0 }));
    await settled(c, 10_000, 1_000);
    const strict = await getJob(c, "strict");
    expect(conditions(strict).at(-1)).toBe("Failed=True MaxFailedIndexesExceeded: Job has exceeded the specified maximal number of failed indexes");
    expect(strict.status.failedIndexes).toBe("0");
    expect(await podsOf(c, "strict")).toHaveLength(1);
  });

  it("ends an Indexed Job as soon as its successPolicy is met, stopping the indexes still running", async () => {
    const c = await newCluster();
    const leader = 'if [ "$JOB_COMPLETION_INDEX" = "0" ]; then echo leader done; else sleep 3600; fi';
    await c.send("POST", JOBS, job("leader", leader, { completions: 3, parallelism: 3, completionMode: "Indexed", successPolicy: { rules: [{ succeededIndexes: "0" }] } }));
    await settled(c, 45_000, 1_000);
    const j = await getJob(c, "leader");
    expect(conditions(j)).toEqual(["SuccessCriteriaMet=True SuccessPolicy: Matched rules at index 0", "Complete=True SuccessPolicy: Matched rules at index 0"]);
    expect(j.status).toMatchObject({ succeeded: 1, completedIndexes: "0" });
    expect(j.status.completionTime).toBeDefined();
    expect((await podsOf(c, "leader")).map((p) => p.status.phase)).toEqual(["Succeeded"]);
  });
});
