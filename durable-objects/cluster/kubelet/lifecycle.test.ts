import { describe, expect, it } from "vitest";
import type { JsonObject } from "../apiserver/registry/types";
import { FakeNode, makePod, T0 } from "./testing";
import { syncPod } from "./lifecycle";
import { containerLogs } from "./logs";

const nginx = (extra: JsonObject = {}) => makePod("web", { containers: [{ name: "nginx", image: "nginx", ...extra }] });
const busybox = (script: string, restartPolicy = "Always", extra: JsonObject = {}) =>
  makePod("job", { restartPolicy, containers: [{ name: "app", image: "busybox", command: ["sh", "-c", script], ...extra }] });
const state = (c: JsonObject) => c.state as JsonObject;
const waitingReason = (c: JsonObject) => (state(c).waiting as JsonObject | undefined)?.reason;

describe("syncPod: starting nginx", () => {
  for (const profile of ["instant", "fast", "realistic"] as const) {
    it(`becomes Running and Ready (${profile})`, () => {
      const n = new FakeNode(nginx(), profile).runFor(30_000);
      expect(n.status.phase).toBe("Running");
      expect(n.condition("Ready")?.status).toBe("True");
      expect(n.reasons()).toEqual(["Pulling", "Pulled", "Created", "Started"]);
      expect(n.events[1]!.message).toMatch(/^Successfully pulled image "nginx" in [\d.]+m?s \([\d.]+m?s including waiting\)\. Image size: \d+ bytes\.$/);
      expect(n.events[2]!.message).toBe("Created container: nginx");
      expect(n.events[3]!.message).toBe("Started container nginx");
      expect(n.events[0]!.fieldPath).toBe("spec.containers{nginx}");
      const c = n.container("nginx");
      expect(c.image).toBe("docker.io/library/nginx:latest");
      expect(c.imageID).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
      expect(c.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
      expect(c).toMatchObject({ ready: true, started: true, restartCount: 0 });
      expect(n.status).toMatchObject({ podIP: "10.244.1.5", hostIP: "172.18.0.2", qosClass: "BestEffort" });
      expect(n.wakeAt).toBeNull();
      expect([...n.images]).toEqual(["docker.io/library/nginx:latest"]);
    });
  }

  it("uses the cached image with IfNotPresent", () => {
    const n = new FakeNode(makePod("web", { containers: [{ name: "nginx", image: "nginx:1.27" }] }));
    n.images.add("docker.io/library/nginx:1.27");
    n.runFor(1000);
    expect(n.events[0]!.message).toBe('Container image "nginx:1.27" already present on machine');
  });

  it("is idempotent: the same now twice changes nothing", () => {
    const n = new FakeNode(nginx(), "fast");
    n.runFor(200);
    const again = n.sync();
    expect(again.status).toBeNull();
    expect(again.events).toEqual([]);
  });

  it("shows ContainerCreating before the pull completes (realistic)", () => {
    const n = new FakeNode(nginx(), "realistic");
    n.sync();
    expect(n.status.phase).toBe("Pending");
    expect(waitingReason(n.container("nginx"))).toBe("ContainerCreating");
    expect(n.wakeAt).toBeGreaterThan(T0);
  });
});

describe("image pull failures", () => {
  it("ngnix: ErrImagePull, then ImagePullBackOff, retries backing off 10s, 20s, 40s", () => {
    const n = new FakeNode(makePod("typo", { containers: [{ name: "web", image: "ngnix" }] }), "fast");
    n.runFor(500);
    expect(waitingReason(n.container())).toBe("ErrImagePull");
    expect(n.events.map((e) => e.message)).toContain(
      'Failed to pull image "ngnix": failed to pull and unpack image "docker.io/library/ngnix:latest": failed to resolve reference "docker.io/library/ngnix:latest": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed',
    );
    expect(n.events.map((e) => e.message)).toContain("Error: ErrImagePull");
    n.runFor(2000);
    expect(waitingReason(n.container())).toBe("ImagePullBackOff");
    expect((state(n.container()).waiting as JsonObject).message).toMatch(/^Back-off pulling image "ngnix"/);
    expect(n.events.map((e) => e.message)).toContain('Back-off pulling image "ngnix"');
    n.runFor(120_000);
    const pulls = n.events.filter((e) => e.reason === "Pulling").map((e) => e.at - T0);
    const gaps = pulls.slice(1).map((p, i) => p - pulls[i]!);
    // Each gap is the back-off plus the failed pull's own duration.
    expect(gaps.slice(0, 3).map((g) => Math.floor(g / 1000))).toEqual([10, 20, 40]);
    expect(n.status.phase).toBe("Pending");
  });

  it("an unknown tag of a known image is 'not found'", () => {
    const n = new FakeNode(makePod("tag", { containers: [{ name: "web", image: "nginx:9.99" }] })).runFor(100);
    expect(n.events[1]!.message).toContain('docker.io/library/nginx:9.99: not found');
  });
});

describe("restarts", () => {
  it("exit 1 with restartPolicy Always: CrashLoopBackOff, delays 10s, 20s, 40s", () => {
    const n = new FakeNode(busybox("exit 1"));
    n.images.add("docker.io/library/busybox:latest");
    n.runFor(1000);
    const started = () => n.events.filter((e) => e.reason === "Started").map((e) => e.at - T0);
    n.runFor(120_000);
    const s = started();
    // The first restart is immediate (no back-off entry yet), then 10s, 20s, 40s.
    expect(s.slice(0, 5)).toEqual([0, 0, 10_000, 30_000, 70_000]);
    const c = n.container("app");
    expect(waitingReason(c)).toBe("CrashLoopBackOff");
    expect((state(c).waiting as JsonObject).message).toBe("back-off 1m20s restarting failed container=app pod=job_default(uid-job)");
    expect(c.restartCount).toBe(4);
    expect((c.lastState as JsonObject).terminated).toMatchObject({ exitCode: 1, reason: "Error" });
    expect(n.events.find((e) => e.reason === "BackOff")!.message).toBe("Back-off restarting failed container app in pod job_default(uid-job)");
    expect(n.status.phase).toBe("Running");
    expect(n.condition("Ready")).toMatchObject({ status: "False", reason: "ContainersNotReady", message: "containers with unready status: [app]" });
  });

  it("busybox echo; sleep 5: Succeeded at +5s with Never", () => {
    const n = new FakeNode(busybox("echo hello; sleep 5", "Never"));
    n.runFor(4000);
    expect(n.status.phase).toBe("Running");
    n.runFor(2000);
    expect(n.status.phase).toBe("Succeeded");
    const t = state(n.container()).terminated as JsonObject;
    expect(t).toMatchObject({ exitCode: 0, reason: "Completed" });
    expect(Date.parse(t.finishedAt as string) - Date.parse(t.startedAt as string)).toBe(5000);
    expect(n.condition("Ready")).toMatchObject({ status: "False", reason: "PodCompleted" });
    expect(n.wakeAt).toBeNull();
  });

  it("busybox echo; sleep 5: restarted with Always", () => {
    const n = new FakeNode(busybox("echo hello; sleep 5"));
    n.runFor(6000);
    expect(n.container().restartCount).toBe(1);
    expect(n.status.phase).toBe("Running");
  });

  it("OOMKilled when the memory limit is below the process's need", () => {
    const n = new FakeNode(nginx({ resources: { limits: { memory: "4Mi" } } }));
    n.runFor(3000);
    const c = n.container();
    const term = (c.lastState as JsonObject).terminated ?? state(c).terminated;
    expect(term).toMatchObject({ exitCode: 137, reason: "OOMKilled" });
    expect(n.status.qosClass).toBe("Burstable");
  });

  it("a missing executable is a StartError (exit 128)", () => {
    const n = new FakeNode(makePod("bad", { restartPolicy: "Never", containers: [{ name: "app", image: "busybox", command: ["foo"] }] })).runFor(2000);
    expect(state(n.container()).terminated).toMatchObject({ exitCode: 128, reason: "StartError", startedAt: "1970-01-01T00:00:00Z" });
    expect((state(n.container()).terminated as JsonObject).message).toContain('exec: "foo": executable file not found in $PATH');
    expect(n.status.phase).toBe("Failed");
  });

  it("catches up after a big clock jump", () => {
    const n = new FakeNode(busybox("exit 1"));
    n.sync();
    n.now += 300_000;
    n.sync();
    // Starts at 0, 0, 10, 30, 70, 150 s, then 300s later: 6 runs, 5 restarts by t=300s.
    expect(n.container().restartCount).toBe(5);
    expect(n.wakeAt).toBeGreaterThan(n.now);
    const finished = (state(n.container()).waiting ? (n.container().lastState as JsonObject).terminated : state(n.container()).terminated) as JsonObject;
    expect(Date.parse(finished.finishedAt as string)).toBeLessThan(n.now);
  });
});

describe("init containers", () => {
  it("run in order before the app, each must succeed", () => {
    const pod = makePod("init", {
      initContainers: [
        { name: "first", image: "busybox", command: ["sh", "-c", "sleep 2"] },
        { name: "second", image: "busybox", command: ["sh", "-c", "echo done"] },
      ],
      containers: [{ name: "app", image: "nginx" }],
    });
    const n = new FakeNode(pod).runFor(1000);
    expect(n.status.phase).toBe("Pending");
    expect(waitingReason(n.container("app"))).toBe("PodInitializing");
    expect(n.condition("Initialized")).toMatchObject({ status: "False", message: "containers with incomplete status: [first second]" });
    n.runFor(2000);
    expect(n.status.phase).toBe("Running");
    expect(state(n.container("first")).terminated).toMatchObject({ reason: "Completed" });
    expect(n.events.filter((e) => e.reason === "Started").map((e) => e.fieldPath)).toEqual([
      "spec.initContainers{first}",
      "spec.initContainers{second}",
      "spec.containers{app}",
    ]);
  });

  it("a failing init container crash-loops (Init:CrashLoopBackOff)", () => {
    const pod = makePod("init", { initContainers: [{ name: "wait", image: "busybox", command: ["sh", "-c", "exit 1"] }], containers: [{ name: "app", image: "nginx" }] });
    const n = new FakeNode(pod).runFor(15_000);
    expect(waitingReason(n.container("wait"))).toBe("CrashLoopBackOff");
    expect(n.status.phase).toBe("Pending");
  });

  it("a sidecar starts and keeps running", () => {
    const pod = makePod("side", {
      initContainers: [{ name: "proxy", image: "nginx", restartPolicy: "Always" }],
      containers: [{ name: "app", image: "busybox", command: ["sleep", "3600"] }],
    });
    const n = new FakeNode(pod).runFor(5000);
    expect(state(n.container("proxy")).running).toBeDefined();
    expect(state(n.container("app")).running).toBeDefined();
    expect(n.condition("Ready")?.status).toBe("True");
  });
});

describe("probes", () => {
  it("readiness on a port nginx doesn't serve: never ready, Unhealthy", () => {
    const n = new FakeNode(nginx({ readinessProbe: { httpGet: { path: "/", port: 8080 }, periodSeconds: 5 } })).runFor(60_000);
    expect(n.container()).toMatchObject({ ready: false, started: true });
    expect(n.status.phase).toBe("Running");
    const unhealthy = n.events.filter((e) => e.reason === "Unhealthy");
    expect(unhealthy[0]!.message).toBe('Readiness probe failed: Get "http://10.244.1.5:8080/": dial tcp 10.244.1.5:8080: connect: connection refused');
    expect(n.wakeAt! - n.now).toBeLessThanOrEqual(5000);
  });

  it("readiness on port 80 becomes ready", () => {
    const n = new FakeNode(nginx({ readinessProbe: { tcpSocket: { port: 80 }, initialDelaySeconds: 5 } })).runFor(2000);
    expect(n.container().ready).toBe(false);
    n.runFor(4000);
    expect(n.container().ready).toBe(true);
  });

  it("liveness failure restarts the container", () => {
    const n = new FakeNode(nginx({ livenessProbe: { tcpSocket: { port: 6380 }, periodSeconds: 1, failureThreshold: 3 } })).runFor(5000);
    expect(n.events.map((e) => e.message)).toContain("Container nginx failed liveness probe, will be restarted");
    expect(n.events.map((e) => e.message)).toContain("Liveness probe failed: dial tcp 10.244.1.5:6380: connect: connection refused");
    expect(n.container().restartCount).toBeGreaterThanOrEqual(1);
    // nginx stops gracefully on the kill: exit 0.
    expect((n.container().lastState as JsonObject).terminated).toMatchObject({ exitCode: 0, reason: "Completed" });
  });

  it("exec liveness sees files the script created and removed", () => {
    const pod = busybox("touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600", "Always", {
      livenessProbe: { exec: { command: ["cat", "/tmp/healthy"] }, initialDelaySeconds: 5, periodSeconds: 5 },
    });
    const n = new FakeNode(pod).runFor(25_000);
    expect(n.events.filter((e) => e.reason === "Unhealthy")).toEqual([]);
    n.runFor(30_000);
    expect(n.events.find((e) => e.reason === "Unhealthy")!.message).toBe("Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory");
    // sh ignores SIGTERM: killed after the 30 s grace period.
    n.runFor(60_000);
    expect((n.container().lastState as JsonObject).terminated).toMatchObject({ exitCode: 137, reason: "Error" });
  });
});

describe("termination", () => {
  it("nginx stops at once on deletion; the pod is removed", () => {
    const n = new FakeNode(nginx()).runFor(1000);
    n.delete(30);
    n.runFor(100);
    expect(n.events.map((e) => e.message)).toContain("Stopping container nginx");
    expect(n.removed).toBe(true);
    expect(state(n.container()).terminated).toMatchObject({ exitCode: 0, reason: "Completed" });
  });

  it("sleep ignores SIGTERM: killed at the end of the grace period", () => {
    const n = new FakeNode(busybox("sleep 3600")).runFor(1000);
    n.delete(30);
    n.runFor(29_000);
    expect(n.removed).toBe(false);
    expect(state(n.container()).running).toBeDefined();
    n.runFor(1000);
    expect(n.removed).toBe(true);
    expect(state(n.container()).terminated).toMatchObject({ exitCode: 137, reason: "Error" });
    expect(n.status.phase).toBe("Failed");
  });

  it("a pod deleted before it started is removed at once", () => {
    const n = new FakeNode(nginx(), "realistic");
    n.delete(30);
    n.sync();
    expect(n.removed).toBe(true);
  });
});

describe("memo loss", () => {
  it("rebuilds from the status and carries on", () => {
    const n = new FakeNode(busybox("echo hi; sleep 10", "Never")).runFor(3000);
    n.memo = undefined;
    n.runFor(10_000);
    expect(n.status.phase).toBe("Succeeded");
  });

  it("first call with a scheduler-only status works", () => {
    const r = syncPod({
      pod: nginx(),
      nodeName: "node-1",
      hostIP: "172.18.0.2",
      podIP: "10.244.1.5",
      now: T0,
      profile: "instant",
      imagePresent: () => false,
      memo: undefined,
    });
    expect(r.status?.phase).toBe("Running");
  });
});

describe("syncPod: imagePullSecrets", () => {
  it("a pull secret that does not exist is the kubelet's warning; the pull goes ahead", () => {
    const pod = makePod("private", { imagePullSecrets: [{ name: "regcred" }, { name: "present" }], containers: [{ name: "app", image: "ghcr.io/someone/app:1.0" }] });
    const n = new FakeNode(pod);
    n.secrets.add("present");
    n.runFor(10_000);
    expect(n.status.phase).toBe("Running");
    expect(n.reasons()).toEqual(["FailedToRetrieveImagePullSecret", "Pulling", "Pulled", "Created", "Started"]);
    expect(n.events[0]).toMatchObject({ type: "Warning", message: "Unable to retrieve some image pull secrets (regcred); attempting to pull the image may not succeed." });
    expect(n.events[0]!.fieldPath).toBeUndefined();
  });

  it("no warning when every pull secret exists", () => {
    const n = new FakeNode(makePod("ok", { imagePullSecrets: [{ name: "regcred" }], containers: [{ name: "app", image: "nginx" }] }));
    n.secrets.add("regcred");
    expect(n.runFor(10_000).reasons()).toEqual(["Pulling", "Pulled", "Created", "Started"]);
  });
});

describe("syncPod: a Windows-only tag on a Linux node", () => {
  it("fails to pull: no match for platform in manifest", () => {
    const image = "python:3.12-windowsservercore-ltsc2022";
    const n = new FakeNode(makePod("win", { containers: [{ name: "app", image }] }), "fast").runFor(500);
    expect(waitingReason(n.container())).toBe("ErrImagePull");
    expect(n.events.map((e) => e.message)).toContain(
      `Failed to pull image "${image}": failed to pull and unpack image "docker.io/library/${image}": no match for platform in manifest: not found`,
    );
  });
});

describe("syncPod: env from ConfigMaps and Secrets", () => {
  const pod = () =>
    makePod("env", {
      restartPolicy: "Never",
      containers: [
        {
          name: "app",
          image: "busybox",
          command: ["sh", "-c", "echo $SPECIAL_LEVEL $PASSWORD $color; sleep 3600"],
          env: [
            { name: "SPECIAL_LEVEL", valueFrom: { configMapKeyRef: { name: "special-config", key: "special.how" } } },
            { name: "PASSWORD", valueFrom: { secretKeyRef: { name: "db", key: "password" } } },
          ],
          envFrom: [{ configMapRef: { name: "colors" } }],
        },
      ],
    });

  it("a missing ConfigMap is CreateContainerConfigError in the kubelet's words, until it exists", () => {
    const n = new FakeNode(pod());
    n.runFor(500);
    expect(n.container().state).toEqual({ waiting: { reason: "CreateContainerConfigError", message: 'configmap "colors" not found' } });
    expect(n.events.filter((e) => e.reason === "Failed").map((e) => e.message)).toEqual(['Error: configmap "colors" not found']);
    n.sources["ConfigMap/colors"] = { color: "blue" };
    n.sources["ConfigMap/special-config"] = { other: "x" };
    n.runFor(1500);
    expect((n.container().state as JsonObject).waiting).toEqual({ reason: "CreateContainerConfigError", message: "couldn't find key special.how in ConfigMap default/special-config" });
    n.sources["ConfigMap/special-config"] = { "special.how": "very" };
    n.sources["Secret/db"] = { password: "s3cret" };
    n.runFor(1500);
    expect(n.status.phase).toBe("Running");
    expect(containerLogs(n.pod, "app", n.now, { env: (n.memo as any).containers[0].env })).toEqual({ text: "very s3cret blue\n" });
  });

  it("the values are those at the container's creation: a later change of the ConfigMap does not reach it", () => {
    const n = new FakeNode(pod());
    n.sources = { "ConfigMap/colors": { color: "blue" }, "ConfigMap/special-config": { "special.how": "very" }, "Secret/db": { password: "p" } };
    n.runFor(1000);
    n.sources["ConfigMap/colors"] = { color: "red" };
    n.runFor(1000);
    expect((n.memo as any).containers[0].env).toEqual({ envFrom: [["color", "blue"]], refs: { SPECIAL_LEVEL: "very", PASSWORD: "p" } });
  });
});
