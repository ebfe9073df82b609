import { describe, expect, it } from "vitest";
import { statefulsets } from "./statefulsets";
import { causesOf, cells, created, schemaCausesOf, updated } from "./test-helpers";

const body = () => ({
  apiVersion: "apps/v1",
  kind: "StatefulSet",
  metadata: { name: "web" },
  spec: {
    serviceName: "web",
    replicas: 3,
    selector: { matchLabels: { app: "web" } },
    template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "nginx", image: "nginx:1.27" }] } },
    volumeClaimTemplates: [{ metadata: { name: "www" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } }],
  },
});

describe("statefulsets", () => {
  it("defaults as SetDefaults_StatefulSet does, claim templates written as PVCs", () => {
    const obj = created(statefulsets, body());
    expect(obj.spec).toMatchObject({
      podManagementPolicy: "OrderedReady",
      updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 0 } },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
      replicas: 3,
      revisionHistoryLimit: 10,
      volumeClaimTemplates: [
        {
          apiVersion: "v1",
          kind: "PersistentVolumeClaim",
          metadata: { creationTimestamp: null, name: "www" },
          spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, volumeMode: "Filesystem" },
          status: { phase: "Pending" },
        },
      ],
    });
    expect(obj.status).toEqual({ replicas: 0, availableReplicas: 0 });
    expect(causesOf(statefulsets, obj)).toEqual([]);
    expect(schemaCausesOf(statefulsets, obj)).toEqual([]);
  });

  it("prints READY as ready/desired", () => {
    const obj = created(statefulsets, body());
    obj.status = { replicas: 3, readyReplicas: 1 };
    expect(cells(statefulsets, obj)).toMatchObject({ Name: "web", Ready: "1/3", Containers: "nginx", Images: "nginx:1.27" });
    expect(statefulsets.columns.map((c) => c.name)).toEqual(["Name", "Ready", "Age", "Containers", "Images"]);
  });

  it("forbids changing anything but the mutable spec fields", () => {
    const old = created(statefulsets, body());
    const next = structuredClone(old) as { spec: Record<string, unknown> };
    next.spec.replicas = 5;
    expect(causesOf(statefulsets, updated(statefulsets, old, next as never), old)).toEqual([]);
    next.spec.serviceName = "other";
    expect(causesOf(statefulsets, updated(statefulsets, old, next as never), old)).toEqual([
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ]);
  });

  it("rejects an empty selector and a bad pod management policy", () => {
    const b = body() as { spec: Record<string, unknown> };
    b.spec.selector = {};
    b.spec.podManagementPolicy = "Random";
    expect(causesOf(statefulsets, created(statefulsets, b as never))).toEqual([
      'spec.podManagementPolicy: Invalid value: "Random": must be \'OrderedReady\' or \'Parallel\'',
      "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for statefulset",
    ]);
  });
});

describe("statefulset names", () => {
  it("must be DNS labels on create", () => {
    const b = body();
    b.metadata.name = "web.v1";
    expect(causesOf(statefulsets, created(statefulsets, b))).toEqual([
      "metadata.name: Invalid value: \"web.v1\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });
});
