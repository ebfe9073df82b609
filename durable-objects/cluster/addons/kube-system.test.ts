// A new cluster's kube-system, as kubeadm (and kind) sets one up: a tainted control-plane node whose
// kubelet shows its static pods as mirror pods, CoreDNS behind kube-dns, and kube-proxy per node.
import { runInDurableObject } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { clusterStub, newCluster, type ClusterClient } from "../../../worker/test-helpers";
import type { ClusterDO } from "../cluster-do";
import { settle } from "../testing";
import { COREFILE, COREFILE_SHA512 } from "./coredns";

let c: ClusterClient;

async function runFor(ms: number): Promise<void> {
  await runInDurableObject(clusterStub(c.clusterId), async (o: ClusterDO) => {
    for (let t = 0; t < ms; t += 1_000) {
      o.clock.advance(1_000);
      await settle(o);
    }
  });
}

const pods = async (ns = "kube-system") => (await c.json(`/api/v1/namespaces/${ns}/pods`)).body.items as any[];
const CONTROL_PLANE_PODS = ["etcd-control-plane", "kube-apiserver-control-plane", "kube-controller-manager-control-plane", "kube-scheduler-control-plane"];

beforeAll(async () => {
  c = await newCluster();
  await runFor(5_000);
});

describe("the control-plane node", () => {
  it("is registered first, labelled and tainted as kubeadm does, at the API server's address", async () => {
    const node = (await c.json("/api/v1/nodes/control-plane")).body;
    expect(node.metadata.labels).toMatchObject({ "node-role.kubernetes.io/control-plane": "", "node.kubernetes.io/exclude-from-external-load-balancers": "" });
    expect(node.spec.taints).toEqual([{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }]);
    expect(node.spec.podCIDR).toBe("10.244.0.0/24");
    expect(node.status.addresses[0]).toEqual({ type: "InternalIP", address: "172.18.0.1" });
    const table = (await c.json("/api/v1/nodes", { headers: { Accept: "application/json;as=Table;v=v1;g=meta.k8s.io" } })).body;
    const roles = new Map(table.rows.map((r: any) => [r.cells[0], r.cells[2]]));
    expect(roles.get("control-plane")).toBe("control-plane");
    expect(roles.get("node-1")).toBe("<none>");
  });

  it("shows its static pods as Running mirror pods owned by the Node, on the host network", async () => {
    const byName = new Map((await pods()).map((p) => [p.metadata.name, p]));
    const node = (await c.json("/api/v1/nodes/control-plane")).body;
    for (const name of CONTROL_PLANE_PODS) {
      const p = byName.get(name);
      expect(p, name).toBeDefined();
      expect(p.metadata.annotations["kubernetes.io/config.source"]).toBe("file");
      expect(p.metadata.annotations["kubernetes.io/config.mirror"]).toBe(p.metadata.annotations["kubernetes.io/config.hash"]);
      expect(p.metadata.ownerReferences).toEqual([{ apiVersion: "v1", kind: "Node", name: "control-plane", uid: node.metadata.uid, controller: true }]);
      expect(p.metadata.labels.tier).toBe("control-plane");
      expect(p.spec).toMatchObject({ nodeName: "control-plane", hostNetwork: true, priority: 2000001000, priorityClassName: "system-node-critical" });
      expect(p.status).toMatchObject({ phase: "Running", podIP: "172.18.0.1", hostIP: "172.18.0.1" });
      expect(p.status.containerStatuses[0]).toMatchObject({ ready: true, started: true, restartCount: 0 });
    }
    expect(byName.get("kube-apiserver-control-plane").spec.containers[0].image).toBe("registry.k8s.io/kube-apiserver:v1.33.0");
  });

  it("logs what each component prints at start", async () => {
    const log = await (await c.fetch("/api/v1/namespaces/kube-system/pods/kube-apiserver-control-plane/log")).text();
    expect(log).toMatch(/^I\d{4} \d\d:\d\d:\d\d\.\d{6} {7}1 options\.go:249\] external host was not specified, using 172\.18\.0\.1$/m);
    expect(log).toContain("server.go:147] Version: v1.33.0");
    expect(log).toContain("Serving securely on [::]:6443");
    const etcd = await (await c.fetch("/api/v1/namespaces/kube-system/pods/etcd-control-plane/log")).text();
    expect(JSON.parse(etcd.trim().split("\n").at(-1)!)).toMatchObject({ level: "info", msg: "serving client traffic securely", address: "127.0.0.1:2379" });
  });

  it("puts a deleted mirror pod back at once: a new uid, the same running containers", async () => {
    const before = (await c.json("/api/v1/namespaces/kube-system/pods/kube-scheduler-control-plane")).body;
    const res = await c.send("DELETE", "/api/v1/namespaces/kube-system/pods/kube-scheduler-control-plane");
    expect(res.status).toBe(200);
    await runFor(1_000);
    const after = (await c.json("/api/v1/namespaces/kube-system/pods/kube-scheduler-control-plane")).body;
    expect(after.metadata.uid).not.toBe(before.metadata.uid);
    expect(after.metadata.deletionTimestamp).toBeUndefined();
    expect(after.status.phase).toBe("Running");
    expect(after.status.containerStatuses[0].containerID).toBe(before.status.containerStatuses[0].containerID);
    expect(after.status.containerStatuses[0].state.running.startedAt).toBe(before.status.containerStatuses[0].state.running.startedAt);
  });

  it("takes no pod that does not tolerate its taint", async () => {
    await c.send("POST", "/apis/apps/v1/namespaces/default/deployments", {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "spread" },
      spec: { replicas: 8, selector: { matchLabels: { app: "spread" } }, template: { metadata: { labels: { app: "spread" } }, spec: { containers: [{ name: "c", image: "nginx" }] } } },
    });
    await runFor(3_000);
    const nodes = (await pods("default")).filter((p) => p.metadata.labels.app === "spread").map((p) => p.spec.nodeName);
    expect(nodes).toHaveLength(8);
    expect(nodes).not.toContain("control-plane");
  });
});

describe("CoreDNS", () => {
  it("runs two replicas behind kube-dns at 10.96.0.10", async () => {
    const deployment = (await c.json("/apis/apps/v1/namespaces/kube-system/deployments/coredns")).body;
    expect(deployment.status).toMatchObject({ replicas: 2, readyReplicas: 2, availableReplicas: 2 });
    const svc = (await c.json("/api/v1/namespaces/kube-system/services/kube-dns")).body;
    expect(svc.spec.clusterIP).toBe("10.96.0.10");
    expect(svc.spec.ports.map((p: any) => `${p.name}:${p.port}/${p.protocol}`)).toEqual(["dns:53/UDP", "dns-tcp:53/TCP", "metrics:9153/TCP"]);
    const slices = (await c.json("/apis/discovery.k8s.io/v1/namespaces/kube-system/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3Dkube-dns")).body.items;
    const ready = slices.flatMap((s: any) => s.endpoints ?? []).filter((e: any) => e.conditions.ready);
    expect(ready).toHaveLength(2);
    const coredns = (await pods()).filter((p) => p.metadata.labels["k8s-app"] === "kube-dns");
    const log = await (await c.fetch(`/api/v1/namespaces/kube-system/pods/${coredns[0].metadata.name}/log`)).text();
    expect(log).toBe(`.:53\n[INFO] plugin/reload: Running configuration SHA512 = ${COREFILE_SHA512}\nCoreDNS-1.12.0\nlinux/amd64, go1.23.3, 51e11f1\n`);
  });

  it("logs the real SHA-512 of its Corefile", async () => {
    const digest = await crypto.subtle.digest("SHA-512", new TextEncoder().encode(COREFILE));
    expect([...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("")).toBe(COREFILE_SHA512);
  });
});
