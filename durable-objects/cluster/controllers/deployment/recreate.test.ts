import { describe, expect, it } from "vitest";
import { oldPodsRunning } from "./recreate";
import { FakeCluster, deployment, replicaSet } from "./testing";
import type { Pod } from "./types";

const pod = (name: string, phase: string): Pod => ({ metadata: { name, uid: `uid-${name}` }, status: { phase } });

describe("oldPodsRunning (kube's table)", () => {
  const newRS = replicaSet("new", 1, 0, "2025-01-01T00:01:00Z");
  const oldRS = { ...replicaSet("old", 0, 0, "2025-01-01T00:00:00Z"), status: { replicas: 0 } };

  it.each([
    ["no pods", [], false],
    ["an old pod running", [pod("a", "Running")], true],
    ["an old pod pending", [pod("a", "Pending")], true],
    ["an old pod in Unknown", [pod("a", "Unknown")], true],
    ["old pods finished", [pod("a", "Failed"), pod("b", "Succeeded")], false],
  ] as const)("%s", (_name, pods, expected) => {
    const podMap = new Map([
      [oldRS.metadata.uid, [...pods]],
      [newRS.metadata.uid, [pod("n", "Running")]],
    ]);
    expect(oldPodsRunning(newRS, [oldRS], podMap)).toBe(expected);
  });

  it("old RSes still reporting replicas count as running", () => {
    expect(oldPodsRunning(newRS, [replicaSet("old", 0, 0, "")], new Map())).toBe(false);
    expect(oldPodsRunning(newRS, [{ ...oldRS, status: { replicas: 1 } }], new Map())).toBe(true);
  });
});

describe("rolloutRecreate (in memory)", () => {
  it("scales old to zero, waits for its pods, then creates the new RS at full size", () => {
    const c = new FakeCluster(deployment("web", 3, { strategy: { type: "Recreate" } }));
    c.rollout();
    const first = Object.keys(c.sizes())[0]!;
    c.edit((s) => (s.template.spec = { containers: [{ name: "c", image: "nginx:2" }] }));
    c.sync();
    expect(c.sizes()).toEqual({ [first]: 0 });
    expect(c.events.at(-1)).toBe(`Normal ScalingReplicaSet Scaled down replica set ${first} from 3 to 0`);
    c.sync(); // old pods still reported: nothing new yet
    expect(c.replicaSets.size).toBe(1);
    c.settle();
    c.sync();
    const second = Object.keys(c.sizes()).find((n) => n !== first)!;
    expect(c.sizes()).toEqual({ [first]: 0, [second]: 3 });
    expect(c.events.at(-1)).toBe(`Normal ScalingReplicaSet Scaled up replica set ${second} from 0 to 3`);
    c.rollout();
    expect(c.d.status).toMatchObject({ replicas: 3, updatedReplicas: 3, availableReplicas: 3 });
  });
});
