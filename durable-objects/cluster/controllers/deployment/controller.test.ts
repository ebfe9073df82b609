// The controller inside a real cluster Durable Object (store, registry, API handlers), synced by hand.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { clusterStub, newCluster } from "../../../../worker/test-helpers";
import type { ApiContext } from "../../apiserver/context";
import { createObject } from "../../apiserver/handlers/create";
import { storagePrefix } from "../../apiserver/registry";
import type { JsonObject, ResourceType } from "../../apiserver/registry/types";
import type { ClusterDO } from "../../cluster-do";
import { InformerFactory } from "../runtime/informer";
import { DeploymentController } from "./controller";

const user = { username: "system:serviceaccount:kube-system:deployment-controller", groups: ["system:serviceaccounts", "system:authenticated"] };

function webDeployment(name: string, replicas: number): JsonObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "c", image: "nginx:1" }] } },
    },
  };
}

/** A fresh cluster, and inside its Durable Object a DeploymentController of its own (synced by hand). */
async function withController(
  body: (t: { o: ClusterDO; api: ApiContext; dc: DeploymentController; deployments: ResourceType; replicasets: ResourceType }) => void,
): Promise<void> {
  const c = await newCluster();
  expect((await c.json("/api/v1/namespaces/default")).status).toBe(200);
  await runInDurableObject(clusterStub(c.clusterId), (o: ClusterDO) => {
    const api: ApiContext = { store: o.store, registry: o.registry, clock: o.clock, user };
    body({
      o,
      api,
      dc: new DeploymentController(api, o.timers, new InformerFactory(o.store)),
      deployments: o.registry.resource("apps", "v1", "deployments")!,
      replicasets: o.registry.resource("apps", "v1", "replicasets")!,
    });
  });
}

describe("DeploymentController in a cluster", () => {
  it("creates the new ReplicaSet, adopts a matching orphan and writes status", async () => {
    await withController(({ o, api, dc, deployments, replicasets }) => {
      const q = () => new URLSearchParams();
      const listRS = () => o.store.list(storagePrefix(replicasets, "default")).items.map((kv) => kv.value as any);

      // An orphan RS that the deployment's selector matches, with another template.
      createObject(api, {
        rt: replicasets,
        namespace: "default",
        query: q(),
        body: {
          apiVersion: "apps/v1",
          kind: "ReplicaSet",
          metadata: { name: "orphan", labels: { app: "web" } },
          spec: { replicas: 0, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "c", image: "old" }] } } },
        },
      });
      const created = createObject(api, { rt: deployments, namespace: "default", query: q(), body: webDeployment("web", 3) }).body as any;
      dc.sync("default/web");

      const rss = listRS();
      const orphan = rss.find((rs) => rs.metadata.name === "orphan");
      expect(orphan.metadata.ownerReferences).toEqual([{ apiVersion: "apps/v1", kind: "Deployment", name: "web", uid: created.metadata.uid, controller: true, blockOwnerDeletion: true }]);
      const fresh = rss.find((rs) => rs.metadata.name !== "orphan");
      const hash = fresh.metadata.labels["pod-template-hash"];
      expect(fresh.metadata.name).toBe(`web-${hash}`);
      expect(fresh.spec.replicas).toBe(3);
      expect(fresh.spec.selector.matchLabels).toEqual({ app: "web", "pod-template-hash": hash });
      expect(fresh.metadata.annotations["deployment.kubernetes.io/revision"]).toBe("1");

      dc.sync("default/web");
      const d = o.store.list(storagePrefix(deployments, "default")).items[0]!.value as any;
      expect(d.metadata.annotations["deployment.kubernetes.io/revision"]).toBe("1");
      expect(d.metadata.generation).toBe(1); // status writes do not bump generation
      expect(d.status.observedGeneration).toBe(1);
      expect(d.status.conditions.find((x: any) => x.type === "Progressing")).toMatchObject({ reason: "NewReplicaSetCreated", message: `Created new replica set "web-${hash}"` });

      const events = o.store.list(storagePrefix(o.registry.resource("", "v1", "events")!, "default")).items.map((kv) => (kv.value as any).message);
      expect(events).toContain(`Scaled up replica set web-${hash} from 0 to 3`);
    });
  });

  it("releases an owned ReplicaSet whose labels no longer match", async () => {
    await withController(({ o, api, dc, deployments, replicasets }) => {
      const d = createObject(api, { rt: deployments, namespace: "default", query: new URLSearchParams(), body: webDeployment("api", 1) }).body as any;
      createObject(api, {
        rt: replicasets,
        namespace: "default",
        query: new URLSearchParams(),
        body: {
          apiVersion: "apps/v1",
          kind: "ReplicaSet",
          metadata: { name: "stray", labels: { app: "other" }, ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: "api", uid: d.metadata.uid, controller: true }] },
          spec: { replicas: 0, selector: { matchLabels: { app: "other" } }, template: { metadata: { labels: { app: "other" } }, spec: { containers: [{ name: "c", image: "x" }] } } },
        },
      });
      dc.sync("default/api");
      const stray = o.store.list(storagePrefix(replicasets, "default")).items.map((kv) => kv.value as any).find((rs) => rs.metadata.name === "stray");
      expect(stray.metadata.ownerReferences).toBeUndefined();
    });
  });
});

describe("a rollout through the API, with the cluster's ReplicaSet controller and kubelet", () => {
  it("completes, then rolls to a new image", async () => {
    const c = await newCluster();
    const base = "/apis/apps/v1/namespaces/default/deployments";
    const stub = clusterStub(c.clusterId);
    const complete = (d: any) =>
      d.status?.observedGeneration >= d.metadata.generation && d.status?.updatedReplicas === 2 && d.status?.replicas === 2 && d.status?.availableReplicas === 2;
    async function until(done: (d: any) => boolean) {
      for (let i = 0; i < 120; i++) {
        const d = (await c.json(`${base}/roll`)).body;
        if (done(d)) return d;
        await runInDurableObject(stub, (o: ClusterDO) => o.clock.advance(1_000));
        await runDurableObjectAlarm(stub);
      }
      return (await c.json(`${base}/roll`)).body;
    }
    expect((await c.send("POST", base, webDeployment("roll", 2))).status).toBe(201);
    const first = await until(complete);
    expect(first.status).toMatchObject({ replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 });

    const patched = await c.send("PATCH", `${base}/roll`, { spec: { template: { spec: { containers: [{ name: "c", image: "nginx:1.27" }] } } } }, { "Content-Type": "application/strategic-merge-patch+json" });
    expect(patched.status).toBe(200);
    const second = await until((d) => complete(d) && d.metadata.annotations?.["deployment.kubernetes.io/revision"] === "2");
    expect(second.status.conditions.find((x: any) => x.type === "Progressing")).toMatchObject({ status: "True", reason: "NewReplicaSetAvailable" });
    const rss = (await c.json("/apis/apps/v1/namespaces/default/replicasets")).body.items;
    expect(rss.map((rs: any) => rs.spec.replicas).sort()).toEqual([0, 2]);
  });
});
