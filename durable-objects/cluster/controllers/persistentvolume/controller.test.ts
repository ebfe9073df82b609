// The PersistentVolume controller and kind's local-path provisioner in a real cluster: static binding,
// WaitForFirstConsumer provisioning on the node the scheduler picked, Immediate provisioning, and
// reclaiming (Delete, Retain).
import { runInDurableObject } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { clusterStub, newCluster, type ClusterClient } from "../../../../worker/test-helpers";
import type { ClusterDO } from "../../cluster-do";
import { settle } from "../../testing";

const NS = "/api/v1/namespaces/default";
let c: ClusterClient;
const settled = () => runInDurableObject(clusterStub(c.clusterId), (o: ClusterDO) => settle(o));

const claim = (name: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: "v1",
  kind: "PersistentVolumeClaim",
  metadata: { name },
  spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, ...spec },
});
const events = async (name: string) => (await c.json(`${NS}/events?fieldSelector=involvedObject.name%3D${name}`)).body.items.map((e: any) => `${e.reason}: ${e.message}`);

beforeAll(async () => {
  c = await newCluster();
});

describe("binding", () => {
  it("binds a claim to the smallest static volume that fits, both ways", async () => {
    const pv = (name: string, size: string) => ({ apiVersion: "v1", kind: "PersistentVolume", metadata: { name }, spec: { storageClassName: "manual", capacity: { storage: size }, accessModes: ["ReadWriteOnce"], hostPath: { path: `/mnt/${name}` } } });
    await c.send("POST", "/api/v1/persistentvolumes", pv("big", "10Gi"));
    await c.send("POST", "/api/v1/persistentvolumes", pv("small", "2Gi"));
    await c.send("POST", "/api/v1/persistentvolumes", pv("tiny", "500Mi"));
    await settled();
    expect((await c.json("/api/v1/persistentvolumes/small")).body.status.phase).toBe("Available");
    await c.send("POST", `${NS}/persistentvolumeclaims`, claim("static", { storageClassName: "manual" }));
    await settled();
    const pvc = (await c.json(`${NS}/persistentvolumeclaims/static`)).body;
    expect(pvc.spec.volumeName).toBe("small");
    expect(pvc.status).toMatchObject({ phase: "Bound", capacity: { storage: "2Gi" }, accessModes: ["ReadWriteOnce"] });
    expect(pvc.metadata.annotations).toMatchObject({ "pv.kubernetes.io/bind-completed": "yes", "pv.kubernetes.io/bound-by-controller": "yes" });
    const small = (await c.json("/api/v1/persistentvolumes/small")).body;
    expect(small.status.phase).toBe("Bound");
    expect(small.spec.claimRef).toMatchObject({ kind: "PersistentVolumeClaim", namespace: "default", name: "static", uid: pvc.metadata.uid });
  });

  it("a claim of no class with no volume waits, saying why", async () => {
    await c.send("POST", `${NS}/persistentvolumeclaims`, claim("nothing", { storageClassName: "" }));
    await settled();
    expect((await c.json(`${NS}/persistentvolumeclaims/nothing`)).body.status.phase).toBe("Pending");
    expect(await events("nothing")).toContain("FailedBinding: no persistent volumes available for this claim and no storage class is set");
  });
});

describe("local-path provisioning", () => {
  it("WaitForFirstConsumer: waits, then provisions on the node the scheduler picked for the first pod", async () => {
    await c.send("POST", `${NS}/persistentvolumeclaims`, claim("data"));
    await settled();
    expect((await c.json(`${NS}/persistentvolumeclaims/data`)).body.status.phase).toBe("Pending");
    expect(await events("data")).toContain("WaitForFirstConsumer: waiting for first consumer to be created before binding");
    await c.send("POST", `${NS}/pods`, { apiVersion: "v1", kind: "Pod", metadata: { name: "user" }, spec: { containers: [{ name: "app", image: "nginx" }], volumes: [{ name: "d", persistentVolumeClaim: { claimName: "data" } }] } });
    await settled();
    const node = (await c.json(`${NS}/pods/user`)).body.spec.nodeName;
    const pvc = (await c.json(`${NS}/persistentvolumeclaims/data`)).body;
    expect(pvc.metadata.annotations["volume.kubernetes.io/selected-node"]).toBe(node);
    expect(pvc.status.phase).toBe("Bound");
    const pv = (await c.json(`/api/v1/persistentvolumes/${pvc.spec.volumeName}`)).body;
    expect(pv.metadata.name).toBe(`pvc-${pvc.metadata.uid}`);
    expect(pv.spec).toMatchObject({
      capacity: { storage: "1Gi" },
      persistentVolumeReclaimPolicy: "Delete",
      storageClassName: "standard",
      hostPath: { path: `/var/local-path-provisioner/pvc-${pvc.metadata.uid}_default_data`, type: "DirectoryOrCreate" },
      nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: [node] }] }] } },
    });
    expect(await events("data")).toEqual(expect.arrayContaining(["ProvisioningSucceeded: " + `Successfully provisioned volume pvc-${pvc.metadata.uid}`, 'Provisioning: External provisioner is provisioning volume for claim "default/data"']));
  });

  it("Immediate binds without a pod; a claim deleted frees its volume: Delete removes it, Retain leaves it Released", async () => {
    const sc = (name: string, reclaimPolicy: string) => ({ apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name }, provisioner: "rancher.io/local-path", reclaimPolicy, volumeBindingMode: "Immediate" });
    await c.send("POST", "/apis/storage.k8s.io/v1/storageclasses", sc("now", "Delete"));
    await c.send("POST", "/apis/storage.k8s.io/v1/storageclasses", sc("keep", "Retain"));
    await c.send("POST", `${NS}/persistentvolumeclaims`, claim("now", { storageClassName: "now" }));
    await c.send("POST", `${NS}/persistentvolumeclaims`, claim("keep", { storageClassName: "keep" }));
    await settled();
    const now = (await c.json(`${NS}/persistentvolumeclaims/now`)).body;
    const keep = (await c.json(`${NS}/persistentvolumeclaims/keep`)).body;
    expect([now.status.phase, keep.status.phase]).toEqual(["Bound", "Bound"]);
    await c.send("DELETE", `${NS}/persistentvolumeclaims/now`);
    await c.send("DELETE", `${NS}/persistentvolumeclaims/keep`);
    await settled();
    expect((await c.json(`/api/v1/persistentvolumes/${now.spec.volumeName}`)).status).toBe(404);
    const retained = (await c.json(`/api/v1/persistentvolumes/${keep.spec.volumeName}`)).body;
    expect(retained.status.phase).toBe("Released");
  });
});

describe("expansion", () => {
  it("a bound claim of an expandable class grows, volume and status; other claims are refused", async () => {
    const sc = (name: string, allowVolumeExpansion: boolean) => ({ apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name }, provisioner: "rancher.io/local-path", volumeBindingMode: "Immediate", allowVolumeExpansion });
    await c.send("POST", "/apis/storage.k8s.io/v1/storageclasses", sc("grow", true));
    await c.send("POST", "/apis/storage.k8s.io/v1/storageclasses", sc("fixed", false));
    await c.send("POST", `${NS}/persistentvolumeclaims`, claim("grows", { storageClassName: "grow" }));
    await c.send("POST", `${NS}/persistentvolumeclaims`, claim("fixed", { storageClassName: "fixed" }));
    await settled();
    const bigger = { spec: { resources: { requests: { storage: "3Gi" } } } };
    const MERGE = { "Content-Type": "application/merge-patch+json" };
    expect((await c.send("PATCH", `${NS}/persistentvolumeclaims/grows`, bigger, MERGE)).status).toBe(200);
    await settled();
    const grown = (await c.json(`${NS}/persistentvolumeclaims/grows`)).body;
    expect(grown.status.capacity).toEqual({ storage: "3Gi" });
    expect((await c.json(`/api/v1/persistentvolumes/${grown.spec.volumeName}`)).body.spec.capacity).toEqual({ storage: "3Gi" });
    expect(await events("grows")).toContain(`VolumeResizeSuccessful: MountVolume.NodeExpandVolume succeeded for volume "${grown.spec.volumeName}"`);
    const refused = await c.send("PATCH", `${NS}/persistentvolumeclaims/fixed`, bigger, MERGE);
    expect([refused.status, refused.body.message]).toEqual([403, 'persistentvolumeclaims "fixed" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize']);
    const pending = await c.send("PATCH", `${NS}/persistentvolumeclaims/nothing`, bigger, MERGE);
    // An unbound claim's spec is immutable: validation answers before admission could (kube's order).
    expect([pending.status, pending.body.message]).toEqual([422, 'PersistentVolumeClaim "nothing" is invalid: spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims']);
  });
});

