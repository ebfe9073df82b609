// Service allocation through the API: ClusterIPs as IPAddress objects, node ports, the kubernetes
// Service and ServiceCIDR, and refusals that allocate nothing.
import { beforeAll, describe, expect, it } from "vitest";
import { newCluster, type ClusterClient } from "../../../worker/test-helpers";
import { nextNodePort, nextServiceIP } from "./service-ranges";

const SVC = "/api/v1/namespaces/default/services";
const IPS = "/apis/networking.k8s.io/v1/ipaddresses";
let c: ClusterClient;

beforeAll(async () => {
  c = await newCluster();
});

const service = (name: string, spec: Record<string, unknown>) => ({ apiVersion: "v1", kind: "Service", metadata: { name }, spec: { ports: [{ port: 80 }], ...spec } });
const ipToInt = (ip: string) => ip.split(".").reduce((n, p) => n * 256 + Number(p), 0);

describe("service ranges", () => {
  it("takes dynamic addresses and ports from the upper band first, then the lower", () => {
    expect(nextServiceIP(() => true, () => 0)).toBe("10.96.1.1");
    expect(nextServiceIP(() => true, () => 0.999999999)).toBe("10.111.255.254");
    expect(nextServiceIP((ip) => ipToInt(ip) < ipToInt("10.96.1.1"), () => 0.5)).toBe("10.96.0.129");
    expect(nextNodePort(() => true, () => 0)).toBe(30086);
    expect(nextNodePort((p) => p < 30086, () => 0)).toBe(30000);
    expect(nextNodePort(() => false)).toBeNull();
  });
});

describe("the API server's own objects", () => {
  it("has the kubernetes Service at the range's first address, its endpoints and the default ServiceCIDR", async () => {
    const svc = (await c.json(`${SVC}/kubernetes`)).body;
    expect(svc.spec).toMatchObject({ clusterIP: "10.96.0.1", clusterIPs: ["10.96.0.1"], ports: [{ name: "https", port: 443, protocol: "TCP", targetPort: 6443 }], type: "ClusterIP" });
    expect(svc.metadata.labels).toEqual({ component: "apiserver", provider: "kubernetes" });
    const ip = (await c.json(`${IPS}/10.96.0.1`)).body;
    expect(ip.spec.parentRef).toEqual({ resource: "services", namespace: "default", name: "kubernetes" });
    const cidr = (await c.json("/apis/networking.k8s.io/v1/servicecidrs/kubernetes")).body;
    expect(cidr.spec.cidrs).toEqual(["10.96.0.0/12"]);
    expect(cidr.status.conditions[0]).toMatchObject({ type: "Ready", status: "True", message: "Kubernetes default Service CIDR is ready" });
    const ep = (await c.json("/api/v1/namespaces/default/endpoints/kubernetes")).body;
    expect(ep.subsets).toEqual([{ addresses: [{ ip: "172.18.0.1" }], ports: [{ name: "https", port: 6443, protocol: "TCP" }] }]);
    const slice = (await c.json("/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/kubernetes")).body;
    expect(slice.endpoints).toEqual([{ addresses: ["172.18.0.1"], conditions: { ready: true } }]);
  });
});

describe("ClusterIPs", () => {
  it("allocates one from the range's upper band and records it as an IPAddress", async () => {
    const res = await c.send("POST", SVC, service("web", { selector: { app: "web" } }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const ip: string = res.body.spec.clusterIP;
    expect(res.body.spec.clusterIPs).toEqual([ip]);
    expect(ipToInt(ip)).toBeGreaterThanOrEqual(ipToInt("10.96.1.1"));
    expect(ipToInt(ip)).toBeLessThanOrEqual(ipToInt("10.111.255.254"));
    const recorded = await c.json(`${IPS}/${ip}`);
    expect(recorded.body.metadata.labels).toEqual({ "ipaddress.kubernetes.io/ip-family": "IPv4", "ipaddress.kubernetes.io/managed-by": "ipallocator.k8s.io" });
    expect(recorded.body.spec.parentRef).toEqual({ resource: "services", namespace: "default", name: "web" });
    // The allocated address is the API server's, not the client's field.
    const managers = JSON.stringify(res.body.metadata.managedFields);
    expect(managers).not.toContain("clusterIP");
  });

  it("honours a requested address and refuses one in use or out of range, storing nothing", async () => {
    const ok = await c.send("POST", SVC, service("fixed", { clusterIP: "10.96.0.50" }));
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.spec.clusterIP).toBe("10.96.0.50");

    const taken = await c.send("POST", SVC, service("taken", { clusterIP: "10.96.0.50" }));
    expect(taken.status).toBe(422);
    expect(taken.body.message).toBe('Service "taken" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.50"}: failed to allocate IP 10.96.0.50: provided IP is already allocated');
    expect(taken.body.details.causes).toEqual([
      { reason: "FieldValueInvalid", field: "spec.clusterIPs", message: 'Invalid value: []string{"10.96.0.50"}: failed to allocate IP 10.96.0.50: provided IP is already allocated' },
    ]);
    expect((await c.json(`${SVC}/taken`)).status).toBe(404);

    const outside = await c.send("POST", SVC, service("outside", { clusterIP: "192.168.1.1" }));
    expect(outside.status).toBe(422);
    expect(outside.body.message).toContain("failed to allocate IP 192.168.1.1: provided IP 192.168.1.1 is not in the valid range");
    expect((await c.json(`${IPS}/192.168.1.1`)).status).toBe(404);
  });

  it("gives a dry run an address without reserving it", async () => {
    const res = await c.send("POST", `${SVC}?dryRun=All`, service("dry", {}));
    expect(res.status).toBe(201);
    expect(res.body.spec.clusterIP).toMatch(/^10\.(9[6-9]|1[01][0-9])\./);
    expect((await c.json(`${IPS}/${res.body.spec.clusterIP}`)).status).toBe(404);
  });

  it("a create refused for its name releases what it allocated", async () => {
    const before = (await c.json(IPS)).body.items.length;
    const again = await c.send("POST", SVC, service("web", {}));
    expect(again.status).toBe(409);
    expect((await c.json(IPS)).body.items.length).toBe(before);
  });

  it("gives none to headless and ExternalName Services", async () => {
    const headless = await c.send("POST", SVC, service("headless", { clusterIP: "None", selector: { app: "web" } }));
    expect(headless.body.spec.clusterIPs).toEqual(["None"]);
    const ext = await c.send("POST", SVC, { apiVersion: "v1", kind: "Service", metadata: { name: "ext" }, spec: { type: "ExternalName", externalName: "example.com" } });
    expect(ext.status, JSON.stringify(ext.body)).toBe(201);
    expect(ext.body.spec.clusterIP).toBeUndefined();
  });

  it("frees the address when the Service goes, or turns ExternalName", async () => {
    const made = await c.send("POST", SVC, service("short", {}));
    const ip = made.body.spec.clusterIP;
    expect((await c.json(`${IPS}/${ip}`)).status).toBe(200);
    expect((await c.send("DELETE", `${SVC}/short`)).status).toBe(200);
    expect((await c.json(`${IPS}/${ip}`)).status).toBe(404);

    const other = await c.send("POST", SVC, service("turns", {}));
    const ip2 = other.body.spec.clusterIP;
    const patched = await c.send("PATCH", `${SVC}/turns`, { spec: { type: "ExternalName", externalName: "example.org" } }, { "Content-Type": "application/merge-patch+json" });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body.spec.clusterIP).toBeUndefined();
    expect((await c.json(`${IPS}/${ip2}`)).status).toBe(404);
    // and gets a new one on the way back
    const back = await c.send("PATCH", `${SVC}/turns`, { spec: { type: "ClusterIP", externalName: null } }, { "Content-Type": "application/merge-patch+json" });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect((await c.json(`${IPS}/${back.body.spec.clusterIP}`)).status).toBe(200);
  });
});

describe("node ports", () => {
  it("allocates from the upper band, shares one between TCP and UDP of a port, and refuses one in use", async () => {
    const np = await c.send("POST", SVC, service("np", { type: "NodePort", ports: [{ name: "tcp", port: 53 }, { name: "udp", port: 53, protocol: "UDP" }, { name: "web", port: 80, nodePort: 30080 }] }));
    expect(np.status, JSON.stringify(np.body)).toBe(201);
    const [tcp, udp, web] = np.body.spec.ports;
    expect(tcp.nodePort).toBeGreaterThanOrEqual(30086);
    expect(tcp.nodePort).toBeLessThanOrEqual(32767);
    expect(udp.nodePort).toBe(tcp.nodePort);
    expect(web.nodePort).toBe(30080);

    const clash = await c.send("POST", SVC, service("clash", { type: "NodePort", ports: [{ port: 80, nodePort: 30080 }] }));
    expect(clash.status).toBe(422);
    expect(clash.body.message).toBe('Service "clash" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated');
    expect((await c.json(`${SVC}/clash`)).status).toBe(404);
  });

  it("drops node ports when the type goes back to ClusterIP, and frees them", async () => {
    const res = await c.send("PATCH", `${SVC}/np`, { spec: { type: "ClusterIP" } }, { "Content-Type": "application/merge-patch+json" });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.spec.ports.map((p: { nodePort?: number }) => p.nodePort)).toEqual([undefined, undefined, undefined]);
    const reuse = await c.send("POST", SVC, service("reuse", { type: "NodePort", ports: [{ port: 80, nodePort: 30080 }] }));
    expect(reuse.status, JSON.stringify(reuse.body)).toBe(201);
  });

  it("gives a LoadBalancer with externalTrafficPolicy Local a healthCheckNodePort", async () => {
    const lb = await c.send("POST", SVC, service("lb", { type: "LoadBalancer", externalTrafficPolicy: "Local" }));
    expect(lb.status, JSON.stringify(lb.body)).toBe(201);
    expect(lb.body.spec.healthCheckNodePort).toBeGreaterThanOrEqual(30000);
    expect(lb.body.spec.healthCheckNodePort).not.toBe(lb.body.spec.ports[0].nodePort);
    const noPorts = await c.send("POST", SVC, service("lb2", { type: "LoadBalancer", allocateLoadBalancerNodePorts: false }));
    expect(noPorts.body.spec.ports[0].nodePort).toBeUndefined();
  });
});
