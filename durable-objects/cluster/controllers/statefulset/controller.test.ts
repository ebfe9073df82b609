// The StatefulSet controller in a real cluster Durable Object, with the scheduler, the volume binder and
// the kubelets running: the StatefulSet Basics sequence (ordered creation with claims, scaling in order,
// a RollingUpdate from the top, a partition, a deleted pod coming back to its claim), Parallel, history.
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { clusterStub, newCluster, type ClusterClient } from "../../../../worker/test-helpers";
import type { JsonObject } from "../../apiserver/registry/types";
import type { ClusterDO } from "../../cluster-do";
import { passTime } from "../../testing";

const STS = "/apis/apps/v1/namespaces/default/statefulsets";
const PODS = "/api/v1/namespaces/default/pods";
const PVCS = "/api/v1/namespaces/default/persistentvolumeclaims";
const REVISIONS = "/apis/apps/v1/namespaces/default/controllerrevisions";
const MERGE = { "Content-Type": "application/merge-patch+json" };

const settled = (c: ClusterClient, advanceMs = 5_000, stepMs = 250) => runInDurableObject(clusterStub(c.clusterId), (o: ClusterDO) => passTime(o, advanceMs, stepMs));

function web(spec: JsonObject = {}): JsonObject {
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name: "web" },
    spec: {
      serviceName: "nginx",
      replicas: 2,
      selector: { matchLabels: { app: "nginx" } },
      template: { metadata: { labels: { app: "nginx" } }, spec: { containers: [{ name: "nginx", image: "registry.k8s.io/nginx-slim:0.24", ports: [{ containerPort: 80, name: "web" }], volumeMounts: [{ name: "www", mountPath: "/usr/share/nginx/html" }] }] } },
      volumeClaimTemplates: [{ metadata: { name: "www" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } }],
      ...spec,
    },
  };
}

const pods = async (c: ClusterClient) =>
  ((await c.json(`${PODS}?labelSelector=app%3Dnginx`)).body.items as any[]).filter((p) => !p.metadata.deletionTimestamp).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
const names = async (c: ClusterClient) => (await pods(c)).map((p) => p.metadata.name);
const getSet = async (c: ClusterClient) => (await c.json(`${STS}/web`)).body;
const events = async (c: ClusterClient) =>
  ((await c.json(`/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dweb`)).body.items as any[]).map((e) => `${e.reason} ${e.message}`);

describe("statefulset controller", () => {
  it("creates web-0 then web-1 in order, each with its own bound claim and stable identity", async () => {
    const c = await newCluster();
    const created = await c.send("POST", STS, web());
    expect(created.status).toBe(201);
    await settled(c, 0);
    expect(await names(c)).toEqual(["web-0"]);
    await settled(c, 20_000);
    expect(await names(c)).toEqual(["web-0", "web-1"]);
    const [p0, p1] = await pods(c);
    const set = await getSet(c);
    const rev = set.status.updateRevision;
    expect(rev).toMatch(/^web-[a-z0-9]+$/);
    expect(set.status).toEqual({ observedGeneration: 1, replicas: 2, readyReplicas: 2, currentReplicas: 2, updatedReplicas: 2, currentRevision: rev, updateRevision: rev, collisionCount: 0, availableReplicas: 2 });
    expect(p0.metadata.labels).toEqual({ app: "nginx", "apps.kubernetes.io/pod-index": "0", "controller-revision-hash": rev, "statefulset.kubernetes.io/pod-name": "web-0" });
    expect(p0.spec.hostname).toBe("web-0");
    expect(p0.spec.subdomain).toBe("nginx");
    expect(p0.spec.volumes[0]).toEqual({ name: "www", persistentVolumeClaim: { claimName: "www-web-0" } });
    expect(p0.metadata.ownerReferences).toEqual([{ apiVersion: "apps/v1", kind: "StatefulSet", name: "web", uid: created.body.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    // web-1 was created only once web-0 was Running and Ready.
    const ready0 = p0.status.conditions.find((x: any) => x.type === "Ready").lastTransitionTime;
    expect(Date.parse(p1.metadata.creationTimestamp)).toBeGreaterThanOrEqual(Date.parse(ready0));
    const claims = ((await c.json(PVCS)).body.items as any[]).map((p) => `${p.metadata.name} ${p.status.phase} ${JSON.stringify(p.metadata.labels)}`).sort();
    expect(claims).toEqual(['www-web-0 Bound {"app":"nginx"}', 'www-web-1 Bound {"app":"nginx"}']);
    expect(await events(c)).toEqual([
      "SuccessfulCreate create Claim www-web-0 Pod web-0 in StatefulSet web success",
      "SuccessfulCreate create Pod web-0 in StatefulSet web successful",
      "SuccessfulCreate create Claim www-web-1 Pod web-1 in StatefulSet web success",
      "SuccessfulCreate create Pod web-1 in StatefulSet web successful",
    ]);
    const revisions = (await c.json(REVISIONS)).body.items as any[];
    expect(revisions.map((r) => `${r.metadata.name} ${r.revision}`)).toEqual([`${rev} 1`]);
    expect(revisions[0].metadata.labels["controller.kubernetes.io/hash"]).toBe(rev.slice(4));

    // Scale up, in order; scale down from the top; claims stay.
    await c.send("PATCH", `${STS}/web`, { spec: { replicas: 4 } }, MERGE);
    await settled(c, 0);
    expect(await names(c)).toEqual(["web-0", "web-1", "web-2"]);
    await settled(c, 20_000);
    expect(await names(c)).toEqual(["web-0", "web-1", "web-2", "web-3"]);
    await c.send("PATCH", `${STS}/web`, { spec: { replicas: 2 } }, MERGE);
    await settled(c, 80_000, 1_000);
    expect(await names(c)).toEqual(["web-0", "web-1"]);
    expect((await events(c)).filter((e) => e.startsWith("SuccessfulDelete"))).toEqual(["SuccessfulDelete delete Pod web-3 in StatefulSet web successful", "SuccessfulDelete delete Pod web-2 in StatefulSet web successful"]);
    expect(((await c.json(PVCS)).body.items as any[]).map((p) => p.metadata.name).sort()).toEqual(["www-web-0", "www-web-1", "www-web-2", "www-web-3"]);

    // A deleted pod comes back with the same name and claim.
    await c.send("DELETE", `${PODS}/web-0`);
    await settled(c, 60_000, 1_000);
    const again = (await c.json(`${PODS}/web-0`)).body;
    expect(again.metadata.uid).not.toBe(p0.metadata.uid);
    expect(again.spec.volumes[0].persistentVolumeClaim.claimName).toBe("www-web-0");
    expect(again.status.phase).toBe("Running");
  });

  it("rolls an update from the highest ordinal down, honours a partition, and keeps history", async () => {
    const c = await newCluster();
    await c.send("POST", STS, web({ replicas: 3, podManagementPolicy: "Parallel" }));
    await settled(c, 0);
    expect(await names(c)).toEqual(["web-0", "web-1", "web-2"]);
    await settled(c, 20_000);
    const first = (await getSet(c)).status.updateRevision;

    await c.send("PATCH", `${STS}/web`, { spec: { template: { spec: { containers: [{ name: "nginx", image: "registry.k8s.io/nginx-slim:0.27" }] } } } }, { "Content-Type": "application/strategic-merge-patch+json" });
    await settled(c, 200_000, 1_000);
    const set = await getSet(c);
    expect(set.status.currentRevision).toBe(set.status.updateRevision);
    expect(set.status.updateRevision).not.toBe(first);
    expect((await pods(c)).map((p) => p.spec.containers[0].image)).toEqual(Array(3).fill("registry.k8s.io/nginx-slim:0.27"));
    // One pod at a time, from the top: each is recreated and ready before the next goes.
    const [n0, n1, n2] = await pods(c);
    const readyAt = (p: any) => Date.parse(p.status.conditions.find((x: any) => x.type === "Ready").lastTransitionTime);
    const createdAt = (p: any) => Date.parse(p.metadata.creationTimestamp);
    expect(createdAt(n1)).toBeGreaterThanOrEqual(readyAt(n2));
    expect(createdAt(n0)).toBeGreaterThanOrEqual(readyAt(n1));

    // A partition of 2: only web-2 moves to the new template.
    await c.send("PATCH", `${STS}/web`, { spec: { updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 2 } }, template: { spec: { containers: [{ name: "nginx", image: "registry.k8s.io/nginx-slim:0.24" }] } } } }, { "Content-Type": "application/strategic-merge-patch+json" });
    await settled(c, 120_000, 1_000);
    expect((await pods(c)).map((p) => p.spec.containers[0].image)).toEqual(["registry.k8s.io/nginx-slim:0.27", "registry.k8s.io/nginx-slim:0.27", "registry.k8s.io/nginx-slim:0.24"]);
    const partitioned = await getSet(c);
    expect(partitioned.status).toMatchObject({ replicas: 3, currentReplicas: 2, updatedReplicas: 1 });
    // Going back to the first template reuses its revision, renumbered.
    expect(partitioned.status.updateRevision).toBe(first);
    const revisions = ((await c.json(REVISIONS)).body.items as any[]).map((r) => `${r.metadata.name}=${r.revision}`).sort();
    expect(revisions).toEqual([`${first}=3`, `${set.status.updateRevision}=2`].sort());
  });
});
