// kube-proxy's choices and the paths that use them, in a real cluster Durable Object with its
// scheduler, kubelets and EndpointSlice controller running: a LoadBalancer Service reached from
// outside (round robin, ClientIP affinity, the traffic policies' source addresses, refusals), and
// connections from a pod by name through its resolver and the cluster's DNS.
import { runInDurableObject } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { clusterStub, newCluster, type ClusterClient } from "../../../worker/test-helpers";
import type { ApiContext } from "../apiserver/context";
import type { JsonObject } from "../apiserver/registry/types";
import type { ClusterDO } from "../cluster-do";
import { settle } from "../testing";
import { connectFromPod } from "./connect";
import type { LoadBalancerRequest } from "./load-balancer";

const NS = "/api/v1/namespaces/default";
const AGNHOST = "registry.k8s.io/e2e-test-images/agnhost:2.53";
let c: ClusterClient;
let nodeIPs: string[];

const inCluster = <T>(fn: (o: ClusterDO) => Promise<T> | T): Promise<T> => runInDurableObject(clusterStub(c.clusterId), fn);

function echoPod(name: string, labels: Record<string, string>): JsonObject {
  return { apiVersion: "v1", kind: "Pod", metadata: { name, labels }, spec: { containers: [{ name: "netexec", image: AGNHOST, args: ["netexec", "--http-port=8080"], ports: [{ containerPort: 8080 }] }] } };
}

function lbService(name: string, spec: JsonObject = {}): JsonObject {
  return { apiVersion: "v1", kind: "Service", metadata: { name }, spec: { type: "LoadBalancer", selector: { app: "echo" }, ports: [{ name: "http", port: 80, targetPort: 8080 }], ...spec } };
}

async function run(advanceMs = 5_000): Promise<void> {
  await inCluster(async (o) => {
    await settle(o);
    for (let step = 0; step < advanceMs; step += 500) {
      o.clock.advance(500);
      await settle(o);
    }
  });
}

/** What the edge hands the cluster for `GET path` to a Service's load balancer from `clientIP`. */
async function viaLoadBalancer(service: string, path: string, clientIP = "203.0.113.7"): Promise<{ status: number; body: string }> {
  const svc = (await c.json(`${NS}/services/${service}`)).body;
  const hostname = svc.status.loadBalancer.ingress?.[0]?.hostname ?? `${service}.default.lb.unknown`;
  const req: LoadBalancerRequest = { namespace: "default", service, hostname, method: "GET", path, headers: { "user-agent": "curl/8.5.0" }, clientIP, port: 443 };
  return inCluster((o) => o.serveLoadBalancer(req));
}

beforeAll(async () => {
  c = await newCluster();
  for (const name of ["echo-a", "echo-b", "echo-c"]) expect((await c.send("POST", `${NS}/pods`, echoPod(name, { app: "echo" }))).status).toBe(201);
  await c.send("POST", `${NS}/services`, lbService("echo"));
  await c.send("POST", `${NS}/services`, lbService("sticky", { sessionAffinity: "ClientIP" }));
  await c.send("POST", `${NS}/services`, lbService("local", { externalTrafficPolicy: "Local" }));
  await c.send("POST", `${NS}/services`, lbService("nobody", { selector: { app: "nobody" } }));
  await run();
  const pods = (await c.json(`${NS}/pods?labelSelector=app%3Decho`)).body.items;
  expect(pods.map((p: any) => p.status.phase)).toEqual(["Running", "Running", "Running"]);
  const nodes = (await c.json("/api/v1/nodes")).body.items as any[];
  nodeIPs = nodes.map((n) => n.status.addresses.find((a: any) => a.type === "InternalIP").address);
});

describe("a LoadBalancer Service from outside", () => {
  it("is published under the cluster's public name", async () => {
    const svc = (await c.json(`${NS}/services/echo`)).body;
    expect(svc.status.loadBalancer.ingress).toEqual([{ hostname: `echo.default.lb.${c.clusterId}.ingress.localhost` }]);
  });

  it("spreads connections over the ready endpoints in turn", async () => {
    const seen = [];
    for (let i = 0; i < 6; i++) seen.push((await viaLoadBalancer("echo", "/hostname")).body);
    expect(new Set(seen.slice(0, 3))).toEqual(new Set(["echo-a", "echo-b", "echo-c"]));
    expect(seen.slice(3)).toEqual(seen.slice(0, 3));
  });

  it("sessionAffinity: ClientIP sends one client to one endpoint, until its timeout passes", async () => {
    const first = (await viaLoadBalancer("sticky", "/hostname", "198.51.100.1")).body;
    for (let i = 0; i < 4; i++) expect((await viaLoadBalancer("sticky", "/hostname", "198.51.100.1")).body).toBe(first);
    const others = new Set<string>();
    for (let i = 0; i < 3; i++) others.add((await viaLoadBalancer("sticky", "/hostname", `198.51.100.${10 + i}`)).body);
    expect(others.has(first) && others.size === 1).toBe(false);
    // The three other clients took the next three turns, so the turn is back where the first client's
    // was. 3 hours without a connection: its affinity is gone, and it gets the next turn, another pod.
    await inCluster((o) => o.clock.advance(10_801_000));
    const after = (await viaLoadBalancer("sticky", "/hostname", "198.51.100.1")).body;
    expect(after).not.toBe(first);
    expect((await viaLoadBalancer("sticky", "/hostname", "198.51.100.1")).body).toBe(after);
  });

  it("externalTrafficPolicy Cluster hides the client behind a node; Local keeps its address", async () => {
    const cluster = (await viaLoadBalancer("echo", "/clientip", "192.0.2.44")).body;
    expect(nodeIPs).toContain(cluster.split(":")[0]);
    expect((await viaLoadBalancer("local", "/clientip", "192.0.2.44")).body).toMatch(/^192\.0\.2\.44:\d+$/);
  });

  it("a Service without ready endpoints refuses; a name that is no load balancer is not found", async () => {
    const refused = await viaLoadBalancer("nobody", "/");
    expect(refused.status).toBe(502);
    expect(refused.body).toContain("connection refused");
    const res = await inCluster((o) => o.serveLoadBalancer({ namespace: "default", service: "echo", hostname: "echo.default.lb.other.example", method: "GET", path: "/", headers: {}, clientIP: "192.0.2.1", port: 80 }));
    expect(res.status).toBe(404);
  });
});

describe("a pod connecting by name", () => {
  const fromPod = (name: string, host: string, port: number, path = "/hostname") =>
    inCluster((o) => {
      const ctx: ApiContext = { store: o.store, registry: o.registry, clock: o.clock, user: { username: "test", groups: [] } } as ApiContext;
      const pod = o.store.get(`/registry/core/pods/default/${name}`)!.value;
      const answer = connectFromPod(ctx, pod, host, port, { method: "GET", path, headers: {} });
      return answer.kind === "response" ? `${answer.status} ${answer.body}` : answer.kind;
    });

  it("finds a Service through its resolv.conf's search list, at its ClusterIP's port", async () => {
    const names = new Set<string>();
    for (const host of ["echo", "echo.default", "echo.default.svc", "echo.default.svc.cluster.local", "echo.default.svc.cluster.local."]) names.add(await fromPod("echo-a", host, 80));
    for (const n of names) expect(n).toMatch(/^200 echo-[abc]$/);
    // Only the Service's port is forwarded; the target port at the ClusterIP has no rule.
    expect(await fromPod("echo-a", "echo", 8080)).toBe("unreachable");
    expect(await fromPod("echo-a", "nope", 80)).toBe("unresolved");
  });

  it("sees its own address as the client's, and reaches a pod at its IP", async () => {
    const podIP = (await c.json(`${NS}/pods/echo-b`)).body.status.podIP;
    const own = (await c.json(`${NS}/pods/echo-a`)).body.status.podIP;
    expect(await fromPod("echo-a", podIP, 8080, "/clientip")).toMatch(new RegExp(`^200 ${own.replace(/\./g, "\\.")}:\\d+$`));
    expect(await fromPod("echo-a", podIP, 9999)).toBe("refused");
  });

  it("a Service without endpoints is refused at its ClusterIP", async () => {
    expect(await fromPod("echo-a", "nobody", 80)).toBe("refused");
  });
});
