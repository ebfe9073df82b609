import { describe, expect, it } from "vitest";
import { nextRolloutStatus, stuckRequeueDelay } from "./progress";
import { FakeCluster, deployment, replicaSet } from "./testing";
import type { Condition, Deployment } from "./types";

const T0 = Date.parse("2025-01-01T00:00:00Z");
const stamp = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");
const progressing = (reason: string, status: Condition["status"], at: number): Condition => ({
  type: "Progressing",
  status,
  reason,
  message: "m",
  lastUpdateTime: stamp(at),
  lastTransitionTime: stamp(at),
});

function withStatus(d: Deployment, status: Deployment["status"]): Deployment {
  d.status = status;
  return d;
}

describe("nextRolloutStatus (kube's TestSyncRolloutStatus cases)", () => {
  const newRS = replicaSet("web-new", 2, 1, "2025-01-01T00:00:00Z");

  it("drops Progressing without a progress deadline", () => {
    const d = withStatus(deployment("web", 2, { progressDeadlineSeconds: 2147483647 }), { conditions: [progressing("ReplicaSetUpdated", "True", T0)] });
    const s = nextRolloutStatus([newRS], newRS, d, T0, stamp(T0));
    expect(s.conditions?.map((c) => c.type)).toEqual(["Available"]);
  });

  it("progress: ReplicaSetUpdated, keeping lastTransitionTime of a True condition", () => {
    const d = withStatus(deployment("web", 2), { replicas: 2, updatedReplicas: 0, conditions: [progressing("NewReplicaSetCreated", "True", T0)] });
    const s = nextRolloutStatus([newRS], newRS, d, T0 + 60_000, stamp(T0 + 60_000));
    expect(s.conditions?.find((c) => c.type === "Progressing")).toMatchObject({
      status: "True",
      reason: "ReplicaSetUpdated",
      message: 'ReplicaSet "web-new" is progressing.',
      lastUpdateTime: stamp(T0 + 60_000),
      lastTransitionTime: stamp(T0),
    });
  });

  it("complete: NewReplicaSetAvailable", () => {
    const done = replicaSet("web-new", 2, 2, "2025-01-01T00:00:00Z");
    const d = withStatus(deployment("web", 2), { conditions: [progressing("ReplicaSetUpdated", "True", T0)] });
    const s = nextRolloutStatus([done], done, d, T0, stamp(T0));
    expect(s.conditions?.find((c) => c.type === "Progressing")).toMatchObject({ reason: "NewReplicaSetAvailable", message: 'ReplicaSet "web-new" has successfully progressed.' });
  });

  it("no progress past the deadline: ProgressDeadlineExceeded", () => {
    const d = withStatus(deployment("web", 2), { replicas: 2, updatedReplicas: 2, readyReplicas: 1, availableReplicas: 1, conditions: [progressing("ReplicaSetUpdated", "True", T0)] });
    const early = nextRolloutStatus([newRS], newRS, d, T0 + 599_000, stamp(T0 + 599_000));
    expect(early.conditions?.find((c) => c.type === "Progressing")?.reason).toBe("ReplicaSetUpdated");
    const late = nextRolloutStatus([newRS], newRS, d, T0 + 601_000, stamp(T0 + 601_000));
    expect(late.conditions?.find((c) => c.type === "Progressing")).toMatchObject({
      status: "False",
      reason: "ProgressDeadlineExceeded",
      message: 'ReplicaSet "web-new" has timed out progressing.',
    });
  });

  it("a completed rollout seen again estimates nothing", () => {
    const cond = progressing("NewReplicaSetAvailable", "True", T0);
    const done = replicaSet("web-new", 2, 2, "2025-01-01T00:00:00Z");
    const d = withStatus(deployment("web", 2), { replicas: 2, updatedReplicas: 2, conditions: [cond] });
    const s = nextRolloutStatus([done], done, d, T0 + 10_000_000, stamp(T0 + 10_000_000));
    expect(s.conditions?.find((c) => c.type === "Progressing")).toEqual(cond);
  });

  it("copies a ReplicaFailure condition from the new RS", () => {
    const failing = replicaSet("web-new", 2, 0, "2025-01-01T00:00:00Z");
    failing.status!.conditions = [{ type: "ReplicaFailure", status: "True", reason: "FailedCreate", message: "quota", lastTransitionTime: stamp(T0) }];
    const s = nextRolloutStatus([failing], failing, deployment("web", 2), T0, stamp(T0));
    expect(s.conditions?.find((c) => c.type === "ReplicaFailure")).toMatchObject({ status: "True", reason: "FailedCreate", message: "quota" });
  });
});

describe("stuck deployments", () => {
  it("re-checks at lastUpdateTime + deadline (+1 s), not when complete or timed out", () => {
    const d = withStatus(deployment("web", 2), { conditions: [progressing("ReplicaSetUpdated", "True", T0)] });
    expect(stuckRequeueDelay(d, { replicas: 2, updatedReplicas: 1 }, T0 + 180_000)).toBe(421_000);
    expect(stuckRequeueDelay(d, { replicas: 2, updatedReplicas: 1 }, T0 + 600_000)).toBe(1000);
    expect(stuckRequeueDelay(d, { replicas: 2, updatedReplicas: 2, availableReplicas: 2, observedGeneration: 1 }, T0)).toBe(-1);
    const timedOut = withStatus(deployment("web", 2), { conditions: [progressing("ProgressDeadlineExceeded", "False", T0)] });
    expect(stuckRequeueDelay(timedOut, {}, T0)).toBe(-1);
  });

  it("a rollout whose pods never become available times out after the deadline", () => {
    const c = new FakeCluster(deployment("web", 2, { progressDeadlineSeconds: 60 }));
    c.rollout(false);
    expect(c.requeues.at(-1)).toBeGreaterThan(55_000);
    c.clock += 62_000;
    c.sync();
    expect(c.d.status?.conditions?.find((x) => x.type === "Progressing")).toMatchObject({ status: "False", reason: "ProgressDeadlineExceeded" });
    expect(c.d.status?.conditions?.find((x) => x.type === "Available")?.status).toBe("False");
  });
});
