import { describe, expect, it } from "vitest";
import { causesOf, cells, created, schemaCausesOf } from "../apps/test-helpers";
import { ANNOTATIONS, hpaV1ToV2, hpaV2ToV1 } from "./conversion";
import { horizontalpodautoscalers } from "./horizontalpodautoscalers";
import { horizontalpodautoscalersV1, hpaV1FromStorage, hpaV1ToStorage } from "./horizontalpodautoscalers-v1";

/** What `kubectl autoscale deployment web --min=2 --max=5 --cpu-percent=60` sends (autoscaling/v1). */
const autoscaleV1 = () => ({
  apiVersion: "autoscaling/v1",
  kind: "HorizontalPodAutoscaler",
  metadata: { name: "web" },
  spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" }, minReplicas: 2, maxReplicas: 5, targetCPUUtilizationPercentage: 60 },
});

const v2 = () => ({
  apiVersion: "autoscaling/v2",
  kind: "HorizontalPodAutoscaler",
  metadata: { name: "web" },
  spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" }, maxReplicas: 10 },
});

describe("horizontalpodautoscalers (autoscaling/v2)", () => {
  it("defaults minReplicas and the 80% cpu metric", () => {
    const obj = created(horizontalpodautoscalers, v2());
    expect(obj.spec).toMatchObject({ minReplicas: 1, metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } }] });
    expect(obj.status).toEqual({ currentMetrics: null, desiredReplicas: 0 });
    expect(causesOf(horizontalpodautoscalers, obj)).toEqual([]);
    expect(schemaCausesOf(horizontalpodautoscalers, obj)).toEqual([]);
  });

  it("fills the scaling rules once a behavior is given", () => {
    const body = v2() as { spec: Record<string, unknown> };
    body.spec.behavior = { scaleDown: { stabilizationWindowSeconds: 60 } };
    const obj = created(horizontalpodautoscalers, body as never);
    expect((obj.spec as { behavior: unknown }).behavior).toEqual({
      scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: "Max", policies: [{ type: "Pods", value: 4, periodSeconds: 15 }, { type: "Percent", value: 100, periodSeconds: 15 }] },
      scaleDown: { stabilizationWindowSeconds: 60, selectPolicy: "Max", policies: [{ type: "Percent", value: 100, periodSeconds: 15 }] },
    });
  });

  it("prints TARGETS like cpu: <unknown>/80%, then the current value", () => {
    const obj = created(horizontalpodautoscalers, v2());
    expect(cells(horizontalpodautoscalers, obj)).toMatchObject({ Reference: "Deployment/web", Targets: "cpu: <unknown>/80%", MinPods: "1", MaxPods: 10, Replicas: 0 });
    obj.status = { currentReplicas: 3, desiredReplicas: 3, currentMetrics: [{ type: "Resource", resource: { name: "cpu", current: { averageUtilization: 42, averageValue: "21m" } } }] };
    expect(cells(horizontalpodautoscalers, obj)).toMatchObject({ Targets: "cpu: 42%/80%", Replicas: 3 });
    (obj.spec as { metrics: unknown[] }).metrics.push(
      { type: "Resource", resource: { name: "memory", target: { type: "AverageValue", averageValue: "512Mi" } } },
      { type: "Pods", pods: { metric: { name: "qps" }, target: { type: "AverageValue", averageValue: "1k" } } },
    );
    expect(cells(horizontalpodautoscalers, obj)).toMatchObject({ Targets: "cpu: 42%/80%, memory: <unknown>/512Mi + 1 more..." });
  });

  it("validates replicas and metric targets with kube's paths", () => {
    const body = v2() as { spec: Record<string, unknown> };
    body.spec.maxReplicas = 0;
    body.spec.metrics = [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization" } } }];
    expect(causesOf(horizontalpodautoscalers, created(horizontalpodautoscalers, body as never))).toEqual([
      "spec.maxReplicas: Invalid value: 0: must be greater than 0",
      "spec.maxReplicas: Invalid value: 0: must be greater than or equal to `minReplicas`",
      "spec.metrics[0].resource.target.averageUtilization: Required value: must set either a target raw value or a target utilization",
    ]);
  });
});

describe("horizontalpodautoscalers (autoscaling/v1)", () => {
  it("stores v1 objects as v2 and serves them back unchanged", () => {
    const v1 = created(horizontalpodautoscalersV1, autoscaleV1());
    const stored = hpaV1ToStorage(v1);
    expect(stored.spec).toEqual({
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" },
      minReplicas: 2,
      maxReplicas: 5,
      metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 60 } } }],
    });
    expect(stored.status).toEqual({ desiredReplicas: 0, currentMetrics: null });
    const back = hpaV1FromStorage(stored);
    expect(back.spec).toEqual(v1.spec);
    expect(back.status).toEqual({ currentReplicas: 0, desiredReplicas: 0 });
    expect(cells(horizontalpodautoscalersV1, v1)).toMatchObject({ Targets: "cpu: <unknown>/60%", MinPods: "2", MaxPods: 5 });
  });

  it("makes v1's implicit 80% explicit", () => {
    const body = autoscaleV1() as { spec: Record<string, unknown> };
    delete body.spec.targetCPUUtilizationPercentage;
    const back = hpaV1FromStorage(hpaV1ToStorage(created(horizontalpodautoscalersV1, body as never)));
    expect((back.spec as { targetCPUUtilizationPercentage: number }).targetCPUUtilizationPercentage).toBe(80);
  });

  it("keeps what v1 cannot express in annotations, and reads it back", () => {
    const stored = created(horizontalpodautoscalers, v2());
    (stored.spec as { metrics: unknown[] }).metrics.push({ type: "Pods", pods: { metric: { name: "qps" }, target: { type: "AverageValue", averageValue: "1k" } } });
    stored.status = { currentReplicas: 2, desiredReplicas: 2, currentMetrics: [{ type: "Resource", resource: { name: "cpu", current: { averageUtilization: 42, averageValue: "21m" } } }] };
    const v1 = hpaV2ToV1(stored);
    const annotations = (v1.metadata as { annotations: Record<string, string> }).annotations;
    expect(JSON.parse(annotations[ANNOTATIONS.metrics]!)).toEqual([{ type: "Pods", pods: { metricName: "qps", targetAverageValue: "1k" } }]);
    expect(v1.status).toEqual({ currentReplicas: 2, desiredReplicas: 2, currentCPUUtilizationPercentage: 42 });
    const again = hpaV1ToV2(v1);
    expect((again.spec as { metrics: unknown }).metrics).toEqual((stored.spec as { metrics: unknown[] }).metrics.slice().reverse());
    expect((again.metadata as { annotations?: unknown }).annotations).toBeUndefined();
    expect((again.status as { currentMetrics: unknown }).currentMetrics).toEqual([{ type: "Resource", resource: { name: "cpu", current: { averageValue: "21m", averageUtilization: 42 } } }]);
  });

  it("reports v1 validation errors on the converted paths", () => {
    const body = autoscaleV1() as { spec: Record<string, unknown> };
    body.spec.targetCPUUtilizationPercentage = 0;
    expect(causesOf(horizontalpodautoscalersV1, created(horizontalpodautoscalersV1, body as never))).toEqual([
      "spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0",
    ]);
  });
});
