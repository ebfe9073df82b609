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
});
