// The volume plugins in a real cluster Durable Object: a missing claim and an unbound immediate claim
// refuse the pod on every node (PreFilter's message), a pod whose claim is bound to a local-path volume
// goes back to that volume's node, and a ReadWriteOncePod claim in use fits nowhere. (The double period
// closing each message is kube-scheduler's: the preemption part ends with one and the separator adds one.)
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { clusterStub, newCluster, type ClusterClient } from "../../../worker/test-helpers";
import type { JsonObject } from "../apiserver/registry/types";
import type { ClusterDO } from "../cluster-do";
import { passTime } from "../testing";

const PODS = "/api/v1/namespaces/default/pods";
const PVCS = "/api/v1/namespaces/default/persistentvolumeclaims";

const settled = (c: ClusterClient, advanceMs = 3_000) => runInDurableObject(clusterStub(c.clusterId), (o: ClusterDO) => passTime(o, advanceMs, 250));

const pod = (name: string, claim: string, extra: JsonObject = {}): JsonObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name },
  spec: { containers: [{ name: "c", image: "nginx:1.25" }], volumes: [{ name: "data", persistentVolumeClaim: { claimName: claim } }], ...extra },
});
const claim = (name: string, spec: JsonObject = {}): JsonObject => ({ apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, ...spec } });
const scheduled = async (c: ClusterClient, name: string) => (await c.json(`${PODS}/${name}`)).body.status.conditions?.find((x: any) => x.type === "PodScheduled");

describe("volume plugins", () => {
  it("refuse a pod whose claim is missing or whose immediate claim is unbound, in PreFilter's words", async () => {
    const c = await newCluster();
    await c.send("POST", PODS, pod("orphan", "nope"));
    await c.send("POST", "/apis/storage.k8s.io/v1/storageclasses", { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: "manual" }, provisioner: "kubernetes.io/no-provisioner", volumeBindingMode: "Immediate" });
    await c.send("POST", PVCS, claim("waiting", { storageClassName: "manual" }));
    await c.send("POST", PODS, pod("patient", "waiting"));
    await settled(c);
    expect(await scheduled(c, "orphan")).toMatchObject({
      status: "False",
      reason: "Unschedulable",
      message: '0/4 nodes are available: persistentvolumeclaim "nope" not found. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling..',
    });
    expect((await scheduled(c, "patient")).message).toBe("0/4 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling..");
    // The claim appears: the pod is tried again and placed.
    await c.send("POST", PVCS, claim("nope"));
    await settled(c);
    expect((await c.json(`${PODS}/orphan`)).body.spec.nodeName).toMatch(/^node-\d$/);
  });

  it("sends a pod back to the node its local-path volume lives on, and keeps a ReadWriteOncePod claim to one pod", async () => {
    const c = await newCluster();
    await c.send("POST", PVCS, claim("home"));
    await c.send("POST", PODS, pod("first", "home"));
    await settled(c);
    const node = (await c.json(`${PODS}/first`)).body.spec.nodeName;
    expect(node).toMatch(/^node-\d$/);
    const pv = (await c.json("/api/v1/persistentvolumes")).body.items[0];
    expect(pv.spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].values).toEqual([node]);
    await c.send("DELETE", `${PODS}/first`);
    await settled(c, 40_000);
    for (const name of ["again-1", "again-2", "again-3"]) await c.send("POST", PODS, pod(name, "home"));
    await settled(c);
    for (const name of ["again-1", "again-2", "again-3"]) expect((await c.json(`${PODS}/${name}`)).body.spec.nodeName).toBe(node);
    const elsewhere = Object.fromEntries([["kubernetes.io/hostname", node === "node-1" ? "node-2" : "node-1"]]);
    await c.send("POST", PODS, pod("elsewhere", "home", { nodeSelector: elsewhere }));
    await c.send("POST", PVCS, claim("solo", { accessModes: ["ReadWriteOncePod"] }));
    await c.send("POST", PODS, pod("owner", "solo"));
    await settled(c);
    await c.send("POST", PODS, pod("second", "solo"));
    await settled(c);
    expect((await scheduled(c, "elsewhere")).message).toBe(
      "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 1 node(s) had volume node affinity conflict, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling..",
    );
    expect((await scheduled(c, "second")).message).toBe(
      "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod..",
    );
  });
});
