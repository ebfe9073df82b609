import { describe, expect, it } from "vitest";
import { allocatePodIP, nextNodeCIDR, nextNodeIP } from "./ipam";

describe("ipam", () => {
  it("gives nodes the lowest free /24 and pods the lowest free address", () => {
    expect(nextNodeCIDR([])).toBe("10.244.1.0/24");
    expect(nextNodeCIDR(["10.244.1.0/24", "10.244.3.0/24"])).toBe("10.244.2.0/24");
    expect(allocatePodIP("10.244.2.0/24", new Set())).toBe("10.244.2.2");
    expect(allocatePodIP("10.244.2.0/24", new Set(["10.244.2.2", "10.244.2.3"]))).toBe("10.244.2.4");
    expect(allocatePodIP("bogus", new Set())).toBeNull();
    const full = new Set(Array.from({ length: 253 }, (_, i) => `10.244.2.${i + 2}`));
    expect(allocatePodIP("10.244.2.0/24", full)).toBeNull();
    expect(nextNodeIP(["172.18.0.2"])).toBe("172.18.0.3");
  });
});
