import { describe, expect, it } from "vitest";
import { canonicalQuantity, compareQuantities, sumQuantities, parseQuantity } from "./quantity";

describe("quantities", () => {
  it("parses values", () => {
    expect(parseQuantity("500m")).toBe(0.5);
    expect(parseQuantity("1Gi")).toBe(2 ** 30);
    expect(parseQuantity("2e3")).toBe(2000);
    expect(parseQuantity(3)).toBe(3);
    expect(parseQuantity("1.5")).toBe(1.5);
    expect(parseQuantity("abc")).toBeUndefined();
    expect(parseQuantity("")).toBeUndefined();
    expect(parseQuantity("1Gb")).toBeUndefined();
  });

  it("writes kube's canonical form", () => {
    const cases: [unknown, string][] = [
      ["1024Mi", "1Gi"], ["1536Mi", "1536Mi"], ["1.5Gi", "1536Mi"], ["0.5", "500m"], ["1000m", "1"], ["2000", "2k"],
      [1, "1"], ["100Mi", "100Mi"], ["512Ki", "512Ki"], ["0.5Ki", "512"], ["1e3", "1e3"], ["1.5e3", "1500"],
      ["0", "0"], ["10Gi", "10Gi"], ["128974848", "128974848"], ["129e6", "129e6"], ["123Mi", "123Mi"], ["-1", "-1"], ["0.1", "100m"],
    ];
    for (const [input, want] of cases) expect([input, canonicalQuantity(input)]).toEqual([input, want]);
  });

  it("rounds up to milli in resource lists", () => {
    expect(canonicalQuantity("0.0001", -3)).toBe("1m");
    expect(canonicalQuantity("100n", -3)).toBe("1m");
  });

  it("sums as Quantity.Add: exactly, in the first non-zero term's format", () => {
    expect(sumQuantities(["500m", "250m"])).toBe("750m");
    expect(sumQuantities(["384Mi", "384Mi"])).toBe("768Mi");
    expect(sumQuantities(["0", "1Gi"])).toBe("1Gi");
    expect(sumQuantities(["1", "500m"])).toBe("1500m");
    expect(sumQuantities(["2", "-2"])).toBe("0");
    expect(sumQuantities([])).toBe("0");
  });

  it("compares exactly", () => {
    expect(compareQuantities("1Gi", "1024Mi")).toBe(0);
    expect(compareQuantities("1001m", "1")).toBe(1);
    expect(compareQuantities("1G", "1Gi")).toBe(-1);
  });
});
