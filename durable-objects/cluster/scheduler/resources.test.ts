import { describe, expect, it } from "vitest";
import { podRequests } from "./resources";

const c = (cpu: string, memory?: string, extra: Record<string, unknown> = {}) => ({
  name: "x",
  resources: { requests: { cpu, ...(memory ? { memory } : {}) } },
  ...extra,
});

describe("podRequests", () => {
  it("sums containers and takes the max with init containers", () => {
    const r = podRequests({ containers: [c("500m", "1Gi"), c("250m")], initContainers: [c("2", "512Mi"), c("1")] });
    expect(r.get("cpu")).toBe(2000);
    expect(r.get("memory")).toBe(2 ** 30);
  });
  it("sidecars add to the pod and to later init containers; overhead is added", () => {
    const r = podRequests({
      containers: [c("1")],
      initContainers: [c("500m", undefined, { restartPolicy: "Always" }), c("1")],
      overhead: { cpu: "100m" },
    });
    // containers 1 + sidecar 0.5 = 1.5; init max(0.5, 1+0.5) = 1.5 → 1.5 + 0.1 overhead
    expect(r.get("cpu")).toBe(1600);
  });
  it("limits stand in for missing requests; non-zero defaults for scoring", () => {
    expect(podRequests({ containers: [{ name: "x", resources: { limits: { cpu: "2", "example.com/gpu": "1" } } }] }).get("example.com/gpu")).toBe(1);
    expect(podRequests({ containers: [{ name: "x", resources: { limits: { cpu: "2" } } }] }).get("cpu")).toBe(2000);
    const nz = podRequests({ containers: [{ name: "x" }] }, true);
    expect(nz.get("cpu")).toBe(100);
    expect(nz.get("memory")).toBe(200 * 2 ** 20);
  });
});
