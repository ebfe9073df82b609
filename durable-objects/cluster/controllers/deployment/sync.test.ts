import { describe, expect, it } from "vitest";
import { calculateStatus, proportionalScalePlan, replicaSetsToCleanUp } from "./sync";
import { FakeCluster, deployment, replicaSet } from "./testing";
import { MAX_REPLICAS_ANNOTATION, REVISION_ANNOTATION } from "./util";

const strategy = (maxSurge: number | string, maxUnavailable: number | string) => ({ type: "RollingUpdate", rollingUpdate: { maxSurge, maxUnavailable } });
const sized = (max: number) => ({ [MAX_REPLICAS_ANNOTATION]: String(max) });

describe("proportional scaling (kube's scale())", () => {
  it("5 → 10 spreads the increase by size", () => {
    const d = deployment("web", 10, { strategy: strategy(0, 1) });
    const newRS = replicaSet("new", 2, 2, "2025-01-01T00:01:00Z", sized(5));
    const oldRS = replicaSet("old", 3, 3, "2025-01-01T00:00:00Z", sized(5));
    const plan = proportionalScalePlan(d, newRS, [oldRS]);
    expect(plan.map((p) => [p.rs.metadata.name, p.size])).toEqual([
      ["old", 6],
      ["new", 4],
    ]);
  });

  it("10 → 5 takes from the larger, older first", () => {
    const d = deployment("web", 5, { strategy: strategy(0, 1) });
    const newRS = replicaSet("new", 4, 4, "2025-01-01T00:01:00Z", sized(10));
    const oldRS = replicaSet("old", 6, 6, "2025-01-01T00:00:00Z", sized(10));
    expect(proportionalScalePlan(d, newRS, [oldRS]).map((p) => p.size)).toEqual([3, 2]);
  });

  it("leftovers go to the largest RS; scaling to zero empties all", () => {
    const d = deployment("web", 7, { strategy: strategy(0, 1) });
    const a = replicaSet("a", 1, 1, "2025-01-01T00:00:00Z", sized(3));
    const b = replicaSet("b", 1, 1, "2025-01-01T00:00:01Z", sized(3));
    const c = replicaSet("c", 1, 1, "2025-01-01T00:00:02Z", sized(3));
    const plan = proportionalScalePlan(d, c, [a, b]);
    expect(plan.reduce((n, p) => n + p.size, 0)).toBe(7);
    const zero = proportionalScalePlan(deployment("web", 0, { strategy: strategy(0, 1) }), c, [a, b]);
    expect(zero.map((p) => p.size)).toEqual([0, 0, 0]);
  });

  it("a resize mid-rollout is a scaling event handled by sync", () => {
    const c = new FakeCluster(deployment("web", 10, { strategy: strategy(3, 2) }));
    c.rollout();
    c.edit((s) => (s.template.spec = { containers: [{ name: "c", image: "nginx:2" }] }));
    c.sync(); // new RS at 3, old scaled to 8
    expect(Object.values(c.sizes()).sort((x, y) => x - y)).toEqual([3, 8]);
    c.edit((s) => (s.replicas = 20));
    c.sync();
    // 11 pods, allowed 20 + 3: +12. Sized against 13: old 8 → +6, new 3 → +2; the leftover 4 to the largest.
    expect(Object.values(c.sizes()).sort((x, y) => x - y)).toEqual([5, 18]);
    c.rollout();
    expect(Object.values(c.sizes()).sort((x, y) => x - y)).toEqual([0, 20]);
  });
});

describe("cleanup by revisionHistoryLimit", () => {
  it("deletes the oldest scaled-down, observed RSes beyond the limit", () => {
    const d = deployment("web", 1, { revisionHistoryLimit: 1 });
    const r1 = replicaSet("r1", 0, 0, "2025-01-01T00:00:00Z", { [REVISION_ANNOTATION]: "1" });
    const r2 = replicaSet("r2", 1, 1, "2025-01-01T00:00:01Z", { [REVISION_ANNOTATION]: "2" });
    const r3 = replicaSet("r3", 0, 0, "2025-01-01T00:00:02Z", { [REVISION_ANNOTATION]: "3" });
    expect(replicaSetsToCleanUp([r3, r2, r1], d).map((r) => r.metadata.name)).toEqual(["r1"]); // r2 still has replicas
    const unobserved = { ...r1, metadata: { ...r1.metadata, generation: 2 } };
    expect(replicaSetsToCleanUp([unobserved, r3], d)).toEqual([]);
  });

  it("keeps revisionHistoryLimit old RSes after rollouts", () => {
    const c = new FakeCluster(deployment("web", 2, { revisionHistoryLimit: 1 }));
    for (const image of ["a", "b", "c", "d"]) {
      c.edit((s) => (s.template.spec = { containers: [{ name: "c", image }] }));
      c.rollout();
    }
    expect(c.replicaSets.size).toBe(2);
    expect(c.d.metadata.annotations?.[REVISION_ANNOTATION]).toBe("4");
  });
});

describe("status", () => {
  it("counts replicas and sets Available", () => {
    const d = deployment("web", 4);
    d.metadata.generation = 3;
    const newRS = replicaSet("new", 2, 1, "2025-01-01T00:01:00Z");
    const oldRS = replicaSet("old", 3, 2, "2025-01-01T00:00:00Z");
    const s = calculateStatus([oldRS, newRS], newRS, d, "2025-01-01T00:02:00Z");
    expect(s).toMatchObject({ observedGeneration: 3, replicas: 5, updatedReplicas: 2, readyReplicas: 3, availableReplicas: 3, unavailableReplicas: 2 });
    expect(s.conditions).toEqual([
      { type: "Available", status: "True", reason: "MinimumReplicasAvailable", message: "Deployment has minimum availability.", lastUpdateTime: "2025-01-01T00:02:00Z", lastTransitionTime: "2025-01-01T00:02:00Z" },
    ]);
    const low = calculateStatus([replicaSet("new", 4, 2, "")], undefined, d, "t");
    expect(low.conditions?.[0]).toMatchObject({ status: "False", reason: "MinimumReplicasUnavailable", message: "Deployment does not have minimum availability." });
  });

  it("paused: scales only, with DeploymentPaused then DeploymentResumed", () => {
    const c = new FakeCluster(deployment("web", 2));
    c.rollout();
    c.edit((s) => {
      s.paused = true;
      s.template.spec = { containers: [{ name: "c", image: "nginx:2" }] };
    });
    c.sync();
    expect(c.replicaSets.size).toBe(1);
    expect(c.d.status?.conditions?.find((x) => x.type === "Progressing")).toMatchObject({ status: "Unknown", reason: "DeploymentPaused", message: "Deployment is paused" });
    c.edit((s) => (s.replicas = 3));
    c.sync();
    expect(Object.values(c.sizes())).toEqual([3]);
    c.edit((s) => (s.paused = false));
    c.sync();
    expect(c.replicaSets.size).toBe(2);
    expect(c.events.some((e) => e.includes("Scaled up replica set"))).toBe(true);
    c.rollout();
    expect(c.d.status?.conditions?.find((x) => x.type === "Progressing")?.reason).toBe("NewReplicaSetAvailable");
  });

  it("a hash collision bumps collisionCount and the next sync uses another name", () => {
    const c = new FakeCluster(deployment("web", 1));
    c.sync();
    const [taken] = [...c.replicaSets.values()];
    // Someone else's RS with our name but another template.
    taken!.spec.template = { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "c", image: "other" }] } };
    taken!.metadata.ownerReferences = [];
    expect(() => c.sync()).toThrow("AlreadyExists");
    expect(c.d.status?.collisionCount).toBe(1);
    c.sync();
    expect(c.replicaSets.size).toBe(2);
  });
});
