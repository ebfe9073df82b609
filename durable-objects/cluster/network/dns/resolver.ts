// The pod's side of DNS: the /etc/resolv.conf the kubelet gives it (pkg/kubelet/network/dns: dnsPolicy
// and dnsConfig), and how a stub resolver walks its search list (glibc's res_search: a name with at
// least `ndots` dots, or one ending in ".", is tried as it is first; a shorter one is tried under each
// search domain first, as written last).
import type { JsonObject } from "../../apiserver/registry/types";
import { mapOf as obj, objects, str, strings } from "../../apiserver/validation/values";
import { DNS_SERVICE_IP } from "../service-ranges";
import { CLUSTER_DOMAIN, type DnsView, lookupRecords } from "./zone";

export interface ResolvConf {
  nameservers: string[];
  searches: string[];
  /** "ndots:5", "edns0", … in order. */
  options: string[];
}

/** The kubelet's limits (validation.MaxDNSNameservers, MaxDNSSearchPaths). */
const MAX_NAMESERVERS = 3;
const MAX_SEARCHES = 32;

const unique = (list: string[]) => [...new Set(list)];

/** What a kind node's /etc/resolv.conf holds: its own address (kind points Docker's embedded DNS there), ndots:0. */
function nodeResolvConf(nodeIP: string): ResolvConf {
  return { nameservers: nodeIP ? [nodeIP] : [], searches: [], options: ["ndots:0"] };
}

/** The resolv.conf of `pod` on a node whose InternalIP is `nodeIP`. */
export function resolvConfFor(pod: JsonObject, nodeIP: string): ResolvConf {
  const spec = obj(pod.spec);
  const namespace = str(obj(pod.metadata).namespace) || "default";
  const policy = str(spec.dnsPolicy) || "ClusterFirst";
  const hostNetwork = spec.hostNetwork === true;
  let conf: ResolvConf;
  if (policy === "None") conf = { nameservers: [], searches: [], options: [] };
  else if (policy === "Default" || (policy === "ClusterFirst" && hostNetwork)) conf = nodeResolvConf(nodeIP);
  else conf = { nameservers: [DNS_SERVICE_IP], searches: [`${namespace}.svc.${CLUSTER_DOMAIN}`, `svc.${CLUSTER_DOMAIN}`, CLUSTER_DOMAIN], options: ["ndots:5"] };

  const dnsConfig = obj(spec.dnsConfig);
  const options = new Map(conf.options.map((o) => [o.split(":")[0]!, o]));
  for (const o of objects(dnsConfig.options)) {
    const name = str(o.name);
    if (name) options.set(name, typeof o.value === "string" ? `${name}:${o.value}` : name);
  }
  return {
    nameservers: unique([...conf.nameservers, ...strings(dnsConfig.nameservers)]).slice(0, MAX_NAMESERVERS),
    searches: unique([...conf.searches, ...strings(dnsConfig.searches)]).slice(0, MAX_SEARCHES),
    options: [...options.values()],
  };
}

/** The file as the container runtime writes it (containerd: search, nameservers, options). */
export function formatResolvConf(conf: ResolvConf): string {
  const lines: string[] = [];
  if (conf.searches.length > 0) lines.push(`search ${conf.searches.join(" ")}`);
  for (const ns of conf.nameservers) lines.push(`nameserver ${ns}`);
  if (conf.options.length > 0) lines.push(`options ${conf.options.join(" ")}`);
  return lines.map((l) => `${l}\n`).join("");
}

/** The resolver's ndots (1 when not set, as glibc). */
export function ndotsOf(conf: ResolvConf): number {
  const opt = conf.options.find((o) => o.startsWith("ndots:"));
  const n = opt ? Number(opt.slice(6)) : 1;
  return Number.isInteger(n) && n >= 0 ? Math.min(n, 15) : 1;
}

/** The names a lookup of `name` asks, in order. */
export function candidateNames(conf: ResolvConf, name: string): string[] {
  if (name.endsWith(".")) return [name.slice(0, -1)];
  const dots = name.split(".").length - 1;
  const searched = conf.searches.map((s) => `${name}.${s}`);
  return dots >= ndotsOf(conf) ? [name, ...searched] : [...searched, name];
}

export interface Resolved {
  /** The name that answered. */
  name: string;
  addresses: string[];
}

/**
 * What `getaddrinfo(name)` finds in a pod whose resolver is `conf`, asking the cluster's DNS (CoreDNS at
 * the kube-dns address). Only the cluster's DNS is modelled: a resolver without it finds nothing.
 * A CNAME out of the cluster (ExternalName) needs an upstream the sandbox has not: not found.
 */
export function resolveHost(view: DnsView, conf: ResolvConf, name: string): Resolved | null {
  if (!conf.nameservers.includes(DNS_SERVICE_IP)) return null;
  for (const candidate of candidateNames(conf, name)) {
    const result = lookupRecords(view, candidate, "A");
    const addresses = result.answers.filter((r) => r.type === "A").map((r) => r.data as string);
    if (result.rcode === "NOERROR" && addresses.length > 0) return { name: candidate, addresses };
    // A CNAME answer ends the search (the name exists), whether or not its target resolves.
    if (result.rcode === "NOERROR" && result.answers.some((r) => r.type === "CNAME")) return null;
  }
  return null;
}
