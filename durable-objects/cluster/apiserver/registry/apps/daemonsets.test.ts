import { describe, expect, it } from "vitest";
import { TEMPLATE_GENERATION, daemonsets } from "./daemonsets";
import { causesOf, cells, created, updated } from "./test-helpers";

const body = () => ({
  metadata: { name: "fluentd" },
  spec: {
    selector: { matchLabels: { name: "fluentd" } },
    template: { metadata: { labels: { name: "fluentd" } }, spec: { nodeSelector: { "kubernetes.io/os": "linux" }, containers: [{ name: "fluentd", image: "fluentd:v1" }] } },
  },
});

describe("daemonsets", () => {
  it("defaults the rolling update and records template generation 1", () => {
    const obj = created(daemonsets, body());
    expect(obj.spec).toMatchObject({ updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } }, revisionHistoryLimit: 10 });
    expect((obj.metadata as { annotations: Record<string, string> }).annotations).toEqual({ [TEMPLATE_GENERATION]: "1" });
    expect(obj.status).toEqual({ currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 });
    expect(causesOf(daemonsets, obj)).toEqual([]);
  });

  it("counts template changes in the template generation annotation", () => {
    const old = created(daemonsets, body());
    const next = structuredClone(old) as { spec: { template: { spec: { containers: { image: string }[] } } } };
    next.spec.template.spec.containers[0]!.image = "fluentd:v2";
    const obj = updated(daemonsets, old, next as never);
    expect((obj.metadata as { annotations: Record<string, string> }).annotations[TEMPLATE_GENERATION]).toBe("2");
  });

  it("prints the status counts and NODE SELECTOR", () => {
    const obj = created(daemonsets, body());
    obj.status = { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2, updatedNumberScheduled: 3, numberAvailable: 2 };
    expect(cells(daemonsets, obj)).toMatchObject({
      Desired: 3,
      Current: 3,
      Ready: 2,
      "Up-to-date": 3,
      Available: 2,
      "Node Selector": "kubernetes.io/os=linux",
      Selector: "name=fluentd",
    });
  });

  it("rejects maxSurge together with maxUnavailable", () => {
    const b = body() as { spec: Record<string, unknown> };
    b.spec.updateStrategy = { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1, maxSurge: "10%" } };
    expect(causesOf(daemonsets, created(daemonsets, b as never))).toEqual([
      'spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"10%"}: may not be set when maxUnavailable is non-zero',
    ]);
  });
});
