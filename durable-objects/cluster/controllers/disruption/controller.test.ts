// The disruption controller and the eviction subresource in a real cluster Durable Object: a budget's
// status from its pods and their controllers' scale, an eviction that takes a disruption, a refusal with
// kube's 429, budgets that cannot be computed, pods that ignore budgets, and two budgets for one pod.
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { clusterStub, newCluster, type ClusterClient } from "../../../../worker/test-helpers";
import type { JsonObject } from "../../apiserver/registry/types";
import type { ClusterDO } from "../../cluster-do";
import { passTime } from "../../testing";

const DEPLOYMENTS = "/apis/apps/v1/namespaces/default/deployments";
const PDBS = "/apis/policy/v1/namespaces/default/poddisruptionbudgets";
const PODS = "/api/v1/namespaces/default/pods";

const settled = (c: ClusterClient, advanceMs = 5_000) => runInDurableObject(clusterStub(c.clusterId), (o: ClusterDO) => passTime(o, advanceMs, 250));

const deployment = (name: string, replicas: number): JsonObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name },
  spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "web", image: "nginx:1.25" }] } } },
});
const pdb = (name: string, app: string, spec: JsonObject): JsonObject => ({ apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name }, spec: { selector: { matchLabels: { app } }, ...spec } });
const podsOf = async (c: ClusterClient, app: string) => ((await c.json(`${PODS}?labelSelector=app%3D${app}`)).body.items as any[]).filter((p) => !p.metadata.deletionTimestamp);
const evict = (c: ClusterClient, pod: string) => c.send("POST", `${PODS}/${pod}/eviction`, { apiVersion: "policy/v1", kind: "Eviction", metadata: { name: pod, namespace: "default" } });

describe("disruption controller and eviction", () => {
  it("computes a budget, lets one eviction through and refuses the next with kube's 429", async () => {
    const c = await newCluster();
    await c.send("POST", DEPLOYMENTS, deployment("web", 3));
    await c.send("POST", PDBS, pdb("web-pdb", "web", { minAvailable: 2 }));
    await settled(c);
    const status = (await c.json(`${PDBS}/web-pdb`)).body.status;
    expect(Object.keys(status)).toEqual(["observedGeneration", "disruptionsAllowed", "currentHealthy", "desiredHealthy", "expectedPods", "conditions"]);
    expect(status).toMatchObject({ observedGeneration: 1, disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3 });
    expect(status.conditions.map((x: any) => [x.type, x.status, x.observedGeneration, x.reason, x.message])).toEqual([["DisruptionAllowed", "True", 1, "SufficientPods", ""]]);

    const [first, second] = await podsOf(c, "web");
    const ok = await evict(c, first.metadata.name);
    expect(ok.status).toBe(201);
    expect(ok.body).toEqual({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", code: 201 });
    const taken = (await c.json(`${PDBS}/web-pdb`)).body.status;
    expect(taken.disruptionsAllowed).toBe(0);
    // disruptedPods held the pod until the controller saw it being deleted.
    expect(Object.keys(taken.disruptedPods ?? {}).filter((n) => n !== first.metadata.name)).toEqual([]);
    const refused = await evict(c, second.metadata.name);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBeNull();
    expect(refused.body).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      reason: "TooManyRequests",
      details: { causes: [{ reason: "DisruptionBudget", message: "The disruption budget web-pdb needs 2 healthy pods and has 2 currently" }] },
      code: 429,
    });
    expect((await c.json(`${PODS}/${second.metadata.name}`)).body.metadata.deletionTimestamp).toBeUndefined();
    // The replacement becomes ready: the budget allows one disruption again.
    await settled(c, 40_000);
    const again = (await c.json(`${PDBS}/web-pdb`)).body.status;
    expect(again).toMatchObject({ disruptionsAllowed: 1, currentHealthy: 3 });
    expect(again.disruptedPods).toBeUndefined();
    expect((await evict(c, second.metadata.name)).status).toBe(201);
  });

  it("counts maxUnavailable against the controller's scale; a bare pod makes the budget fail safe", async () => {
    const c = await newCluster();
    await c.send("POST", DEPLOYMENTS, deployment("api", 4));
    await c.send("POST", PDBS, pdb("api-pdb", "api", { maxUnavailable: "50%" }));
    await c.send("POST", PODS, { apiVersion: "v1", kind: "Pod", metadata: { name: "bare", labels: { app: "bare" } }, spec: { containers: [{ name: "c", image: "nginx:1.25" }] } });
    await c.send("POST", PDBS, pdb("bare-pdb", "bare", { maxUnavailable: 1 }));
    await settled(c);
    expect((await c.json(`${PDBS}/api-pdb`)).body.status).toMatchObject({ disruptionsAllowed: 2, currentHealthy: 4, desiredHealthy: 2, expectedPods: 4 });
    const bare = (await c.json(`${PDBS}/bare-pdb`)).body.status;
    expect(bare.disruptionsAllowed).toBe(0);
    expect(bare.conditions.map((x: any) => [x.status, x.reason, x.message])).toEqual([["False", "SyncFailed", 'found no controllers for pod "bare"']]);
    // A second budget over the same pods: the eviction subresource refuses to choose.
    await c.send("POST", PDBS, pdb("api-pdb-2", "api", { minAvailable: 1 }));
    await settled(c, 1_000);
    const [pod] = await podsOf(c, "api");
    const two = await evict(c, pod.metadata.name);
    expect(two.status).toBe(500);
    expect(two.body.message).toBe("Internal error occurred: This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
  });

  it("evicts a pending pod regardless of its budget, and answers 404 for a pod that does not exist", async () => {
    const c = await newCluster();
    await c.send("POST", PODS, { apiVersion: "v1", kind: "Pod", metadata: { name: "stuck", labels: { app: "stuck" } }, spec: { nodeSelector: { nowhere: "true" }, containers: [{ name: "c", image: "nginx:1.25" }] } });
    await c.send("POST", PDBS, pdb("stuck-pdb", "stuck", { minAvailable: 1 }));
    await settled(c, 1_000);
    expect((await evict(c, "stuck")).status).toBe(201);
    const missing = await evict(c, "ghost");
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe('pods "ghost" not found');
  });
});
