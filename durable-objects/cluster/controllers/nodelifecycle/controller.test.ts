// A node that fails and comes back, in a real cluster Durable Object: the node lifecycle controller's
// Unknown conditions and unreachable taints after the grace period, pods marked not ready, the taint
// eviction controller deleting them 300 s later (DaemonSet pods stay), and the kubelet catching up when
// the fault is lifted.
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { clusterStub, newCluster, type ClusterClient } from "../../../../worker/test-helpers";
import type { ClusterDO } from "../../cluster-do";
import { passTime } from "../../testing";

const MERGE = { "Content-Type": "application/merge-patch+json" };

const pass = (c: ClusterClient, advanceMs: number, stepMs = 1_000) => runInDurableObject(clusterStub(c.clusterId), (o: ClusterDO) => passTime(o, advanceMs, stepMs));

const node = async (c: ClusterClient) => (await c.json("/api/v1/nodes/node-1")).body;
const ready = (n: any) => n.status.conditions.find((x: any) => x.type === "Ready");
const podsOn = async (c: ClusterClient, selector: string) =>
  ((await c.json(`/api/v1/pods?labelSelector=${encodeURIComponent(selector)}&fieldSelector=spec.nodeName%3Dnode-1`)).body.items as any[]);

describe("node lifecycle", () => {
  it("a partitioned node goes Unknown after 50 s, its pods are evicted after 300 s, and it comes back", async () => {
    const c = await newCluster();
    await c.send("POST", "/apis/apps/v1/namespaces/default/deployments", {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "pinned" },
      spec: { replicas: 2, selector: { matchLabels: { app: "pinned" } }, template: { metadata: { labels: { app: "pinned" } }, spec: { nodeSelector: { "kubernetes.io/hostname": "node-1" }, containers: [{ name: "web", image: "nginx:1.25" }] } } },
    });
    await pass(c, 10_000);
    const before = await podsOn(c, "app=pinned");
    expect(before.map((p) => p.status.phase)).toEqual(["Running", "Running"]);

    expect((await c.send("PATCH", "/api/v1/nodes/node-1", { metadata: { annotations: { "kubedo.dev/fault": "partitioned" } } }, MERGE)).status).toBe(200);
    await pass(c, 45_000);
    expect(ready(await node(c)).status).toBe("True");
    await pass(c, 10_000);
    const down = await node(c);
    expect(ready(down)).toMatchObject({ status: "Unknown", reason: "NodeStatusUnknown", message: "Kubelet stopped posting node status." });
    expect(down.status.conditions.map((x: any) => x.status)).toEqual(["Unknown", "Unknown", "Unknown", "Unknown"]);
    expect(down.spec.taints.map((t: any) => `${t.key}:${t.effect}:${t.timeAdded ? "timed" : "-"}`)).toEqual(["node.kubernetes.io/unreachable:NoExecute:timed", "node.kubernetes.io/unreachable:NoSchedule:-"]);
    const notReady = await podsOn(c, "app=pinned");
    expect(notReady.map((p) => p.status.conditions.find((x: any) => x.type === "Ready").status)).toEqual(["False", "False"]);
    const nodeEvents = ((await c.json("/api/v1/events?fieldSelector=involvedObject.name%3Dnode-1")).body.items as any[]).map((e) => `${e.reason} ${e.message}`);
    expect(nodeEvents).toContain("NodeNotReady Node node-1 status is now: NodeNotReady");

    // 300 s after the taint (the default toleration), the pods are evicted; the kubelet is not there to finish them.
    await pass(c, 290_000, 5_000);
    expect((await podsOn(c, "app=pinned")).every((p) => !p.metadata.deletionTimestamp)).toBe(true);
    await pass(c, 15_000);
    const evicted = await podsOn(c, "app=pinned");
    const terminating = evicted.filter((p) => p.metadata.deletionTimestamp);
    expect(terminating.map((p) => p.metadata.name).sort()).toEqual(before.map((p) => p.metadata.name).sort());
    for (const p of terminating) expect(p.status.conditions.find((x: any) => x.type === "DisruptionTarget")).toMatchObject({ status: "True", reason: "DeletionByTaintManager", message: "Taint manager: deleting due to NoExecute taint" });
    // The DaemonSet's pod tolerates unreachable forever.
    const proxy = await podsOn(c, "k8s-app=kube-proxy");
    expect(proxy).toHaveLength(1);
    expect(proxy[0].metadata.deletionTimestamp).toBeUndefined();
    // Replacements wait: the only node they may use is tainted NoSchedule.
    const replacements = ((await c.json("/api/v1/namespaces/default/pods?labelSelector=app%3Dpinned")).body.items as any[]).filter((p) => !p.metadata.deletionTimestamp);
    expect(replacements.map((p) => p.status.phase)).toEqual(["Pending", "Pending"]);

    // The fault is lifted: the kubelet posts Ready, the taints go, the evicted pods finish and the replacements run.
    await c.send("PATCH", "/api/v1/nodes/node-1", { metadata: { annotations: { "kubedo.dev/fault": null } } }, MERGE);
    await pass(c, 60_000);
    const back = await node(c);
    expect(ready(back)).toMatchObject({ status: "True", reason: "KubeletReady" });
    expect(back.spec.taints).toBeUndefined();
    const after = await podsOn(c, "app=pinned");
    expect(after.map((p) => [p.metadata.deletionTimestamp ?? null, p.status.phase])).toEqual([[null, "Running"], [null, "Running"]]);
    expect(after.map((p) => p.metadata.name).some((n) => before.some((b) => b.metadata.name === n))).toBe(false);
  });

  it("a stopped node reboots when the fault is lifted: a new boot id, and its containers restarted", async () => {
    const c = await newCluster();
    await c.send("POST", "/api/v1/namespaces/default/pods", { apiVersion: "v1", kind: "Pod", metadata: { name: "survivor" }, spec: { nodeName: "node-1", containers: [{ name: "web", image: "nginx:1.25" }] } });
    await pass(c, 10_000);
    const bootBefore = (await node(c)).status.nodeInfo.bootID;
    await c.send("PATCH", "/api/v1/nodes/node-1", { metadata: { annotations: { "kubedo.dev/fault": "stopped" } } }, MERGE);
    await pass(c, 60_000);
    expect(ready(await node(c)).status).toBe("Unknown");
    await c.send("PATCH", "/api/v1/nodes/node-1", { metadata: { annotations: { "kubedo.dev/fault": null } } }, MERGE);
    await pass(c, 30_000);
    const back = await node(c);
    expect(ready(back).status).toBe("True");
    expect(back.status.nodeInfo.bootID).not.toBe(bootBefore);
    const events = ((await c.json("/api/v1/events?fieldSelector=involvedObject.name%3Dnode-1")).body.items as any[]).map((e) => `${e.type} ${e.reason}`);
    expect(events).toEqual(expect.arrayContaining(["Warning Rebooted", "Normal NodeReady"]));
    const pod = (await c.json("/api/v1/namespaces/default/pods/survivor")).body;
    expect(pod.status.phase).toBe("Running");
    const status = pod.status.containerStatuses[0];
    expect(status.restartCount).toBe(1);
    expect(status.lastState.terminated).toMatchObject({ exitCode: 255, reason: "Unknown" });
    expect(status.state.running).toBeDefined();
  });
});
