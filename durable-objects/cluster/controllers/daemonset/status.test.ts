import { describe, expect, it } from "vitest";
import { computeCounts, nextStatus, statusUpToDate } from "./status";
import { NOW, ds, pod } from "./testing";

describe("daemonset status", () => {
  it("counts per node by its oldest pod, misscheduled pods apart, and leaves zero omitempty fields out", () => {
    const eligibility = new Map([
      ["n1", { shouldRun: true, shouldContinueRunning: true }],
      ["n2", { shouldRun: true, shouldContinueRunning: true }],
      ["n3", { shouldRun: true, shouldContinueRunning: true }],
      ["n4", { shouldRun: false, shouldContinueRunning: true }],
    ]);
    const d = ds({ minReadySeconds: 30 });
    const pods = new Map([
      ["n1", [pod("a", "n1", "new"), pod("a-younger", "n1", "old", { createdMs: 9, ready: false })]],
      ["n2", [pod("b", "n2", "old", { readySinceMs: 59_000 })]],
      ["n4", [pod("d", "n4", "old")]],
    ]);
    const counts = computeCounts(d, eligibility, pods, "new", NOW);
    expect(counts).toEqual({ desiredNumberScheduled: 3, currentNumberScheduled: 2, numberMisscheduled: 1, numberReady: 2, updatedNumberScheduled: 1, numberAvailable: 1, numberUnavailable: 2 });
    expect(nextStatus(d, counts)).toEqual({ currentNumberScheduled: 2, numberMisscheduled: 1, desiredNumberScheduled: 3, numberReady: 2, observedGeneration: 1, updatedNumberScheduled: 1, numberAvailable: 1, numberUnavailable: 2 });
    expect(statusUpToDate(d, counts)).toBe(false);
    expect(statusUpToDate({ ...d, status: nextStatus(d, counts) }, counts)).toBe(true);
    const empty = computeCounts(d, new Map(), new Map(), "new", NOW);
    expect(nextStatus(d, empty)).toEqual({ currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0, observedGeneration: 1 });
    // A pod carrying the current template generation counts as updated even with another hash.
    const byGeneration = pod("g", "n1", "old");
    (byGeneration.metadata as any).labels["pod-template-generation"] = "1";
    expect(computeCounts(d, eligibility, new Map([["n1", [byGeneration]]]), "new", NOW).updatedNumberScheduled).toBe(1);
  });
});
