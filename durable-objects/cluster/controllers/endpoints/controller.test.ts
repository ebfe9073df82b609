// The Endpoints controller in a running cluster: ready and unready pods, terminating pods left out,
// labels and the managed-by label, no subsets without pods, hand-made Endpoints of selectorless
// services left alone, a deleted Endpoints made again, a deleted service's Endpoints deleted,
// truncation over 1000 addresses, nothing queued when idle.
import { describe, expect, it } from "vitest";
import type { JsonObject } from "../../apiserver/registry/types";
import { inCluster, type Harness } from "../endpointslice/harness";
import { EndpointsController } from "./controller";

const meta = (o: JsonObject) => o.metadata as JsonObject;
const start = (h: Harness) => new EndpointsController(h.ctx("endpoint-controller"), h.o.timers, h.o.informers);
const endpoints = (h: Harness, name: string) => h.get("", "endpoints", name);
const names = (list: unknown) => ((list ?? []) as JsonObject[]).map((a) => (a.targetRef as JsonObject).name);
const web = { selector: { app: "web" }, ports: [{ name: "http", port: 80, targetPort: "http" }] };

describe("endpoints controller", () => {
  it("lists ready pods in addresses and unready ones in notReadyAddresses, labelled like the service", async () => {
    await inCluster(async (h) => {
      start(h);
      h.service("web", web, { app: "web", tier: "front" });
      h.pod("web-a", { app: "web" });
      h.pod("web-b", { app: "web" });
      h.pod("cold", { app: "web" }, { readinessProbe: { tcpSocket: { port: 9999 }, periodSeconds: 1 } });
      await h.run(10_000);
      const ep = endpoints(h, "web")!;
      expect(meta(ep).labels).toEqual({ app: "web", tier: "front", "endpoints.kubernetes.io/managed-by": "endpoint-controller" });
      expect((meta(ep).annotations as Record<string, string>)["endpoints.kubernetes.io/last-change-trigger-time"]).toMatch(/Z$/);
      expect(meta(ep).ownerReferences).toBeUndefined();
      const subsets = ep.subsets as JsonObject[];
      expect(subsets).toHaveLength(1);
      const pod = (n: string) => h.get("", "pods", n)!;
      const address = (n: string) => ({
        ip: (pod(n).status as JsonObject).podIP,
        nodeName: (pod(n).spec as JsonObject).nodeName,
        targetRef: { kind: "Pod", namespace: "default", name: n, uid: meta(pod(n)).uid },
      });
      const ready = [address("web-a"), address("web-b")].sort((a, b) => (String(a.ip) < String(b.ip) ? -1 : 1));
      expect(subsets[0]).toEqual({ addresses: ready, notReadyAddresses: [address("cold")], ports: [{ name: "http", port: 80, protocol: "TCP" }] });
      expect(h.pending("endpoint-controller")).toEqual([]);
    });
  });

  it("drops a terminating pod at once, and keeps an Endpoints without subsets when no pod is left", async () => {
    await inCluster(async (h) => {
      start(h);
      h.service("web", web);
      h.pod("web-a", { app: "web" }, { image: "busybox", command: ["sleep", "3600"], ports: [{ name: "http", containerPort: 80 }] });
      await h.run();
      expect(names((endpoints(h, "web")!.subsets as JsonObject[])[0]!.addresses)).toEqual(["web-a"]);
      h.client.delete(h.rt("", "pods"), "default", "web-a");
      await h.run(1_000);
      expect(h.get("", "pods", "web-a")).toBeDefined(); // still terminating
      expect(endpoints(h, "web")!.subsets).toBeUndefined();
      h.service("lonely", { selector: { app: "nobody" }, ports: [{ port: 80 }] });
      await h.run(1_000);
      expect(endpoints(h, "lonely")).toMatchObject({ metadata: { name: "lonely", labels: { app: "lonely", "endpoints.kubernetes.io/managed-by": "endpoint-controller" } } });
      expect(endpoints(h, "lonely")!.subsets).toBeUndefined();
    });
  });

  it("leaves hand-made Endpoints of a selectorless service alone, makes a deleted one again, deletes a deleted service's", async () => {
    await inCluster(async (h) => {
      start(h);
      const eps = h.rt("", "endpoints");
      h.service("manual", { ports: [{ port: 80 }] });
      const mine = h.client.create(eps, "default", { apiVersion: "v1", kind: "Endpoints", metadata: { name: "manual" }, subsets: [{ addresses: [{ ip: "192.0.2.7" }], ports: [{ port: 80 }] }] });
      h.service("web", web);
      h.pod("web-a", { app: "web" });
      await h.run();
      expect(meta(endpoints(h, "manual")!).resourceVersion).toBe(meta(mine).resourceVersion);

      h.client.delete(eps, "default", "web");
      await h.run(1_000);
      expect(names((endpoints(h, "web")!.subsets as JsonObject[])[0]!.addresses)).toEqual(["web-a"]);

      h.client.delete(h.rt("", "services"), "default", "web");
      await h.run(1_000);
      expect(endpoints(h, "web")).toBeUndefined();
      expect(h.pending("endpoint-controller")).toEqual([]);
    });
  });

  it("truncates to 1000 addresses and says so in the over-capacity annotation, and takes it off below", async () => {
    await inCluster(async (h) => {
      start(h);
      h.service("big", { selector: { app: "big" }, ports: [{ port: 80 }] });
      // Pods no scheduler takes, with the status a kubelet would report (nothing else touches them).
      const pods = h.rt("", "pods");
      const make = (i: number) => {
        const ip = `10.250.${Math.floor(i / 250)}.${1 + (i % 250)}`;
        h.client.create(pods, "default", { apiVersion: "v1", kind: "Pod", metadata: { name: `big-${i}`, labels: { app: "big" } }, spec: { schedulerName: "none", containers: [{ name: "c", image: "nginx" }] } });
        h.client.modify(pods, "default", `big-${i}`, (p) => void (p.status = { phase: "Running", podIP: ip, podIPs: [{ ip }], conditions: [{ type: "Ready", status: "True" }] }), "status");
      };
      for (let i = 0; i < 1001; i++) make(i);
      await h.run(1_000);
      const full = endpoints(h, "big")!;
      expect(((full.subsets as JsonObject[])[0]!.addresses as unknown[]).length).toBe(1000);
      expect((meta(full).annotations as Record<string, string>)["endpoints.kubernetes.io/over-capacity"]).toBe("truncated");
      h.client.delete(pods, "default", "big-0", { gracePeriodSeconds: 0 });
      h.client.delete(pods, "default", "big-1", { gracePeriodSeconds: 0 });
      await h.run(1_000);
      const fits = endpoints(h, "big")!;
      expect(((fits.subsets as JsonObject[])[0]!.addresses as unknown[]).length).toBe(999);
      expect((meta(fits).annotations as Record<string, string> | undefined)?.["endpoints.kubernetes.io/over-capacity"]).toBeUndefined();
    });
  });
});
