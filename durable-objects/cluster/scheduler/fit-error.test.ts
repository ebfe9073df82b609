import { describe, expect, it } from "vitest";
import { fitErrorMessage } from "./fit-error";

describe("fitErrorMessage", () => {
  it("sorts 'count reason' strings lexically, like sort.Strings in FitError.Error()", () => {
    expect(fitErrorMessage(12, { "Insufficient cpu": 2, "node(s) were unschedulable": 10 })).toBe(
      "0/12 nodes are available: 10 node(s) were unschedulable, 2 Insufficient cpu.",
    );
  });
  it("appends the post-filter message with its own separator", () => {
    expect(fitErrorMessage(1, { "Too many pods": 1 }, "preemption: not eligible due to preemptionPolicy=Never.")).toBe(
      "0/1 nodes are available: 1 Too many pods. preemption: not eligible due to preemptionPolicy=Never..",
    );
  });
});
