// The EndpointSlice reconciler on its own: what a service's slices should be, and how little it
// rewrites to get there (placeholder, overflow into 100-endpoint slices, in-place updates, port
// groups, address types, slices of an older service of the same name).
import { describe, expect, it } from "vitest";
import type { JsonObject } from "../../apiserver/registry/types";
import { reconcile, type SliceChanges } from "./reconciler";
import { addressTypesFor, CONTROLLER_NAME } from "./slices";
import { nodes, pod, pods, service } from "./testing";

let created = 0;
/** The slices after the changes are written (new ones named web-sN). */
function apply(slices: JsonObject[], changes: SliceChanges): JsonObject[] {
  const byName = new Map(slices.map((s) => [(s.metadata as JsonObject).name as string, s]));
  for (const s of changes.delete) byName.delete((s.metadata as JsonObject).name as string);
  for (const s of changes.update) byName.set((s.metadata as JsonObject).name as string, structuredClone(s));
  for (const s of changes.create) {
    const c = structuredClone(s);
    (c.metadata as JsonObject).name = `web-s${++created}`;
    byName.set((c.metadata as JsonObject).name as string, c);
  }
  return [...byName.values()];
}

const run = (svc: JsonObject, ps: JsonObject[], slices: JsonObject[] = [], max?: number) =>
  reconcile({ service: svc, pods: ps, slices, node: nodes(), ...(max ? { maxEndpointsPerSlice: max } : {}) });
const count = (c: SliceChanges) => [c.create.length, c.update.length, c.delete.length];
const eps = (s: JsonObject) => (s.endpoints ?? []) as JsonObject[];
const names = (s: JsonObject) => eps(s).map((e) => (e.targetRef as JsonObject).name).sort();

describe("endpointslice reconciler", () => {
  it("gives a service without pods one placeholder slice with no endpoints and no ports, and leaves it be", () => {
    const svc = service({ labels: { app: "web", tier: "front" } });
    const first = run(svc, []);
    expect(count(first)).toEqual([1, 0, 0]);
    expect(first.create[0]).toEqual({
      apiVersion: "discovery.k8s.io/v1",
      kind: "EndpointSlice",
      metadata: {
        generateName: "web-",
        namespace: "default",
        labels: { app: "web", tier: "front", "kubernetes.io/service-name": "web", "endpointslice.kubernetes.io/managed-by": CONTROLLER_NAME },
        ownerReferences: [{ apiVersion: "v1", kind: "Service", name: "web", uid: "svc-web", controller: true, blockOwnerDeletion: true }],
      },
      addressType: "IPv4",
      endpoints: [],
      ports: null,
    });
    const slices = apply([], first);
    expect(count(run(svc, [], slices))).toEqual([0, 0, 0]);
  });

  it("lists ready pods with conditions, node, zone, target and the resolved port, and skips pods without IP or finished", () => {
    const svc = service({ spec: { ports: [{ name: "http", protocol: "TCP", port: 80, targetPort: "http", appProtocol: "http" }] } });
    const ps = [pod("a", "10.244.1.2"), pod("b", "10.244.2.3", { node: "node-2" }), pod("pending", undefined), pod("done", "10.244.1.4", { phase: "Succeeded" })];
    const { create } = run(svc, ps);
    expect(create).toHaveLength(1);
    expect(create[0]!.ports).toEqual([{ name: "http", protocol: "TCP", port: 8080, appProtocol: "http" }]);
    expect(eps(create[0]!)).toEqual([
      { addresses: ["10.244.1.2"], conditions: { ready: true, serving: true, terminating: false }, targetRef: { kind: "Pod", namespace: "default", name: "a", uid: "uid-a" }, nodeName: "node-1", zone: "zone-a" },
      { addresses: ["10.244.2.3"], conditions: { ready: true, serving: true, terminating: false }, targetRef: { kind: "Pod", namespace: "default", name: "b", uid: "uid-b" }, nodeName: "node-2", zone: "zone-b" },
    ]);
  });

  it("marks terminating pods not ready but serving per readiness; publishNotReadyAddresses makes every endpoint ready", () => {
    const ps = [pod("old", "10.244.1.2", { terminating: true }), pod("cold", "10.244.1.3", { ready: false })];
    const conds = (svc: JsonObject) => Object.fromEntries(eps(run(svc, ps).create[0]!).map((e) => [(e.targetRef as JsonObject).name, e.conditions]));
    expect(conds(service())).toEqual({ old: { ready: false, serving: true, terminating: true }, cold: { ready: false, serving: false, terminating: false } });
    expect(conds(service({ spec: { publishNotReadyAddresses: true } }))).toEqual({
      old: { ready: true, serving: true, terminating: true },
      cold: { ready: true, serving: false, terminating: false },
    });
  });

  it("fills the placeholder's place: the first real slice reuses its name (an update, not create + delete)", () => {
    const svc = service();
    const slices = apply([], run(svc, []));
    const placeholder = (slices[0]!.metadata as JsonObject).name;
    const next = run(svc, pods(2), slices);
    expect(count(next)).toEqual([0, 1, 0]);
    expect((next.update[0]!.metadata as JsonObject).name).toBe(placeholder);
    expect(next.update[0]!.ports).toEqual([{ name: "http", protocol: "TCP", port: 8080 }]);
    // And back: losing every pod turns the slice into the placeholder again, in place.
    const empty = run(svc, [], apply(slices, next));
    expect(count(empty)).toEqual([0, 1, 0]);
    expect(empty.update[0]).toMatchObject({ metadata: { name: placeholder }, endpoints: [], ports: null });
  });

  it("spreads 250 endpoints over slices of at most 100 and touches only the slice a change concerns", () => {
    const svc = service();
    const all = pods(250);
    const slices = apply([], run(svc, all));
    expect(slices.map((s) => eps(s).length).sort()).toEqual([100, 100, 50]);
    // One pod gone: only its slice is rewritten.
    const gone = all[120]!;
    const next = run(svc, all.filter((p) => p !== gone), slices);
    expect(count(next)).toEqual([0, 1, 0]);
    expect(names(next.update[0]!)).not.toContain("web-120");
    expect(eps(next.update[0]!).length).toBe(99);
    // A pod turning unready: one slice updated in place, the endpoint kept where it was.
    const unready = all.map((p, i) => (i === 7 ? pod("web-7", "10.244.1.9", { ready: false }) : p));
    const flip = run(svc, unready, slices);
    expect(count(flip)).toEqual([0, 1, 0]);
    expect(eps(flip.update[0]!).find((e) => (e.targetRef as JsonObject).name === "web-7")!.conditions).toEqual({ ready: false, serving: false, terminating: false });
    // Five new pods go into the slice with room rather than a new one.
    const more = [...all, ...pods(255).slice(250)];
    const grown = run(svc, more, slices);
    expect(count(grown)).toEqual([0, 1, 0]);
    expect(eps(grown.update[0]!).length).toBe(55);
  });

  it("groups pods by their resolved ports: a pod whose named port does not resolve gets a slice without it", () => {
    const svc = service({ spec: { ports: [{ name: "http", protocol: "TCP", port: 80, targetPort: "web" }] } });
    const { create } = run(svc, [pod("a", "10.244.1.2", { ports: { web: 8080 } }), pod("b", "10.244.1.3", { ports: { web: 9090 } }), pod("c", "10.244.1.4", { ports: {} })]);
    const byPorts = Object.fromEntries(create.map((s) => [JSON.stringify(s.ports), names(s)]));
    expect(byPorts).toEqual({
      '[{"name":"http","protocol":"TCP","port":8080}]': ["a"],
      '[{"name":"http","protocol":"TCP","port":9090}]': ["b"],
      null: ["c"],
    });
  });

  it("labels headless services' slices and sets hostname for pods under the service's subdomain", () => {
    const svc = service({ spec: { clusterIP: "None", clusterIPs: ["None"] } });
    const { create } = run(svc, [pod("db-0", "10.244.1.2", { hostname: "db-0", subdomain: "web" }), pod("x", "10.244.1.3", { hostname: "x", subdomain: "other" })]);
    expect((create[0]!.metadata as JsonObject).labels).toMatchObject({ "service.kubernetes.io/headless": "" });
    expect(Object.fromEntries(eps(create[0]!).map((e) => [(e.targetRef as JsonObject).name, e.hostname]))).toEqual({ "db-0": "db-0", x: undefined });
  });

  it("follows the service's labels with a label-only update", () => {
    const slices = apply([], run(service(), pods(3)));
    const relabelled = run(service({ labels: { app: "web", team: "a", "kubernetes.io/service-name": "ignored" } }), pods(3), slices);
    expect(count(relabelled)).toEqual([0, 1, 0]);
    expect((relabelled.update[0]!.metadata as JsonObject).labels).toEqual({
      app: "web",
      team: "a",
      "kubernetes.io/service-name": "web",
      "endpointslice.kubernetes.io/managed-by": CONTROLLER_NAME,
    });
  });

  it("replaces slices of an older service of the same name (another uid) with new ones, never rewriting them", () => {
    const old = apply([], run(service({ uid: "old-uid" }), pods(2)));
    const next = run(service({ uid: "new-uid" }), pods(2), old);
    expect(count(next)).toEqual([1, 0, 1]);
    expect((next.create[0]!.metadata as JsonObject).ownerReferences).toEqual([expect.objectContaining({ uid: "new-uid" })]);
    expect(next.delete[0]).toBe(old[0]);
  });

  it("leaves out pods on a node that does not exist, unless not-ready addresses are published", () => {
    const ps = [pod("a", "10.244.1.2"), pod("lost", "10.244.9.2", { node: "gone" })];
    expect(names(run(service(), ps).create[0]!)).toEqual(["a"]);
    const published = run(service({ spec: { publishNotReadyAddresses: true } }), ps).create[0]!;
    expect(names(published)).toEqual(["a", "lost"]);
    expect(eps(published).find((e) => (e.targetRef as JsonObject).name === "lost")!.zone).toBeUndefined();
  });

  it("keeps one set of slices per IP family, and deletes slices of a family the service no longer has", () => {
    expect(addressTypesFor(service({ spec: { ipFamilies: ["IPv4", "IPv6"] } }))).toEqual(["IPv4", "IPv6"]);
    expect(addressTypesFor(service({ spec: { ipFamilies: [], clusterIP: "fd00::10" } }))).toEqual(["IPv6"]);
    expect(addressTypesFor(service({ spec: { ipFamilies: [], clusterIP: "None" } }))).toEqual(["IPv4", "IPv6"]);
    const dual = run(service({ spec: { ipFamilies: ["IPv4", "IPv6"] } }), pods(1));
    expect(dual.create.map((s) => [s.addressType, eps(s).length])).toEqual([["IPv4", 1], ["IPv6", 0]]);
    const next = run(service(), pods(1), apply([], dual));
    expect(count(next)).toEqual([0, 0, 1]);
    expect(next.delete[0]!.addressType).toBe("IPv6");
  });
});
