// The scheduler's view of the cluster: nodes and the pods assigned to them, with per-node aggregates
// (requested resources, host ports, pods with affinity, memoised matching-pod counts) kept incrementally.
import type { JsonObject } from "../apiserver/registry/types";
import { arr, num, obj, objs, str, strMap } from "./json";
import type { Labels } from "./labels";
import { hasAffinity, parsePod, parseTaints, podKey, type HostPort, type PodInfo, type PodMatcher, type Taint } from "./pod-info";
import { parseResourceList, PODS, type ResourceList } from "./resources";
import type { VolumeLister } from "./plugins/volume-binding";

export const LABEL_HOSTNAME = "kubernetes.io/hostname";
export const LABEL_ZONE = "topology.kubernetes.io/zone";
export const TAINT_NOT_READY = "node.kubernetes.io/not-ready";
export const TAINT_UNREACHABLE = "node.kubernetes.io/unreachable";

const MAX_MEMO_ENTRIES = 256;

interface MemoEntry {
  matcher: PodMatcher;
  count: number;
}

export class NodeInfo {
  readonly name: string;
  node: JsonObject | null = null;
  labels: Labels = {};
  unschedulable = false;
  /** spec.taints plus the not-ready/unreachable NoSchedule taint derived from the Ready condition. */
  taints: Taint[] = [];
  allocatable: ResourceList = new Map();
  /** image name → size in bytes */
  images = new Map<string, number>();

  readonly pods = new Map<string, PodInfo>();
  readonly requested: ResourceList = new Map();
  nonZeroCpu = 0;
  nonZeroMemory = 0;
  /** "protocol/port" → hostIP → use count */
  readonly usedPorts = new Map<string, Map<string, number>>();
  readonly podsWithAffinity = new Set<PodInfo>();
  readonly podsWithRequiredAntiAffinity = new Set<PodInfo>();
  private readonly memo = new Map<string, MemoEntry>();

  constructor(name: string) {
    this.name = name;
  }

  setNode(node: JsonObject): void {
    this.node = node;
    const meta = obj(node.metadata) ?? {};
    const spec = obj(node.spec) ?? {};
    const status = obj(node.status) ?? {};
    const labels = strMap(meta.labels);
    // kubelet always sets the hostname label; default it so hostname-keyed spreading/affinity works.
    if (labels[LABEL_HOSTNAME] === undefined) labels[LABEL_HOSTNAME] = this.name;
    this.labels = labels;
    this.unschedulable = spec.unschedulable === true;
    const taints = parseTaints(spec.taints);
    const ready = objs(status.conditions).find((c) => str(c.type) === "Ready");
    if (ready && str(ready.status) !== "True") {
      const key = str(ready.status) === "Unknown" ? TAINT_UNREACHABLE : TAINT_NOT_READY;
      if (!taints.some((t) => t.key === key && t.effect === "NoSchedule")) taints.push({ key, value: "", effect: "NoSchedule" });
    }
    this.taints = taints;
    this.allocatable = parseResourceList(status.allocatable ?? status.capacity);
    this.images = new Map();
    for (const img of objs(status.images)) {
      const size = num(img.sizeBytes) ?? 0;
      for (const n of arr(img.names)) if (typeof n === "string") this.images.set(n, size);
    }
  }

  allowedPodNumber(): number {
    return this.allocatable.get(PODS) ?? 0;
  }

  addPod(p: PodInfo): void {
    this.pods.set(p.key, p);
    this.update(p, 1);
    if (hasAffinity(p)) this.podsWithAffinity.add(p);
    if (p.requiredAntiAffinityTerms.length > 0) this.podsWithRequiredAntiAffinity.add(p);
    for (const e of this.memo.values()) if (e.matcher.matches(p)) e.count++;
  }

  removePod(key: string): PodInfo | undefined {
    const p = this.pods.get(key);
    if (!p) return undefined;
    this.pods.delete(key);
    this.update(p, -1);
    this.podsWithAffinity.delete(p);
    this.podsWithRequiredAntiAffinity.delete(p);
    for (const e of this.memo.values()) if (e.matcher.matches(p)) e.count--;
    return p;
  }

  private update(p: PodInfo, sign: 1 | -1): void {
    for (const [k, v] of p.requests) {
      const n = (this.requested.get(k) ?? 0) + sign * v;
      if (n === 0) this.requested.delete(k);
      else this.requested.set(k, n);
    }
    this.nonZeroCpu += sign * p.nonZeroCpu;
    this.nonZeroMemory += sign * p.nonZeroMemory;
    for (const hp of p.hostPorts) {
      const k = `${hp.protocol}/${hp.port}`;
      let ips = this.usedPorts.get(k);
      if (!ips) this.usedPorts.set(k, (ips = new Map()));
      const n = (ips.get(hp.ip) ?? 0) + sign;
      if (n <= 0) ips.delete(hp.ip);
      else ips.set(hp.ip, n);
      if (ips.size === 0) this.usedPorts.delete(k);
    }
  }

  requestedOf(resource: string): number {
    return this.requested.get(resource) ?? 0;
  }

  /** HostPortInfo.CheckConflict: 0.0.0.0 conflicts with every IP on the same protocol/port. */
  portConflicts(hp: HostPort): boolean {
    const ips = this.usedPorts.get(`${hp.protocol}/${hp.port}`);
    if (!ips || ips.size === 0) return false;
    if (hp.ip === "0.0.0.0") return true;
    return ips.has(hp.ip) || ips.has("0.0.0.0");
  }

  /** Number of pods on this node selected by `m`; memoised and then maintained incrementally. */
  count(m: PodMatcher): number {
    const e = this.memo.get(m.key);
    if (e) return e.count;
    let count = 0;
    for (const p of this.pods.values()) if (m.matches(p)) count++;
    if (this.memo.size >= MAX_MEMO_ENTRIES) this.memo.clear();
    this.memo.set(m.key, { matcher: m, count });
    return count;
  }
}

function isCounted(p: PodInfo): boolean {
  return p.nodeName !== undefined && p.phase !== "Succeeded" && p.phase !== "Failed";
}

export class SchedulerCache {
  /** The cluster's claims, volumes and classes, for the volume plugins (set by the scheduler). */
  volumes?: VolumeLister;
  private readonly infos = new Map<string, NodeInfo>();
  /** pod key → node name it is counted on */
  private readonly podNode = new Map<string, string>();
  private nodeList: NodeInfo[] | null = null;
  /** image name → number of nodes that have it */
  private readonly imageNodes = new Map<string, number>();

  upsertNode(node: JsonObject): void {
    const name = str(obj(node.metadata)?.name);
    if (!name) return;
    let info = this.infos.get(name);
    if (!info) this.infos.set(name, (info = new NodeInfo(name)));
    if (info.node) this.trackImages(info, -1);
    else this.nodeList = null;
    info.setNode(node);
    this.trackImages(info, 1);
  }

  removeNode(name: string): void {
    const info = this.infos.get(name);
    if (!info || !info.node) return;
    this.trackImages(info, -1);
    info.node = null;
    this.nodeList = null;
    // Like kube-scheduler, keep the pods' accounting until they are deleted.
    if (info.pods.size === 0) this.infos.delete(name);
  }

  upsertPod(pod: JsonObject): void {
    const p = parsePod(pod);
    this.removeByKey(p.key);
    if (!isCounted(p)) return;
    const nodeName = p.nodeName as string;
    let info = this.infos.get(nodeName);
    if (!info) this.infos.set(nodeName, (info = new NodeInfo(nodeName)));
    info.addPod(p);
    this.podNode.set(p.key, nodeName);
  }

  removePod(namespace: string, name: string): void {
    this.removeByKey(podKey(namespace, name));
  }

  nodeCount(): number {
    return this.nodes().length;
  }

  /** Nodes that exist (have a Node object), in a stable order. */
  nodes(): readonly NodeInfo[] {
    if (!this.nodeList) {
      this.nodeList = [...this.infos.values()].filter((n) => n.node !== null).sort((a, b) => (a.name < b.name ? -1 : 1));
    }
    return this.nodeList;
  }

  imageNodeCount(image: string): number {
    return this.imageNodes.get(image) ?? 0;
  }

  private removeByKey(key: string): void {
    const nodeName = this.podNode.get(key);
    if (nodeName === undefined) return;
    this.podNode.delete(key);
    const info = this.infos.get(nodeName);
    if (!info) return;
    info.removePod(key);
    if (!info.node && info.pods.size === 0) this.infos.delete(nodeName);
  }

  private trackImages(info: NodeInfo, sign: 1 | -1): void {
    for (const img of info.images.keys()) {
      const n = (this.imageNodes.get(img) ?? 0) + sign;
      if (n <= 0) this.imageNodes.delete(img);
      else this.imageNodes.set(img, n);
    }
  }
}

