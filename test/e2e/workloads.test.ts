// The workload engine end to end, with real kubectl against `npm start` and the `instant` timing
// profile: deployments roll out to Running pods on simulated nodes, roll forward with the configured
// surge and back with undo, scale, cascade-delete; the scheduler and kubelet report what a real
// cluster reports (FailedScheduling, ImagePullBackOff, CrashLoopBackOff with doubling back-off,
// logs); a namespace deletion empties and removes the namespace.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { advanceClock as advanceClockBy, clusterAccess, collect, eventually, kubectl, managementRequest, startKubedo, type Kubectl, type Kubedo } from "./helpers";

const VERSION = process.env.KUBEDO_E2E_WORKLOAD_VERSION ?? "1.33";

let kubedo: Kubedo;
let k: Kubectl;

const ok = (args: string[], timeoutMs = 60_000) => k.ok(args, { timeoutMs });
const json = (args: string[]) => k.json(args);

/** Moves the cluster clock forward (firing whatever falls due); returns the new cluster time (ms). */
const advanceClock = (seconds: number) => advanceClockBy(kubedo.kubeconfig, seconds);

const clusterId = () => clusterAccess(kubedo.kubeconfig).clusterId;

function manifest(name: string, doc: object): string {
  const file = join(kubedo.dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

const podsOf = (selector: string, ns = "default") => json(["get", "pods", "-n", ns, "-l", selector]).items as any[];

beforeAll(async () => {
  kubedo = await startKubedo();
  k = kubectl(VERSION, kubedo.kubeconfig);
  const res = await managementRequest(kubedo.kubeconfig, "PATCH", `/v1/clusters/${clusterId()}/settings`, { timingProfile: "instant" });
  expect(res).toEqual({ status: 200, body: { timingProfile: "instant", auditReads: false } });
});

afterAll(async () => {
  // The service's own output, for reading after a failure.
  if (kubedo) writeFileSync(join(kubedo.dir, "kubedo.log"), kubedo.output.text());
  if (kubedo) console.log(`workloads e2e: service log in ${join(kubedo.dir, "kubedo.log")}`);
  await kubedo?.stop();
});

describe(`workloads with kubectl ${VERSION}`, () => {
  it("a fresh cluster left alone goes idle: no pending timer, no alarm", async () => {
    // Its only delayed work is the compaction of its bootstrap writes and the expiry of its first events (1 h).
    for (let i = 0; i < 4; i++) await advanceClock(3600);
    const clock = await managementRequest(kubedo.kubeconfig, "GET", `/v1/clusters/${clusterId()}/clock`);
    expect(clock.status).toBe(200);
    expect(clock.body).toMatchObject({ pendingTimers: 0, alarm: null });
    expect(clock.body.offsetSeconds).toBeGreaterThanOrEqual(4 * 3600);
  });

  it("starts with a tainted control-plane node and three Ready workers", () => {
    const out = ok(["get", "nodes"]);
    expect(out).toMatch(/^control-plane\s+Ready\s+control-plane\s+/m);
    expect(out.match(/node-\d\s+Ready\s+<none>/g)).toHaveLength(3);
  });

  it("rolls out a deployment to 3 Running pods spread over nodes, with pod IPs", () => {
    ok(["create", "deployment", "web", "--image=nginx", "--replicas=3"]);
    expect(ok(["rollout", "status", "deployment/web", "--timeout=60s"])).toContain('deployment "web" successfully rolled out');
    const wide = ok(["get", "pods", "-l", "app=web", "-o", "wide"]);
    const rows = wide.trim().split("\n").slice(1).map((l) => l.split(/\s+/));
    expect(rows).toHaveLength(3);
    for (const r of rows) {
      expect(r[1]).toBe("1/1");
      expect(r[2]).toBe("Running");
      expect(r[5]).toMatch(/^10\.244\.\d+\.\d+$/);
    }
    expect(new Set(rows.map((r) => r[6])).size).toBe(3);
  });

  it("set image rolls with the configured surge, and rollout undo restores", () => {
    const before = json(["get", "rs", "-l", "app=web"]).items;
    expect(before).toHaveLength(1);
    const oldRs = before[0].metadata.name as string;
    ok(["set", "image", "deployment/web", "nginx=nginx:1.27"]);
    expect(ok(["rollout", "status", "deployment/web", "--timeout=60s"])).toContain("successfully rolled out");
    const rs = json(["get", "rs", "-l", "app=web"]).items as any[];
    const newRs = rs.find((r) => r.metadata.name !== oldRs).metadata.name as string;
    // 3 replicas, maxSurge 25% → 1, maxUnavailable 25% → 0: one up, one down, three times.
    const events = (json(["get", "events", "--field-selector", "involvedObject.kind=Deployment,involvedObject.name=web"]).items as any[])
      .filter((e) => e.reason === "ScalingReplicaSet")
      .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))
      .map((e) => e.message as string);
    expect(events).toEqual([
      `Scaled up replica set ${oldRs} from 0 to 3`,
      `Scaled up replica set ${newRs} from 0 to 1`,
      `Scaled down replica set ${oldRs} from 3 to 2`,
      `Scaled up replica set ${newRs} from 1 to 2`,
      `Scaled down replica set ${oldRs} from 2 to 1`,
      `Scaled up replica set ${newRs} from 2 to 3`,
      `Scaled down replica set ${oldRs} from 1 to 0`,
    ]);
    for (const p of podsOf("app=web")) expect(p.spec.containers[0].image).toBe("nginx:1.27");

    expect(ok(["rollout", "undo", "deployment/web"])).toContain("rolled back");
    expect(ok(["rollout", "status", "deployment/web", "--timeout=60s"])).toContain("successfully rolled out");
    const pods = podsOf("app=web").filter((p) => !p.metadata.deletionTimestamp);
    expect(pods).toHaveLength(3);
    for (const p of pods) expect(p.spec.containers[0].image).toBe("nginx");
    const history = ok(["rollout", "history", "deployment/web"]);
    expect(history).toMatch(/^2\s/m);
    expect(history).toMatch(/^3\s/m);
    const restored = json(["get", "rs", oldRs]);
    expect(restored.metadata.annotations["deployment.kubernetes.io/revision"]).toBe("3");
    expect(restored.status.readyReplicas).toBe(3);
  });

  it("scales to 0 and to 5", async () => {
    ok(["scale", "deployment/web", "--replicas=0"]);
    await eventually(() => (podsOf("app=web").length === 0 ? true : undefined), "no web pods");
    ok(["scale", "deployment/web", "--replicas=5"]);
    expect(ok(["rollout", "status", "deployment/web", "--timeout=60s"])).toContain("successfully rolled out");
    const pods = podsOf("app=web");
    expect(pods).toHaveLength(5);
    for (const p of pods) expect(p.status.phase).toBe("Running");
    expect(json(["get", "deployment", "web"]).status).toMatchObject({ replicas: 5, readyReplicas: 5, availableReplicas: 5, updatedReplicas: 5 });
  });

  it("deletes with each cascade mode, leaving exactly what Kubernetes leaves", async () => {
    for (const name of ["bg", "fg", "orph"]) {
      ok(["create", "deployment", name, "--image=nginx", "--replicas=2"]);
      ok(["rollout", "status", `deployment/${name}`, "--timeout=60s"]);
    }
    ok(["delete", "deployment", "bg", "--cascade=background"]);
    await eventually(() => (json(["get", "rs,pods", "-l", "app=bg"]).items.length === 0 ? true : undefined), "bg replica sets and pods gone");

    // Foreground: kubectl waits until the deployment is gone, which happens after its dependents.
    ok(["delete", "deployment", "fg", "--cascade=foreground", "--timeout=60s"]);
    expect(json(["get", "rs,pods", "-l", "app=fg"]).items).toHaveLength(0);

    ok(["delete", "deployment", "orph", "--cascade=orphan"]);
    const rs = json(["get", "rs", "-l", "app=orph"]).items as any[];
    expect(rs).toHaveLength(1);
    expect(rs[0].metadata.ownerReferences ?? []).toEqual([]);
    const pods = podsOf("app=orph");
    expect(pods).toHaveLength(2);
    for (const p of pods) expect(p.metadata.ownerReferences[0]).toMatchObject({ kind: "ReplicaSet", name: rs[0].metadata.name });
    expect(k.run(["get", "deployment", "orph"]).stderr).toContain('deployments.apps "orph" not found');
  });

  it("leaves a pod asking for 100 CPUs Pending with kube-scheduler's FailedScheduling message", async () => {
    ok(["apply", "-f", manifest("big", {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "big" },
      spec: { containers: [{ name: "app", image: "nginx", resources: { requests: { cpu: "100" } } }] },
    })]);
    const message = "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu.";
    const events = await eventually(() => {
      const e = json(["get", "events", "--field-selector", "involvedObject.name=big,reason=FailedScheduling"]).items;
      return e.length ? e : undefined;
    }, "FailedScheduling event");
    expect(events[0].message).toContain(message);
    expect(events[0].type).toBe("Warning");
    const pod = json(["get", "pod", "big"]);
    expect(pod.status.phase).toBe("Pending");
    expect(pod.status.conditions).toEqual([expect.objectContaining({ type: "PodScheduled", status: "False", reason: "Unschedulable", message: expect.stringContaining(message) })]);
    expect(ok(["describe", "pod", "big"])).toContain(message);
  });

  it("takes a mistyped image to ImagePullBackOff", async () => {
    ok(["run", "typo", "--image=ngnix"]);
    const reasons = new Set<string>();
    await eventually(() => {
      const reason = json(["get", "pod", "typo"]).status.containerStatuses?.[0]?.state?.waiting?.reason;
      if (reason) reasons.add(reason);
      return reason === "ImagePullBackOff" ? true : undefined;
    }, "ImagePullBackOff");
    expect(ok(["get", "pod", "typo"])).toMatch(/typo\s+0\/1\s+ImagePullBackOff/);
    const events = json(["get", "events", "--field-selector", "involvedObject.name=typo"]).items.map((e: any) => `${e.reason}: ${e.message}`);
    expect(events).toContain('Pulling: Pulling image "ngnix"');
    expect(events.some((e: string) => e.startsWith('Failed: Failed to pull image "ngnix"'))).toBe(true);
    expect(events).toContain("Failed: Error: ErrImagePull");
    expect(events).toContain('BackOff: Back-off pulling image "ngnix"');
  });

  it("crash-loops a container that exits 1, with restart delays doubling as the clock advances", async () => {
    ok(["run", "crash", "--image=busybox", "--", "sh", "-c", "exit 1"]);
    const restarts = () => json(["get", "pod", "crash"]).status.containerStatuses?.[0]?.restartCount as number | undefined;
    const waiting = () => json(["get", "pod", "crash"]).status.containerStatuses?.[0]?.state?.waiting;
    await eventually(() => (waiting()?.reason === "CrashLoopBackOff" ? true : undefined), "CrashLoopBackOff");
    expect(ok(["get", "pod", "crash"])).toMatch(/crash\s+0\/1\s+CrashLoopBackOff/);
    const lastTerminated = json(["get", "pod", "crash"]).status.containerStatuses[0].lastState.terminated;
    expect(lastTerminated).toMatchObject({ exitCode: 1, reason: "Error" });
    // Each back-off runs from the last exit: 10 s, then 20 s, then 40 s. One second before it ends
    // the container has not restarted; two seconds later it has (and crashed again).
    let count = restarts()!;
    for (const delay of [10, 20, 40]) {
      expect(waiting()?.message).toContain(`back-off ${delay}s restarting failed container=crash`);
      const exitedAt = Date.parse(json(["get", "pod", "crash"]).status.containerStatuses[0].lastState.terminated.finishedAt);
      const now = await advanceClock(0.001);
      await advanceClock((exitedAt + delay * 1000 - now) / 1000 - 1);
      expect(restarts()).toBe(count);
      await advanceClock(2);
      await eventually(() => (restarts() === count + 1 ? true : undefined), `restart ${count + 1}`);
      await eventually(() => (waiting()?.reason === "CrashLoopBackOff" ? true : undefined), "back in CrashLoopBackOff");
      count++;
    }
    const backoffs = json(["get", "events", "--field-selector", "involvedObject.name=crash,reason=BackOff"]).items;
    expect(backoffs[0].message).toBe(`Back-off restarting failed container crash in pod crash_default(${json(["get", "pod", "crash"]).metadata.uid})`);
    expect(backoffs[0].count).toBeGreaterThanOrEqual(3);
    ok(["delete", "pod", "crash", "--wait=false"]);
  });

  it("runs busybox's shell script: logs hello, then completes", async () => {
    ok(["run", "hello", "--image=busybox", "--restart=Never", "--", "sh", "-c", "echo hello; sleep 5"]);
    await eventually(() => (json(["get", "pod", "hello"]).status.phase === "Running" ? true : undefined), "hello Running");
    expect(ok(["logs", "hello"])).toBe("hello\n");
    await advanceClock(6);
    await eventually(() => (json(["get", "pod", "hello"]).status.phase === "Succeeded" ? true : undefined), "hello Succeeded");
    expect(ok(["get", "pod", "hello"])).toMatch(/hello\s+0\/1\s+Completed\s+0/);
    expect(ok(["logs", "hello", "--timestamps"])).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z hello\n$/);
  });

  it("deleting a namespace removes its objects and then itself", async () => {
    ok(["create", "namespace", "doomed"]);
    ok(["create", "deployment", "app", "--image=redis", "--replicas=2", "-n", "doomed"]);
    ok(["rollout", "status", "deployment/app", "-n", "doomed", "--timeout=60s"]);
    await eventually(() => (json(["get", "serviceaccounts", "-n", "doomed"]).items.some((s: any) => s.metadata.name === "default") ? true : undefined), "default service account");
    ok(["delete", "namespace", "doomed", "--timeout=60s"]);
    const res = k.run(["get", "namespace", "doomed"]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('namespaces "doomed" not found');
    expect(k.run(["get", "pods", "-n", "doomed", "-o", "name"]).stdout).toBe("");
  });
});

describe(`rollouts, nodes and containers with kubectl ${VERSION}`, () => {
  it("rollout restart, pause and resume, and history with --revision", () => {
    ok(["create", "deployment", "roll", "--image=httpd", "--replicas=2"]);
    ok(["rollout", "status", "deployment/roll", "--timeout=60s"]);
    const before = podsOf("app=roll").map((p) => p.metadata.name).sort();
    expect(ok(["rollout", "restart", "deployment/roll"])).toContain("deployment.apps/roll restarted");
    ok(["rollout", "status", "deployment/roll", "--timeout=60s"]);
    const after = podsOf("app=roll").filter((p) => !p.metadata.deletionTimestamp);
    expect(after).toHaveLength(2);
    for (const p of after) expect(before).not.toContain(p.metadata.name);

    expect(ok(["rollout", "pause", "deployment/roll"])).toContain("paused");
    ok(["set", "image", "deployment/roll", "httpd=httpd:2.4"]);
    const paused = json(["get", "deployment", "roll"]);
    expect(paused.spec.paused).toBe(true);
    // Paused: the template changed but no new ReplicaSet is rolled out.
    expect(json(["get", "rs", "-l", "app=roll"]).items).toHaveLength(2);
    expect(ok(["rollout", "resume", "deployment/roll"])).toContain("resumed");
    ok(["rollout", "status", "deployment/roll", "--timeout=60s"]);
    expect(json(["get", "rs", "-l", "app=roll"]).items).toHaveLength(3);
    for (const p of podsOf("app=roll").filter((p) => !p.metadata.deletionTimestamp)) expect(p.spec.containers[0].image).toBe("httpd:2.4");
    const rev3 = ok(["rollout", "history", "deployment/roll", "--revision=3"]);
    expect(rev3).toContain("httpd:2.4");
  });

  it("reports ProgressDeadlineExceeded when a rollout cannot progress in time", async () => {
    ok(["apply", "-f", manifest("stuck", {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "stuck" },
      spec: {
        replicas: 1,
        progressDeadlineSeconds: 30,
        selector: { matchLabels: { app: "stuck" } },
        template: { metadata: { labels: { app: "stuck" } }, spec: { containers: [{ name: "app", image: "nginx:does-not-exist" }] } },
      },
    })]);
    await eventually(() => (json(["get", "deployment", "stuck"]).status?.observedGeneration === 1 ? true : undefined), "deployment observed");
    await advanceClock(31);
    const progressing = await eventually(() => {
      const c = (json(["get", "deployment", "stuck"]).status?.conditions ?? []).find((x: any) => x.type === "Progressing");
      return c?.reason === "ProgressDeadlineExceeded" ? c : undefined;
    }, "ProgressDeadlineExceeded");
    expect(progressing).toMatchObject({ status: "False", message: expect.stringMatching(/^ReplicaSet "stuck-\w+" has timed out progressing\.$/) });
    const res = k.run(["rollout", "status", "deployment/stuck", "--timeout=20s"]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('deployment "stuck" exceeded its progress deadline');
  });

  it("cordon, drain and uncordon move pods off a node through the eviction API", async () => {
    ok(["create", "deployment", "spread", "--image=nginx", "--replicas=3"]);
    ok(["rollout", "status", "deployment/spread", "--timeout=60s"]);
    const target = podsOf("app=spread")[0].spec.nodeName as string;
    expect(ok(["cordon", target])).toContain(`node/${target} cordoned`);
    expect(ok(["get", "node", target])).toMatch(new RegExp(`${target}\\s+Ready,SchedulingDisabled`));
    const drain = k.run(["drain", target, "--ignore-daemonsets", "--delete-emptydir-data", "--force", "--timeout=60s"]);
    expect(drain.code, drain.stderr).toBe(0);
    const drained = drain.stdout;
    expect(drained).toMatch(/evicting pod default\/spread-/);
    expect(drained).toContain(`node/${target} drained`);
    ok(["rollout", "status", "deployment/spread", "--timeout=60s"]);
    const placed = podsOf("app=spread").filter((p) => !p.metadata.deletionTimestamp);
    expect(placed).toHaveLength(3);
    for (const p of placed) expect(p.spec.nodeName).not.toBe(target);
    // Only the DaemonSet's pods (kube-proxy) stay, as drain --ignore-daemonsets leaves them.
    const left = json(["get", "pods", "--field-selector", `spec.nodeName=${target}`, "-A"]).items as any[];
    expect(left.map((p) => `${p.metadata.namespace}/${p.metadata.ownerReferences?.[0]?.kind}`)).toEqual(["kube-system/DaemonSet"]);
    // kubectl prints one warning line; pods with no controller (deleted by --force) come first in it.
    expect(drain.stderr).toMatch(/^Warning: (.*; )?ignoring DaemonSet-managed Pods: kube-system\/kube-proxy-[a-z0-9]{5}$/m);
    expect(ok(["uncordon", target])).toContain(`node/${target} uncordoned`);
    expect(json(["get", "node", target]).spec.unschedulable).toBeUndefined();
  });

  it("turns a Node a user creates into another Ready simulated node", async () => {
    ok(["apply", "-f", manifest("node4", { apiVersion: "v1", kind: "Node", metadata: { name: "node-4", labels: { "kubernetes.io/hostname": "node-4", disk: "ssd" } } })]);
    const node = await eventually(() => {
      const n = json(["get", "node", "node-4"]);
      return n.status?.conditions?.some((c: any) => c.type === "Ready" && c.status === "True") ? n : undefined;
    }, "node-4 Ready");
    expect(node.spec.podCIDR).toMatch(/^10\.244\.\d+\.0\/24$/);
    expect(node.status.allocatable).toMatchObject({ cpu: "4", pods: "110" });
    ok(["run", "on-ssd", "--image=nginx", "--overrides", JSON.stringify({ spec: { nodeSelector: { disk: "ssd" } } })]);
    ok(["wait", "--for=condition=Ready", "pod/on-ssd", "--timeout=60s"]);
    const pod = json(["get", "pod", "on-ssd"]);
    expect(pod.spec.nodeName).toBe("node-4");
    expect(pod.status.podIP.startsWith(node.spec.podCIDR.replace(/0\/24$/, ""))).toBe(true);
    // Removing the node removes its pods (the pod garbage collector).
    ok(["delete", "node", "node-4"]);
    await eventually(() => (k.run(["get", "pod", "on-ssd"]).code === 1 ? true : undefined), "on-ssd gone");
  });

  it("logs: --tail, -f and --previous", async () => {
    ok(["run", "ticker", "--image=busybox", "--", "sh", "-c", "i=0; while true; do echo tick; sleep 1; done"]);
    ok(["wait", "--for=condition=Ready", "pod/ticker", "--timeout=60s"]);
    await advanceClock(10);
    const tail = ok(["logs", "ticker", "--tail=3"]);
    expect(tail).toBe("tick\ntick\ntick\n");
    // -f streams new lines as (real) time passes, until kubectl is stopped.
    const child = k.spawn(["logs", "-f", "ticker", "--tail=1"]);
    const out = collect(child);
    await out.waitFor(/(tick\n){3}/, 10_000);
    child.kill("SIGTERM");

    ok(["run", "twice", "--image=busybox", "--", "sh", "-c", "echo run; sleep 2; exit 3"]);
    await eventually(() => (json(["get", "pod", "twice"]).status.containerStatuses?.[0]?.state?.running ? true : undefined), "twice running");
    await advanceClock(3);
    await eventually(() => (json(["get", "pod", "twice"]).status.containerStatuses?.[0]?.restartCount >= 1 ? true : undefined), "twice restarted");
    expect(ok(["logs", "twice", "--previous"])).toBe("run\n");
    const last = json(["get", "pod", "twice"]).status.containerStatuses[0].lastState.terminated;
    expect(last).toMatchObject({ exitCode: 3, reason: "Error" });
    const res = k.run(["logs", "hello-missing"]);
    expect(res.stderr).toContain('pods "hello-missing" not found');
  });

  it("probes: a readiness probe on a port the image does not serve keeps the pod unready, with Unhealthy events", async () => {
    ok(["apply", "-f", manifest("probe", {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "probe" },
      spec: {
        containers: [{ name: "web", image: "nginx", readinessProbe: { httpGet: { path: "/", port: 8080 }, periodSeconds: 5 }, livenessProbe: { tcpSocket: { port: 80 } } }],
      },
    })]);
    await eventually(() => (json(["get", "pod", "probe"]).status.phase === "Running" ? true : undefined), "probe Running");
    await advanceClock(12);
    const unhealthy = await eventually(() => {
      const e = json(["get", "events", "--field-selector", "involvedObject.name=probe,reason=Unhealthy"]).items;
      return e.length ? e : undefined;
    }, "Unhealthy event");
    expect(unhealthy[0].message).toMatch(/^Readiness probe failed: Get "http:\/\/10\.244\.\d+\.\d+:8080\/": dial tcp 10\.244\.\d+\.\d+:8080: connect: connection refused$/);
    expect(ok(["get", "pod", "probe"])).toMatch(/probe\s+0\/1\s+Running\s+0/);
  });

  it("refuses exec into a running simulated container with a clear MethodNotAllowed", () => {
    ok(["run", "shell", "--image=nginx"]);
    ok(["wait", "--for=condition=Ready", "pod/shell", "--timeout=60s"]);
    const exec = k.run(["exec", "shell", "--", "ls"]);
    expect(exec.code).toBe(1);
    expect(exec.stderr).toContain('Error from server (MethodNotAllowed): exec is not supported: container "shell" in pod "shell" is simulated and runs no process to connect to');
  });

  it("OOMKills a container whose memory limit is below what the image needs", async () => {
    ok(["apply", "-f", manifest("oom", {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "oom" },
      spec: { restartPolicy: "Never", containers: [{ name: "db", image: "postgres:16", env: [{ name: "POSTGRES_PASSWORD", value: "x" }], resources: { limits: { memory: "8Mi" } } }] },
    })]);
    await eventually(() => (json(["get", "pod", "oom"]).status.containerStatuses?.[0]?.state ? true : undefined), "oom started");
    await advanceClock(5);
    const terminated = await eventually(() => json(["get", "pod", "oom"]).status.containerStatuses?.[0]?.state?.terminated, "oom terminated");
    expect(terminated).toMatchObject({ reason: "OOMKilled", exitCode: 137 });
    expect(ok(["get", "pod", "oom"])).toMatch(/oom\s+0\/1\s+OOMKilled/);
  });

  it("runs init containers in order before the app container", async () => {
    ok(["apply", "-f", manifest("init", {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "init" },
      spec: {
        initContainers: [
          { name: "first", image: "busybox", command: ["sh", "-c", "echo one; sleep 2"] },
          { name: "second", image: "busybox", command: ["sh", "-c", "echo two"] },
        ],
        containers: [{ name: "app", image: "nginx" }],
      },
    })]);
    await eventually(() => (json(["get", "pod", "init"]).status.initContainerStatuses?.[0]?.state?.running ? true : undefined), "first init running");
    expect(ok(["get", "pod", "init"])).toMatch(/init\s+0\/1\s+Init:0\/2/);
    await advanceClock(3);
    ok(["wait", "--for=condition=Ready", "pod/init", "--timeout=60s"]);
    const pod = json(["get", "pod", "init"]);
    expect(pod.status.initContainerStatuses.map((s: any) => [s.name, s.state.terminated?.reason])).toEqual([["first", "Completed"], ["second", "Completed"]]);
    expect(ok(["logs", "init", "-c", "first"])).toBe("one\n");
    expect(ok(["logs", "init", "-c", "second"])).toBe("two\n");
    const described = ok(["describe", "pod", "init"]);
    for (const reason of ["Scheduled", "Pulled", "Created", "Started"]) expect(described).toContain(reason);
  });
});
