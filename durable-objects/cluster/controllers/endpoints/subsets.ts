// The subsets of a controller-made core/v1 Endpoints, after kube's endpoints_controller.go and
// pkg/api/v1/endpoints (RepackSubsets): one address per selected pod (ready ones in `addresses`, the
// rest in `notReadyAddresses`), grouped so that each subset lists the addresses that share a port set.
// Addresses are sorted by IP (bytewise) then pod uid, as kube sorts them. kube orders ports and
// subsets by an md5 of their Go dump; that order means nothing, so here they are sorted by content.
import { metadataOf } from "../../apiserver/objects";
import type { JsonObject } from "../../apiserver/registry/types";
import { isPodReady } from "../runtime/pods";
import { findPort, isIPv6, isServiceIPSet, podIPs, publishNotReady, servicePorts, shouldPodBeInEndpoints, shouldSetHostname } from "../endpointslice/util";

/** maxCapacity: an Endpoints keeps at most this many addresses. */
export const MAX_CAPACITY = 1000;

const specOf = (o: JsonObject) => (o.spec ?? {}) as JsonObject;
const list = (v: unknown) => (v ?? []) as JsonObject[];

/** podToEndpointAddressForService: the pod's IP of the service's (first) family, its node and a reference to it. */
export function podAddress(svc: JsonObject, pod: JsonObject): JsonObject | undefined {
  const families = (specOf(svc).ipFamilies ?? []) as string[];
  let v6: boolean;
  if (families.length > 0) v6 = families[0] === "IPv6";
  else if (isServiceIPSet(svc)) v6 = isIPv6(String(specOf(svc).clusterIP));
  else v6 = isIPv6(String((pod.status as JsonObject | undefined)?.podIP ?? ""));
  const ip = podIPs(pod).find((a) => isIPv6(a) === v6);
  if (!ip) return undefined;
  const meta = metadataOf(pod);
  const addr: JsonObject = { ip };
  if (shouldSetHostname(pod, svc)) addr.hostname = specOf(pod).hostname;
  addr.nodeName = String(specOf(pod).nodeName ?? "");
  addr.targetRef = { kind: "Pod", namespace: meta.namespace, name: meta.name, uid: meta.uid };
  return addr;
}

/**
 * The service's subsets, repacked: each selected pod contributes its address once per service port
 * that resolves on it (a headless service without ports: once, with no ports). Terminating pods are
 * left out unless the service publishes not-ready addresses, which also puts every address in `addresses`.
 */
export function buildSubsets(svc: JsonObject, pods: JsonObject[]): JsonObject[] {
  const tolerateUnready = publishNotReady(svc);
  const headless = specOf(svc).clusterIP === "None";
  const ports = servicePorts(svc);
  const subsets: JsonObject[] = [];
  const add = (addr: JsonObject, ready: boolean, port?: JsonObject) =>
    subsets.push({ [ready ? "addresses" : "notReadyAddresses"]: [addr], ...(port ? { ports: [port] } : {}) });
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, tolerateUnready)) continue;
    const addr = podAddress(svc, pod);
    if (!addr) continue;
    const ready = tolerateUnready || isPodReady(pod);
    if (ports.length === 0) {
      if (headless) add(addr, ready);
      continue;
    }
    for (const sp of ports) {
      const port = findPort(pod, sp);
      if (port === undefined) continue;
      const epp: JsonObject = {};
      if (sp.name) epp.name = sp.name;
      epp.port = port;
      epp.protocol = sp.protocol ?? "TCP";
      if (sp.appProtocol !== undefined) epp.appProtocol = sp.appProtocol;
      add(addr, ready, epp);
    }
  }
  return repackSubsets(subsets);
}

const addressKey = (a: JsonObject) => JSON.stringify([a.ip, ((a.targetRef ?? {}) as JsonObject).uid ?? ""]);
const portKey = (p: JsonObject | null) => (p ? JSON.stringify([p.name ?? "", p.port, p.protocol ?? "TCP", p.appProtocol ?? null]) : "");

/** LessEndpointAddress: by IP bytes, then by pod uid (an address without a target first). */
function compareAddresses(a: JsonObject, b: JsonObject): number {
  const [ia, ib] = [String(a.ip), String(b.ip)];
  if (ia !== ib) return ia < ib ? -1 : 1;
  const [ua, ub] = [((a.targetRef ?? {}) as JsonObject).uid, ((b.targetRef ?? {}) as JsonObject).uid];
  if (ub === undefined) return ua === undefined ? 0 : 1;
  if (ua === undefined) return -1;
  return String(ua) < String(ub) ? -1 : String(ua) > String(ub) ? 1 : 0;
}

/**
 * RepackSubsets: expands subsets to (port, address, ready) and packs them again, one subset per set
 * of addresses that share the same ports. An address not ready on one of a port's entries is not
 * ready for that port. Subsets without ports keep their addresses (kube's sentinel port).
 */
export function repackSubsets(subsets: JsonObject[]): JsonObject[] {
  const addrs = new Map<string, JsonObject>();
  const byPort = new Map<string, { port: JsonObject | null; ready: Map<string, boolean> }>();
  const note = (addr: JsonObject, port: JsonObject | null, ready: boolean) => {
    const k = addressKey(addr);
    if (!addrs.has(k)) addrs.set(k, addr);
    const pk = portKey(port);
    let entry = byPort.get(pk);
    if (!entry) byPort.set(pk, (entry = { port, ready: new Map() }));
    if (entry.ready.get(k) !== false) entry.ready.set(k, ready);
  };
  for (const ss of subsets) {
    const ports = list(ss.ports);
    for (const port of ports.length > 0 ? ports : [null]) {
      for (const a of list(ss.addresses)) note(a, port, true);
      for (const a of list(ss.notReadyAddresses)) note(a, port, false);
    }
  }
  // Ports whose address sets (with readiness) are identical share a subset.
  const groups = new Map<string, { ready: Map<string, boolean>; ports: JsonObject[] }>();
  for (const { port, ready } of byPort.values()) {
    const key = JSON.stringify([...ready.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ready, ports: [] }));
    if (port) g.ports.push(port);
  }
  const out: JsonObject[] = [];
  for (const g of groups.values()) {
    const ready = [...g.ready].filter(([, r]) => r).map(([k]) => addrs.get(k)!).sort(compareAddresses);
    const notReady = [...g.ready].filter(([, r]) => !r).map(([k]) => addrs.get(k)!).sort(compareAddresses);
    const ss: JsonObject = {};
    if (ready.length) ss.addresses = ready;
    if (notReady.length) ss.notReadyAddresses = notReady;
    if (g.ports.length) ss.ports = g.ports.sort((a, b) => (portKey(a) < portKey(b) ? -1 : 1));
    out.push(ss);
  }
  const first = (ss: JsonObject) => addressKey(list(ss.addresses)[0] ?? list(ss.notReadyAddresses)[0] ?? {}) + portKey(list(ss.ports)[0] ?? null);
  return out.sort((a, b) => (first(a) < first(b) ? -1 : first(a) > first(b) ? 1 : 0));
}

/** How many addresses the subsets hold, ready or not. */
export function addressCount(subsets: JsonObject[]): number {
  return subsets.reduce((n, ss) => n + list(ss.addresses).length + list(ss.notReadyAddresses).length, 0);
}

/**
 * truncateEndpoints: cuts the subsets down to MAX_CAPACITY addresses, keeping ready ones first and
 * sharing the room among subsets by their share of the addresses being cut. Returns whether it cut.
 */
export function truncateSubsets(subsets: JsonObject[]): boolean {
  const totalReady = subsets.reduce((n, ss) => n + list(ss.addresses).length, 0);
  const totalNotReady = subsets.reduce((n, ss) => n + list(ss.notReadyAddresses).length, 0);
  if (totalReady + totalNotReady <= MAX_CAPACITY) return false;
  const cutReady = totalReady > MAX_CAPACITY;
  const room = cutReady ? MAX_CAPACITY : MAX_CAPACITY - totalReady;
  const total = cutReady ? totalReady : totalNotReady;
  let left = room;
  for (const ss of subsets) {
    const field = cutReady ? "addresses" : "notReadyAddresses";
    const share = Math.min(Math.ceil((list(ss[field]).length / total) * room), left);
    const kept = list(ss[field]).slice(0, share);
    if (kept.length) ss[field] = kept;
    else delete ss[field];
    if (cutReady) delete ss.notReadyAddresses;
    left -= kept.length;
  }
  // A subset left with no address at all would not validate: drop it.
  for (let i = subsets.length - 1; i >= 0; i--) if (addressCount([subsets[i]!]) === 0) subsets.splice(i, 1);
  return true;
}
