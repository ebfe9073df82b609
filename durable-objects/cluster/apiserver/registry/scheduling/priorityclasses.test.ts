import { describe, expect, it } from "vitest";
import { causesOf, cells, created, schemaCausesOf } from "../apps/test-helpers";
import { priorityclasses } from "./priorityclasses";

describe("priorityclasses", () => {
  it("accepts kubectl create priorityclass and prints PREEMPTIONPOLICY by default", () => {
    const pc = created(priorityclasses, { kind: "PriorityClass", apiVersion: "scheduling.k8s.io/v1", metadata: { name: "pc", creationTimestamp: null }, value: 1000, preemptionPolicy: "PreemptLowerPriority" });
    expect(cells(priorityclasses, pc)).toEqual({ Name: "pc", Value: 1000, "Global-Default": false, Age: "60s", PreemptionPolicy: "PreemptLowerPriority" });
    expect(priorityclasses.columns.every((c) => c.priority === 0)).toBe(true);
    expect(causesOf(priorityclasses, pc)).toEqual([]);
    expect(schemaCausesOf(priorityclasses, pc)).toEqual([]);
  });

  it("defaults preemptionPolicy, keeps value immutable and reserves system- names", () => {
    const pc = created(priorityclasses, { metadata: { name: "high" }, value: 10 });
    expect(pc.preemptionPolicy).toBe("PreemptLowerPriority");
    expect(causesOf(priorityclasses, { ...pc, value: 11 }, pc)).toEqual(["value: Forbidden: may not be changed in an update."]);
    expect(causesOf(priorityclasses, created(priorityclasses, { metadata: { name: "system-x" }, value: 1 }))).toEqual([
      "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-x is not a known system priority class",
    ]);
    expect(causesOf(priorityclasses, created(priorityclasses, { metadata: { name: "huge" }, value: 2000000000 }))).toEqual([
      "value: Forbidden: maximum allowed value of a user defined priority is 1000000000",
    ]);
  });
});
