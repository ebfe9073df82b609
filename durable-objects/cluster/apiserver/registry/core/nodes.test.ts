import { describe, expect, it } from "vitest";
import type { JsonObject } from "../types";
import { nodes } from "./nodes";
import { causesOf, cells, created, updated } from "./test-helpers";

const node = (ready: string | undefined, spec: JsonObject = {}, labels: JsonObject = {}): JsonObject => ({
  metadata: { name: "node-1", creationTimestamp: "2025-05-31T12:00:00Z", labels: { "kubernetes.io/hostname": "node-1", ...labels } },
  spec,
  status: {
    conditions: ready === undefined ? [] : [{ type: "MemoryPressure", status: "False" }, { type: "Ready", status: ready }],
    addresses: [{ type: "InternalIP", address: "172.18.0.2" }, { type: "Hostname", address: "node-1" }],
    nodeInfo: { kubeletVersion: "v1.33.1", osImage: "Debian GNU/Linux 12 (bookworm)", kernelVersion: "6.8.0-1029-gcp", containerRuntimeVersion: "containerd://2.1.1" },
  },
});

describe("nodes", () => {
  it("prints a ready control-plane node, wide columns included", () => {
    expect(cells(nodes, node("True", {}, { "node-role.kubernetes.io/control-plane": "" }))).toEqual({
      Name: "node-1",
      Status: "Ready",
      Roles: "control-plane",
      Age: "24h",
      Version: "v1.33.1",
      "Internal-IP": "172.18.0.2",
      "External-IP": "<none>",
      "OS-Image": "Debian GNU/Linux 12 (bookworm)",
      "Kernel-Version": "6.8.0-1029-gcp",
      "Container-Runtime": "containerd://2.1.1",
    });
  });

  it("prints NotReady, cordoned and unknown nodes", () => {
    expect(cells(nodes, node("False"))).toMatchObject({ Status: "NotReady", Roles: "<none>" });
    expect(cells(nodes, node("True", { unschedulable: true })).Status).toBe("Ready,SchedulingDisabled");
    expect(cells(nodes, node(undefined)).Status).toBe("Unknown");
    expect(cells(nodes, node("Unknown", {}, { "kubernetes.io/role": "worker", "node-role.kubernetes.io/infra": "" })).Roles).toBe("infra,worker");
  });

  it("is cluster-scoped with status and proxy subresources, selectable on spec.unschedulable", () => {
    expect([nodes.namespaced, nodes.shortNames, nodes.subresources.map((s) => s.name)]).toEqual([false, ["no"], ["proxy", "status"]]);
    expect(nodes.selectableFields!["spec.unschedulable"]!(node("True", { unschedulable: true }))).toBe("true");
    expect(nodes.selectableFields!["spec.unschedulable"]!(node("True"))).toBe("false");
  });

  it("defaults allocatable to capacity and keeps podCIDR and podCIDRs together", () => {
    const n = created(nodes, { metadata: { name: "n" }, spec: { podCIDR: "10.244.1.0/24" }, status: { capacity: { cpu: "4", memory: "16384Mi", pods: "110" } } });
    expect(n.spec).toEqual({ podCIDR: "10.244.1.0/24", podCIDRs: ["10.244.1.0/24"] });
    expect((n.status as JsonObject).allocatable).toEqual({ cpu: "4", memory: "16Gi", pods: "110" });
  });

  it("validates taints and keeps podCIDRs and providerID once set", () => {
    const n = created(nodes, { metadata: { name: "n" }, spec: { taints: [{ key: "dedicated", value: "gpu", effect: "Sometimes" }, { key: "a", effect: "" }] } });
    expect(causesOf(nodes, n)).toEqual([
      'spec.taints[0].effect: Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
      "spec.taints[1].effect: Required value",
    ]);
    const old = created(nodes, { metadata: { name: "n" }, spec: { podCIDR: "10.244.1.0/24", providerID: "kind://n" } });
    const next = updated(nodes, old, { metadata: { name: "n" }, spec: { podCIDR: "10.244.2.0/24", podCIDRs: ["10.244.2.0/24"], providerID: "other://n" } });
    expect(causesOf(nodes, next, old)).toEqual([
      'spec.podCIDRs: Forbidden: node updates may not change podCIDR except from "" to valid',
      'spec.providerID: Forbidden: node updates may not change providerID except from "" to valid',
    ]);
  });
});
