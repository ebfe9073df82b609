// ReplicationControllers, PodTemplates, the shared PodSpec defaulting, and the schemas of every kind.
import { describe, expect, it } from "vitest";
import type { JsonObject } from "../types";
import { coreTypes } from ".";
import { defaultPodSpec, defaultPodTemplateSpec, imageTag } from "./pod-spec-defaults";
import { podtemplates } from "./podtemplates";
import { replicationcontrollers } from "./replicationcontrollers";
import { causesOf, cells, created, updated } from "./test-helpers";

const template = (labels: JsonObject = { app: "web" }): JsonObject => ({ metadata: { labels }, spec: { containers: [{ name: "web", image: "nginx:1.27" }] } });

describe("replicationcontrollers", () => {
  it("defaults replicas, selector and labels from the template", () => {
    const rc = created(replicationcontrollers, { metadata: { name: "web" }, spec: { template: template() } });
    expect(rc.metadata).toMatchObject({ labels: { app: "web" }, generation: 1 });
    expect(rc.spec).toMatchObject({ replicas: 1, selector: { app: "web" }, template: { metadata: { creationTimestamp: null, labels: { app: "web" } } } });
    expect(rc.status).toEqual({ replicas: 0 });
    expect(causesOf(replicationcontrollers, rc)).toEqual([]);
  });

  it("reports a selector that misses the template, and a template restart policy other than Always", () => {
    const rc = created(replicationcontrollers, { metadata: { name: "web" }, spec: { selector: { app: "x" }, template: { ...template({ app: "y" }), spec: { containers: [{ name: "web", image: "nginx" }], restartPolicy: "Never" } } } });
    expect(causesOf(replicationcontrollers, rc)).toEqual([
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"y"}: `selector` does not match template `labels`',
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    ]);
  });

  it("prints DESIRED CURRENT READY AGE and the wide columns", () => {
    const rc = { ...created(replicationcontrollers, { metadata: { name: "web" }, spec: { replicas: 3, template: template() } }), status: { replicas: 3, readyReplicas: 2 } };
    expect(cells(replicationcontrollers, rc)).toEqual({ Name: "web", Desired: 3, Current: 3, Ready: 2, Age: "60s", Containers: "web", Images: "nginx:1.27", Selector: "app=web" });
  });

  it("is in category all, scales through autoscaling/v1 Scale, selects on status.replicas", () => {
    expect([replicationcontrollers.shortNames, replicationcontrollers.categories]).toEqual([["rc"], ["all"]]);
    expect(replicationcontrollers.subresources.map((s) => [s.name, s.kind?.kind])).toEqual([["scale", "Scale"], ["status", undefined]]);
    const rc = created(replicationcontrollers, { metadata: { name: "web" }, spec: { template: template({ app: "web", tier: "fe" }) } });
    expect(replicationcontrollers.scale!.selector!(rc)).toBe("app=web,tier=fe");
    expect(replicationcontrollers.selectableFields!["status.replicas"]!(rc)).toBe("0");
  });
});

describe("podtemplates", () => {
  it("defaults the template, prints its containers and labels, counts template changes", () => {
    const pt = created(podtemplates, { metadata: { name: "pt" }, template: template() });
    expect(cells(podtemplates, pt)).toEqual({ Name: "pt", Containers: "web", Images: "nginx:1.27", "Pod Labels": "app=web" });
    const next = updated(podtemplates, pt, { metadata: { name: "pt" }, template: { ...template(), spec: { containers: [{ name: "web", image: "nginx:1.28" }] } } });
    expect((next.metadata as JsonObject).generation).toBe(2);
    const same = updated(podtemplates, pt, { metadata: { name: "pt" }, template: template() });
    expect((same.metadata as JsonObject).generation).toBe(1);
  });

  it("validates the template's pod spec", () => {
    const pt = created(podtemplates, { metadata: { name: "pt" }, template: { spec: { containers: [] } } });
    expect(causesOf(podtemplates, pt)).toEqual(["template.spec.containers: Required value"]);
  });
});

describe("defaultPodSpec", () => {
  it("gives a kubectl create deployment template what a real cluster shows", () => {
    const tpl: JsonObject = { metadata: { creationTimestamp: null, labels: { app: "nginx" } }, spec: { containers: [{ name: "nginx", image: "nginx", resources: {} }] } };
    defaultPodTemplateSpec(tpl);
    expect(tpl).toEqual({
      metadata: { creationTimestamp: null, labels: { app: "nginx" } },
      spec: {
        containers: [{ image: "nginx", imagePullPolicy: "Always", name: "nginx", resources: {}, terminationMessagePath: "/dev/termination-log", terminationMessagePolicy: "File" }],
        dnsPolicy: "ClusterFirst",
        restartPolicy: "Always",
        schedulerName: "default-scheduler",
        securityContext: {},
        terminationGracePeriodSeconds: 30,
      },
    });
  });

  it("picks the pull policy from the image tag", () => {
    expect(["nginx", "nginx:latest", "nginx:1.27", "registry:5000/app", "registry:5000/app:v1", "nginx@sha256:abc"].map(imageTag)).toEqual([
      "latest", "latest", "1.27", "latest", "v1", "",
    ]);
  });

  it("defaults ports, probes, env field refs and volume sources", () => {
    const spec: JsonObject = {
      containers: [
        {
          name: "c",
          image: "app:v1",
          ports: [{ containerPort: 8080 }],
          env: [{ name: "NODE", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } }],
          livenessProbe: { httpGet: { port: 8080 } },
          readinessProbe: { grpc: { port: 9000 }, periodSeconds: 5 },
          lifecycle: { preStop: { httpGet: { port: 80 } } },
        },
      ],
      volumes: [
        { name: "cfg", configMap: { name: "cfg" } },
        { name: "sec", secret: { secretName: "s", defaultMode: 256 } },
        { name: "scratch" },
        { name: "host", hostPath: { path: "/var/log" } },
        { name: "token", projected: { sources: [{ serviceAccountToken: { path: "token" } }, { downwardAPI: { items: [{ path: "ns", fieldRef: { fieldPath: "metadata.namespace" } }] } }] } },
      ],
    };
    defaultPodSpec(spec);
    expect((spec.containers as JsonObject[])[0]).toMatchObject({
      imagePullPolicy: "IfNotPresent",
      ports: [{ containerPort: 8080, protocol: "TCP" }],
      env: [{ valueFrom: { fieldRef: { apiVersion: "v1", fieldPath: "spec.nodeName" } } }],
      livenessProbe: { httpGet: { port: 8080, path: "/", scheme: "HTTP" }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
      readinessProbe: { grpc: { port: 9000, service: "" }, periodSeconds: 5 },
      lifecycle: { preStop: { httpGet: { port: 80, path: "/", scheme: "HTTP" } } },
    });
    expect(spec.volumes).toEqual([
      { name: "cfg", configMap: { name: "cfg", defaultMode: 420 } },
      { name: "sec", secret: { secretName: "s", defaultMode: 256 } },
      { name: "scratch", emptyDir: {} },
      { name: "host", hostPath: { path: "/var/log", type: "" } },
      {
        name: "token",
        projected: {
          defaultMode: 420,
          sources: [
            { serviceAccountToken: { path: "token", expirationSeconds: 3600 } },
            { downwardAPI: { items: [{ path: "ns", fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" } }] } },
          ],
        },
      },
    ]);
  });

  it("mirrors serviceAccountName into the deprecated serviceAccount", () => {
    const spec: JsonObject = { serviceAccountName: "builder", containers: [] };
    defaultPodSpec(spec);
    expect(spec.serviceAccount).toBe("builder");
    const legacy: JsonObject = { serviceAccount: "old", containers: [] };
    defaultPodSpec(legacy);
    expect(legacy.serviceAccountName).toBe("old");
  });
});

describe("every core kind", () => {
  it("has its OpenAPI name, a Name column, and a schema that accepts what defaulting produced", () => {
    const bodies: Record<string, JsonObject> = {
      Pod: { spec: { containers: [{ name: "c", image: "nginx" }] } },
      Service: { spec: { ports: [{ port: 80 }] } },
      ReplicationController: { spec: { template: template() } },
      PodTemplate: { template: template() },
      Event: { involvedObject: { kind: "Pod", name: "p", namespace: "default" }, reason: "Created", message: "m" },
      PersistentVolume: { spec: { capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOnce"], hostPath: { path: "/d" } } },
      PersistentVolumeClaim: { spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } },
    };
    for (const rt of coreTypes) {
      expect(rt.openapiName, rt.kind).toBe(`io.k8s.api.core.v1.${rt.kind}`);
      expect(rt.columns.some((c) => c.name === "Name" && c.format === "name"), rt.kind).toBe(true);
      if (rt.kind === "Namespace") continue;
      const obj = created(rt, { apiVersion: "v1", kind: rt.kind, metadata: { name: "x" }, ...(bodies[rt.kind] ?? {}) });
      expect(rt.schema!(obj), rt.kind).toEqual({ causes: [] });
      expect(causesOf(rt, obj), rt.kind).toEqual([]);
    }
  });

  it("reports schema type errors as kube's decode error", () => {
    const pod = coreTypes.find((t) => t.kind === "Pod")!;
    const findings = pod.schema!({ apiVersion: "v1", kind: "Pod", metadata: { name: "x" }, spec: { containers: [{ name: "c", image: 5 }] } });
    expect(findings.decodeError).toContain("cannot unmarshal number into Go struct field .spec.containers[0].image of type string");
  });
});
