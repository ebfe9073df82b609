// The terminated-pod pass of the pod garbage collector, with a small threshold: the oldest finished
// pods beyond it are deleted when another pod finishes; running pods are never touched.
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { clusterStub, newCluster } from "../../../../worker/test-helpers";
import type { ClusterDO } from "../../cluster-do";
import { settle } from "../../testing";
import { PodGarbageCollector } from "./controller";

const PODS = "/api/v1/namespaces/default/pods";

describe("pod garbage collector", () => {
  it("keeps at most the threshold of finished pods, deleting the oldest first", async () => {
    const c = await newCluster();
    await runInDurableObject(clusterStub(c.clusterId), (o: ClusterDO) => {
      // A second collector with a threshold of 2, beside the cluster's own (1,000).
      new PodGarbageCollector({ store: o.store, registry: o.registry, clock: o.clock, limits: o.limits, activity: o.activity, user: { username: "system:serviceaccount:kube-system:pod-garbage-collector", groups: [] } } as never, o.timers, o.informers, 2);
    });
    const pod = (name: string, command: string, restartPolicy = "Never") => ({ apiVersion: "v1", kind: "Pod", metadata: { name }, spec: { restartPolicy, containers: [{ name: "c", image: "busybox:1.36", command: ["sh", "-c", command] }] } });
    await c.send("POST", PODS, pod("runner", "sleep 100000", "Always"));
    for (const name of ["done-1", "done-2", "done-3", "done-4"]) {
      await c.send("POST", PODS, pod(name, "echo ok"));
      await runInDurableObject(clusterStub(c.clusterId), async (o: ClusterDO) => {
        await settle(o);
        o.clock.advance(2_000);
        await settle(o);
      });
    }
    const names = ((await c.json(PODS)).body.items as any[]).map((p) => p.metadata.name).sort();
    expect(names).toEqual(["done-3", "done-4", "runner"]);
  });
});
