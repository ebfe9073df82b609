import { describe, expect, it } from "vitest";
import type { JsonObject } from "../../apiserver/registry/types";
import type { Eligibility } from "./eligibility";
import { allowsSurge, planRollingUpdate, surgeCount, unavailableCount } from "./rolling";
import { NOW, ds, pod } from "./testing";

const RUN: Eligibility = { shouldRun: true, shouldContinueRunning: true };
const nodes = (n: number) => new Map(Array.from({ length: n }, (_, i) => [`n${i + 1}`, RUN] as const));
const byNode = (pods: JsonObject[]) => {
  const m = new Map<string, JsonObject[]>();
  for (const p of pods) m.set((p.spec as any).nodeName, [...(m.get((p.spec as any).nodeName) ?? []), p]);
  return m;
};
const strategy = (rollingUpdate: JsonObject) => ds({ updateStrategy: { type: "RollingUpdate", rollingUpdate } });

describe("rolling update counts", () => {
  it("scales percentages up, and only for RollingUpdate", () => {
    expect(unavailableCount(strategy({ maxUnavailable: "10%" }), 5)).toBe(1);
    expect(unavailableCount(strategy({ maxUnavailable: "50%" }), 5)).toBe(3);
    expect(surgeCount(strategy({ maxUnavailable: 0, maxSurge: "20%" }), 7)).toBe(2);
    expect(allowsSurge(ds({ updateStrategy: { type: "OnDelete" } }))).toBe(false);
    expect(allowsSurge(strategy({ maxUnavailable: 0, maxSurge: 1 }))).toBe(true);
  });
});

describe("planRollingUpdate without surge", () => {
  it("deletes old available pods up to maxUnavailable, counting nodes already down", () => {
    const old = [pod("a", "n1", "old"), pod("b", "n2", "old"), pod("c", "n3", "old"), pod("d", "n4", "old")];
    expect(planRollingUpdate(strategy({ maxUnavailable: 2 }), nodes(4), byNode(old), "new", NOW)).toEqual({ delete: ["a", "b"], create: [] });
    // n1 already has an unavailable new pod: one slot left.
    const mid = [pod("a2", "n1", "new", { ready: false }), pod("b", "n2", "old"), pod("c", "n3", "old"), pod("d", "n4", "old")];
    expect(planRollingUpdate(strategy({ maxUnavailable: 2 }), nodes(4), byNode(mid), "new", NOW).delete).toEqual(["b"]);
    // An old pod that is not available is replaced regardless of the budget.
    const sick = [pod("a", "n1", "old", { ready: false }), pod("b", "n2", "old", { ready: false }), pod("c", "n3", "old")];
    expect(planRollingUpdate(strategy({ maxUnavailable: 1 }), nodes(3), byNode(sick), "new", NOW).delete).toEqual(["a", "b"]);
    // A node with no pod yet counts as unavailable.
    expect(planRollingUpdate(strategy({ maxUnavailable: 1 }), nodes(3), byNode(old.slice(0, 2)), "new", NOW).delete).toEqual([]);
  });

  it("respects minReadySeconds when judging availability", () => {
    const d = strategy({ maxUnavailable: 1 });
    (d.spec as any).minReadySeconds = 120; // NOW = T0 + 60 s
    // The new pod on n1 is ready (since T0) but not yet available: it takes the one slot.
    const pods = [pod("a", "n1", "new"), pod("b", "n2", "old", { readySinceMs: -300_000 })];
    expect(planRollingUpdate(d, nodes(2), byNode(pods), "new", NOW).delete).toEqual([]);
    (d.spec as any).minReadySeconds = 30;
    expect(planRollingUpdate(d, nodes(2), byNode(pods), "new", NOW).delete).toEqual(["b"]);
  });
});

describe("planRollingUpdate with surge", () => {
  const d = strategy({ maxUnavailable: 0, maxSurge: 1 });
  it("creates new pods beside old ones on up to maxSurge nodes", () => {
    const old = [pod("a", "n1", "old"), pod("b", "n2", "old"), pod("c", "n3", "old")];
    expect(planRollingUpdate(d, nodes(3), byNode(old), "new", NOW)).toEqual({ delete: [], create: ["n1"] });
    expect(planRollingUpdate(strategy({ maxUnavailable: 0, maxSurge: "100%" }), nodes(3), byNode(old), "new", NOW).create).toEqual(["n1", "n2", "n3"]);
  });

  it("waits for the surged pod, then deletes the old one and moves on", () => {
    const waiting = [pod("a", "n1", "old"), pod("a2", "n1", "new", { ready: false }), pod("b", "n2", "old")];
    expect(planRollingUpdate(d, nodes(2), byNode(waiting), "new", NOW)).toEqual({ delete: [], create: [] });
    const ready = [pod("a", "n1", "old"), pod("a2", "n1", "new"), pod("b", "n2", "old")];
    expect(planRollingUpdate(d, nodes(2), byNode(ready), "new", NOW)).toEqual({ delete: ["a"], create: ["n2"] });
    // An unavailable old pod gets its replacement beside it at once, beyond maxSurge.
    const sick = [pod("a", "n1", "old"), pod("a2", "n1", "new", { ready: false }), pod("b", "n2", "old", { ready: false })];
    expect(planRollingUpdate(d, nodes(2), byNode(sick), "new", NOW).create).toEqual(["n2"]);
  });
});
