import { describe, expect, it } from "vitest";
import { compileLabelSelector, nodeSelectorMatches } from "./labels";

describe("label selectors", () => {
  it("matchLabels and matchExpressions", () => {
    const s = compileLabelSelector({
      matchLabels: { app: "web" },
      matchExpressions: [
        { key: "tier", operator: "In", values: ["fe", "be"] },
        { key: "canary", operator: "DoesNotExist" },
        { key: "env", operator: "NotIn", values: ["prod"] },
      ],
    });
    expect(s.matches({ app: "web", tier: "fe" })).toBe(true);
    expect(s.matches({ app: "web", tier: "fe", env: "prod" })).toBe(false);
    expect(s.matches({ app: "web", tier: "db" })).toBe(false);
    expect(s.matches({ app: "web", tier: "be", canary: "1" })).toBe(false);
  });
  it("null matches nothing, {} matches everything, keys are canonical", () => {
    expect(compileLabelSelector(undefined).matches({})).toBe(false);
    expect(compileLabelSelector({}).matches({ a: "b" })).toBe(true);
    expect(compileLabelSelector({ matchLabels: { a: "1", b: "2" } }).key).toBe(compileLabelSelector({ matchLabels: { b: "2", a: "1" } }).key);
  });
  it("node selector terms: OR of terms, Gt/Lt, matchFields", () => {
    const node = { name: "n1", labels: { cores: "8", zone: "a" } };
    expect(nodeSelectorMatches([{ matchExpressions: [{ key: "cores", operator: "Gt", values: ["4"] }] }], node)).toBe(true);
    expect(nodeSelectorMatches([{ matchExpressions: [{ key: "cores", operator: "Lt", values: ["4"] }] }], node)).toBe(false);
    expect(nodeSelectorMatches([{ matchFields: [{ key: "metadata.name", operator: "In", values: ["n1"] }] }], node)).toBe(true);
    expect(
      nodeSelectorMatches(
        [{ matchExpressions: [{ key: "zone", operator: "In", values: ["b"] }] }, { matchExpressions: [{ key: "zone", operator: "Exists" }] }],
        node,
      ),
    ).toBe(true);
    expect(nodeSelectorMatches([{}], node)).toBe(false);
  });
});
