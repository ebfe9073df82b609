// ConfigMaps, Secrets, ServiceAccounts, Endpoints, Events, PVs, PVCs, LimitRanges, ResourceQuotas.
import { describe, expect, it } from "vitest";
import type { JsonObject } from "../types";
import { configmaps } from "./configmaps";
import { endpoints } from "./endpoints";
import { events } from "./events";
import { limitranges } from "./limitranges";
import { persistentvolumeclaims } from "./persistentvolumeclaims";
import { persistentvolumes } from "./persistentvolumes";
import { resourcequotas } from "./resourcequotas";
import { secrets } from "./secrets";
import { serviceaccounts } from "./serviceaccounts";
import { ago, causesOf, cells, created, updated } from "./test-helpers";

const meta = (name = "x") => ({ name, creationTimestamp: ago(3 * 3600_000) });

describe("configmaps", () => {
  it("prints the number of keys across data and binaryData", () => {
    expect(cells(configmaps, { metadata: meta("cfg"), data: { a: "1", b: "2" }, binaryData: { c: "AA==" } })).toEqual({ Name: "cfg", Data: 3, Age: "3h" });
    expect(cells(configmaps, { metadata: meta("empty") }).Data).toBe(0);
  });

  it("validates keys, duplicates across the two maps, and the 1 MiB limit", () => {
    const cm = created(configmaps, { metadata: { name: "cfg" }, data: { "bad key": "x", dup: "1", "..x": "y" }, binaryData: { dup: "AA==" } });
    expect(causesOf(configmaps, cm)).toEqual([
      "data[bad key]: Invalid value: \"bad key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
      "data[..x]: Invalid value: \"..x\": must not start with '..'",
      'data[dup]: Invalid value: "dup": duplicate of key present in binaryData',
      'binaryData[dup]: Invalid value: "dup": duplicate of key present in data',
    ]);
    const big = created(configmaps, { metadata: { name: "big" }, data: { a: "x".repeat(1024 * 1024 + 1) } });
    expect(causesOf(configmaps, big)).toEqual([": Too long: may not be more than 1048576 bytes"]);
  });

  it("freezes data once immutable", () => {
    const old = created(configmaps, { metadata: { name: "cfg" }, data: { a: "1" }, immutable: true });
    const next = updated(configmaps, old, { metadata: { name: "cfg" }, data: { a: "2" } });
    expect(causesOf(configmaps, next, old)).toEqual([
      "immutable: Forbidden: field is immutable when `immutable` is set",
      "data: Forbidden: field is immutable when `immutable` is set",
    ]);
  });
});

describe("secrets", () => {
  it("defaults the type, folds stringData into data, prints TYPE and DATA", () => {
    const s = created(secrets, { metadata: { name: "db" }, data: { user: "YWRtaW4=" }, stringData: { password: "s3cr€t" } });
    expect(s).toMatchObject({ type: "Opaque", data: { user: "YWRtaW4=", password: "czNjcuKCrHQ=" } });
    expect(s.stringData).toBeUndefined();
    expect(cells(secrets, s)).toMatchObject({ Name: "db", Type: "Opaque", Data: 2 });
    expect(secrets.selectableFields!.type!(s)).toBe("Opaque");
  });

  it("requires the keys of the well-known types", () => {
    const tls = created(secrets, { metadata: { name: "t" }, type: "kubernetes.io/tls", data: { "tls.crt": "AA==" } });
    expect(causesOf(secrets, tls)).toEqual(["data[tls.key]: Required value"]);
    const docker = created(secrets, { metadata: { name: "d" }, type: "kubernetes.io/dockerconfigjson", data: {} });
    expect(causesOf(secrets, docker)).toEqual(["data[.dockerconfigjson]: Required value"]);
    const notJson = created(secrets, { metadata: { name: "d" }, type: "kubernetes.io/dockerconfigjson", data: { ".dockerconfigjson": btoa("nope") } });
    expect(causesOf(secrets, notJson)).toEqual(['data[.dockerconfigjson]: Invalid value: "<secret contents redacted>": invalid character looking for beginning of value']);
    const token = created(secrets, { metadata: { name: "tok" }, type: "kubernetes.io/service-account-token" });
    expect(causesOf(secrets, token)).toEqual(["metadata.annotations[kubernetes.io/service-account.name]: Required value"]);
  });

  it("keeps the type and, once immutable, the data", () => {
    expect(secrets.immutableFields).toEqual(["type"]);
    const old = created(secrets, { metadata: { name: "s" }, data: { a: "AA==" }, immutable: true });
    const next = updated(secrets, old, { metadata: { name: "s" }, immutable: true, stringData: { a: "changed" } });
    expect(causesOf(secrets, next, old)).toEqual(["data: Forbidden: field is immutable when `immutable` is set"]);
  });
});

describe("serviceaccounts and endpoints", () => {
  it("prints SECRETS and describes the token subresource", () => {
    expect(cells(serviceaccounts, { metadata: meta("default"), secrets: [{ name: "t" }] })).toEqual({ Name: "default", Secrets: 1, Age: "3h" });
    expect(serviceaccounts.subresources).toEqual([{ name: "token", verbs: ["create"], kind: { group: "authentication.k8s.io", version: "v1", kind: "TokenRequest" } }]);
  });

  it("prints at most three endpoints, then how many more", () => {
    const ep = {
      metadata: meta("web"),
      subsets: [{ addresses: ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"].map((ip) => ({ ip })), ports: [{ port: 80, protocol: "TCP" }] }],
    };
    expect(cells(endpoints, ep).Endpoints).toBe("10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 1 more...");
    expect(cells(endpoints, { metadata: meta("none") }).Endpoints).toBe("<none>");
    expect(cells(endpoints, { metadata: meta("v6"), subsets: [{ addresses: [{ ip: "fd00::1" }], ports: [{ port: 80 }] }] }).Endpoints).toBe("[fd00::1]:80");
  });

  it("validates endpoint addresses and ports", () => {
    const ep = created(endpoints, { metadata: { name: "e" }, subsets: [{ addresses: [{ ip: "10.0.0.300" }], ports: [{ port: 80 }, { port: 0, name: "b" }] }] });
    expect(causesOf(endpoints, ep)).toEqual([
      'subsets[0].addresses[0].ip: Invalid value: "10.0.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
      "subsets[0].ports[0].name: Required value",
      "subsets[0].ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive",
    ]);
  });
});

describe("events", () => {
  const event = (extra: JsonObject = {}): JsonObject => ({
    metadata: { name: "web.1842", namespace: "default", creationTimestamp: ago(300_000) },
    involvedObject: { kind: "Pod", namespace: "default", name: "web", uid: "u1", apiVersion: "v1", fieldPath: "spec.containers{nginx}" },
    reason: "Pulled",
    message: "Successfully pulled image \"nginx\"\n",
    source: { component: "kubelet", host: "node-1" },
    firstTimestamp: ago(300_000),
    lastTimestamp: ago(30_000),
    count: 3,
    type: "Normal",
    ...extra,
  });

  it("prints kube's columns: LAST SEEN, TYPE, REASON, OBJECT, MESSAGE, and the wide ones", () => {
    expect(events.columns.map((c) => `${c.name}:${c.priority}`)).toEqual([
      "Last Seen:0", "Type:0", "Reason:0", "Object:0", "Subobject:1", "Source:1", "Message:0", "First Seen:1", "Count:1", "Name:1",
    ]);
    expect(cells(events, event())).toEqual({
      "Last Seen": "30s",
      Type: "Normal",
      Reason: "Pulled",
      Object: "pod/web",
      Subobject: "spec.containers{nginx}",
      Source: "kubelet, node-1",
      Message: 'Successfully pulled image "nginx"',
      "First Seen": "5m",
      Count: 3,
      Name: "web.1842",
    });
  });

  it("prints events of the events.k8s.io API (eventTime, series, reporting controller)", () => {
    const e = event({ firstTimestamp: null, lastTimestamp: null, count: 0, source: {}, eventTime: ago(600_000), reportingComponent: "default-scheduler", reportingInstance: "" });
    expect(cells(events, e)).toMatchObject({ "Last Seen": "10m", "First Seen": "10m", Count: 1, Source: "default-scheduler" });
    const series = event({ series: { count: 7, lastObservedTime: ago(5_000) } });
    expect(cells(events, series)).toMatchObject({ "Last Seen": "5s", Count: 7 });
  });

  it("selects on involvedObject fields, reason, source and type", () => {
    const read = (f: string) => events.selectableFields![f]!(event());
    expect(["involvedObject.kind", "involvedObject.name", "involvedObject.uid", "reason", "source", "type"].map(read)).toEqual(["Pod", "web", "u1", "Pulled", "kubelet", "Normal"]);
  });

  it("checks the involved object's namespace as legacy events do", () => {
    const e = created(events, event({ involvedObject: { kind: "Pod", namespace: "other", name: "web" } }));
    expect(causesOf(events, e)).toEqual(['involvedObject.namespace: Invalid value: "other": does not match event.namespace']);
  });
});

describe("persistent volumes and claims", () => {
  const pvBody = (): JsonObject => ({
    metadata: { name: "pv0" },
    spec: { capacity: { storage: "10240Mi" }, accessModes: ["ReadWriteOnce"], hostPath: { path: "/data" }, storageClassName: "standard" },
  });

  it("defaults a PV and creates it Pending", () => {
    const pv = created(persistentvolumes, pvBody());
    expect(pv.spec).toEqual({
      capacity: { storage: "10Gi" },
      accessModes: ["ReadWriteOnce"],
      hostPath: { path: "/data", type: "" },
      storageClassName: "standard",
      persistentVolumeReclaimPolicy: "Retain",
      volumeMode: "Filesystem",
    });
    expect(pv.status).toEqual({ phase: "Pending", lastPhaseTransitionTime: ago(60_000) });
    expect(causesOf(persistentvolumes, pv)).toEqual([]);
    expect(cells(persistentvolumes, pv)).toEqual({
      Name: "pv0",
      Capacity: "10Gi",
      "Access Modes": "RWO",
      "Reclaim Policy": "Retain",
      Status: "Pending",
      Claim: "",
      StorageClass: "standard",
      VolumeAttributesClass: "<unset>",
      Reason: "",
      Age: "60s",
      VolumeMode: "Filesystem",
    });
  });

  it("validates a PV and keeps its source", () => {
    const bad = created(persistentvolumes, { metadata: { name: "bad" }, spec: { accessModes: ["ReadWriteSometimes"] } });
    expect(causesOf(persistentvolumes, bad)).toEqual([
      "spec.capacity: Required value",
      'spec.accessModes: Unsupported value: "ReadWriteSometimes": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"',
      "spec: Required value: must specify a volume type",
    ]);
    const old = created(persistentvolumes, pvBody());
    const next = updated(persistentvolumes, old, { ...pvBody(), spec: { ...(pvBody().spec as JsonObject), hostPath: { path: "/other" } } });
    expect(causesOf(persistentvolumes, next, old)[0]).toMatch(/^spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after creation\n/);
  });

  const pvcBody = (storage = "1Gi"): JsonObject => ({ metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage } } } });

  it("defaults a claim, creates it Pending, prints capacity once bound", () => {
    const pvc = created(persistentvolumeclaims, pvcBody());
    expect(pvc.spec).toEqual({ accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, volumeMode: "Filesystem" });
    expect(pvc.status).toEqual({ phase: "Pending" });
    expect(cells(persistentvolumeclaims, pvc)).toMatchObject({ Status: "Pending", Volume: "", Capacity: "", "Access Modes": "", StorageClass: "", VolumeMode: "Filesystem" });
    const bound = { ...pvc, spec: { ...(pvc.spec as JsonObject), volumeName: "pv0", storageClassName: "standard" }, status: { phase: "Bound", capacity: { storage: "10Gi" }, accessModes: ["ReadWriteOnce", "ReadWriteMany"] } };
    expect(cells(persistentvolumeclaims, bound)).toMatchObject({ Status: "Bound", Volume: "pv0", Capacity: "10Gi", "Access Modes": "RWO,RWX", StorageClass: "standard" });
  });

  it("requires access modes and a storage request", () => {
    const pvc = created(persistentvolumeclaims, { metadata: { name: "c" }, spec: {} });
    expect(causesOf(persistentvolumeclaims, pvc)).toEqual(["spec.accessModes: Required value: at least 1 access mode is required", "spec.resources[storage]: Required value"]);
  });

  it("lets a bound claim grow, and nothing else change", () => {
    const old: JsonObject = { ...created(persistentvolumeclaims, pvcBody()), status: { phase: "Bound", capacity: { storage: "1Gi" } } };
    (old.spec as JsonObject).volumeName = "pv0";
    const grow = updated(persistentvolumeclaims, old, { ...pvcBody("2Gi"), spec: { ...(pvcBody("2Gi").spec as JsonObject), volumeName: "pv0" } });
    expect(causesOf(persistentvolumeclaims, grow, old)).toEqual([]);
    const shrink = updated(persistentvolumeclaims, old, { ...pvcBody("512Mi"), spec: { ...(pvcBody("512Mi").spec as JsonObject), volumeName: "pv0" } });
    expect(causesOf(persistentvolumeclaims, shrink, old)).toEqual(["spec.resources.requests.storage: Forbidden: field can not be less than status.capacity"]);
    const modes = updated(persistentvolumeclaims, old, { ...pvcBody(), spec: { ...(pvcBody().spec as JsonObject), volumeName: "pv0", accessModes: ["ReadWriteMany"] } });
    expect(causesOf(persistentvolumeclaims, modes, old)).toEqual([
      "spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims",
    ]);
  });
});

describe("limit ranges and quotas", () => {
  it("prints a LimitRange with NAME and CREATED AT, and defaults container limits", () => {
    expect(cells(limitranges, { metadata: { name: "lr", creationTimestamp: "2025-06-01T10:00:00Z" } })).toEqual({ Name: "lr", "Created At": "2025-06-01T10:00:00Z" });
    expect(limitranges.columns[1]).toMatchObject({ type: "date" });
    const lr = created(limitranges, { metadata: { name: "lr" }, spec: { limits: [{ type: "Container", max: { cpu: "2" }, min: { memory: "64Mi" } }] } });
    expect(lr.spec).toEqual({ limits: [{ type: "Container", max: { cpu: "2" }, min: { memory: "64Mi" }, default: { cpu: "2" }, defaultRequest: { cpu: "2", memory: "64Mi" } }] });
  });

  it("checks that min ≤ default ≤ max", () => {
    const lr = created(limitranges, { metadata: { name: "lr" }, spec: { limits: [{ type: "Pod", min: { cpu: "2" }, max: { cpu: "1" } }] } });
    expect(causesOf(limitranges, lr)).toEqual(['spec.limits[0].min[cpu]: Invalid value: "2": min value 2 is greater than max value 1']);
  });

  it("prints quota usage as used/hard, limits.* in LIMIT, AGE last", () => {
    const q = {
      metadata: meta("compute"),
      spec: { hard: { pods: "10" } },
      status: {
        hard: { "limits.cpu": "2", pods: "10", "requests.cpu": "1", "requests.memory": "1Gi" },
        used: { "limits.cpu": "500m", pods: "2", "requests.cpu": "250m", "requests.memory": "0" },
      },
    };
    expect(cells(resourcequotas, q)).toEqual({
      Name: "compute",
      Request: "pods: 2/10, requests.cpu: 250m/1, requests.memory: 0/1Gi",
      Limit: "limits.cpu: 500m/2",
      Age: "3h",
    });
    const fresh = created(resourcequotas, { metadata: { name: "q" }, spec: { hard: { "requests.memory": "1024Mi" } }, status: { hard: { x: "1" } } });
    expect(fresh).toMatchObject({ spec: { hard: { "requests.memory": "1Gi" } }, status: {} });
    expect(cells(resourcequotas, fresh)).toMatchObject({ Request: "", Limit: "" });
  });
});
