// The cluster's DNS records, after the Kubernetes DNS specification and CoreDNS's kubernetes plugin.
import { describe, expect, it } from "vitest";
import type { JsonObject } from "../../apiserver/registry/types";
import { type DnsView, lookupRecords } from "./zone";

const svc = (name: string, spec: JsonObject, namespace = "default"): JsonObject => ({ metadata: { name, namespace }, spec });
const slice = (service: string, endpoints: JsonObject[], ports: JsonObject[], namespace = "default"): JsonObject => ({
  metadata: { name: `${service}-abcde`, namespace, labels: { "kubernetes.io/service-name": service } },
  addressType: "IPv4",
  endpoints,
  ports,
});

const SERVICES = [
  svc("web", { type: "ClusterIP", clusterIP: "10.96.12.7", ports: [{ name: "http", port: 80, protocol: "TCP" }, { name: "dns", port: 53, protocol: "UDP" }] }),
  svc("nginx", { type: "ClusterIP", clusterIP: "None", ports: [{ name: "web", port: 80 }] }),
  svc("empty", { type: "ClusterIP", clusterIP: "None", ports: [{ port: 80 }] }),
  svc("search", { type: "ExternalName", externalName: "search.example.com" }),
  svc("nr", { type: "ClusterIP", clusterIP: "None", publishNotReadyAddresses: true, ports: [{ port: 80 }] }),
];
const SLICES = [
  slice(
    "nginx",
    [
      { addresses: ["10.244.1.4"], hostname: "web-0", conditions: { ready: true } },
      { addresses: ["10.244.2.9"], hostname: "web-1", conditions: { ready: true } },
      { addresses: ["10.244.3.3"], conditions: { ready: true } },
      { addresses: ["10.244.3.8"], hostname: "web-3", conditions: { ready: false } },
    ],
    [{ name: "web", port: 80, protocol: "TCP" }],
  ),
  slice("nr", [{ addresses: ["10.244.1.9"], conditions: { ready: false } }], [{ name: "", port: 80, protocol: "TCP" }]),
  slice("web", [{ addresses: ["10.244.1.20"], conditions: { ready: true } }], [{ name: "http", port: 8080, protocol: "TCP" }]),
];

const view: DnsView = {
  namespaceExists: (ns) => ns === "default" || ns === "kube-system",
  service: (ns, name) => SERVICES.find((s) => (s.metadata as JsonObject).namespace === ns && (s.metadata as JsonObject).name === name),
  services: () => SERVICES,
  endpointSlices: (ns, name) => SLICES.filter((s) => (s.metadata as JsonObject).namespace === ns && ((s.metadata as JsonObject).labels as JsonObject)["kubernetes.io/service-name"] === name),
  allEndpointSlices: () => SLICES,
  serial: 1733450000,
};

const data = (qname: string, qtype: string) => lookupRecords(view, qname, qtype).answers.map((r) => r.data);

describe("Service records", () => {
  it("a ClusterIP Service has one A record, its ClusterIP, and no AAAA", () => {
    const r = lookupRecords(view, "web.default.svc.cluster.local", "A");
    expect(r).toMatchObject({ rcode: "NOERROR", authoritative: true, answers: [{ name: "web.default.svc.cluster.local", type: "A", ttl: 30, data: "10.96.12.7" }] });
    const none = lookupRecords(view, "web.default.svc.cluster.local", "AAAA");
    expect(none.rcode).toBe("NOERROR");
    expect(none.answers).toEqual([]);
    expect(none.authorities[0]).toMatchObject({ type: "SOA", name: "cluster.local.", data: { mname: "ns.dns.cluster.local.", rname: "hostmaster.cluster.local.", minimum: 30 } });
  });

  it("names are case-insensitive and may end with a dot", () => {
    expect(data("WEB.Default.SVC.cluster.local.", "A")).toEqual(["10.96.12.7"]);
  });

  it("a headless Service has an A record per ready endpoint; publishNotReadyAddresses adds the unready", () => {
    expect(data("nginx.default.svc.cluster.local", "A")).toEqual(["10.244.1.4", "10.244.2.9", "10.244.3.3"]);
    expect(data("nr.default.svc.cluster.local", "A")).toEqual(["10.244.1.9"]);
    // No ready endpoint: the name does not exist.
    expect(lookupRecords(view, "empty.default.svc.cluster.local", "A").rcode).toBe("NXDOMAIN");
  });

  it("each endpoint of a headless Service is named by its hostname, or by its dashed address", () => {
    expect(data("web-0.nginx.default.svc.cluster.local", "A")).toEqual(["10.244.1.4"]);
    expect(data("10-244-3-3.nginx.default.svc.cluster.local", "A")).toEqual(["10.244.3.3"]);
    expect(lookupRecords(view, "web-3.nginx.default.svc.cluster.local", "A").rcode).toBe("NXDOMAIN");
    expect(lookupRecords(view, "web-0.web.default.svc.cluster.local", "A").rcode).toBe("NXDOMAIN");
  });

  it("SRV for a named port: the Service's name (ClusterIP), or each endpoint (headless), with A records in additional", () => {
    const clusterIP = lookupRecords(view, "_http._tcp.web.default.svc.cluster.local", "SRV");
    expect(clusterIP.answers).toEqual([{ name: "_http._tcp.web.default.svc.cluster.local", type: "SRV", ttl: 30, data: { priority: 0, weight: 100, port: 80, target: "web.default.svc.cluster.local." } }]);
    expect(clusterIP.additionals).toEqual([{ name: "web.default.svc.cluster.local.", type: "A", ttl: 30, data: "10.96.12.7" }]);
    expect(data("_dns._udp.web.default.svc.cluster.local", "SRV")).toEqual([{ priority: 0, weight: 100, port: 53, target: "web.default.svc.cluster.local." }]);
    expect(lookupRecords(view, "_dns._tcp.web.default.svc.cluster.local", "SRV").rcode).toBe("NXDOMAIN");
    const headless = lookupRecords(view, "_web._tcp.nginx.default.svc.cluster.local", "SRV");
    expect(headless.answers.map((r) => r.data)).toEqual([
      { priority: 0, weight: 33, port: 80, target: "web-0.nginx.default.svc.cluster.local." },
      { priority: 0, weight: 33, port: 80, target: "web-1.nginx.default.svc.cluster.local." },
      { priority: 0, weight: 33, port: 80, target: "10-244-3-3.nginx.default.svc.cluster.local." },
    ]);
    expect(headless.additionals.map((r) => r.data)).toEqual(["10.244.1.4", "10.244.2.9", "10.244.3.3"]);
  });

  it("an ExternalName Service is a CNAME to its name, for any type asked", () => {
    expect(lookupRecords(view, "search.default.svc.cluster.local", "A").answers).toEqual([{ name: "search.default.svc.cluster.local", type: "CNAME", ttl: 30, data: "search.example.com." }]);
  });

  it("a Service, namespace or zone part that does not exist is NXDOMAIN; an existing name without records is NODATA", () => {
    expect(lookupRecords(view, "nope.default.svc.cluster.local", "A").rcode).toBe("NXDOMAIN");
    expect(lookupRecords(view, "web.nope.svc.cluster.local", "A").rcode).toBe("NXDOMAIN");
    expect(lookupRecords(view, "default.svc.cluster.local", "A")).toMatchObject({ rcode: "NOERROR", answers: [] });
    expect(lookupRecords(view, "nope.svc.cluster.local", "A").rcode).toBe("NXDOMAIN");
    expect(lookupRecords(view, "svc.cluster.local", "A")).toMatchObject({ rcode: "NOERROR", answers: [] });
    expect(lookupRecords(view, "other.cluster.local", "A").rcode).toBe("NXDOMAIN");
  });
});

describe("other names", () => {
  it("pods insecure: a dashed address in a namespace that exists", () => {
    expect(data("10-244-1-5.default.pod.cluster.local", "A")).toEqual(["10.244.1.5"]);
    expect(lookupRecords(view, "10-244-1-5.nope.pod.cluster.local", "A").rcode).toBe("NXDOMAIN");
    expect(lookupRecords(view, "10-244-1-500.default.pod.cluster.local", "A").rcode).toBe("NXDOMAIN");
  });

  it("PTR: a ClusterIP names its Service, an endpoint its name under the Service", () => {
    expect(data("7.12.96.10.in-addr.arpa", "PTR")).toEqual(["web.default.svc.cluster.local."]);
    expect(data("4.1.244.10.in-addr.arpa", "PTR")).toEqual(["web-0.nginx.default.svc.cluster.local."]);
    expect(lookupRecords(view, "1.1.168.192.in-addr.arpa", "PTR")).toMatchObject({ rcode: "NXDOMAIN", authoritative: false });
  });

  it("the zone's SOA, NS and its name server's address, and dns-version", () => {
    expect(lookupRecords(view, "cluster.local", "SOA").answers[0]).toMatchObject({ type: "SOA", data: { serial: 1733450000, refresh: 7200, retry: 1800, expire: 86400 } });
    expect(data("cluster.local", "NS")).toEqual(["ns.dns.cluster.local."]);
    expect(data("ns.dns.cluster.local", "A")).toEqual(["10.96.0.10"]);
    expect(data("dns-version.cluster.local", "TXT")).toEqual([["1.1.0"]]);
  });

  it("names outside the cluster go upstream, which a sandbox has not: SERVFAIL", () => {
    expect(lookupRecords(view, "kubernetes.io", "A")).toMatchObject({ rcode: "SERVFAIL", authoritative: false, answers: [] });
  });
});
