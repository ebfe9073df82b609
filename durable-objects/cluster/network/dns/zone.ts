// The cluster's DNS as CoreDNS's kubernetes plugin serves it (kubeadm's Corefile: `kubernetes
// cluster.local in-addr.arpa ip6.arpa { pods insecure; fallthrough in-addr.arpa ip6.arpa; ttl 30 }`),
// after the Kubernetes DNS-Based Service Discovery specification (kubernetes/dns docs/specification.md):
//
//   <svc>.<ns>.svc.cluster.local          A: the ClusterIP; headless: each ready endpoint; ExternalName: CNAME
//   <host>.<svc>.<ns>.svc.cluster.local   A: a headless endpoint, by its hostname or its dashed IP
//   _<port>._<proto>.<svc>.<ns>.svc…      SRV: one per endpoint (headless) or the service name (ClusterIP)
//   <a-b-c-d>.<ns>.pod.cluster.local      A: a.b.c.d ("pods insecure" checks only the namespace)
//   <reversed>.in-addr.arpa               PTR: a ClusterIP's service, an endpoint's name
//   dns-version.cluster.local             TXT "1.1.0"
//
// A name under the zone that does not exist is NXDOMAIN, one that exists without that type NODATA, both
// with the zone's SOA in authority. Names outside the zone go to CoreDNS's `forward` plugin, whose
// upstream a sandbox does not have: SERVFAIL (reverse names not found are NXDOMAIN, as a private
// reverse zone answers upstream). Pure: the cluster is seen through DnsView.
import type { JsonObject } from "../../apiserver/registry/types";
import { mapOf as obj, objects } from "../../apiserver/validation/values";
import { DNS_SERVICE_IP } from "../service-ranges";

export const CLUSTER_DOMAIN = "cluster.local";
/** kubeadm's Corefile: `ttl 30`. */
export const DNS_TTL = 30;

export type RecordType = "A" | "AAAA" | "CNAME" | "SRV" | "PTR" | "TXT" | "SOA" | "NS" | "ANY";

export type DnsRecord =
  | { name: string; type: "A"; ttl: number; data: string }
  | { name: string; type: "CNAME" | "PTR" | "NS"; ttl: number; data: string }
  | { name: string; type: "TXT"; ttl: number; data: string[] }
  | { name: string; type: "SRV"; ttl: number; data: { priority: number; weight: number; port: number; target: string } }
  | { name: string; type: "SOA"; ttl: number; data: { mname: string; rname: string; serial: number; refresh: number; retry: number; expire: number; minimum: number } };

export interface DnsResult {
  rcode: "NOERROR" | "NXDOMAIN" | "SERVFAIL";
  /** Answers for names in the cluster's zones (the AA flag). */
  authoritative: boolean;
  answers: DnsRecord[];
  authorities: DnsRecord[];
  additionals: DnsRecord[];
}

/** What the DNS server sees of the cluster (a CoreDNS informer's view). */
export interface DnsView {
  namespaceExists(namespace: string): boolean;
  service(namespace: string, name: string): JsonObject | undefined;
  /** Every Service (for reverse lookups of ClusterIPs). */
  services(): JsonObject[];
  /** The EndpointSlices labelled with the Service's name. */
  endpointSlices(namespace: string, service: string): JsonObject[];
  /** Every EndpointSlice (for reverse lookups of endpoints). */
  allEndpointSlices(): JsonObject[];
  /** The SOA serial: CoreDNS uses the time (Unix seconds) of the last change it saw. */
  serial: number;
}

const dnsNameOf = (name: string) => `${name.replace(/\.$/, "")}.`;

/** CoreDNS's SOA for the zone (plugin/kubernetes: ns.dns.<zone>, hostmaster.<zone>, 7200 1800 86400 ttl). */
export function soaRecord(view: DnsView, zone = CLUSTER_DOMAIN): DnsRecord {
  return {
    name: `${zone}.`,
    type: "SOA",
    ttl: DNS_TTL,
    data: { mname: `ns.dns.${zone}.`, rname: `hostmaster.${zone}.`, serial: view.serial, refresh: 7200, retry: 1800, expire: 86400, minimum: DNS_TTL },
  };
}

const meta = (o: JsonObject) => obj(o.metadata);
const spec = (o: JsonObject) => obj(o.spec);

/** An endpoint as DNS names it: its hostname, else its address with dashes (CoreDNS endpointHostname). */
const endpointHostname = (endpoint: JsonObject, address: string): string =>
  typeof endpoint.hostname === "string" && endpoint.hostname ? endpoint.hostname : address.replace(/[.:]/g, "-");

interface Endpoint {
  address: string;
  hostname: string;
  ports: Array<{ name: string; port: number; protocol: string }>;
}

/** A Service's endpoints CoreDNS serves: ready ones (all of them with publishNotReadyAddresses), IPv4. */
function endpointsOf(view: DnsView, svc: JsonObject): Endpoint[] {
  const { namespace, name } = meta(svc) as { namespace: string; name: string };
  const publishNotReady = spec(svc).publishNotReadyAddresses === true;
  const seen = new Set<string>();
  const out: Endpoint[] = [];
  for (const slice of view.endpointSlices(namespace, name)) {
    if (slice.addressType !== "IPv4") continue;
    const ports = objects(slice.ports).map((p) => ({ name: typeof p.name === "string" ? p.name : "", port: Number(p.port), protocol: String(p.protocol ?? "TCP") }));
    for (const endpoint of objects(slice.endpoints)) {
      if (!publishNotReady && obj(endpoint.conditions).ready === false) continue;
      for (const address of (endpoint.addresses as string[] | undefined) ?? []) {
        const hostname = endpointHostname(endpoint, address);
        if (seen.has(`${hostname}/${address}`)) continue;
        seen.add(`${hostname}/${address}`);
        out.push({ address, hostname, ports });
      }
    }
  }
  return out;
}

const isHeadless = (svc: JsonObject) => spec(svc).clusterIP === "None";
const clusterIPOf = (svc: JsonObject): string | undefined => {
  const ip = spec(svc).clusterIP;
  return typeof ip === "string" && ip && ip !== "None" ? ip : undefined;
};

/** SRV weights as CoreDNS spreads them over records of one priority: floor(100 / n). */
const srvWeight = (n: number) => Math.floor((100 / (100 * n)) * 100);

const empty = (rcode: DnsResult["rcode"], authoritative: boolean): DnsResult => ({ rcode, authoritative, answers: [], authorities: [], additionals: [] });

/** NXDOMAIN or NODATA from the zone, with the SOA CoreDNS puts in authority. */
function negative(view: DnsView, rcode: "NOERROR" | "NXDOMAIN"): DnsResult {
  return { ...empty(rcode, true), authorities: [soaRecord(view)] };
}

function answered(view: DnsView, qtype: RecordType, records: DnsRecord[], additionals: DnsRecord[] = []): DnsResult {
  const matching = qtype === "ANY" ? records : records.filter((r) => r.type === qtype || r.type === "CNAME");
  if (matching.length === 0) return negative(view, "NOERROR");
  return { rcode: "NOERROR", authoritative: true, answers: matching, authorities: [], additionals };
}

/** Records of `<svc>.<ns>.svc.<zone>`, and of the endpoints under it (`<host>.<svc>.…`). */
function serviceRecords(view: DnsView, qname: string, labels: string[], qtype: RecordType): DnsResult {
  // labels (zone stripped, innermost last): [..., svc, ns, "svc"]
  const [ns, svcName] = [labels[labels.length - 2]!, labels[labels.length - 3]!];
  const rest = labels.slice(0, -3);
  if (!view.namespaceExists(ns)) return negative(view, "NXDOMAIN");
  const svc = view.service(ns, svcName);
  if (!svc) return negative(view, "NXDOMAIN");
  const base = `${svcName}.${ns}.svc.${CLUSTER_DOMAIN}.`;
  const type = spec(svc).type;

  if (type === "ExternalName") {
    if (rest.length > 0) return negative(view, "NXDOMAIN");
    const target = dnsNameOf(String(spec(svc).externalName ?? ""));
    return answered(view, qtype, [{ name: qname, type: "CNAME", ttl: DNS_TTL, data: target }]);
  }

  const headless = isHeadless(svc);
  const endpoints = headless ? endpointsOf(view, svc) : [];
  const serviceIP = clusterIPOf(svc);

  // _port._proto.<svc>…: SRV for a named port.
  if (rest.length === 2 && rest[0]!.startsWith("_") && rest[1]!.startsWith("_")) {
    const portName = rest[0]!.slice(1).toLowerCase();
    const proto = rest[1]!.slice(1).toLowerCase();
    if (headless) {
      const matches = endpoints.flatMap((e) => e.ports.filter((p) => p.name.toLowerCase() === portName && p.protocol.toLowerCase() === proto).map((p) => ({ e, p })));
      if (matches.length === 0) return negative(view, "NXDOMAIN");
      const weight = srvWeight(matches.length);
      return answered(
        view,
        qtype,
        matches.map(({ e, p }) => ({ name: qname, type: "SRV" as const, ttl: DNS_TTL, data: { priority: 0, weight, port: p.port, target: `${e.hostname}.${base}` } })),
        matches.map(({ e }) => ({ name: `${e.hostname}.${base}`, type: "A" as const, ttl: DNS_TTL, data: e.address })),
      );
    }
    const port = objects(spec(svc).ports).find((p) => String(p.name ?? "").toLowerCase() === portName && String(p.protocol ?? "TCP").toLowerCase() === proto);
    if (!port || !serviceIP) return negative(view, "NXDOMAIN");
    return answered(view, qtype, [{ name: qname, type: "SRV", ttl: DNS_TTL, data: { priority: 0, weight: 100, port: Number(port.port), target: base } }], [{ name: base, type: "A", ttl: DNS_TTL, data: serviceIP }]);
  }

  // <host>.<svc>…: one endpoint of a headless Service.
  if (rest.length === 1) {
    if (!headless) return negative(view, "NXDOMAIN");
    const host = rest[0]!.toLowerCase();
    const found = endpoints.filter((e) => e.hostname.toLowerCase() === host);
    if (found.length === 0) return negative(view, "NXDOMAIN");
    return answered(view, qtype, found.map((e) => ({ name: qname, type: "A" as const, ttl: DNS_TTL, data: e.address })));
  }
  if (rest.length > 0) return negative(view, "NXDOMAIN");

  // The Service's own name.
  if (headless) {
    if (endpoints.length === 0) return negative(view, "NXDOMAIN");
    const addresses = [...new Set(endpoints.map((e) => e.address))];
    const records: DnsRecord[] = addresses.map((ip) => ({ name: qname, type: "A", ttl: DNS_TTL, data: ip }));
    if (qtype === "SRV") {
      const all = endpoints.flatMap((e) => e.ports.map((p) => ({ e, p })));
      const weight = srvWeight(all.length);
      return answered(
        view,
        qtype,
        all.map(({ e, p }) => ({ name: qname, type: "SRV" as const, ttl: DNS_TTL, data: { priority: 0, weight, port: p.port, target: `${e.hostname}.${base}` } })),
        all.map(({ e }) => ({ name: `${e.hostname}.${base}`, type: "A" as const, ttl: DNS_TTL, data: e.address })),
      );
    }
    return answered(view, qtype, records);
  }
  if (!serviceIP) return negative(view, "NXDOMAIN");
  if (qtype === "SRV") {
    const ports = objects(spec(svc).ports);
    const weight = srvWeight(ports.length);
    return answered(
      view,
      qtype,
      ports.map((p) => ({ name: qname, type: "SRV" as const, ttl: DNS_TTL, data: { priority: 0, weight, port: Number(p.port), target: base } })),
      [{ name: base, type: "A", ttl: DNS_TTL, data: serviceIP }],
    );
  }
  return answered(view, qtype, [{ name: qname, type: "A", ttl: DNS_TTL, data: serviceIP }]);
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** `a-b-c-d.<ns>.pod.<zone>`: "pods insecure" answers any well-formed address in a namespace that exists. */
function podRecords(view: DnsView, qname: string, labels: string[], qtype: RecordType): DnsResult {
  // labels (zone and "pod" stripped): [ns] or [dashed, ns]
  if (labels.length === 1) return negative(view, view.namespaceExists(labels[0]!) ? "NOERROR" : "NXDOMAIN");
  if (labels.length !== 2) return negative(view, "NXDOMAIN");
  const [dashed, ns] = labels as [string, string];
  if (!view.namespaceExists(ns)) return negative(view, "NXDOMAIN");
  const ip = dashed.replace(/-/g, ".");
  if (!IPV4.test(ip)) return negative(view, "NXDOMAIN");
  return answered(view, qtype, [{ name: qname, type: "A", ttl: DNS_TTL, data: ip }]);
}

/** PTR for `d.c.b.a.in-addr.arpa`: a ClusterIP's Service, else an endpoint's name. */
function reverseRecords(view: DnsView, qname: string, lower: string, qtype: RecordType): DnsResult {
  const octets = lower.replace(/\.in-addr\.arpa\.?$/, "").split(".");
  const ip = octets.reverse().join(".");
  if (octets.length !== 4 || !IPV4.test(ip)) return negative(view, "NXDOMAIN");
  const names: string[] = [];
  for (const svc of view.services()) {
    if (clusterIPOf(svc) === ip) names.push(`${String(meta(svc).name)}.${String(meta(svc).namespace)}.svc.${CLUSTER_DOMAIN}.`);
  }
  if (names.length === 0) {
    for (const slice of view.allEndpointSlices()) {
      const svcName = obj(meta(slice).labels)["kubernetes.io/service-name"];
      if (typeof svcName !== "string") continue;
      for (const endpoint of objects(slice.endpoints)) {
        if (!((endpoint.addresses as string[] | undefined) ?? []).includes(ip)) continue;
        names.push(`${endpointHostname(endpoint, ip)}.${svcName}.${String(meta(slice).namespace)}.svc.${CLUSTER_DOMAIN}.`);
      }
    }
  }
  // Not the cluster's: `fallthrough in-addr.arpa` hands it to forward, and upstream has no such private name.
  if (names.length === 0) return { ...empty("NXDOMAIN", false) };
  return answered(view, qtype, [...new Set(names)].map((data) => ({ name: qname, type: "PTR" as const, ttl: DNS_TTL, data })));
}

const RECORD_TYPES = new Set<string>(["A", "AAAA", "CNAME", "SRV", "PTR", "TXT", "SOA", "NS", "ANY"]);

/** CoreDNS's answer to one question `qname`/`qtype` (class IN). */
export function lookupRecords(view: DnsView, qname: string, qtype: string): DnsResult {
  const type = (RECORD_TYPES.has(qtype) ? qtype : "OTHER") as RecordType;
  const lower = qname.toLowerCase().replace(/\.$/, "");
  if (lower.endsWith(".in-addr.arpa")) return reverseRecords(view, qname, lower, type);
  if (lower.endsWith(".ip6.arpa")) return empty("NXDOMAIN", false);
  const zone = CLUSTER_DOMAIN;
  if (lower !== zone && !lower.endsWith(`.${zone}`)) return empty("SERVFAIL", false);
  if (lower === zone) {
    if (type === "SOA" || type === "ANY") return { rcode: "NOERROR", authoritative: true, answers: [soaRecord(view)], authorities: [], additionals: [] };
    if (type === "NS") return { rcode: "NOERROR", authoritative: true, answers: [{ name: qname, type: "NS", ttl: DNS_TTL, data: `ns.dns.${zone}.` }], authorities: [], additionals: [] };
    return negative(view, "NOERROR");
  }
  const labels = lower.slice(0, -zone.length - 1).split(".");
  const top = labels[labels.length - 1];
  if (labels.length === 1 && top === "dns-version") return answered(view, type, [{ name: qname, type: "TXT", ttl: DNS_TTL, data: ["1.1.0"] }]);
  // The zone's name server is the kube-dns Service.
  if (labels.join(".") === "ns.dns") return answered(view, type, [{ name: qname, type: "A", ttl: DNS_TTL, data: DNS_SERVICE_IP }]);
  if (top === "svc") {
    if (labels.length === 1) return negative(view, "NOERROR");
    if (labels.length === 2) return negative(view, view.namespaceExists(labels[0]!) ? "NOERROR" : "NXDOMAIN");
    return serviceRecords(view, qname, labels, type);
  }
  if (top === "pod") {
    if (labels.length === 1) return negative(view, "NOERROR");
    return podRecords(view, qname, labels.slice(0, -1), type);
  }
  return negative(view, "NXDOMAIN");
}
