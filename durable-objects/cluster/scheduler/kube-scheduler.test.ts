// The scheduler loop in a cluster: binds through pods/binding with the Scheduled event, leaves a pod
// that fits nowhere Pending with the Unschedulable condition and FailedScheduling event, and places
// it once the cluster changes (here: a bigger node joins).
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { clusterStub, newCluster, type ClusterClient } from "../../../worker/test-helpers";
import type { ClusterDO } from "../cluster-do";
import { settle } from "../testing";

const PODS = "/api/v1/namespaces/default/pods";
const settled = (c: ClusterClient) => runInDurableObject(clusterStub(c.clusterId), (o: ClusterDO) => settle(o));
const pod = (name: string, cpu: string) => ({ apiVersion: "v1", kind: "Pod", metadata: { name }, spec: { containers: [{ name: "c", image: "nginx", resources: { requests: { cpu } } }] } });

describe("kube-scheduler loop", () => {
  it("binds a pod that fits, with PodScheduled=True and a Scheduled event", async () => {
    const c = await newCluster();
    await c.send("POST", PODS, pod("fits", "1"));
    await settled(c);
    const p = (await c.json(`${PODS}/fits`)).body;
    expect(p.spec.nodeName).toMatch(/^node-[123]$/);
    expect(p.status.conditions.find((x: any) => x.type === "PodScheduled")).toMatchObject({ status: "True" });
    const events = (await c.json(`/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dfits,reason%3DScheduled`)).body.items;
    expect(events.map((e: any) => [e.message, e.source.component])).toEqual([[`Successfully assigned default/fits to ${p.spec.nodeName}`, "default-scheduler"]]);
  });

  it("keeps an unschedulable pod Pending until a node it fits on joins", async () => {
    const c = await newCluster();
    await c.send("POST", PODS, pod("huge", "6"));
    await settled(c);
    let p = (await c.json(`${PODS}/huge`)).body;
    expect(p.spec.nodeName).toBeUndefined();
    expect(p.status.conditions).toEqual([
      expect.objectContaining({ type: "PodScheduled", status: "False", reason: "Unschedulable", message: "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.." }),
    ]);
    const node = { apiVersion: "v1", kind: "Node", metadata: { name: "big" }, status: { capacity: { cpu: "8", memory: "32Gi", pods: "110" } } };
    expect((await c.send("POST", "/api/v1/nodes", node)).status).toBe(201);
    await settled(c);
    p = (await c.json(`${PODS}/huge`)).body;
    expect(p.spec.nodeName).toBe("big");
  });

  it("preempts a lower-priority pod for a higher one on a full cluster, with the Preempted event, and takes its place", async () => {
    const c = await newCluster();
    const klass = (name: string, value: number) => ({ apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name }, value });
    await c.send("POST", "/apis/scheduling.k8s.io/v1/priorityclasses", klass("low", 10));
    await c.send("POST", "/apis/scheduling.k8s.io/v1/priorityclasses", klass("high", 1000));
    const withClass = (name: string, cpu: string, priorityClassName: string) => ({ ...pod(name, cpu), spec: { ...pod(name, cpu).spec, priorityClassName } });
    for (const n of [1, 2, 3]) await c.send("POST", PODS, withClass(`low-${n}`, "3500m", "low"));
    const advance = (seconds: number) =>
      runInDurableObject(clusterStub(c.clusterId), async (o: ClusterDO) => {
        for (let i = 0; i < seconds; i++) {
          o.clock.advance(1_000);
          await settle(o);
        }
      });
    // Running, so that a victim takes its grace period to go.
    await advance(10);
    expect((await c.json(PODS)).body.items.map((p: any) => p.status.phase)).toEqual(["Running", "Running", "Running"]);
    // Equal priority never preempts: the same pod with the low class waits.
    await c.send("POST", PODS, withClass("peer", "3", "low"));
    await settled(c);
    expect((await c.json(`${PODS}/peer`)).body.status.nominatedNodeName).toBeUndefined();
    await c.send("DELETE", `${PODS}/peer`);

    await c.send("POST", PODS, withClass("vip", "3", "high"));
    await settled(c);
    // nginx stops at once on SIGTERM, so the victim is gone within its grace period and the
    // preemptor, tried again, takes its place.
    await advance(2);
    const lows = (await c.json(PODS)).body.items.filter((p: any) => p.metadata.name.startsWith("low-")).map((p: any) => p.metadata.name);
    expect(lows).toHaveLength(2);
    const victim = ["low-1", "low-2", "low-3"].find((n) => !lows.includes(n))!;
    const vip = (await c.json(`${PODS}/vip`)).body;
    const preempted = (await c.json(`/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3D${victim},reason%3DPreempted`)).body.items;
    expect(preempted.map((e: any) => [e.message, e.source.component])).toEqual([[`Preempted by pod ${vip.metadata.uid} on node ${vip.spec.nodeName}`, "default-scheduler"]]);
    const failed = (await c.json(`/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dvip,reason%3DFailedScheduling`)).body.items;
    expect(failed[0].message).toBe("0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu.");
    expect(vip.status.phase).toBe("Running");
  });
});

