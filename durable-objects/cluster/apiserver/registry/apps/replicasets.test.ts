import { describe, expect, it } from "vitest";
import { replicasets } from "./replicasets";
import { causesOf, cells, created } from "./test-helpers";

const body = () => ({
  metadata: { name: "web-5d4f8c7b9" },
  spec: {
    selector: { matchLabels: { app: "web", "pod-template-hash": "5d4f8c7b9" } },
    template: { metadata: { labels: { app: "web", "pod-template-hash": "5d4f8c7b9" } }, spec: { containers: [{ name: "web", image: "nginx" }, { name: "log", image: "busybox" }] } },
  },
});

describe("replicasets", () => {
  it("defaults replicas to 1 and starts from status.replicas 0", () => {
    const obj = created(replicasets, body());
    expect((obj.spec as { replicas: number }).replicas).toBe(1);
    expect(obj.status).toEqual({ replicas: 0 });
    expect(causesOf(replicasets, obj)).toEqual([]);
  });

  it("prints DESIRED CURRENT READY as integers and the wide columns", () => {
    const obj = created(replicasets, body());
    obj.status = { replicas: 1, readyReplicas: 1 };
    expect(cells(replicasets, obj)).toMatchObject({
      Desired: 1,
      Current: 1,
      Ready: 1,
      Containers: "web,log",
      Images: "nginx,busybox",
      Selector: "app=web,pod-template-hash=5d4f8c7b9",
    });
  });

  it("words the empty-selector error as kube does (it says deployment)", () => {
    const b = body() as { spec: Record<string, unknown> };
    b.spec.selector = { matchLabels: {} };
    expect(causesOf(replicasets, created(replicasets, b as never))).toEqual([
      "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment",
    ]);
  });
});
