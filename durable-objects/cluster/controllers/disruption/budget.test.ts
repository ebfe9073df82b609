// A budget's arithmetic: expected counts from minAvailable/maxUnavailable, healthy pods, and evictions
// that are remembered until the pod goes or two minutes pass.
import { describe, expect, it } from "vitest";
import type { JsonObject } from "../../apiserver/registry/types";
import { computeBudget, expectedCounts } from "./budget";

const T0 = Date.parse("2026-01-01T00:00:00Z");
const pod = (name: string, ready: boolean, deleting = false): JsonObject => ({
  metadata: { name, ...(deleting ? { deletionTimestamp: "2026-01-01T00:00:00Z" } : {}) },
  status: { conditions: [{ type: "Ready", status: ready ? "True" : "False" }] },
});

describe("budget", () => {
  it("derives the expected and desired counts as kube does", () => {
    const pods = [pod("a", true), pod("b", true), pod("c", false)];
    expect(expectedCounts({ minAvailable: 2 }, pods, () => 5)).toEqual({ expected: 3, desired: 2 });
    expect(expectedCounts({ minAvailable: "50%" }, pods, () => 5)).toEqual({ expected: 5, desired: 3 });
    expect(expectedCounts({ maxUnavailable: "30%" }, pods, () => 5)).toEqual({ expected: 5, desired: 3 });
    expect(expectedCounts({ maxUnavailable: 1 }, pods, () => undefined)).toEqual({ error: "found no controllers" });
    expect(expectedCounts({}, pods, () => 5)).toEqual({ expected: 3, desired: 0 });
  });

  it("does not count an evicted pod as healthy until it goes, nor for more than two minutes", () => {
    const pdb = { status: { disruptedPods: { a: "2026-01-01T00:00:00Z", gone: "2026-01-01T00:00:00Z" } } };
    const pods = [pod("a", true), pod("b", true), pod("c", true), pod("d", true, true)];
    const early = computeBudget(pdb, pods, { expected: 4, desired: 2 }, T0 + 60_000);
    expect(early).toEqual({ expectedPods: 4, desiredHealthy: 2, currentHealthy: 2, disruptionsAllowed: 0, disruptedPods: { a: "2026-01-01T00:00:00Z" }, recheckAt: T0 + 120_000 });
    const late = computeBudget(pdb, pods, { expected: 4, desired: 2 }, T0 + 121_000);
    expect(late).toEqual({ expectedPods: 4, desiredHealthy: 2, currentHealthy: 3, disruptionsAllowed: 1, disruptedPods: {} });
  });
});
