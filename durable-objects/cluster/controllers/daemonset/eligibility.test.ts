import { describe, expect, it } from "vitest";
import { nodeShouldRunDaemonPod, shouldIgnoreNodeUpdate } from "./eligibility";
import { ds, node } from "./testing";

describe("nodeShouldRunDaemonPod", () => {
  it("runs everywhere by default, cordoned nodes included", () => {
    expect(nodeShouldRunDaemonPod(node("n1"), ds())).toEqual({ shouldRun: true, shouldContinueRunning: true });
    const cordoned = { ...node("n2"), spec: { unschedulable: true } };
    expect(nodeShouldRunDaemonPod(cordoned, ds())).toEqual({ shouldRun: true, shouldContinueRunning: true });
  });

  it("follows nodeSelector, required node affinity (labels and metadata.name) and spec.nodeName", () => {
    expect(nodeShouldRunDaemonPod(node("n1"), ds({}, { nodeSelector: { disk: "ssd" } }))).toEqual({ shouldRun: false, shouldContinueRunning: false });
    expect(nodeShouldRunDaemonPod(node("n1", { disk: "ssd" }), ds({}, { nodeSelector: { disk: "ssd" } })).shouldRun).toBe(true);
    const affinity = (terms: unknown[]) => ({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } } });
    const byZone = affinity([{ matchExpressions: [{ key: "zone", operator: "In", values: ["a"] }] }]);
    expect(nodeShouldRunDaemonPod(node("n1", { zone: "a" }), ds({}, byZone)).shouldRun).toBe(true);
    expect(nodeShouldRunDaemonPod(node("n1", { zone: "b" }), ds({}, byZone)).shouldRun).toBe(false);
    const byName = affinity([{ matchFields: [{ key: "metadata.name", operator: "In", values: ["n2"] }] }]);
    expect(nodeShouldRunDaemonPod(node("n1"), ds({}, byName)).shouldRun).toBe(false);
    expect(nodeShouldRunDaemonPod(node("n2"), ds({}, byName)).shouldRun).toBe(true);
    expect(nodeShouldRunDaemonPod(node("n1"), ds({}, { nodeName: "n2" })).shouldContinueRunning).toBe(false);
  });

  it("NoSchedule taints stop new pods but keep running ones; NoExecute removes them; tolerations and daemon tolerations count", () => {
    const noSchedule = node("cp", {}, [{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }]);
    expect(nodeShouldRunDaemonPod(noSchedule, ds())).toEqual({ shouldRun: false, shouldContinueRunning: true });
    const tolerating = ds({}, { tolerations: [{ key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" }] });
    expect(nodeShouldRunDaemonPod(noSchedule, tolerating)).toEqual({ shouldRun: true, shouldContinueRunning: true });
    const noExecute = node("n1", {}, [{ key: "dedicated", value: "db", effect: "NoExecute" }]);
    expect(nodeShouldRunDaemonPod(noExecute, ds())).toEqual({ shouldRun: false, shouldContinueRunning: false });
    expect(nodeShouldRunDaemonPod(noExecute, ds({}, { tolerations: [{ key: "dedicated", operator: "Equal", value: "db" }] })).shouldRun).toBe(true);
    const prefer = node("n1", {}, [{ key: "x", effect: "PreferNoSchedule" }]);
    expect(nodeShouldRunDaemonPod(prefer, ds()).shouldRun).toBe(true);
    // The daemon tolerations: not-ready (NoExecute) and unschedulable (NoSchedule) taints do not matter.
    const sick = node("n1", {}, [
      { key: "node.kubernetes.io/not-ready", effect: "NoExecute" },
      { key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" },
    ]);
    expect(nodeShouldRunDaemonPod(sick, ds()).shouldRun).toBe(true);
    // network-unavailable only for hostNetwork pods.
    const noNetwork = node("n1", {}, [{ key: "node.kubernetes.io/network-unavailable", effect: "NoSchedule" }]);
    expect(nodeShouldRunDaemonPod(noNetwork, ds()).shouldRun).toBe(false);
    expect(nodeShouldRunDaemonPod(noNetwork, ds({}, { hostNetwork: true })).shouldRun).toBe(true);
  });
});

describe("shouldIgnoreNodeUpdate", () => {
  it("ignores resourceVersion and condition detail changes, not label or True-condition changes", () => {
    const a = { ...node("n1"), status: { conditions: [{ type: "Ready", status: "True", lastHeartbeatTime: "t1" }] } };
    const b = structuredClone(a) as any;
    b.metadata.resourceVersion = "9";
    b.status.conditions[0].lastHeartbeatTime = "t2";
    expect(shouldIgnoreNodeUpdate(a, b)).toBe(true);
    const c = structuredClone(a) as any;
    c.status.conditions[0].status = "False";
    expect(shouldIgnoreNodeUpdate(a, c)).toBe(false);
    const d = structuredClone(a) as any;
    d.metadata.labels.disk = "ssd";
    expect(shouldIgnoreNodeUpdate(a, d)).toBe(false);
  });
});
