// The topology graph's model: which boxes (Services, Deployments, ReplicaSets, Pods, Nodes) and which
// edges between them, from the live objects. Ownership edges follow controller ownerReferences by
// uid, as the garbage collector does; Service→Pod edges follow the Service's selector, as the
// endpoints controller would; Pod→Node follows spec.nodeName (the scheduler's binding).
import type { KubeObject } from "../../api/kube";
import { toneOfWord, type Tone } from "../../components/status";

export type Kind = "Service" | "Deployment" | "ReplicaSet" | "Pod" | "Node";
export const KINDS: Kind[] = ["Service", "Deployment", "ReplicaSet", "Pod", "Node"];

export const REFS: Record<Kind, { group: string; version: string; resource: string }> = {
  Service: { group: "", version: "v1", resource: "services" },
  Deployment: { group: "apps", version: "v1", resource: "deployments" },
  ReplicaSet: { group: "apps", version: "v1", resource: "replicasets" },
  Pod: { group: "", version: "v1", resource: "pods" },
  Node: { group: "", version: "v1", resource: "nodes" },
};

export interface Box {
  id: string;
  kind: Kind;
  name: string;
  namespace?: string;
  tone: Tone;
  /** One short line under the name: "Running 1/1", "2/3 ready". */
  status: string;
  /** A ReplicaSet scaled to zero (an old revision). */
  faded: boolean;
  /** Ids of the boxes this one points at (next column, or Pods for a Service). */
  out: string[];
}

export interface Objects {
  services: KubeObject[];
  deployments: KubeObject[];
  replicasets: KubeObject[];
  pods: KubeObject[];
  nodes: KubeObject[];
}

const idOf = (kind: Kind, o: KubeObject) => `${kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`;
const controllerUid = (o: KubeObject) => o.metadata.ownerReferences?.find((r) => r.controller)?.uid;

/** What kubectl prints in a pod's STATUS column (the last container reason wins), and readiness. */
export function podStatus(p: KubeObject): { word: string; ready: number; total: number } {
  const statuses: any[] = p.status?.containerStatuses ?? [];
  const total = (p.spec?.containers ?? []).length || statuses.length;
  const ready = statuses.filter((c) => c.ready).length;
  if (p.metadata.deletionTimestamp) return { word: "Terminating", ready, total };
  let word: string = p.status?.reason ?? p.status?.phase ?? "Pending";
  for (const c of statuses) {
    const reason = c.state?.waiting?.reason ?? c.state?.terminated?.reason;
    if (reason && !(reason === "Completed" && word === "Running")) word = reason;
  }
  return { word, ready, total };
}

function podBox(p: KubeObject): Pick<Box, "tone" | "status"> {
  const { word, ready, total } = podStatus(p);
  let tone = toneOfWord(word);
  if (tone === "ok" && ready < total) tone = "pending";
  return { tone, status: `${word} ${ready}/${total}` };
}

/** Deployments and ReplicaSets: ready replicas against the desired count. */
function scaledBox(o: KubeObject): Pick<Box, "tone" | "status" | "faded"> {
  const desired: number = o.spec?.replicas ?? 1;
  const ready: number = o.status?.readyReplicas ?? 0;
  const stuck = (o.status?.conditions ?? []).some((c: any) => c.type === "Progressing" && c.status === "False");
  let tone: Tone = ready >= desired ? "ok" : "pending";
  if (desired === 0) tone = "done";
  if (stuck) tone = "bad";
  if (o.metadata.deletionTimestamp) tone = "warn";
  return { tone, status: `${ready}/${desired} ready`, faded: desired === 0 && o.kind !== "Deployment" };
}

function nodeBox(n: KubeObject): Pick<Box, "tone" | "status"> {
  const ready = (n.status?.conditions ?? []).find((c: any) => c.type === "Ready")?.status;
  const word = ready === "True" ? "Ready" : ready === "False" ? "NotReady" : "Unknown";
  let tone = toneOfWord(word);
  if (n.spec?.unschedulable) tone = tone === "ok" ? "warn" : tone;
  return { tone, status: n.spec?.unschedulable ? `${word}, SchedulingDisabled` : word };
}

const selects = (selector: Record<string, string> | undefined, labels: Record<string, string> | undefined) =>
  !!selector && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels?.[k] === v);

/** Every box, with its outgoing edges, grouped by kind (each group sorted by name). */
export function buildGraph(objs: Objects): Record<Kind, Box[]> {
  const base = (kind: Kind, o: KubeObject): Box => {
    const b: Box = { id: idOf(kind, o), kind, name: o.metadata.name, tone: "none", status: "", faded: false, out: [] };
    if (o.metadata.namespace) b.namespace = o.metadata.namespace;
    return b;
  };
  const byUid = new Map<string, Box>();
  const keep = (o: KubeObject, b: Box) => {
    if (o.metadata.uid) byUid.set(o.metadata.uid, b);
    return b;
  };
  const deployments = objs.deployments.map((o) => keep(o, { ...base("Deployment", o), ...scaledBox({ ...o, kind: "Deployment" }) }));
  const replicasets = objs.replicasets.map((o) => keep(o, { ...base("ReplicaSet", o), ...scaledBox({ ...o, kind: "ReplicaSet" }) }));
  const nodes = objs.nodes.map((o) => ({ ...base("Node", o), ...nodeBox(o) }));
  const nodeIds = new Set(nodes.map((n) => n.id));
  const pods = objs.pods.map((o) => {
    const box = { ...base("Pod", o), ...podBox(o) };
    const owner = byUid.get(controllerUid(o) ?? "");
    if (owner) owner.out.push(box.id);
    const node = o.spec?.nodeName ? `Node//${o.spec.nodeName}` : "";
    if (nodeIds.has(node)) box.out.push(node);
    return box;
  });
  for (const o of objs.replicasets) {
    const owner = byUid.get(controllerUid(o) ?? "");
    if (owner) owner.out.push(idOf("ReplicaSet", o));
  }
  const services = objs.services.map((o) => {
    const box = base("Service", o);
    const selector = o.spec?.selector as Record<string, string> | undefined;
    const picked = objs.pods.filter((p) => p.metadata.namespace === o.metadata.namespace && selects(selector, p.metadata.labels));
    box.out = picked.map((p) => idOf("Pod", p));
    const ready = picked.filter((p) => (p.status?.conditions ?? []).some((c: any) => c.type === "Ready" && c.status === "True")).length;
    box.tone = picked.length === 0 ? "none" : ready > 0 ? "ok" : "pending";
    const type: string = o.spec?.type ?? "ClusterIP";
    box.status = selector && Object.keys(selector).length ? `${type} · ${ready}/${picked.length} ready` : `${type} · no selector`;
    return box;
  });
  return { Service: services, Deployment: deployments, ReplicaSet: replicasets, Pod: pods, Node: nodes };
}
