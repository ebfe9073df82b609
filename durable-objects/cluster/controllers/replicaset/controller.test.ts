// The ReplicaSet controller (and the ReplicationController manager) through the edge, with the
// cluster's scheduler and kubelets running: replicas kept, orphans adopted, non-matching pods
// released, scale-down deletes the most expendable pods first, status counts ready and available.
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { clusterStub, newCluster, type ClusterClient } from "../../../../worker/test-helpers";
import type { ClusterDO } from "../../cluster-do";
import { settle } from "../../testing";

const RS = "/apis/apps/v1/namespaces/default/replicasets";
const PODS = "/api/v1/namespaces/default/pods";

/** Runs the cluster's due work, then lets `advanceMs` of cluster time pass (the default "fast" kubelet needs a few hundred ms per pod). */
async function settled(c: ClusterClient, advanceMs = 5_000): Promise<void> {
  await runInDurableObject(clusterStub(c.clusterId), async (o: ClusterDO) => {
    await settle(o);
    for (let step = 0; step < advanceMs; step += 1_000) {
      o.clock.advance(Math.min(1_000, advanceMs - step));
      await settle(o);
    }
  });
}

const replicaSet = (name: string, replicas: number, extra: Record<string, unknown> = {}) => ({
  apiVersion: "apps/v1",
  kind: "ReplicaSet",
  metadata: { name },
  spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "c", image: "nginx" }] } }, ...extra },
});

const podsOf = async (c: ClusterClient, selector: string) => (await c.json(`${PODS}?labelSelector=${encodeURIComponent(selector)}`)).body.items as any[];

describe("replicaset controller", () => {
  it("creates pods from the template with a controller reference, and reports them in status", async () => {
    const c = await newCluster();
    const created = await c.send("POST", RS, replicaSet("web", 3));
    expect(created.status).toBe(201);
    await settled(c);
    const pods = await podsOf(c, "app=web");
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.metadata.ownerReferences).toEqual([{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "web", uid: created.body.metadata.uid, controller: true, blockOwnerDeletion: true }]);
      expect(p.status.phase).toBe("Running");
    }
    const rs = (await c.json(`${RS}/web`)).body;
    expect(rs.status).toEqual({ replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 });
    const events = (await c.json("/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dweb")).body.items;
    expect(events.filter((e: any) => e.reason === "SuccessfulCreate").map((e: any) => e.message).sort()).toEqual(pods.map((p) => `Created pod: ${p.metadata.name}`).sort());
  });

  it("adopts a matching orphan instead of creating, and releases a pod whose labels stop matching", async () => {
    const c = await newCluster();
    const orphan = { apiVersion: "v1", kind: "Pod", metadata: { name: "stray", labels: { app: "adopt" } }, spec: { containers: [{ name: "c", image: "nginx" }] } };
    expect((await c.send("POST", PODS, orphan)).status).toBe(201);
    await c.send("POST", RS, replicaSet("adopt", 2));
    await settled(c);
    const pods = await podsOf(c, "app=adopt");
    expect(pods).toHaveLength(2);
    const stray = pods.find((p) => p.metadata.name === "stray");
    expect(stray.metadata.ownerReferences[0]).toMatchObject({ kind: "ReplicaSet", name: "adopt", controller: true });

    const relabel = await c.send("PATCH", `${PODS}/stray`, { metadata: { labels: { app: "other" } } }, { "Content-Type": "application/merge-patch+json" });
    expect(relabel.status).toBe(200);
    await settled(c);
    const released = (await c.json(`${PODS}/stray`)).body;
    expect(released.metadata.ownerReferences).toBeUndefined();
    expect(await podsOf(c, "app=adopt")).toHaveLength(2); // a replacement was created
  });

  it("scales down by deleting unscheduled and not-ready pods before running ones", async () => {
    const c = await newCluster();
    await c.send("POST", RS, replicaSet("shrink", 2));
    await settled(c);
    const running = (await podsOf(c, "app=shrink")).map((p) => p.metadata.name);
    // A third replica that cannot be placed anywhere stays Pending and unscheduled.
    await c.send("PATCH", `${RS}/shrink`, { spec: { replicas: 3, template: { spec: { containers: [{ name: "c", image: "nginx", resources: { requests: { cpu: "64" } } }] } } } }, { "Content-Type": "application/strategic-merge-patch+json" });
    await settled(c);
    const all = await podsOf(c, "app=shrink");
    expect(all).toHaveLength(3);
    const pending = all.find((p) => !running.includes(p.metadata.name));
    expect(pending.spec.nodeName).toBeUndefined();
    await c.send("PATCH", `${RS}/shrink/scale`, { spec: { replicas: 2 } }, { "Content-Type": "application/merge-patch+json" });
    await settled(c);
    const left = (await podsOf(c, "app=shrink")).map((p) => p.metadata.name).sort();
    expect(left).toEqual([...running].sort());
  });

  it("counts a ready pod as available only after minReadySeconds", async () => {
    const c = await newCluster();
    await c.send("POST", RS, replicaSet("slow", 1, { minReadySeconds: 30 }));
    await settled(c);
    expect((await c.json(`${RS}/slow`)).body.status).toMatchObject({ replicas: 1, readyReplicas: 1 });
    expect((await c.json(`${RS}/slow`)).body.status.availableReplicas).toBeUndefined();
    await settled(c, 31_000);
    expect((await c.json(`${RS}/slow`)).body.status.availableReplicas).toBe(1);
  });

  it("manages ReplicationControllers with map selectors the same way", async () => {
    const c = await newCluster();
    const rc = { apiVersion: "v1", kind: "ReplicationController", metadata: { name: "legacy" }, spec: { replicas: 2, selector: { app: "legacy" }, template: { metadata: { labels: { app: "legacy" } }, spec: { containers: [{ name: "c", image: "redis" }] } } } };
    expect((await c.send("POST", "/api/v1/namespaces/default/replicationcontrollers", rc)).status).toBe(201);
    await settled(c);
    const pods = await podsOf(c, "app=legacy");
    expect(pods).toHaveLength(2);
    expect(pods[0].metadata.ownerReferences[0]).toMatchObject({ apiVersion: "v1", kind: "ReplicationController", name: "legacy" });
    expect((await c.json("/api/v1/namespaces/default/replicationcontrollers/legacy")).body.status).toMatchObject({ replicas: 2, readyReplicas: 2, availableReplicas: 2 });
    // Deleting the RC (background) lets the garbage collector remove its pods.
    await c.send("DELETE", "/api/v1/namespaces/default/replicationcontrollers/legacy");
    await settled(c, 60_000);
    expect(await podsOf(c, "app=legacy")).toEqual([]);
  });
});
