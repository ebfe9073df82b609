// The DaemonSet controller in a real cluster Durable Object, through the edge, with the cluster's
// scheduler and kubelets running: one pod per eligible node, node changes, rolling updates (maxUnavailable
// and maxSurge, checked at every commit), OnDelete, history and undo, status, failed pods, idleness.
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { clusterStub, newCluster, type ClusterClient } from "../../../../worker/test-helpers";
import { storagePrefix } from "../../apiserver/registry";
import type { JsonObject } from "../../apiserver/registry/types";
import type { ClusterDO } from "../../cluster-do";
import { settle } from "../../testing";

const DS = "/apis/apps/v1/namespaces/default/daemonsets";
const PODS = "/api/v1/namespaces/default/pods";
const REVISIONS = "/apis/apps/v1/namespaces/default/controllerrevisions";
const NODES = "/api/v1/nodes";
const MERGE = { "Content-Type": "application/merge-patch+json" };
const SMP = { "Content-Type": "application/strategic-merge-patch+json" };

async function inCluster<T>(c: ClusterClient, fn: (o: ClusterDO) => Promise<T> | T): Promise<T> {
  return runInDurableObject(clusterStub(c.clusterId), fn);
}

/** Runs the cluster's due work, then lets `advanceMs` of cluster time pass in 250 ms steps. */
async function settled(c: ClusterClient, advanceMs = 5_000): Promise<void> {
  await inCluster(c, async (o) => {
    await settle(o);
    for (let step = 0; step < advanceMs; step += 250) {
      o.clock.advance(Math.min(250, advanceMs - step));
      await settle(o);
    }
  });
}

function daemonSet(name: string, extra: Record<string, unknown> = {}, podSpec: Record<string, unknown> = {}): JsonObject {
  return {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { name },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "agent", image: "nginx:1.25" }], ...podSpec } },
      ...extra,
    },
  };
}

const podsOf = async (c: ClusterClient, app: string) => ((await c.json(`${PODS}?labelSelector=app%3D${app}`)).body.items as any[]).filter((p) => !p.metadata.deletionTimestamp);
const getDs = async (c: ClusterClient, name: string) => (await c.json(`${DS}/${name}`)).body;

/** Nodes without NoSchedule/NoExecute taints: where an untolerating daemon pod goes. */
async function untaintedNodes(c: ClusterClient): Promise<string[]> {
  const nodes = (await c.json(NODES)).body.items as any[];
  return nodes
    .filter((n) => !(n.spec.taints ?? []).some((t: any) => t.effect === "NoSchedule" || t.effect === "NoExecute"))
    .map((n) => n.metadata.name)
    .sort();
}

const eventsOf = async (c: ClusterClient, name: string) =>
  ((await c.json(`/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3D${name}`)).body.items as any[]).map((e) => `${e.reason} ${e.message}`);

describe("daemonset controller", () => {
  it("runs one pod per node, made as kube makes them, with its revision, events and status", async () => {
    const c = await newCluster();
    const created = await c.send("POST", DS, daemonSet("agent"));
    expect(created.status).toBe(201);
    await settled(c);
    const nodes = await untaintedNodes(c);
    expect(nodes.length).toBeGreaterThanOrEqual(3);
    const pods = await podsOf(c, "agent");
    expect(pods.map((p) => p.spec.nodeName).sort()).toEqual(nodes);

    const revisions = (await c.json(REVISIONS)).body.items as any[];
    expect(revisions).toHaveLength(1);
    const rev = revisions[0];
    const hash = rev.metadata.labels["controller-revision-hash"];
    expect(rev.metadata.name).toBe(`agent-${hash}`);
    expect(rev.revision).toBe(1);
    expect(rev.metadata.labels).toEqual({ app: "agent", "controller-revision-hash": hash });
    expect(rev.metadata.ownerReferences).toEqual([{ apiVersion: "apps/v1", kind: "DaemonSet", name: "agent", uid: created.body.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(rev.data.spec.template.$patch).toBe("replace");
    expect(Object.keys(rev.data.spec.template)).toEqual(["$patch", "metadata", "spec"]);
    expect(rev.data.spec.template.metadata).toEqual({ creationTimestamp: null, labels: { app: "agent" } });

    for (const p of pods) {
      expect(p.metadata.name).toMatch(/^agent-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.metadata.labels).toEqual({ app: "agent", "controller-revision-hash": hash, "pod-template-generation": "1" });
      expect(p.metadata.ownerReferences).toEqual([{ apiVersion: "apps/v1", kind: "DaemonSet", name: "agent", uid: created.body.metadata.uid, controller: true, blockOwnerDeletion: true }]);
      expect(p.spec.affinity).toEqual({
        nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: [p.spec.nodeName] }] }] } },
      });
      expect(p.spec.tolerations.map((t: any) => `${t.key}:${t.operator}:${t.effect}`)).toEqual([
        "node.kubernetes.io/not-ready:Exists:NoExecute",
        "node.kubernetes.io/unreachable:Exists:NoExecute",
        "node.kubernetes.io/disk-pressure:Exists:NoSchedule",
        "node.kubernetes.io/memory-pressure:Exists:NoSchedule",
        "node.kubernetes.io/pid-pressure:Exists:NoSchedule",
        "node.kubernetes.io/unschedulable:Exists:NoSchedule",
      ]);
      expect(p.status.phase).toBe("Running");
    }
    const n = nodes.length;
    expect((await getDs(c, "agent")).status).toEqual({
      currentNumberScheduled: n,
      numberMisscheduled: 0,
      desiredNumberScheduled: n,
      numberReady: n,
      observedGeneration: 1,
      updatedNumberScheduled: n,
      numberAvailable: n,
    });
    expect((await eventsOf(c, "agent")).filter((e) => e.startsWith("SuccessfulCreate")).sort()).toEqual(pods.map((p) => `SuccessfulCreate Created pod: ${p.metadata.name}`).sort());
    const table = (await c.json(DS, { headers: { Accept: "application/json;as=Table;v=v1;g=meta.k8s.io" } })).body;
    expect(table.columnDefinitions.slice(0, 8).map((d: any) => d.name)).toEqual(["Name", "Desired", "Current", "Ready", "Up-to-date", "Available", "Node Selector", "Age"]);
    expect(table.rows[0].cells.slice(0, 7)).toEqual(["agent", n, n, n, n, n, "<none>"]);
  });

  it("adds the network-unavailable toleration for hostNetwork pods and keeps the template's own", async () => {
    const c = await newCluster();
    const tolerations = [{ key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 30 }, { key: "x", operator: "Exists" }];
    await c.send("POST", DS, daemonSet("net", {}, { hostNetwork: true, tolerations }));
    await settled(c);
    const [pod] = await podsOf(c, "net");
    expect(pod.spec.tolerations.map((t: any) => `${t.key}:${t.effect ?? ""}:${t.tolerationSeconds ?? "-"}`)).toEqual([
      "node.kubernetes.io/not-ready:NoExecute:-",
      "x::-",
      "node.kubernetes.io/unreachable:NoExecute:-",
      "node.kubernetes.io/disk-pressure:NoSchedule:-",
      "node.kubernetes.io/memory-pressure:NoSchedule:-",
      "node.kubernetes.io/pid-pressure:NoSchedule:-",
      "node.kubernetes.io/unschedulable:NoSchedule:-",
      "node.kubernetes.io/network-unavailable:NoSchedule:-",
    ]);
  });

  it("follows the nodeSelector as node labels change, and counts misscheduled pods", async () => {
    const c = await newCluster();
    await c.send("POST", DS, daemonSet("ssd", {}, { nodeSelector: { disk: "ssd" } }));
    await settled(c);
    expect(await podsOf(c, "ssd")).toHaveLength(0);
    expect((await getDs(c, "ssd")).status).toEqual({ currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0, observedGeneration: 1 });

    await c.send("PATCH", `${NODES}/node-2`, { metadata: { labels: { disk: "ssd" } } }, MERGE);
    await settled(c);
    expect((await podsOf(c, "ssd")).map((p) => p.spec.nodeName)).toEqual(["node-2"]);
    expect((await getDs(c, "ssd")).status).toMatchObject({ desiredNumberScheduled: 1, currentNumberScheduled: 1, numberReady: 1, numberAvailable: 1 });

    // An orphan pod the selector matches on a node that should not run one: adopted, counted, deleted.
    await c.send("PATCH", `${NODES}/node-2`, { metadata: { labels: { disk: null } } }, MERGE);
    await settled(c);
    expect(await podsOf(c, "ssd")).toHaveLength(0);
    expect((await getDs(c, "ssd")).status).toEqual({ currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0, observedGeneration: 1 });
    expect((await eventsOf(c, "ssd")).some((e) => e.startsWith("SuccessfulDelete Deleted pod: ssd-"))).toBe(true);
  });

  it("honours taints: NoSchedule keeps a running pod, NoExecute removes it, control-plane needs a toleration, cordoned nodes still run one", async () => {
    const c = await newCluster();
    await c.send("POST", DS, daemonSet("t"));
    await settled(c);
    const before = await podsOf(c, "t");
    const onNode1 = before.find((p) => p.spec.nodeName === "node-1");
    expect(onNode1).toBeDefined();

    await c.send("PATCH", `${NODES}/node-1`, { spec: { taints: [{ key: "dedicated", value: "db", effect: "NoSchedule" }] } }, MERGE);
    await settled(c);
    expect((await podsOf(c, "t")).map((p) => p.metadata.name)).toContain(onNode1.metadata.name);
    const status = (await getDs(c, "t")).status;
    expect(status.numberMisscheduled).toBe(1);
    expect(status.desiredNumberScheduled).toBe(status.currentNumberScheduled);

    await c.send("PATCH", `${NODES}/node-1`, { spec: { taints: [{ key: "dedicated", value: "db", effect: "NoExecute" }] } }, MERGE);
    await settled(c);
    expect((await podsOf(c, "t")).map((p) => p.spec.nodeName)).not.toContain("node-1");
    expect((await getDs(c, "t")).status.numberMisscheduled).toBe(0);

    // A control-plane node (tainted as kubeadm taints it) and a cordoned node.
    const cp = { apiVersion: "v1", kind: "Node", metadata: { name: "cp-1", labels: { "node-role.kubernetes.io/control-plane": "" } }, spec: { taints: [{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }] } };
    expect((await c.send("POST", NODES, cp)).status).toBe(201);
    expect((await c.send("POST", NODES, { apiVersion: "v1", kind: "Node", metadata: { name: "cordoned" }, spec: { unschedulable: true } })).status).toBe(201);
    await c.send("POST", DS, daemonSet("everywhere", {}, { tolerations: [{ key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" }] }));
    await settled(c);
    const t = (await podsOf(c, "t")).map((p) => p.spec.nodeName);
    expect(t).toContain("cordoned");
    expect(t).not.toContain("cp-1");
    const everywhere = await podsOf(c, "everywhere");
    expect(everywhere.map((p) => p.spec.nodeName)).toContain("cp-1");
    expect(everywhere.map((p) => p.spec.nodeName)).toContain("cordoned");
    expect(everywhere.every((p) => p.status.phase === "Running")).toBe(true);
  });

  it("gives an added node its pod, and drops a deleted node's from status", async () => {
    const c = await newCluster();
    await c.send("POST", DS, daemonSet("grow"));
    await settled(c);
    const n = (await untaintedNodes(c)).length;
    expect((await c.send("POST", NODES, { apiVersion: "v1", kind: "Node", metadata: { name: "node-9" } })).status).toBe(201);
    await settled(c);
    const pods = await podsOf(c, "grow");
    expect(pods.map((p) => p.spec.nodeName)).toContain("node-9");
    expect((await getDs(c, "grow")).status).toMatchObject({ desiredNumberScheduled: n + 1, numberAvailable: n + 1 });

    expect((await c.send("DELETE", `${NODES}/node-9`)).status).toBe(200);
    await settled(c);
    expect((await podsOf(c, "grow")).map((p) => p.spec.nodeName)).not.toContain("node-9");
    expect((await getDs(c, "grow")).status).toMatchObject({ desiredNumberScheduled: n, currentNumberScheduled: n, numberAvailable: n });
  });
});

/** At every commit: how many eligible nodes lack an available (ready, not deleting) pod, the most live pods on one node, and how many nodes have two. */
async function watchRollout(c: ClusterClient, app: string): Promise<() => { maxUnavailable: number; maxPerNode: number; maxSurged: number }> {
  const nodes = await untaintedNodes(c);
  return inCluster(c, (o) => {
    const pods = o.registry.resource("", "v1", "pods")!;
    const seen = { maxUnavailable: 0, maxPerNode: 0, maxSurged: 0 };
    o.store.onCommit(() => {
      const all = o.store.list(storagePrefix(pods, "default")).items.map((kv) => kv.value as any).filter((p) => p.metadata.labels?.app === app);
      let unavailable = 0;
      let surged = 0;
      for (const node of nodes) {
        const here = all.filter((p) => (p.spec.nodeName ?? p.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms?.[0]?.matchFields?.[0]?.values?.[0]) === node);
        // A terminating pod neither serves nor counts against the surge.
        const live = here.filter((p) => !p.metadata.deletionTimestamp);
        if (!live.some((p) => p.status?.conditions?.some((x: any) => x.type === "Ready" && x.status === "True"))) unavailable++;
        if (live.length > 1) surged++;
        seen.maxPerNode = Math.max(seen.maxPerNode, live.length);
      }
      seen.maxUnavailable = Math.max(seen.maxUnavailable, unavailable);
      seen.maxSurged = Math.max(seen.maxSurged, surged);
    });
    return () => seen;
  });
}

describe("daemonset rollouts", () => {
  async function rollout(strategy: Record<string, unknown>) {
    const c = await newCluster();
    await c.send("POST", DS, daemonSet("roll", { updateStrategy: strategy }));
    await settled(c);
    const n = (await untaintedNodes(c)).length;
    const seen = await watchRollout(c, "roll");
    const patched = await c.send("PATCH", `${DS}/roll`, { spec: { template: { spec: { containers: [{ name: "agent", image: "nginx:1.26" }] } } } }, SMP);
    expect(patched.status).toBe(200);
    await settled(c, 30_000);
    const pods = await podsOf(c, "roll");
    expect(pods).toHaveLength(n);
    expect(pods.every((p) => p.spec.containers[0].image === "nginx:1.26" && p.metadata.labels["pod-template-generation"] === "2")).toBe(true);
    const ds = await getDs(c, "roll");
    expect(ds.status).toMatchObject({ observedGeneration: 2, desiredNumberScheduled: n, updatedNumberScheduled: n, numberAvailable: n });
    return { c, n, seen: (await inCluster(c, () => seen())) as ReturnType<Awaited<ReturnType<typeof watchRollout>>> };
  }

  it("RollingUpdate with maxUnavailable 1 never has two nodes down, and replaces every pod", async () => {
    const { seen } = await rollout({ type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1 } });
    expect(seen.maxUnavailable).toBe(1);
    expect(seen.maxPerNode).toBe(1);
  });

  it("RollingUpdate with maxUnavailable 100% replaces all nodes at once", async () => {
    const { seen, n } = await rollout({ type: "RollingUpdate", rollingUpdate: { maxUnavailable: "100%" } });
    expect(seen.maxUnavailable).toBe(n);
  });

  it("RollingUpdate with maxSurge 1 keeps every node available and surges one node at a time", async () => {
    const { seen } = await rollout({ type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } });
    expect(seen.maxUnavailable).toBe(0);
    expect(seen.maxPerNode).toBe(2);
    expect(seen.maxSurged).toBe(1);
  });

  it("OnDelete replaces a pod only when it is deleted", async () => {
    const c = await newCluster();
    await c.send("POST", DS, daemonSet("od", { updateStrategy: { type: "OnDelete" } }));
    await settled(c);
    const n = (await untaintedNodes(c)).length;
    await c.send("PATCH", `${DS}/od`, { spec: { template: { spec: { containers: [{ name: "agent", image: "nginx:1.26" }] } } } }, SMP);
    await settled(c, 10_000);
    let pods = await podsOf(c, "od");
    expect(pods.every((p) => p.spec.containers[0].image === "nginx:1.25")).toBe(true);
    expect((await getDs(c, "od")).status).toMatchObject({ observedGeneration: 2, desiredNumberScheduled: n, numberAvailable: n });
    expect((await getDs(c, "od")).status.updatedNumberScheduled).toBeUndefined();

    await c.send("DELETE", `${PODS}/${pods[0].metadata.name}`);
    await settled(c, 40_000);
    pods = await podsOf(c, "od");
    expect(pods).toHaveLength(n);
    expect(pods.filter((p) => p.spec.containers[0].image === "nginx:1.26")).toHaveLength(1);
    expect((await getDs(c, "od")).status.updatedNumberScheduled).toBe(1);
  });

  it("keeps one ControllerRevision per template, renumbers on undo, and trims to revisionHistoryLimit", async () => {
    const c = await newCluster();
    await c.send("POST", DS, daemonSet("hist", { revisionHistoryLimit: 1 }));
    await settled(c);
    const setImage = (image: string) => c.send("PATCH", `${DS}/hist`, { spec: { template: { spec: { containers: [{ name: "agent", image }] } } } }, SMP);
    await setImage("nginx:1.26");
    await settled(c, 30_000);
    const revs = async () => ((await c.json(REVISIONS)).body.items as any[]).map((r) => [r.revision, r.data.spec.template.spec.containers[0].image]).sort();
    expect(await revs()).toEqual([
      [1, "nginx:1.25"],
      [2, "nginx:1.26"],
    ]);
    // What `kubectl rollout undo` sends: revision 1's data as a strategic merge patch.
    const one = ((await c.json(REVISIONS)).body.items as any[]).find((r) => r.revision === 1);
    expect((await c.send("PATCH", `${DS}/hist`, one.data, SMP)).status).toBe(200);
    await settled(c, 30_000);
    expect(await revs()).toEqual([
      [2, "nginx:1.26"],
      [3, "nginx:1.25"],
    ]);
    const pods = await podsOf(c, "hist");
    expect(pods.every((p) => p.spec.containers[0].image === "nginx:1.25" && p.metadata.labels["controller-revision-hash"] === one.metadata.labels["controller-revision-hash"])).toBe(true);
    // A third template: the oldest unused revision goes (limit 1 old).
    await setImage("nginx:1.27");
    await settled(c, 30_000);
    expect(await revs()).toEqual([
      [3, "nginx:1.25"],
      [4, "nginx:1.27"],
    ]);
  });
});

describe("daemonset pods that end", () => {
  it("deletes a failed pod and recreates it, with a FailedDaemonPod event", async () => {
    const c = await newCluster();
    await c.send("POST", DS, daemonSet("fail"));
    await settled(c);
    const fail = async (name: string) => {
      const pod = (await c.json(`${PODS}/${name}`)).body;
      pod.status.phase = "Failed";
      expect((await c.send("PUT", `${PODS}/${name}/status`, pod)).status).toBe(200);
    };
    const onNode1 = async () => (await podsOf(c, "fail")).filter((p) => p.spec.nodeName === "node-1" || p.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].values[0] === "node-1");
    const failures = async () => (await eventsOf(c, "fail")).filter((e) => e.startsWith("FailedDaemonPod"));
    const [first] = await onNode1();
    await fail(first.metadata.name);
    await settled(c, 0);
    expect(await failures()).toEqual([`FailedDaemonPod Found failed daemon pod default/${first.metadata.name} on node node-1, will try to kill it`]);
    const [second] = await onNode1();
    expect(second.metadata.name).not.toBe(first.metadata.name);

    await settled(c, 5_000);
    const [running] = await onNode1();
    expect(running.metadata.name).toBe(second.metadata.name);
    expect(running.status.phase).toBe("Running");
    // (The back-off on repeated failures is covered in manage.test.ts: the simulated kubelet reports a
    // pod it is still starting as Pending again, so a second failure cannot be held here.)
  });
});

describe("an idle daemonset", () => {
  it("with its pods up (and minReadySeconds passed), leaves no timer behind", async () => {
    const c = await newCluster();
    await c.send("POST", DS, daemonSet("idle", { minReadySeconds: 5 }));
    await settled(c, 2_000);
    const early = (await getDs(c, "idle")).status;
    expect(early.numberReady).toBeGreaterThan(0);
    expect(early.numberAvailable ?? 0).toBe(0);
    expect(early.numberUnavailable).toBe(early.desiredNumberScheduled);
    await inCluster(c, async (o) => {
      for (let i = 0; i < 30 && o.timers.pending().length > 0; i++) {
        const next = o.timers.pending()[0]!.dueAt;
        if (next > o.clock.now()) o.clock.advance(next - o.clock.now() + 1);
        await settle(o);
      }
      // Only this DaemonSet's work counts: other parts of the cluster keep their own timers.
      expect(o.timers.pending().filter((t) => t.name.startsWith("daemonset:") || t.name.includes("default/idle-"))).toEqual([]);
    });
    const ds = await getDs(c, "idle");
    expect(ds.status.numberAvailable).toBe(ds.status.desiredNumberScheduled);
    expect(ds.status.numberUnavailable).toBeUndefined();
  });
});
