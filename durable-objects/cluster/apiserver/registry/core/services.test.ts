import { describe, expect, it } from "vitest";
import type { JsonObject } from "../types";
import { services } from "./services";
import { causesOf, cells, created, updated } from "./test-helpers";

/** What `kubectl expose deployment web --port=80 --target-port=8080` sends. */
const exposed = (): JsonObject => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { labels: { app: "web" }, name: "web" },
  spec: { ports: [{ port: 80, protocol: "TCP", targetPort: 8080 }], selector: { app: "web" } },
  status: { loadBalancer: {} },
});

describe("services: create", () => {
  it("defaults like SetDefaults_Service, leaving the cluster IP to the allocator", () => {
    const svc = created(services, exposed());
    expect(svc.spec).toEqual({
      internalTrafficPolicy: "Cluster",
      ipFamilies: ["IPv4"],
      ipFamilyPolicy: "SingleStack",
      ports: [{ port: 80, protocol: "TCP", targetPort: 8080 }],
      selector: { app: "web" },
      sessionAffinity: "None",
      type: "ClusterIP",
    });
    expect(svc.status).toEqual({ loadBalancer: {} });
    expect(causesOf(services, svc)).toEqual([]);
  });

  it("defaults targetPort to port, and the NodePort / LoadBalancer extras", () => {
    const svc = created(services, { metadata: { name: "np" }, spec: { type: "LoadBalancer", ports: [{ port: 443 }] } });
    expect(svc.spec).toMatchObject({
      ports: [{ port: 443, protocol: "TCP", targetPort: 443 }],
      externalTrafficPolicy: "Cluster",
      allocateLoadBalancerNodePorts: true,
    });
  });

  it("makes a selectorless headless service dual-stack, an ExternalName one family-less", () => {
    const headless = created(services, { metadata: { name: "h" }, spec: { clusterIP: "None", ports: [{ port: 80 }] } });
    expect(headless.spec).toMatchObject({ clusterIP: "None", clusterIPs: ["None"], ipFamilies: ["IPv4", "IPv6"], ipFamilyPolicy: "RequireDualStack" });
    const external = created(services, { metadata: { name: "x" }, spec: { type: "ExternalName", externalName: "example.com" } });
    expect((external.spec as JsonObject).ipFamilies).toBeUndefined();
    expect((external.spec as JsonObject).internalTrafficPolicy).toBeUndefined();
    expect(causesOf(services, external)).toEqual([]);
  });

  it("reports bad ports, names and types as kube does", () => {
    const svc = created(services, {
      metadata: { name: "1bad" },
      spec: { type: "ClusterIP", ports: [{ port: 70000 }, { name: "b", port: 80, nodePort: 30080 }] },
    });
    expect(causesOf(services, svc)).toEqual([
      "metadata.name: Invalid value: \"1bad\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
      "spec.ports[0].name: Required value",
      "spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive",
      "spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
      "spec.ports[1].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
    ]);
    const np = created(services, { metadata: { name: "np" }, spec: { type: "NodePort", ports: [{ port: 80, nodePort: 80 }, { name: "x", port: 80 }] } });
    expect(causesOf(services, np)).toEqual([
      "spec.ports[0].name: Required value",
      "spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767",
      'spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}',
    ]);
    expect(causesOf(services, created(services, { metadata: { name: "t" }, spec: { type: "Magic", ports: [{ port: 1 }] } }))).toEqual([
      'spec.type: Unsupported value: "Magic": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    ]);
  });
});

describe("services: update", () => {
  const allocated = () => {
    const svc = created(services, { metadata: { name: "np" }, spec: { type: "NodePort", selector: { app: "web" }, ports: [{ port: 80 }] } });
    const spec = svc.spec as JsonObject;
    spec.clusterIP = "10.96.0.12";
    spec.clusterIPs = ["10.96.0.12"];
    (spec.ports as JsonObject[])[0]!.nodePort = 30080;
    return svc;
  };

  it("keeps the allocated cluster IP and node port when a replace leaves them out", () => {
    const old = allocated();
    const next = updated(services, old, { metadata: { name: "np" }, spec: { type: "NodePort", selector: { app: "web" }, ports: [{ port: 80 }] } });
    expect(next.spec).toMatchObject({ clusterIP: "10.96.0.12", clusterIPs: ["10.96.0.12"], ports: [{ port: 80, nodePort: 30080 }] });
    expect(causesOf(services, next, old)).toEqual([]);
  });

  it("refuses a new cluster IP", () => {
    const old = allocated();
    const next = updated(services, old, { metadata: { name: "np" }, spec: { ...(old.spec as JsonObject), clusterIP: "10.96.0.13", clusterIPs: ["10.96.0.13"] } });
    expect(causesOf(services, next, old)).toEqual(['spec.clusterIPs[0]: Invalid value: []string{"10.96.0.13"}: may not change once set']);
  });
});

describe("services: Table", () => {
  const svc = (spec: JsonObject, status: JsonObject = { loadBalancer: {} }): JsonObject => ({
    metadata: { name: "web", creationTimestamp: "2025-06-01T11:00:00Z" },
    spec: { sessionAffinity: "None", ...spec },
    status,
  });

  it("prints a NodePort service", () => {
    const s = svc({ type: "NodePort", clusterIP: "10.96.0.12", clusterIPs: ["10.96.0.12"], ports: [{ port: 80, nodePort: 30080, protocol: "TCP" }], selector: { app: "web" } });
    expect(cells(services, s)).toEqual({
      Name: "web",
      Type: "NodePort",
      "Cluster-IP": "10.96.0.12",
      "External-IP": "<none>",
      "Port(s)": "80:30080/TCP",
      Age: "60m",
      Selector: "app=web",
    });
  });

  it("prints a pending and an assigned load balancer, a headless and an ExternalName service", () => {
    const lb = { type: "LoadBalancer", clusterIPs: ["10.96.0.3"], ports: [{ port: 80, nodePort: 31000, protocol: "TCP" }, { port: 53, nodePort: 31001, protocol: "UDP" }] };
    expect(cells(services, svc(lb))).toMatchObject({ "External-IP": "<pending>", "Port(s)": "80:31000/TCP,53:31001/UDP", Selector: "<none>" });
    expect(cells(services, svc(lb, { loadBalancer: { ingress: [{ ip: "203.0.113.7" }, { hostname: "lb.example.com" }] } }))["External-IP"]).toBe("203.0.113.7,lb.example.com");
    expect(cells(services, svc({ type: "ClusterIP", clusterIPs: ["None"], ports: [] }))).toMatchObject({ "Cluster-IP": "None", "Port(s)": "<none>" });
    expect(cells(services, svc({ type: "ExternalName", externalName: "example.com" }))).toMatchObject({ "Cluster-IP": "<none>", "External-IP": "example.com" });
  });

  it("is in category all and answers DELETE with the object", () => {
    expect([services.shortNames, services.categories, services.verbs.length, services.returnDeletedObject]).toEqual([["svc"], ["all"], 8, true]);
    expect(services.subresources.map((s) => s.name)).toEqual(["proxy", "status"]);
  });
});
