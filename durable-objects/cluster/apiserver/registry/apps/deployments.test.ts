import { describe, expect, it } from "vitest";
import { deployments } from "./deployments";
import { ago, causesOf, cells, created, schemaCausesOf, updated } from "./test-helpers";

/** What `kubectl create deployment nginx --image=nginx` sends. */
const kubectlCreate = () => ({
  kind: "Deployment",
  apiVersion: "apps/v1",
  metadata: { name: "nginx", creationTimestamp: null, labels: { app: "nginx" } },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: "nginx" } },
    template: { metadata: { creationTimestamp: null, labels: { app: "nginx" } }, spec: { containers: [{ name: "nginx", image: "nginx", resources: {} }] } },
    strategy: {},
  },
  status: {},
});

describe("deployments", () => {
  it("defaults a kubectl create deployment body like a real cluster", () => {
    const obj = created(deployments, kubectlCreate());
    expect(obj.spec).toEqual({
      progressDeadlineSeconds: 600,
      replicas: 1,
      revisionHistoryLimit: 10,
      selector: { matchLabels: { app: "nginx" } },
      strategy: { rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" }, type: "RollingUpdate" },
      template: {
        metadata: { creationTimestamp: null, labels: { app: "nginx" } },
        spec: {
          containers: [
            { image: "nginx", imagePullPolicy: "Always", name: "nginx", resources: {}, terminationMessagePath: "/dev/termination-log", terminationMessagePolicy: "File" },
          ],
          dnsPolicy: "ClusterFirst",
          restartPolicy: "Always",
          schedulerName: "default-scheduler",
          securityContext: {},
          terminationGracePeriodSeconds: 30,
        },
      },
    });
    expect(obj.status).toEqual({});
    expect(causesOf(deployments, obj)).toEqual([]);
    expect(schemaCausesOf(deployments, obj)).toEqual([]);
  });

  it("keeps Recreate without rollingUpdate and explicit zero replicas", () => {
    const body = kubectlCreate();
    Object.assign(body.spec, { replicas: 0, strategy: { type: "Recreate" } });
    const obj = created(deployments, body);
    expect((obj.spec as { strategy: unknown }).strategy).toEqual({ type: "Recreate" });
    expect((obj.spec as { replicas: number }).replicas).toBe(0);
  });

  it("prints READY, UP-TO-DATE, AVAILABLE and the wide columns", () => {
    const obj = created(deployments, kubectlCreate());
    Object.assign(obj.spec as object, { replicas: 3 });
    obj.status = { replicas: 3, updatedReplicas: 3, readyReplicas: 2, availableReplicas: 2 };
    (obj.metadata as { creationTimestamp: string }).creationTimestamp = ago(5 * 60_000);
    expect(cells(deployments, obj)).toEqual({ Name: "nginx", Ready: "2/3", "Up-to-date": 3, Available: 2, Age: "5m", Containers: "nginx", Images: "nginx", Selector: "app=nginx" });
    expect(deployments.columns.map((c) => [c.name, c.type, c.priority])).toEqual([
      ["Name", "string", 0],
      ["Ready", "string", 0],
      ["Up-to-date", "string", 0],
      ["Available", "string", 0],
      ["Age", "string", 0],
      ["Containers", "string", 1],
      ["Images", "string", 1],
      ["Selector", "string", 1],
    ]);
  });

  it("gives the Scale status selector as a label selector string", () => {
    const obj = created(deployments, kubectlCreate());
    (obj.spec as { selector: unknown }).selector = { matchLabels: { app: "web" }, matchExpressions: [{ key: "tier", operator: "In", values: ["b", "a"] }] };
    expect(deployments.scale?.selector?.(obj)).toBe("app=web,tier in (a,b)");
  });

  it("rejects a selector that does not select the template", () => {
    const body = kubectlCreate();
    body.spec.selector = { matchLabels: { app: "web" } };
    expect(causesOf(deployments, created(deployments, body))).toEqual([
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"nginx"}: `selector` does not match template `labels`',
    ]);
  });

  it("rejects restartPolicy OnFailure, negative replicas and a rollout that can never progress", () => {
    const body = kubectlCreate() as ReturnType<typeof kubectlCreate> & { spec: Record<string, unknown> };
    (body.spec.template as { spec: Record<string, unknown> }).spec.restartPolicy = "OnFailure";
    body.spec.replicas = -1;
    body.spec.strategy = { type: "RollingUpdate", rollingUpdate: { maxSurge: 0, maxUnavailable: "0%" } };
    expect(causesOf(deployments, created(deployments, body))).toEqual([
      "spec.replicas: Invalid value: -1: must be greater than or equal to 0",
      'spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"',
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"0%"}: may not be 0 when `maxSurge` is 0',
    ]);
  });

  it("requires a selector", () => {
    const body = kubectlCreate() as { spec: Record<string, unknown> };
    delete body.spec.selector;
    expect(causesOf(deployments, created(deployments, body as never))).toEqual(["spec.selector: Required value"]);
  });

  it("keeps the selector immutable and bumps generation on spec or annotation changes", () => {
    const old = created(deployments, kubectlCreate());
    const next = structuredClone(old) as { spec: Record<string, unknown>; metadata: Record<string, unknown> };
    next.spec.selector = { matchLabels: { app: "nginx", v: "2" } };
    (next.spec.template as { metadata: { labels: unknown } }).metadata.labels = { app: "nginx", v: "2" };
    expect(causesOf(deployments, updated(deployments, old, next as never), old)).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"nginx", "v":"2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ]);
    const annotated = structuredClone(old) as { metadata: Record<string, unknown> };
    annotated.metadata.annotations = { "kubernetes.io/change-cause": "x" };
    expect((updated(deployments, old, annotated as never).metadata as { generation: number }).generation).toBe(2);
  });

  it("leaves a value of the wrong type for the schema to reject as kube's decoder does", () => {
    const body = kubectlCreate() as { spec: Record<string, unknown> };
    body.spec.replicas = "3";
    const findings = deployments.schema?.(created(deployments, body as never));
    expect(findings?.decodeError).toContain("cannot unmarshal string into Go struct field .spec.replicas of type int32");
  });

  it("is served like kube-apiserver's deployments", () => {
    expect(deployments).toMatchObject({ plural: "deployments", singular: "deployment", shortNames: ["deploy"], categories: ["all"], namespaced: true });
    expect(deployments.subresources.map((s) => s.name)).toEqual(["status", "scale"]);
  });
});
