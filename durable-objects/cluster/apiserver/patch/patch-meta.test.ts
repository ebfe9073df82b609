import { describe, expect, it } from "vitest";
import { KIND_ROOTS, PATCH_META, fieldMeta, rootTypeOf, supportsStrategicMerge } from "./patch-meta";

describe("patch metadata", () => {
  it("built-in kinds support strategic merge patch; custom resources and unknown kinds do not", () => {
    expect(supportsStrategicMerge("apps/v1/Deployment")).toBe(true);
    expect(supportsStrategicMerge("v1/ConfigMap")).toBe(true);
    expect(supportsStrategicMerge("stable.example.com/v1/CronTab")).toBe(false);
    expect(supportsStrategicMerge("v1/toString")).toBe(false);
    expect(rootTypeOf("v1/Pod")).toBe("Pod");
    expect(rootTypeOf("example.com/v1/Widget")).toBeUndefined();
  });

  it("kube's tags for the fields that matter most", () => {
    expect(fieldMeta(PATCH_META, "PodSpec", "containers")).toEqual({ type: "Container", strategy: "merge", mergeKey: "name" });
    expect(fieldMeta(PATCH_META, "PodSpec", "volumes")).toEqual({ strategy: "merge,retainKeys", mergeKey: "name" });
    expect(fieldMeta(PATCH_META, "PodSpec", "topologySpreadConstraints")).toMatchObject({ mergeKey: "topologyKey" });
    expect(fieldMeta(PATCH_META, "PodSpec", "tolerations")).toEqual({});
    expect(fieldMeta(PATCH_META, "Container", "volumeMounts")).toMatchObject({ mergeKey: "mountPath" });
    expect(fieldMeta(PATCH_META, "Container", "envFrom")).toEqual({});
    expect(fieldMeta(PATCH_META, "ObjectMeta", "finalizers")).toEqual({ strategy: "merge" });
    expect(fieldMeta(PATCH_META, "DeploymentSpec", "strategy")).toEqual({ strategy: "retainKeys" });
    expect(fieldMeta(PATCH_META, undefined, "anything")).toEqual({});
  });

  it("every type a field or kind names is in the table", () => {
    const named = [...Object.values(KIND_ROOTS), ...Object.values(PATCH_META).flatMap((fields) => Object.values(fields).flatMap((m) => (m.type ? [m.type] : [])))];
    expect(named.filter((t) => !(t in PATCH_META))).toEqual([]);
  });

  it("only the primitive lists merge without a merge key", () => {
    const primitiveMerge = Object.entries(PATCH_META).flatMap(([type, fields]) =>
      Object.entries(fields).flatMap(([field, m]) => (m.strategy === "merge" && !m.mergeKey ? [`${type}.${field}`] : [])),
    );
    expect(primitiveMerge.sort()).toEqual(["NodeSpec.podCIDRs", "ObjectMeta.finalizers"]);
  });
});
