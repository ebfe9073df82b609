// Test helper: plays the caller of syncPod (the node agent) against a clock.
import type { JsonObject } from "../apiserver/registry/types";
import { syncPod, type KubeletEvent, type SyncResult, type TimingProfile } from "./lifecycle";

export const T0 = Date.parse("2026-11-27T14:50:00Z");

export function makePod(name: string, spec: JsonObject, uid = `uid-${name}`): JsonObject {
  return {
    metadata: { name, namespace: "default", uid, creationTimestamp: "2026-11-27T14:50:00Z" },
    spec: { nodeName: "node-1", restartPolicy: "Always", terminationGracePeriodSeconds: 30, ...spec },
    status: { phase: "Pending", conditions: [{ type: "PodScheduled", status: "True", lastProbeTime: null, lastTransitionTime: "2026-11-27T14:50:00Z" }] },
  };
}

export class FakeNode {
  now = T0;
  memo: unknown;
  events: Array<KubeletEvent & { at: number }> = [];
  images = new Set<string>();
  wakeAt: number | null = null;
  removed = false;
  /** Secrets of the pod's namespace (imagePullSecrets are looked up). */
  secrets = new Set<string>();
  /** ConfigMaps and Secrets (decoded data) the containers' env references read. */
  sources: Record<string, Record<string, string>> = {};
  last?: SyncResult;
  constructor(
    public pod: JsonObject,
    public profile: TimingProfile = "instant",
  ) {}

  sync(): SyncResult {
    const r = syncPod({
      pod: this.pod,
      nodeName: "node-1",
      hostIP: "172.18.0.2",
      podIP: "10.244.1.5",
      now: this.now,
      profile: this.profile,
      imagePresent: (ref) => this.images.has(ref),
      secretExists: (name) => this.secrets.has(name),
      envSource: (kind, name) => this.sources[`${kind}/${name}`] ?? null,
      memo: this.memo,
    });
    this.memo = JSON.parse(JSON.stringify(r.memo));
    if (r.status) this.pod = { ...this.pod, status: r.status };
    for (const e of r.events) this.events.push({ ...e, at: this.now });
    for (const i of r.pulledImages) this.images.add(i);
    this.wakeAt = r.wakeAt;
    if (r.remove) this.removed = true;
    this.last = r;
    return r;
  }

  /** Runs the node until `until` (cluster ms), waking when asked to. */
  runUntil(until: number): this {
    this.sync();
    for (let i = 0; i < 100_000 && !this.removed; i++) {
      if (this.wakeAt === null || this.wakeAt > until) break;
      this.now = Math.max(this.now, this.wakeAt);
      this.sync();
    }
    this.now = Math.max(this.now, until);
    if (!this.removed) this.sync();
    return this;
  }

  runFor(ms: number): this {
    return this.runUntil(this.now + ms);
  }

  get status(): JsonObject {
    return this.pod.status as JsonObject;
  }

  container(name?: string): JsonObject {
    const all = [...((this.status.initContainerStatuses as JsonObject[]) ?? []), ...((this.status.containerStatuses as JsonObject[]) ?? [])];
    return (name ? all.find((c) => c.name === name) : all[all.length - 1]) ?? {};
  }

  reasons(): string[] {
    return this.events.map((e) => e.reason);
  }

  condition(type: string): JsonObject | undefined {
    return (this.status.conditions as JsonObject[]).find((c) => c.type === type);
  }

  delete(graceSeconds = 30) {
    const meta = { ...(this.pod.metadata as JsonObject) };
    meta.deletionTimestamp = new Date(this.now + graceSeconds * 1000).toISOString().replace(".000Z", "Z");
    meta.deletionGracePeriodSeconds = graceSeconds;
    this.pod = { ...this.pod, metadata: meta };
  }
}
