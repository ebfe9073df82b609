import { describe, expect, it } from "vitest";
import { causesOf, cells, created, schemaCausesOf } from "../apps/test-helpers";
import { leases } from "./leases";

describe("leases", () => {
  it("prints HOLDER and validates durations", () => {
    const lease = created(leases, { metadata: { name: "kube-scheduler", namespace: "kube-system" }, spec: { holderIdentity: "node-1_abc", leaseDurationSeconds: 15 } });
    expect(cells(leases, lease)).toMatchObject({ Name: "kube-scheduler", Holder: "node-1_abc" });
    expect(causesOf(leases, lease)).toEqual([]);
    expect(schemaCausesOf(leases, lease)).toEqual([]);
    expect(cells(leases, created(leases, { metadata: { name: "x" } }))).toMatchObject({ Holder: "" });
    expect(causesOf(leases, created(leases, { metadata: { name: "x" }, spec: { leaseDurationSeconds: 0 } }))).toEqual([
      "spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0",
    ]);
  });
});
