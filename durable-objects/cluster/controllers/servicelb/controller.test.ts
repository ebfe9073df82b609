// LoadBalancer Services get a public name (status.loadBalancer.ingress) and the
// cleanup finalizer; a type change or deletion takes the load balancer down first.
import { runDurableObjectAlarm } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { clusterStub, newCluster, type ClusterClient } from "../../../../worker/test-helpers";
import { LB_FINALIZER } from "./controller";

const SVC = "/api/v1/namespaces/default/services";
let c: ClusterClient;

beforeAll(async () => {
  c = await newCluster();
});

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 3_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error("timed out");
    await runDurableObjectAlarm(clusterStub(c.clusterId));
    await new Promise((r) => setTimeout(r, 20));
  }
}

const lb = (name: string, extra: Record<string, unknown> = {}) => ({ apiVersion: "v1", kind: "Service", metadata: { name }, spec: { type: "LoadBalancer", ports: [{ port: 80 }], selector: { app: name }, ...extra } });

describe("service load balancers", () => {
  it("gives each LoadBalancer Service its own public name and the cleanup finalizer, with events", async () => {
    expect((await c.send("POST", SVC, lb("one"))).status).toBe(201);
    expect((await c.send("POST", SVC, lb("two"))).status).toBe(201);
    const one = await until(async () => {
      const s = (await c.json(`${SVC}/one`)).body;
      return s.status.loadBalancer.ingress ? s : undefined;
    });
    const two = await until(async () => {
      const s = (await c.json(`${SVC}/two`)).body;
      return s.status.loadBalancer.ingress ? s : undefined;
    });
    expect(one.metadata.finalizers).toEqual([LB_FINALIZER]);
    // The cluster has a public domain (INGRESS_DOMAIN): each load balancer is published as a name the edge routes.
    expect(one.status.loadBalancer.ingress).toEqual([{ hostname: `one.default.lb.${c.clusterId}.ingress.localhost` }]);
    expect(two.status.loadBalancer.ingress).toEqual([{ hostname: `two.default.lb.${c.clusterId}.ingress.localhost` }]);
    const events = (await c.json("/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Done")).body.items.map((e: any) => e.reason);
    expect(events).toEqual(expect.arrayContaining(["EnsuringLoadBalancer", "EnsuredLoadBalancer"]));
  });

  it("leaves Services with a loadBalancerClass to their own controller", async () => {
    expect((await c.send("POST", SVC, lb("classy", { loadBalancerClass: "example.com/lb" }))).status).toBe(201);
    await runDurableObjectAlarm(clusterStub(c.clusterId));
    const s = (await c.json(`${SVC}/classy`)).body;
    expect(s.status.loadBalancer).toEqual({});
    expect(s.metadata.finalizers).toBeUndefined();
  });

  it("takes the load balancer down when the type changes, and before the Service goes", async () => {
    const patched = await c.send("PATCH", `${SVC}/one`, { spec: { type: "ClusterIP" } }, { "Content-Type": "application/merge-patch+json" });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    await until(async () => {
      const s = (await c.json(`${SVC}/one`)).body;
      return !s.status.loadBalancer.ingress && !s.metadata.finalizers ? s : undefined;
    });
    expect((await c.send("DELETE", `${SVC}/two`)).status).toBe(200);
    await until(async () => ((await c.json(`${SVC}/two`)).status === 404 ? true : undefined));
  });
});
