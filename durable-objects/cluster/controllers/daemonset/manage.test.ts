import { describe, expect, it } from "vitest";
import { FailedPodsBackoff } from "./backoff";
import { emptyPlan, podsShouldBeOnNode, unscheduledPodsWithoutNode } from "./manage";
import { NOW, ds, pod } from "./testing";

const RUN = { shouldRun: true, shouldContinueRunning: true };
const surge = ds({ updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } } });

describe("podsShouldBeOnNode", () => {
  it("creates where a pod should run and none does; deletes everything where none may stay", () => {
    const plan = emptyPlan();
    podsShouldBeOnNode(plan, "n1", RUN, undefined, ds(), "new", new FailedPodsBackoff(), NOW);
    podsShouldBeOnNode(plan, "n2", { shouldRun: false, shouldContinueRunning: false }, [pod("a", "n2", "new"), pod("b", "n2", "new", { deleting: true })], ds(), "new", new FailedPodsBackoff(), NOW);
    podsShouldBeOnNode(plan, "n3", { shouldRun: false, shouldContinueRunning: true }, [pod("c", "n3", "new")], ds(), "new", new FailedPodsBackoff(), NOW);
    expect(plan).toEqual({ create: ["n1"], delete: ["a"], events: [] });
  });

  it("keeps the oldest of several pods without surge", () => {
    const plan = emptyPlan();
    podsShouldBeOnNode(plan, "n1", RUN, [pod("young", "n1", "new", { createdMs: 5 }), pod("old", "n1", "new", { createdMs: 1 })], ds(), "new", new FailedPodsBackoff(), NOW);
    expect(plan.delete).toEqual(["young"]);
  });

  it("with surge keeps an old and a new pod until the new one is available, or the old one stops being ready", () => {
    const run = (pods: ReturnType<typeof pod>[]) => {
      const plan = emptyPlan();
      podsShouldBeOnNode(plan, "n1", RUN, pods, surge, "new", new FailedPodsBackoff(), NOW);
      return plan;
    };
    expect(run([pod("old", "n1", "old"), pod("new", "n1", "new", { ready: false })]).delete).toEqual([]);
    expect(run([pod("old", "n1", "old"), pod("new", "n1", "new")]).delete).toEqual(["old"]);
    expect(run([pod("old", "n1", "old", { ready: false }), pod("new", "n1", "new", { ready: false })]).delete).toEqual(["old"]);
    expect(run([pod("old", "n1", "old"), pod("new", "n1", "new", { createdMs: 1 }), pod("new2", "n1", "new", { createdMs: 2 })]).delete).toEqual(["new2", "old"]);
    expect(run([pod("gone", "n1", "old", { deleting: true })]).create).toEqual(["n1"]);
  });

  it("deletes failed pods with a FailedDaemonPod event, under a back-off of 1 s doubling", () => {
    const backoff = new FailedPodsBackoff();
    const failed = [pod("f", "n1", "new", { phase: "Failed" })];
    const at = (t: number) => {
      const plan = emptyPlan();
      podsShouldBeOnNode(plan, "n1", RUN, failed, ds(), "new", backoff, t);
      return plan;
    };
    expect(at(NOW)).toEqual({ create: [], delete: ["f"], events: [{ type: "Warning", reason: "FailedDaemonPod", message: "Found failed daemon pod default/f on node n1, will try to kill it" }] });
    expect(at(NOW + 500)).toEqual({ create: [], delete: [], events: [], requeueAfterMs: 1_000 });
    expect(at(NOW + 1_000).delete).toEqual(["f"]); // back-off now 2 s
    expect(at(NOW + 2_500)).toMatchObject({ delete: [], requeueAfterMs: 2_000 });
    expect(at(NOW + 3_000).delete).toEqual(["f"]);
    // A long quiet spell (twice the 15 min maximum) starts over at 1 s.
    expect(at(NOW + 3_000 + 31 * 60_000).delete).toEqual(["f"]);
    expect(at(NOW + 3_000 + 31 * 60_000 + 999).requeueAfterMs).toBe(1_000);
  });

  it("deletes succeeded pods with a SucceededDaemonPod event", () => {
    const plan = emptyPlan();
    podsShouldBeOnNode(plan, "n1", RUN, [pod("s", "n1", "new", { phase: "Succeeded" })], ds(), "new", new FailedPodsBackoff(), NOW);
    expect(plan.events.map((e) => e.reason)).toEqual(["SucceededDaemonPod"]);
    expect(plan.delete).toEqual(["s"]);
  });
});

describe("unscheduledPodsWithoutNode", () => {
  it("names pending pods for a node that is gone, never bound ones", () => {
    const pending = { ...pod("p", "", "h"), spec: {} };
    const map = new Map([
      ["gone", [pending, pod("bound", "gone", "h")]],
      ["n1", [{ ...pod("q", "", "h"), spec: {} }]],
    ]);
    expect(unscheduledPodsWithoutNode(new Set(["n1"]), map)).toEqual(["p"]);
  });
});
