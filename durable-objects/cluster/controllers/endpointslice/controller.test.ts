// The EndpointSlice controller in a running cluster: slices follow pods as the scheduler and kubelets
// run them (ready, unready, terminating, gone), a service without pods keeps a placeholder, services
// without selector or of type ExternalName get none, a deleted slice comes back, other managers'
// slices are left alone, a deleted service's slices are garbage collected, and idle costs nothing.
import { describe, expect, it } from "vitest";
import type { JsonObject } from "../../apiserver/registry/types";
import { EndpointSliceController } from "./controller";
import { inCluster, type Harness } from "./harness";

const meta = (o: JsonObject) => o.metadata as JsonObject;
const eps = (s: JsonObject) => (s.endpoints ?? []) as JsonObject[];
const byPod = (s: JsonObject) => Object.fromEntries(eps(s).map((e) => [(e.targetRef as JsonObject).name, e]));
const start = (h: Harness) => new EndpointSliceController(h.ctx("endpointslice-controller"), h.o.timers, h.o.informers);
const web = { selector: { app: "web" }, ports: [{ name: "http", port: 80, targetPort: "http" }] };

describe("endpointslice controller", () => {
  it("lists a service's running pods in one slice owned by the service, with node, zone and a trigger time", async () => {
    await inCluster(async (h) => {
      start(h);
      const svc = h.service("web", web, { app: "web", tier: "front" });
      h.pod("web-a", { app: "web" });
      h.pod("web-b", { app: "web" });
      h.pod("other", { app: "other" });
      await h.run();
      const slices = h.slices("web");
      expect(slices).toHaveLength(1);
      const slice = slices[0]!;
      expect(meta(slice).name).toMatch(/^web-[a-z0-9]{5}$/);
      expect(meta(slice).labels).toEqual({ app: "web", tier: "front", "kubernetes.io/service-name": "web", "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io" });
      expect(meta(slice).ownerReferences).toEqual([{ apiVersion: "v1", kind: "Service", name: "web", uid: meta(svc).uid, controller: true, blockOwnerDeletion: true }]);
      expect((meta(slice).annotations as Record<string, string>)["endpoints.kubernetes.io/last-change-trigger-time"]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(slice.addressType).toBe("IPv4");
      expect(slice.ports).toEqual([{ name: "http", protocol: "TCP", port: 80 }]);
      const pods = Object.fromEntries(["web-a", "web-b"].map((n) => [n, h.get("", "pods", n)!]));
      expect(Object.keys(byPod(slice)).sort()).toEqual(["web-a", "web-b"]);
      for (const [name, p] of Object.entries(pods)) {
        const node = h.o.informers.for(h.rt("", "nodes")).get(String((p.spec as JsonObject).nodeName))!;
        expect(byPod(slice)[name]).toEqual({
          addresses: [(p.status as JsonObject).podIP],
          conditions: { ready: true, serving: true, terminating: false },
          targetRef: { kind: "Pod", namespace: "default", name, uid: meta(p).uid },
          nodeName: (p.spec as JsonObject).nodeName,
          zone: (meta(node).labels as Record<string, string>)["topology.kubernetes.io/zone"],
        });
      }
    });
  });

  it("shows an unready pod as not ready and not serving, a terminating one as terminating, and empties to a placeholder", async () => {
    await inCluster(async (h) => {
      start(h);
      h.service("web", web);
      h.pod("cold", { app: "web" }, { readinessProbe: { tcpSocket: { port: 9999 }, periodSeconds: 1 } });
      h.pod("leaving", { app: "web" }, { image: "busybox", command: ["sleep", "3600"], ports: [{ name: "http", containerPort: 80 }] });
      await h.run(10_000);
      expect(byPod(h.slices("web")[0]!).cold!.conditions).toEqual({ ready: false, serving: false, terminating: false });
      expect(byPod(h.slices("web")[0]!).leaving!.conditions).toEqual({ ready: true, serving: true, terminating: false });

      h.client.delete(h.rt("", "pods"), "default", "leaving");
      await h.run(1_000);
      expect(byPod(h.slices("web")[0]!).leaving!.conditions).toEqual({ ready: false, serving: true, terminating: true });

      h.client.delete(h.rt("", "pods"), "default", "cold", { gracePeriodSeconds: 0 });
      await h.run(40_000);
      const [slice, ...more] = h.slices("web");
      expect(more).toEqual([]);
      expect(slice).toMatchObject({ endpoints: [], ports: null });
    });
  });

  it("keeps one placeholder for a service without pods; none for services without selector or of type ExternalName", async () => {
    await inCluster(async (h) => {
      start(h);
      h.service("lonely", { selector: { app: "nobody" }, ports: [{ port: 80 }] });
      h.service("manual", { ports: [{ port: 80 }] });
      h.service("ext", { type: "ExternalName", externalName: "example.com", selector: { app: "web" } });
      h.pod("web-a", { app: "web" });
      await h.run();
      const [placeholder, ...more] = h.slices("lonely");
      expect(more).toEqual([]);
      expect(placeholder).toMatchObject({ addressType: "IPv4", endpoints: [], ports: null });
      const rv = meta(placeholder!).resourceVersion;
      expect(h.slices("manual")).toEqual([]);
      expect(h.slices("ext")).toEqual([]);
      await h.run(60_000);
      expect(meta(h.slices("lonely")[0]!).resourceVersion).toBe(rv);
      expect(h.pending("endpointslice-controller")).toEqual([]);
    });
  });

  it("makes a deleted slice again, and leaves slices of other managers alone", async () => {
    await inCluster(async (h) => {
      start(h);
      h.service("web", web);
      h.pod("web-a", { app: "web" });
      await h.run();
      const slices = h.rt("discovery.k8s.io", "endpointslices");
      const foreign = h.client.create(slices, "default", {
        apiVersion: "discovery.k8s.io/v1",
        kind: "EndpointSlice",
        metadata: { name: "web-extra", labels: { "kubernetes.io/service-name": "web", "endpointslice.kubernetes.io/managed-by": "someone-else" } },
        addressType: "IPv4",
        endpoints: [{ addresses: ["192.0.2.1"] }],
        ports: [{ name: "http", port: 80 }],
      });
      const mine = h.slices("web").find((s) => meta(s).name !== "web-extra")!;
      h.client.delete(slices, "default", String(meta(mine).name));
      await h.run(3_000);
      const now = h.slices("web");
      expect(now).toHaveLength(2);
      const remade = now.find((s) => meta(s).name !== "web-extra")!;
      expect(meta(remade).name).not.toBe(meta(mine).name);
      expect(Object.keys(byPod(remade))).toEqual(["web-a"]);
      expect(meta(now.find((s) => meta(s).name === "web-extra")!).resourceVersion).toBe(meta(foreign).resourceVersion);
    });
  });

  it("leaves a deleted service's slices to the garbage collector", async () => {
    await inCluster(async (h) => {
      start(h);
      h.service("web", web);
      h.pod("web-a", { app: "web" });
      await h.run();
      expect(h.slices("web")).toHaveLength(1);
      h.client.delete(h.rt("", "services"), "default", "web");
      await h.run(30_000);
      expect(h.slices("web")).toEqual([]);
      expect(h.pending("endpointslice-controller")).toEqual([]);
    });
  });
});
