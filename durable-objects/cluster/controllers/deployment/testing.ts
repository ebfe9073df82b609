// Test support: an in-memory Ops (one deployment and its ReplicaSets) with a stand-in for the
// ReplicaSet controller and kubelet (`settle`), so whole rollouts run without a Durable Object.
import { syncDeployment } from "./controller";
import type { Ops } from "./sync";
import type { Deployment, ReplicaSet } from "./types";
import { specReplicas } from "./util";

export function deployment(name: string, replicas: number, over: Partial<Deployment["spec"]> = {}): Deployment {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: "default", uid: `uid-${name}`, generation: 1, resourceVersion: "1", creationTimestamp: "2025-01-01T00:00:00Z" },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "c", image: "nginx:1" }] } },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      ...over,
    },
  };
}

export function replicaSet(name: string, replicas: number, available: number, created: string, annotations: Record<string, string> = {}): ReplicaSet {
  return {
    metadata: { name, namespace: "default", uid: `uid-${name}`, creationTimestamp: created, annotations, generation: 1 },
    spec: { replicas, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } } } },
    status: { replicas, availableReplicas: available, readyReplicas: available, observedGeneration: 1 },
  };
}

const clone = <T>(v: T): T => structuredClone(v);

export class FakeCluster implements Ops {
  clock = Date.parse("2025-01-01T00:00:00Z");
  readonly replicaSets = new Map<string, ReplicaSet>();
  readonly events: string[] = [];
  readonly requeues: number[] = [];
  private rv = 10;
  private uids = 0;

  constructor(public d: Deployment) {}

  now(): number {
    return this.clock;
  }
  timestamp(): string {
    return new Date(Math.floor(this.clock / 1000) * 1000).toISOString().replace(".000Z", "Z");
  }
  createReplicaSet(rs: ReplicaSet): ReplicaSet {
    if (this.replicaSets.has(rs.metadata.name)) throw new Error("AlreadyExists");
    const c = clone(rs);
    Object.assign(c.metadata, { uid: `rs-uid-${++this.uids}`, creationTimestamp: this.timestamp(), resourceVersion: String(++this.rv), generation: 1 });
    c.status = { replicas: 0 };
    this.replicaSets.set(c.metadata.name, c);
    this.clock += 1000; // distinct creation timestamps
    return clone(c);
  }
  updateReplicaSet(rs: ReplicaSet): ReplicaSet {
    const cur = this.replicaSets.get(rs.metadata.name);
    if (!cur) throw new Error("NotFound");
    if (rs.metadata.resourceVersion !== cur.metadata.resourceVersion) throw new Error("Conflict");
    const c = clone(rs);
    c.status = cur.status;
    c.metadata.resourceVersion = String(++this.rv);
    if (JSON.stringify(c.spec) !== JSON.stringify(cur.spec)) c.metadata.generation = (cur.metadata.generation ?? 1) + 1;
    this.replicaSets.set(c.metadata.name, c);
    return clone(c);
  }
  deleteReplicaSet(rs: ReplicaSet): void {
    this.replicaSets.delete(rs.metadata.name);
  }
  getReplicaSet(_ns: string, name: string): ReplicaSet | undefined {
    const rs = this.replicaSets.get(name);
    return rs && clone(rs);
  }
  updateDeploymentStatus(d: Deployment): Deployment {
    if (d.metadata.resourceVersion !== this.d.metadata.resourceVersion) throw new Error("Conflict");
    this.d = { ...clone(this.d), status: clone(d.status) ?? {} };
    this.d.metadata.annotations = clone(d.metadata.annotations);
    this.d.metadata.resourceVersion = String(++this.rv);
    return clone(this.d);
  }
  event(_d: Deployment, type: string, reason: string, message: string): void {
    this.events.push(`${type} ${reason} ${message}`);
  }
  requeue(_d: Deployment, delayMs: number): void {
    this.requeues.push(delayMs);
  }
  isAlreadyExists(err: unknown): boolean {
    return err instanceof Error && err.message === "AlreadyExists";
  }

  /** Changes the spec as a client would (bumping generation). */
  edit(mutate: (spec: Deployment["spec"]) => void): void {
    mutate(this.d.spec);
    this.d.metadata.generation = (this.d.metadata.generation ?? 1) + 1;
    this.d.metadata.resourceVersion = String(++this.rv);
  }

  /** The ReplicaSet controller and kubelet catching up: each RS runs (and, if asked, makes available) its spec.replicas. */
  settle(available = true): void {
    for (const rs of this.replicaSets.values()) {
      const n = specReplicas(rs);
      const status = { replicas: n, readyReplicas: available ? n : 0, availableReplicas: available ? n : 0, observedGeneration: rs.metadata.generation ?? 1 };
      if (JSON.stringify(status) === JSON.stringify(rs.status)) continue;
      rs.status = status;
      rs.metadata.resourceVersion = String(++this.rv);
    }
  }

  sync(): void {
    syncDeployment(this, clone(this.d), () => [...this.replicaSets.values()].map(clone), new Map());
  }

  /** Syncs and settles until nothing changes (bounded). */
  rollout(available = true): void {
    for (let i = 0; i < 30; i++) {
      const before = JSON.stringify([this.d, [...this.replicaSets.values()]]);
      this.sync();
      this.settle(available);
      if (JSON.stringify([this.d, [...this.replicaSets.values()]]) === before) return;
    }
  }

  sizes(): Record<string, number> {
    return Object.fromEntries([...this.replicaSets.values()].map((rs) => [rs.metadata.name, specReplicas(rs)]));
  }
}
