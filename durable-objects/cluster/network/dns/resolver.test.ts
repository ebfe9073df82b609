// The pod's resolv.conf (kubelet's dnsPolicy and dnsConfig) and the stub resolver's search order.
import { describe, expect, it } from "vitest";
import type { JsonObject } from "../../apiserver/registry/types";
import { candidateNames, formatResolvConf, resolvConfFor, resolveHost } from "./resolver";
import type { DnsView } from "./zone";

const pod = (spec: JsonObject = {}, namespace = "shop"): JsonObject => ({ metadata: { name: "p", namespace }, spec: { containers: [], ...spec } });

describe("resolvConfFor", () => {
  it("ClusterFirst: kube-dns, the namespace's search path, ndots:5, as containerd writes it", () => {
    expect(formatResolvConf(resolvConfFor(pod(), "172.18.0.3"))).toBe("search shop.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n");
  });

  it("Default, and ClusterFirst with hostNetwork, take the node's; ClusterFirstWithHostNet keeps the cluster's", () => {
    expect(formatResolvConf(resolvConfFor(pod({ dnsPolicy: "Default" }), "172.18.0.3"))).toBe("nameserver 172.18.0.3\noptions ndots:0\n");
    expect(resolvConfFor(pod({ hostNetwork: true }), "172.18.0.3").nameservers).toEqual(["172.18.0.3"]);
    expect(resolvConfFor(pod({ hostNetwork: true, dnsPolicy: "ClusterFirstWithHostNet" }), "172.18.0.3").nameservers).toEqual(["10.96.0.10"]);
  });

  it("dnsConfig adds nameservers and searches and overrides options by name; None takes only dnsConfig", () => {
    const conf = resolvConfFor(pod({ dnsConfig: { nameservers: ["1.2.3.4"], searches: ["ns1.svc.cluster-domain.example"], options: [{ name: "ndots", value: "2" }, { name: "edns0" }] } }), "");
    expect(formatResolvConf(conf)).toBe(
      "search shop.svc.cluster.local svc.cluster.local cluster.local ns1.svc.cluster-domain.example\nnameserver 10.96.0.10\nnameserver 1.2.3.4\noptions ndots:2 edns0\n",
    );
    expect(formatResolvConf(resolvConfFor(pod({ dnsPolicy: "None", dnsConfig: { nameservers: ["192.0.2.1"] } }), ""))).toBe("nameserver 192.0.2.1\n");
  });
});

describe("the search order", () => {
  const conf = resolvConfFor(pod(), "");
  it("fewer dots than ndots: the search domains first, then the name", () => {
    expect(candidateNames(conf, "web")).toEqual(["web.shop.svc.cluster.local", "web.svc.cluster.local", "web.cluster.local", "web"]);
  });
  it("ndots or more dots, or a final dot: the name first (or only)", () => {
    expect(candidateNames(conf, "a.b.c.d.e.f")[0]).toBe("a.b.c.d.e.f");
    expect(candidateNames(conf, "a.b.c.d.e")[0]).toBe("a.b.c.d.e.shop.svc.cluster.local");
    expect(candidateNames(conf, "web.shop.svc.cluster.local.")).toEqual(["web.shop.svc.cluster.local"]);
  });

  it("resolveHost walks them against the cluster's DNS: the first name with addresses wins", () => {
    const view: DnsView = {
      namespaceExists: (ns) => ns === "shop" || ns === "other",
      service: (ns, name) => (name === "web" ? { metadata: { name, namespace: ns }, spec: { clusterIP: ns === "shop" ? "10.96.0.20" : "10.96.0.30" } } : undefined),
      services: () => [],
      endpointSlices: () => [],
      allEndpointSlices: () => [],
      serial: 1,
    };
    expect(resolveHost(view, conf, "web")).toEqual({ name: "web.shop.svc.cluster.local", addresses: ["10.96.0.20"] });
    expect(resolveHost(view, conf, "web.other")).toEqual({ name: "web.other.svc.cluster.local", addresses: ["10.96.0.30"] });
    expect(resolveHost(view, conf, "nothing")).toBeNull();
    expect(resolveHost(view, resolvConfFor(pod({ dnsPolicy: "Default" }), "172.18.0.3"), "web")).toBeNull();
  });
});
