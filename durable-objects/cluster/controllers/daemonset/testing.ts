// Test support: DaemonSet, Node and Pod objects as the informers hold them.
import type { JsonObject } from "../../apiserver/registry/types";

export function ds(extra: JsonObject = {}, podSpec: JsonObject = {}): JsonObject {
  return {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { name: "agent", namespace: "default", uid: "ds-uid", generation: 1, annotations: { "deprecated.daemonset.template.generation": "1" } },
    spec: {
      selector: { matchLabels: { app: "agent" } },
      template: { metadata: { labels: { app: "agent" } }, spec: { containers: [{ name: "agent", image: "nginx" }], ...podSpec } },
      updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
      ...extra,
    },
    status: { observedGeneration: 1 },
  };
}

export function node(name: string, labels: Record<string, string> = {}, taints: JsonObject[] = []): JsonObject {
  return { apiVersion: "v1", kind: "Node", metadata: { name, labels: { "kubernetes.io/hostname": name, ...labels } }, spec: taints.length ? { taints } : {} };
}

const T0 = Date.parse("2025-01-01T00:00:00Z");

/** A daemon pod on `nodeName`: `hash` labels it, `ready` since `readySinceMs` after T0. */
export function pod(name: string, nodeName: string, hash: string, opts: { ready?: boolean; phase?: string; deleting?: boolean; createdMs?: number; readySinceMs?: number } = {}): JsonObject {
  const ready = opts.ready ?? true;
  return {
    metadata: {
      name,
      namespace: "default",
      creationTimestamp: new Date(T0 + (opts.createdMs ?? 0)).toISOString(),
      labels: { app: "agent", "controller-revision-hash": hash },
      ...(opts.deleting ? { deletionTimestamp: new Date(T0).toISOString() } : {}),
    },
    spec: { nodeName },
    status: {
      phase: opts.phase ?? "Running",
      conditions: [{ type: "Ready", status: ready ? "True" : "False", lastTransitionTime: new Date(T0 + (opts.readySinceMs ?? 0)).toISOString() }],
    },
  };
}

export const NOW = T0 + 60_000;
