import { describe, expect, it } from "vitest";
import { type ScaleFn, reconcileNewReplicaSet, reconcileOldReplicaSets } from "./rolling";
import { FakeCluster, deployment, replicaSet } from "./testing";
import type { ReplicaSet } from "./types";

/** A scale function that records calls and returns the scaled copy (status unchanged). */
function recorder() {
  const calls: [string, number][] = [];
  const scale: ScaleFn = (rs, n) => {
    calls.push([rs.metadata.name, n]);
    const c: ReplicaSet = structuredClone(rs);
    c.spec.replicas = n;
    return { scaled: n !== rs.spec.replicas, rs: c };
  };
  return { calls, scale };
}

const strategy = (maxSurge: number, maxUnavailable: number) => ({ type: "RollingUpdate", rollingUpdate: { maxSurge, maxUnavailable } });

describe("reconcileNewReplicaSet (kube's table)", () => {
  it.each([
    // deploymentReplicas, maxSurge, oldReplicas, newReplicas, expected scale (or none)
    [10, 0, 10, 0, undefined],
    [10, 2, 10, 0, 2],
    [10, 2, 5, 0, 7],
    [10, 2, 10, 2, undefined],
    [2, 2, 2, 4, 2], // too big: scale down to the deployment's size
  ] as const)("replicas %i surge %i old %i new %i → %s", (replicas, surge, oldN, newN, expected) => {
    const d = deployment("web", replicas, { strategy: strategy(surge, 1) });
    const oldRS = replicaSet("old", oldN, oldN, "2025-01-01T00:00:00Z");
    const newRS = replicaSet("new", newN, 0, "2025-01-01T00:01:00Z");
    const { calls, scale } = recorder();
    const scaled = reconcileNewReplicaSet([oldRS, newRS], newRS, d, scale);
    expect(scaled).toBe(expected !== undefined);
    if (expected !== undefined) expect(calls).toEqual([["new", expected]]);
  });
});

describe("reconcileOldReplicaSets (kube's table)", () => {
  it.each([
    // deploymentReplicas, maxUnavailable, oldReplicas, newReplicas, availableOld, availableNew, expected old size (or none)
    [10, 0, 10, 0, 10, 0, undefined],
    [10, 2, 10, 0, 10, 0, 8],
    [10, 2, 10, 0, 8, 0, 8], // the unhealthy ones go first
    [10, 2, 10, 0, 9, 0, 8], // one unhealthy, then one healthy
    [10, 2, 8, 2, 8, 0, undefined], // unavailable new pods hold old ones back
  ] as const)("replicas %i maxUnavailable %i old %i new %i", (replicas, unavail, oldN, newN, availOld, availNew, expected) => {
    const d = deployment("web", replicas, { strategy: strategy(1, unavail) });
    const oldRS = replicaSet("old", oldN, availOld, "2025-01-01T00:00:00Z");
    const newRS = replicaSet("new", newN, availNew, "2025-01-01T00:01:00Z");
    const { calls, scale } = recorder();
    const scaled = reconcileOldReplicaSets([oldRS, newRS], [oldRS], newRS, d, scale);
    expect(scaled).toBe(expected !== undefined);
    if (expected !== undefined) expect(calls.at(-1)).toEqual(["old", expected]);
  });

  it("scales the oldest old RS down first", () => {
    const d = deployment("web", 4, { strategy: strategy(0, 2) });
    const older = replicaSet("older", 2, 2, "2025-01-01T00:00:00Z");
    const newer = replicaSet("newer", 2, 2, "2025-01-01T00:00:30Z");
    const newRS = replicaSet("new", 0, 0, "2025-01-01T00:01:00Z");
    const { calls, scale } = recorder();
    reconcileOldReplicaSets([newer, older, newRS], [newer, older], newRS, d, scale);
    expect(calls).toEqual([["older", 0]]);
  });
});

describe("a rolling update end to end (in memory)", () => {
  it("creates the first RS at full size, with revision 1 and conditions", () => {
    const c = new FakeCluster(deployment("web", 3));
    c.sync();
    const [rs] = [...c.replicaSets.values()];
    expect(rs?.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
    expect(rs?.spec.replicas).toBe(3);
    expect(rs?.spec.selector.matchLabels?.["pod-template-hash"]).toBe(rs?.metadata.name.slice(4));
    expect(rs?.spec.template.metadata?.labels?.["pod-template-hash"]).toBe(rs?.metadata.name.slice(4));
    expect(rs?.metadata.annotations).toMatchObject({ "deployment.kubernetes.io/revision": "1", "deployment.kubernetes.io/desired-replicas": "3", "deployment.kubernetes.io/max-replicas": "4" });
    expect(c.events).toEqual([`Normal ScalingReplicaSet Scaled up replica set ${rs?.metadata.name} from 0 to 3`]);
    expect(c.d.metadata.annotations?.["deployment.kubernetes.io/revision"]).toBe("1");
    expect(c.d.status?.conditions?.find((x) => x.type === "Progressing")).toMatchObject({ status: "True", reason: "NewReplicaSetCreated", message: `Created new replica set "${rs?.metadata.name}"` });

    c.rollout();
    expect(c.d.status).toMatchObject({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
    expect(c.d.status?.conditions?.find((x) => x.type === "Available")).toMatchObject({ status: "True", reason: "MinimumReplicasAvailable", message: "Deployment has minimum availability." });
    expect(c.d.status?.conditions?.find((x) => x.type === "Progressing")).toMatchObject({ reason: "NewReplicaSetAvailable", message: `ReplicaSet "${rs?.metadata.name}" has successfully progressed.` });
  });

  it("rolls to a new template within surge and unavailability, then rolls back", () => {
    const c = new FakeCluster(deployment("web", 4));
    c.rollout();
    const first = Object.keys(c.sizes())[0]!;
    c.edit((s) => (s.template.spec = { containers: [{ name: "c", image: "nginx:2" }] }));
    c.sync();
    const second = Object.keys(c.sizes()).find((n) => n !== first)!;
    // maxSurge 25% of 4 = 1: one new pod; maxUnavailable 1: one old pod may go at once.
    expect(c.sizes()).toEqual({ [first]: 3, [second]: 1 });
    expect(c.events.slice(-2)).toEqual([
      `Normal ScalingReplicaSet Scaled up replica set ${second} from 0 to 1`,
      `Normal ScalingReplicaSet Scaled down replica set ${first} from 4 to 3`,
    ]);
    c.settle();
    c.sync();
    expect(c.sizes()).toEqual({ [first]: 3, [second]: 2 });
    c.rollout();
    expect(c.sizes()).toEqual({ [first]: 0, [second]: 4 });
    expect(c.d.status).toMatchObject({ observedGeneration: 2, replicas: 4, updatedReplicas: 4, availableReplicas: 4 });

    // kubectl rollout undo: the template goes back; the old RS becomes new with revision 3.
    c.edit((s) => (s.template.spec = { containers: [{ name: "c", image: "nginx:1" }] }));
    c.rollout();
    expect(c.sizes()).toEqual({ [first]: 4, [second]: 0 });
    expect(c.replicaSets.get(first)?.metadata.annotations).toMatchObject({ "deployment.kubernetes.io/revision": "3", "deployment.kubernetes.io/revision-history": "1" });
    expect(c.d.metadata.annotations?.["deployment.kubernetes.io/revision"]).toBe("3");
  });

  it("never exceeds the surge or goes below minAvailable while pods come up", () => {
    const c = new FakeCluster(deployment("web", 10, { strategy: strategy(3, 2) }));
    c.rollout();
    c.edit((s) => (s.template.spec = { containers: [{ name: "c", image: "nginx:2" }] }));
    for (let i = 0; i < 20; i++) {
      c.sync();
      const rss = [...c.replicaSets.values()];
      expect(rss.reduce((n, rs) => n + (rs.spec.replicas ?? 0), 0)).toBeLessThanOrEqual(13);
      c.settle();
      expect(rss.reduce((n, rs) => n + (rs.status?.availableReplicas ?? 0), 0)).toBeGreaterThanOrEqual(8);
    }
    expect(Object.values(c.sizes()).sort()).toEqual([0, 10]);
  });
});
