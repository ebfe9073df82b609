// Object builders shared by the scheduler tests.
import type { JsonObject } from "../apiserver/registry/types";

export interface NodeOpts {
  cpu?: string;
  memory?: string;
  pods?: string;
  labels?: Record<string, string>;
  taints?: JsonObject[];
  unschedulable?: boolean;
  ready?: "True" | "False" | "Unknown";
  images?: JsonObject[];
}

export function makeNode(name: string, o: NodeOpts = {}): JsonObject {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels: { "kubernetes.io/hostname": name, ...(o.labels ?? {}) } },
    spec: { ...(o.unschedulable ? { unschedulable: true } : {}), ...(o.taints ? { taints: o.taints } : {}) },
    status: {
      allocatable: { cpu: o.cpu ?? "4", memory: o.memory ?? "16Gi", pods: o.pods ?? "110", "ephemeral-storage": "100Gi" },
      conditions: [{ type: "Ready", status: o.ready ?? "True" }],
      ...(o.images ? { images: o.images } : {}),
    },
  };
}

export interface PodOpts {
  namespace?: string;
  labels?: Record<string, string>;
  cpu?: string;
  memory?: string;
  nodeName?: string;
  owner?: string;
  spec?: JsonObject;
  containers?: JsonObject[];
  phase?: string;
}

export function makePod(name: string, o: PodOpts = {}): JsonObject {
  const requests: Record<string, string> = {};
  if (o.cpu) requests.cpu = o.cpu;
  if (o.memory) requests.memory = o.memory;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: o.namespace ?? "default",
      uid: `uid-${name}`,
      labels: o.labels ?? {},
      ...(o.owner
        ? { ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: o.owner, uid: `uid-${o.owner}`, controller: true }] }
        : {}),
    },
    spec: {
      containers: o.containers ?? [{ name: "c", image: "nginx", resources: { requests } }],
      ...(o.nodeName ? { nodeName: o.nodeName } : {}),
      ...(o.spec ?? {}),
    },
    status: { phase: o.phase ?? "Pending" },
  };
}

export function bind(pod: JsonObject, nodeName: string): JsonObject {
  return { ...pod, spec: { ...(pod.spec as JsonObject), nodeName } };
}
