// Jobs and CronJobs with real kubectl 1.33 against `npm start` (instant profile), the clock advanced
// through the management API: a failing Job retried with doubling delays to BackoffLimitExceeded, an
// Indexed Job with parallelism 3, a `*/1` CronJob that ran ten Jobs in ten minutes and kept three,
// Forbid never overlapping, and `kubectl create job --from=cronjob/…`; `kubectl drain` held by a
// PodDisruptionBudget until the budget allows the eviction; a node made unreachable (the kubedo.dev/fault
// annotation) going NotReady, its pods evicted after 300 s of cluster time, and its return.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { advanceClock, eventually, type Kubectl, type Kubedo, withInstantKubedo } from "./helpers";

let kubedo: Kubedo;
let k: Kubectl;

withInstantKubedo((server, client) => {
  kubedo = server;
  k = client;
});

function apply(name: string, doc: object): void {
  const file = join(kubedo.dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(doc));
  k.ok(["apply", "-f", file]);
}

function job(name: string, command: string, spec: object = {}): object {
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name },
    spec: { template: { spec: { containers: [{ name: "main", image: "busybox:1.36", command: ["sh", "-c", command] }], restartPolicy: "Never" } }, ...spec },
  };
}

const podsOf = (jobName: string) =>
  (k.json(["get", "pods", "-l", `batch.kubernetes.io/job-name=${jobName}`]).items as any[]).sort((a, b) => a.metadata.creationTimestamp.localeCompare(b.metadata.creationTimestamp) || a.metadata.name.localeCompare(b.metadata.name));
const events = (name: string) => (k.json(["get", "events", "--field-selector", `involvedObject.name=${name}`]).items as any[]).map((e) => `${e.reason} ${e.message}`);

describe("Jobs", () => {
  it("a failing Job retries with doubling delays until BackoffLimitExceeded", async () => {
    apply("fail", job("fail", "echo trying; exit 2", { backoffLimit: 3 }));
    await eventually(() => (podsOf("fail").length === 1 ? true : undefined), "first pod");
    await advanceClock(kubedo.kubeconfig, 200);
    k.ok(["wait", "--for=condition=failed", "job/fail", "--timeout=20s"]);
    const pods = podsOf("fail");
    expect(pods).toHaveLength(4);
    const gaps = pods.slice(1).map((p, i) => Date.parse(p.metadata.creationTimestamp) - Date.parse(pods[i].status.containerStatuses[0].state.terminated.finishedAt));
    expect(gaps.map((g) => Math.round(g / 10_000) * 10)).toEqual([10, 20, 40]);
    const row = k.ok(["get", "job", "fail"]).split("\n")[1]!;
    expect(row).toMatch(/^fail\s+Failed\s+0\/1\s+\S+\s+\S+$/);
    const described = k.ok(["describe", "job", "fail"]);
    expect(described).toMatch(/Pods Statuses:\s+0 Active \(0 Ready\) \/ 0 Succeeded \/ 4 Failed/);
    expect(described).toMatch(/Warning\s+BackoffLimitExceeded\s+\S+\s+job-controller\s+Job has reached the specified backoff limit/);
    expect(k.ok(["logs", pods[3].metadata.name])).toBe("trying\n");
  });

  it("an Indexed Job runs five indexes three at a time", async () => {
    apply("idx", job("idx", "echo index $JOB_COMPLETION_INDEX", { completions: 5, parallelism: 3, completionMode: "Indexed" }));
    k.ok(["wait", "--for=condition=complete", "job/idx", "--timeout=30s"]);
    const done = k.json(["get", "job", "idx"]);
    expect(done.status.completedIndexes).toBe("0-4");
    expect(done.status.succeeded).toBe(5);
    const pods = podsOf("idx");
    expect(pods).toHaveLength(5);
    const created = pods.map((p) => [Number(p.metadata.labels["batch.kubernetes.io/job-completion-index"]), p] as const).sort((a, b) => a[0] - b[0]);
    for (const [ix, p] of created) {
      expect(p.spec.hostname).toBe(`idx-${ix}`);
      expect(k.ok(["logs", p.metadata.name])).toBe(`index ${ix}\n`);
    }
    expect(k.ok(["get", "job", "idx"]).split("\n")[1]).toMatch(/^idx\s+Complete\s+5\/5\s+/);
  });
});

describe("CronJobs", () => {
  it("a */1 CronJob runs a Job each minute for ten minutes, keeps three, and can be run by hand", async () => {
    k.ok(["create", "cronjob", "tick", "--image=busybox:1.36", "--schedule=*/1 * * * *", "--", "sh", "-c", "echo tick"]);
    const row = k.ok(["get", "cronjob", "tick"]).split("\n");
    expect(row[0]).toMatch(/^NAME\s+SCHEDULE\s+TIMEZONE\s+SUSPEND\s+ACTIVE\s+LAST SCHEDULE\s+AGE$/);
    expect(row[1]).toMatch(/^tick\s+\*\/1 \* \* \* \*\s+<none>\s+False\s+0\s+<none>\s+\S+$/);
    await advanceClock(kubedo.kubeconfig, 600);
    const created = events("tick").filter((e) => e.startsWith("SuccessfulCreate"));
    expect(created).toHaveLength(10);
    const jobs = (k.json(["get", "jobs"]).items as any[]).filter((j) => j.metadata.ownerReferences?.[0]?.name === "tick");
    expect(jobs.map((j) => j.metadata.name).sort()).toEqual(created.slice(-3).map((e) => e.replace("SuccessfulCreate Created job ", "")).sort());
    expect(jobs.every((j) => j.status.conditions?.some((c: any) => c.type === "Complete" && c.status === "True"))).toBe(true);
    expect(k.ok(["get", "cronjob", "tick"]).split("\n")[1]).toMatch(/^tick\s+\*\/1 \* \* \* \*\s+<none>\s+False\s+0\s+\d+s\s+\S+$/);

    k.ok(["create", "job", "by-hand", "--from=cronjob/tick"]);
    const manual = k.json(["get", "job", "by-hand"]);
    expect(manual.metadata.annotations["cronjob.kubernetes.io/instantiate"]).toBe("manual");
    k.ok(["wait", "--for=condition=complete", "job/by-hand", "--timeout=30s"]);
  });

  it("Forbid never overlaps a Job that outlasts the minute", async () => {
    apply("slow", {
      apiVersion: "batch/v1",
      kind: "CronJob",
      metadata: { name: "slow" },
      spec: {
        schedule: "*/1 * * * *",
        concurrencyPolicy: "Forbid",
        jobTemplate: { spec: { template: { spec: { containers: [{ name: "c", image: "busybox:1.36", command: ["sleep", "150"] }], restartPolicy: "Never" } } } },
      },
    });
    await advanceClock(kubedo.kubeconfig, 600);
    const jobs = (k.json(["get", "jobs"]).items as any[]).filter((j) => j.metadata.ownerReferences?.[0]?.name === "slow" && j.status.startTime);
    jobs.sort((a, b) => a.status.startTime.localeCompare(b.status.startTime));
    expect(jobs.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < jobs.length; i++) expect(Date.parse(jobs[i].status.startTime)).toBeGreaterThanOrEqual(Date.parse(jobs[i - 1].status.completionTime));
    expect(events("slow")).toContain("JobAlreadyActive Not starting job because prior execution is running and concurrency policy is Forbid");
  });
});

describe("PodDisruptionBudgets", () => {
  it("kubectl drain waits at a budget and finishes once the budget allows the eviction", async () => {
    k.ok(["create", "deployment", "guarded", "--image=nginx:1.25", "--replicas=2"]);
    k.ok(["create", "pdb", "guarded-pdb", "--selector=app=guarded", "--min-available=2"]);
    const ready = () => (k.json(["get", "pods", "-l", "app=guarded"]).items as any[]).filter((p) => !p.metadata.deletionTimestamp && p.status.conditions?.some((c: any) => c.type === "Ready" && c.status === "True"));
    await eventually(() => (ready().length === 2 ? true : undefined), "2 ready pods");
    await eventually(() => (k.json(["get", "pdb", "guarded-pdb"]).status.currentHealthy === 2 ? true : undefined), "budget observed");
    expect(k.ok(["get", "pdb", "guarded-pdb"]).split("\n")[1]).toMatch(/^guarded-pdb\s+2\s+N\/A\s+0\s+\S+$/);
    const node = ready()[0].spec.nodeName as string;
    const drain = k.spawn(["drain", node, "--pod-selector=app=guarded", "--ignore-daemonsets", "--timeout=90s"]);
    let out = "";
    let err = "";
    drain.stdout!.on("data", (d) => (out += String(d)));
    drain.stderr!.on("data", (d) => (err += String(d)));
    const exited = new Promise<number>((resolve) => drain.on("exit", (code) => resolve(code ?? -1)));
    await eventually(() => (/Cannot evict pod as it would violate the pod's disruption budget\./.test(err) ? true : undefined), "drain refused by the budget", 30_000);
    expect(err).toMatch(/error when evicting pods\/"guarded-[a-z0-9-]+" -n "default" \(will retry after 5s\): Cannot evict pod as it would violate the pod's disruption budget\./);
    // A third replica (elsewhere: the node is cordoned) makes room for one disruption.
    k.ok(["scale", "deployment", "guarded", "--replicas=3"]);
    const code = await exited;
    expect(code, `${out}\n${err}`).toBe(0);
    expect(out).toContain(`node/${node} drained`);
    expect(out).toMatch(/pod\/guarded-[a-z0-9-]+ evicted/);
    k.ok(["uncordon", node]);
  });
});

describe("a node that fails", () => {
  it("goes NotReady, loses its pods after their 300 s toleration, and comes back", async () => {
    k.ok(["create", "deployment", "stay", "--image=nginx:1.25", "--replicas=1"]);
    k.ok(["patch", "deployment", "stay", "-p", '{"spec":{"template":{"spec":{"nodeSelector":{"kubernetes.io/hostname":"node-3"}}}}}']);
    const live = () => (k.json(["get", "pods", "-l", "app=stay"]).items as any[]).filter((p) => !p.metadata.deletionTimestamp);
    await eventually(() => (live().length === 1 && live()[0].spec.nodeName === "node-3" && live()[0].status.phase === "Running" ? true : undefined), "a pod on node-3");
    const victim = live()[0].metadata.name as string;

    k.ok(["annotate", "node", "node-3", "kubedo.dev/fault=partitioned"]);
    await advanceClock(kubedo.kubeconfig, 60);
    expect(k.ok(["get", "node", "node-3"]).split("\n")[1]).toMatch(/^node-3\s+NotReady\s+<none>\s+\S+\s+v1\.33\.\d+$/);
    const described = k.ok(["describe", "node", "node-3"]);
    expect(described).toMatch(/Taints:\s+node\.kubernetes\.io\/unreachable:NoExecute\n\s+node\.kubernetes\.io\/unreachable:NoSchedule\n/);
    expect(described).toMatch(/Ready\s+Unknown\s+.*NodeStatusUnknown\s+Kubelet stopped posting node status\./);
    expect(k.json(["get", "pod", victim]).status.conditions.find((c: any) => c.type === "Ready").status).toBe("False");

    await advanceClock(kubedo.kubeconfig, 300);
    const evicted = k.json(["get", "pod", victim]);
    expect(evicted.metadata.deletionTimestamp).toBeDefined();
    expect(k.ok(["get", "pod", victim]).split("\n")[1]).toMatch(/\s+Terminating\s+/);
    expect(events(victim)).toContain(`TaintManagerEviction Marking for deletion Pod default/${victim}`);

    k.ok(["annotate", "node", "node-3", "kubedo.dev/fault-"]);
    await eventually(() => (k.ok(["get", "node", "node-3"]).split("\n")[1]!.split(/\s+/)[1] === "Ready" ? true : undefined), "node-3 Ready");
    await eventually(() => (k.run(["get", "pod", victim]).code !== 0 ? true : undefined), "the evicted pod gone");
    await eventually(() => (live().length === 1 && live()[0].status.phase === "Running" ? true : undefined), "a new pod running");
    expect(k.json(["get", "node", "node-3"]).spec.taints).toBeUndefined();
  });
});
