import { describe, expect, it } from "vitest";
import type { JsonObject } from "../types";
import { podGracePeriod } from "./pod-deletion";
import { pods } from "./pods";
import { ago, causesOf, cells, created, updated } from "./test-helpers";

/** What `kubectl run bb --image=busybox -- sleep 3600` sends. */
const kubectlRun = (): JsonObject => ({
  kind: "Pod",
  apiVersion: "v1",
  metadata: { name: "bb", creationTimestamp: null, labels: { run: "bb" } },
  spec: { containers: [{ name: "bb", image: "busybox", args: ["sleep", "3600"], resources: {} }], restartPolicy: "Always", dnsPolicy: "ClusterFirst" },
  status: {},
});

const running = (name: string, extra: JsonObject = {}): JsonObject => ({
  name,
  ready: true,
  started: true,
  restartCount: 0,
  image: "nginx",
  state: { running: { startedAt: ago(50_000) } },
  ...extra,
});

/** A scheduled pod with the given status, two minutes old. */
function pod(status: JsonObject, spec: JsonObject = {}, meta: JsonObject = {}): JsonObject {
  return {
    metadata: { name: "web", namespace: "default", creationTimestamp: ago(120_000), ...meta },
    spec: { containers: [{ name: "nginx", image: "nginx" }], nodeName: "node-1", ...spec },
    status,
  };
}

describe("pods: Table", () => {
  it("has kube's columns, wide ones at priority 1", () => {
    expect(pods.columns.map((c) => [c.name, c.type, c.priority])).toEqual([
      ["Name", "string", 0],
      ["Ready", "string", 0],
      ["Status", "string", 0],
      ["Restarts", "string", 0],
      ["Age", "string", 0],
      ["IP", "string", 1],
      ["Node", "string", 1],
      ["Nominated Node", "string", 1],
      ["Readiness Gates", "string", 1],
    ]);
  });

  it("prints a running, ready pod", () => {
    const p = pod({ phase: "Running", podIP: "10.244.0.9", podIPs: [{ ip: "10.244.0.9" }], containerStatuses: [running("nginx")] });
    expect(cells(pods, p)).toEqual({
      Name: "web",
      Ready: "1/1",
      Status: "Running",
      Restarts: "0",
      Age: "2m",
      IP: "10.244.0.9",
      Node: "node-1",
      "Nominated Node": "<none>",
      "Readiness Gates": "<none>",
    });
  });

  it("prints CrashLoopBackOff with restarts and the time since the last one", () => {
    const p = pod({
      phase: "Running",
      containerStatuses: [
        {
          name: "nginx",
          ready: false,
          restartCount: 5,
          state: { waiting: { reason: "CrashLoopBackOff", message: "back-off 2m40s restarting failed container" } },
          lastState: { terminated: { exitCode: 1, reason: "Error", finishedAt: ago(120_000) } },
        },
      ],
    });
    expect(cells(pods, p)).toMatchObject({ Ready: "0/1", Status: "CrashLoopBackOff", Restarts: "5 (2m ago)" });
  });

  it("prints waiting reasons of a new pod: Pending, ContainerCreating, ErrImagePull", () => {
    expect(cells(pods, pod({ phase: "Pending" }, { nodeName: undefined }))).toMatchObject({ Ready: "0/1", Status: "Pending", Node: "<none>", IP: "<none>" });
    const waiting = (reason: string) => pod({ phase: "Pending", containerStatuses: [{ name: "nginx", ready: false, restartCount: 0, state: { waiting: { reason } } }] });
    expect(cells(pods, waiting("ContainerCreating")).Status).toBe("ContainerCreating");
    expect(cells(pods, waiting("ErrImagePull")).Status).toBe("ErrImagePull");
  });

  it("prints Init:0/1 while the first init container runs, Init:Error when it failed", () => {
    const spec = { initContainers: [{ name: "init", image: "busybox" }] };
    const initRunning = pod(
      {
        phase: "Pending",
        initContainerStatuses: [{ name: "init", ready: false, restartCount: 0, state: { running: { startedAt: ago(10_000) } } }],
        containerStatuses: [{ name: "nginx", ready: false, restartCount: 0, state: { waiting: { reason: "PodInitializing" } } }],
      },
      spec,
    );
    expect(cells(pods, initRunning)).toMatchObject({ Ready: "0/1", Status: "Init:0/1", Restarts: "0" });
    const initFailed = pod({ phase: "Pending", initContainerStatuses: [{ name: "init", restartCount: 2, state: { terminated: { exitCode: 1, reason: "Error" } } }] }, spec);
    expect(cells(pods, initFailed)).toMatchObject({ Status: "Init:Error", Restarts: "2" });
    const initExit = pod({ phase: "Pending", initContainerStatuses: [{ name: "init", restartCount: 0, state: { terminated: { exitCode: 3 } } }] }, spec);
    expect(cells(pods, initExit).Status).toBe("Init:ExitCode:3");
  });

  it("counts a started sidecar as a container", () => {
    const p = pod(
      {
        phase: "Running",
        conditions: [{ type: "Initialized", status: "True" }],
        initContainerStatuses: [running("proxy")],
        containerStatuses: [running("nginx")],
      },
      { initContainers: [{ name: "proxy", image: "envoy", restartPolicy: "Always" }] },
    );
    expect(cells(pods, p)).toMatchObject({ Ready: "2/2", Status: "Running" });
  });

  it("prints Completed for a finished pod and Terminating for one being deleted", () => {
    const done = pod({
      phase: "Succeeded",
      containerStatuses: [{ name: "nginx", ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: "Completed", finishedAt: ago(5_000) } } }],
    });
    expect(cells(pods, done)).toMatchObject({ Ready: "0/1", Status: "Completed" });
    const deleting = pod({ phase: "Running", containerStatuses: [running("nginx")] }, {}, { deletionTimestamp: ago(1000), deletionGracePeriodSeconds: 30 });
    expect(cells(pods, deleting)).toMatchObject({ Ready: "1/1", Status: "Terminating" });
    // A finished pod being deleted keeps its final status.
    expect(cells(pods, { ...done, metadata: { ...(done.metadata as JsonObject), deletionTimestamp: ago(1000) } }).Status).toBe("Completed");
  });

  it("prints readiness gates and the nominated node", () => {
    const p = pod(
      { phase: "Running", nominatedNodeName: "node-2", conditions: [{ type: "example.com/ready", status: "True" }], containerStatuses: [running("nginx")] },
      { readinessGates: [{ conditionType: "example.com/ready" }, { conditionType: "example.com/other" }] },
    );
    expect(cells(pods, p)).toMatchObject({ "Nominated Node": "node-2", "Readiness Gates": "1/2" });
  });
});

describe("pods: create", () => {
  it("defaults a kubectl run pod like a real cluster (before admission adds the service account and priority)", () => {
    const p = created(pods, kubectlRun());
    expect(p.spec).toEqual({
      containers: [
        {
          name: "bb",
          image: "busybox",
          args: ["sleep", "3600"],
          imagePullPolicy: "Always",
          resources: {},
          terminationMessagePath: "/dev/termination-log",
          terminationMessagePolicy: "File",
        },
      ],
      dnsPolicy: "ClusterFirst",
      enableServiceLinks: true,
      restartPolicy: "Always",
      schedulerName: "default-scheduler",
      securityContext: {},
      terminationGracePeriodSeconds: 30,
    });
    expect(p.status).toEqual({ phase: "Pending", qosClass: "BestEffort" });
    expect((p.metadata as JsonObject).generation).toBe(1);
    expect(causesOf(pods, p)).toEqual([]);
  });

  it("computes the QoS class; requests default to limits on pods", () => {
    const withResources = (resources: JsonObject) => created(pods, { metadata: { name: "q" }, spec: { containers: [{ name: "c", image: "nginx:1.27", resources }] } });
    const guaranteed = withResources({ limits: { cpu: "500m", memory: "128Mi" } });
    expect(guaranteed.status).toEqual({ phase: "Pending", qosClass: "Guaranteed" });
    expect((guaranteed.spec as JsonObject).containers).toMatchObject([
      { imagePullPolicy: "IfNotPresent", resources: { limits: { cpu: "500m", memory: "128Mi" }, requests: { cpu: "500m", memory: "128Mi" } } },
    ]);
    expect(withResources({ requests: { cpu: "0.1" } }).status).toMatchObject({ qosClass: "Burstable" });
    expect(((withResources({ requests: { cpu: "0.1", memory: "1024Mi" } }).spec as JsonObject).containers as JsonObject[])[0]!.resources).toEqual({
      requests: { cpu: "100m", memory: "1Gi" },
    });
  });

  it("adds the SchedulingGated condition to a gated pod", () => {
    const p = created(pods, { metadata: { name: "g" }, spec: { schedulingGates: [{ name: "example.com/wait" }], containers: [{ name: "c", image: "nginx" }] } });
    expect((p.status as JsonObject).conditions).toMatchObject([{ type: "PodScheduled", status: "False", reason: "SchedulingGated" }]);
    expect(cells(pods, p).Status).toBe("SchedulingGated");
  });

  it("reports what kube reports for a broken pod spec", () => {
    const p = created(pods, {
      metadata: { name: "bad" },
      spec: {
        containers: [
          { name: "web", ports: [{ containerPort: 70000 }, { containerPort: 80, protocol: "HTTP" }] },
          { name: "web", image: "nginx", resources: { requests: { cpu: "2" }, limits: { cpu: "1" } } },
        ],
        restartPolicy: "Sometimes",
        ephemeralContainers: [{ name: "debug", image: "busybox" }],
      },
    });
    expect(causesOf(pods, p)).toEqual([
      "spec.containers[0].image: Required value",
      "spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
      'spec.containers[0].ports[1].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
      'spec.containers[1].name: Duplicate value: "web"',
      'spec.containers[1].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
      "spec.ephemeralContainers: Forbidden: cannot be set on create",
    ]);
  });
});

describe("pods: update", () => {
  const stored = () => created(pods, kubectlRun());

  it("allows a new image, keeps the status, counts the spec change", () => {
    const old: JsonObject = { ...stored(), status: { phase: "Running", qosClass: "BestEffort" } };
    const next = structuredClone(old);
    ((next.spec as JsonObject).containers as JsonObject[])[0]!.image = "busybox:1.36";
    next.status = {};
    const obj = updated(pods, old, next);
    expect(causesOf(pods, obj, old)).toEqual([]);
    expect(obj.status).toEqual({ phase: "Running", qosClass: "BestEffort" });
    expect((obj.metadata as JsonObject).generation).toBe(2);
  });

  it("forbids other spec changes with kube's message", () => {
    const old = stored();
    const next = structuredClone(old);
    (next.spec as JsonObject).nodeName = "node-2";
    const [cause, ...rest] = causesOf(pods, updated(pods, old, next), old);
    expect(rest).toEqual([]);
    expect(cause).toMatch(
      /^spec: Forbidden: pod updates may not change fields other than `spec.containers\[\*\].image`,`spec.initContainers\[\*\].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` \(only additions to existing tolerations\),`spec.terminationGracePeriodSeconds` \(allow it to be set to 1 if it was previously negative\)\n/,
    );
    expect(cause).toContain('+ \tNodeName: "node-2",');
  });

  it("allows added tolerations and a shorter deadline, not a longer one", () => {
    const old = created(pods, { ...kubectlRun(), spec: { ...(kubectlRun().spec as JsonObject), activeDeadlineSeconds: 100 } });
    const next = structuredClone(old);
    (next.spec as JsonObject).tolerations = [{ key: "k", operator: "Exists" }];
    (next.spec as JsonObject).activeDeadlineSeconds = 50;
    expect(causesOf(pods, updated(pods, old, next), old)).toEqual([]);
    (next.spec as JsonObject).activeDeadlineSeconds = 200;
    expect(causesOf(pods, updated(pods, old, next), old)).toEqual(["spec.activeDeadlineSeconds: Invalid value: 200: must be less than or equal to previous value"]);
  });
});

describe("pods: discovery and selectors", () => {
  it("describes names, verbs and subresources as real discovery does", () => {
    expect([pods.shortNames, pods.categories, pods.verbs.length, pods.returnDeletedObject]).toEqual([["po"], ["all"], 8, true]);
    expect(Object.fromEntries(pods.subresources.map((s) => [s.name, [s.verbs.join(","), s.kind?.kind ?? "Pod"]]))).toEqual({
      attach: ["create,get", "PodAttachOptions"],
      binding: ["create", "Binding"],
      ephemeralcontainers: ["get,patch,update", "Pod"],
      eviction: ["create", "Eviction"],
      exec: ["create,get", "PodExecOptions"],
      log: ["get", "Pod"],
      portforward: ["create,get", "PodPortForwardOptions"],
      proxy: ["create,delete,get,patch,update", "PodProxyOptions"],
      resize: ["get,patch,update", "Pod"],
      status: ["get,patch,update", "Pod"],
    });
  });

  it("selects on the fields kube supports", () => {
    const p = pod({ phase: "Running", podIPs: [{ ip: "10.0.0.5" }] }, { hostNetwork: true, restartPolicy: "Never" });
    const read = (f: string) => pods.selectableFields![f]!(p);
    expect(["spec.nodeName", "spec.restartPolicy", "spec.hostNetwork", "status.phase", "status.podIP"].map(read)).toEqual(["node-1", "Never", "true", "Running", "10.0.0.5"]);
  });
});

describe("pods: graceful deletion", () => {
  it("takes the grace period from the request, else the spec; unscheduled and finished pods go at once", () => {
    const scheduled = { spec: { nodeName: "node-1", terminationGracePeriodSeconds: 30 }, status: { phase: "Running" } };
    expect(podGracePeriod(scheduled)).toBe(30);
    expect(podGracePeriod(scheduled, 5)).toBe(5);
    expect(podGracePeriod(scheduled, 0)).toBe(0);
    expect(podGracePeriod({ spec: { terminationGracePeriodSeconds: 30 } })).toBe(0);
    expect(podGracePeriod({ ...scheduled, status: { phase: "Succeeded" } })).toBe(0);
    expect(podGracePeriod({ spec: { nodeName: "n", terminationGracePeriodSeconds: -5 } })).toBe(1);
  });
});
