// The ReplicaSet controller (and, with a map selector, the ReplicationController manager): keeps
// spec.replicas active pods per owner, adopting matching orphans and releasing pods that stopped
// matching, and reports replicas / fullyLabeled / ready / available in status.
// Algorithm after kube's pkg/controller/replicaset: slow-start creation in batches of 1, 2, 4, …
// (at most 500 per sync), deletion of the most expendable pods first (ranking.ts).
import type { ApiContext } from "../../apiserver/context";
import { metadataOf } from "../../apiserver/objects";
import type { JsonObject, ResourceType } from "../../apiserver/registry/types";
import { apiVersionOf } from "../../apiserver/registry/types";
import { ApiError } from "../../apiserver/status";
import type { Timers } from "../../timers/timers";
import { Client, isRetriable } from "../runtime/client";
import { EventRecorder } from "../runtime/events";
import { INDEX, keyOf, type Informer, type InformerFactory } from "../runtime/informer";
import { availableAt, isPodActive, isPodAvailable, isPodReady } from "../runtime/pods";
import { controllerRef, labelSelectorMatches, mapSelectorMatches } from "../runtime/selectors";
import { WorkQueue } from "../runtime/workqueue";
import { rankForDeletion } from "./ranking";

/**
 * At most this many pods are created or deleted in one sync (kube's burstReplicas is 500). Smaller
 * here because a sync runs on the cluster's only thread: the rest follows in the next sync, which
 * the new pods' events queue at once, and API requests are served in between.
 */
const BURST_REPLICAS = 20;

export interface ReplicaKind {
  /** apps/v1 ReplicaSet or core/v1 ReplicationController. */
  rt: ResourceType;
  /** Queue name and event source, e.g. "replicaset-controller". */
  component: string;
  selects(owner: JsonObject, labels: Record<string, string> | undefined): boolean;
}

export const replicaSetKind = (rt: ResourceType): ReplicaKind => ({
  rt,
  component: "replicaset-controller",
  selects: (rs, labels) => labelSelectorMatches((rs.spec as JsonObject).selector as JsonObject, labels),
});

export const replicationControllerKind = (rt: ResourceType): ReplicaKind => ({
  rt,
  component: "replication-controller",
  selects: (rc, labels) => mapSelectorMatches((rc.spec as JsonObject).selector as Record<string, string>, labels),
});

const labelsOf = (obj: JsonObject) => metadataOf(obj).labels as Record<string, string> | undefined;

export class ReplicaSetController {
  private readonly owners: Informer;
  private readonly pods: Informer;
  private readonly podsRt: ResourceType;
  private readonly queue: WorkQueue;
  private readonly client: Client;
  private readonly recorder: EventRecorder;

  constructor(
    private readonly api: ApiContext,
    timers: Timers,
    informers: InformerFactory,
    private readonly kind: ReplicaKind,
  ) {
    this.podsRt = api.registry.resource("", "v1", "pods")!;
    this.owners = informers.for(kind.rt);
    this.pods = informers.for(this.podsRt);
    this.pods.index(INDEX.controller);
    this.client = new Client(api, "kube-controller-manager");
    this.recorder = new EventRecorder(api, api.registry.resource("", "v1", "events")!);
    this.queue = new WorkQueue(timers, api.clock, kind.component, (key) => this.sync(key), { retryOnError: isRetriable });

    this.owners.on({ add: (o) => this.enqueue(o), update: (o) => this.enqueue(o), delete: () => {} });
    this.pods.on({
      add: (p) => this.podChanged(p),
      update: (p, old) => {
        this.podChanged(p);
        const before = controllerRef(old);
        if (before && before.uid !== controllerRef(p)?.uid) this.enqueueOwnerOf(old);
      },
      delete: (p) => this.podChanged(p),
    });
  }

  resync(): void {
    for (const o of this.owners.list()) this.enqueue(o);
  }

  private enqueue(owner: JsonObject, delayMs = 0): void {
    this.queue.add(keyOf(owner), delayMs);
  }

  private podChanged(pod: JsonObject): void {
    if (controllerRef(pod)) return this.enqueueOwnerOf(pod);
    // An orphan: every owner whose selector matches may adopt it.
    const namespace = metadataOf(pod).namespace as string;
    for (const o of this.owners.list(namespace)) if (this.kind.selects(o, labelsOf(pod))) this.enqueue(o);
  }

  private enqueueOwnerOf(pod: JsonObject): void {
    const ref = controllerRef(pod);
    if (!ref || ref.kind !== this.kind.rt.kind) return;
    const owner = this.owners.get(`${String(metadataOf(pod).namespace)}/${ref.name}`);
    if (owner && metadataOf(owner).uid === ref.uid) this.enqueue(owner);
  }

  sync(key: string): void {
    const owner = this.owners.get(key);
    if (!owner) return; // gone: the garbage collector removes its pods
    const pods = this.claimPods(owner);
    const active = pods.filter(isPodActive);
    const spec = owner.spec as JsonObject;
    let failure: string | undefined;
    if (!metadataOf(owner).deletionTimestamp) failure = this.manageReplicas(owner, active, (spec.replicas as number | undefined) ?? 1);
    this.updateStatus(owner, failure);
  }

  /** Adopts matching orphans and releases owned pods that no longer match (ControllerRefManager). */
  private claimPods(owner: JsonObject): JsonObject[] {
    const meta = metadataOf(owner);
    const uid = meta.uid as string;
    const namespace = meta.namespace as string;
    const claimed: JsonObject[] = [];
    for (const pod of this.pods.byIndex("controller", uid)) {
      if (this.kind.selects(owner, labelsOf(pod))) claimed.push(pod);
      else if (!meta.deletionTimestamp) this.release(pod, uid);
    }
    if (meta.deletionTimestamp) return claimed;
    for (const pod of this.pods.byIndex("controller", "")) {
      if (metadataOf(pod).namespace !== namespace || metadataOf(pod).deletionTimestamp || !this.kind.selects(owner, labelsOf(pod))) continue;
      const adopted = this.adopt(pod, owner);
      if (adopted) claimed.push(adopted);
    }
    return claimed;
  }

  private ownerReference(owner: JsonObject): JsonObject {
    const meta = metadataOf(owner);
    return { apiVersion: apiVersionOf(this.kind.rt), kind: this.kind.rt.kind, name: meta.name, uid: meta.uid, controller: true, blockOwnerDeletion: true };
  }

  /** Adds `owner` as the pod's controller, unless another controller got there first. */
  private adopt(pod: JsonObject, owner: JsonObject): JsonObject | null {
    const meta = metadataOf(pod);
    let adopted = false;
    const written = this.client.modify(this.podsRt, meta.namespace as string, meta.name as string, (p) => {
      const m = metadataOf(p);
      const refs = (m.ownerReferences ?? []) as JsonObject[];
      if (refs.some((r) => r.controller === true)) return;
      m.ownerReferences = [...refs, this.ownerReference(owner)];
      adopted = true;
    });
    return adopted ? written : null;
  }

  /** Drops the owner's reference from a pod that no longer matches its selector. */
  private release(pod: JsonObject, ownerUid: string): void {
    const meta = metadataOf(pod);
    this.client.modify(this.podsRt, meta.namespace as string, meta.name as string, (p) => {
      const m = metadataOf(p);
      const refs = ((m.ownerReferences ?? []) as JsonObject[]).filter((r) => r.uid !== ownerUid);
      if (refs.length > 0) m.ownerReferences = refs;
      else delete m.ownerReferences;
    });
  }

  /** Creates or deletes pods toward `replicas`; returns a failure message for the ReplicaFailure condition. */
  private manageReplicas(owner: JsonObject, active: JsonObject[], replicas: number): string | undefined {
    const diff = active.length - replicas;
    if (diff < 0) return this.createPods(owner, Math.min(-diff, BURST_REPLICAS));
    if (diff > 0) {
      for (const pod of rankForDeletion(active).slice(0, Math.min(diff, BURST_REPLICAS))) {
        const meta = metadataOf(pod);
        if (this.client.delete(this.podsRt, meta.namespace as string, meta.name as string, { preconditions: { uid: meta.uid as string } })) {
          this.event(owner, "Normal", "SuccessfulDelete", `Deleted pod: ${String(meta.name)}`);
        }
      }
    }
    return undefined;
  }

  /** Slow start: batches of 1, 2, 4, … so a template that cannot be created fails once, not N times. */
  private createPods(owner: JsonObject, count: number): string | undefined {
    let created = 0;
    for (let batch = 1; created < count; batch *= 2) {
      const n = Math.min(batch, count - created);
      for (let i = 0; i < n; i++) {
        try {
          const pod = this.client.create(this.podsRt, metadataOf(owner).namespace as string, this.podFromTemplate(owner));
          this.event(owner, "Normal", "SuccessfulCreate", `Created pod: ${String(metadataOf(pod).name)}`);
        } catch (err) {
          const message = err instanceof ApiError ? err.status.message : String(err);
          this.event(owner, "Warning", "FailedCreate", `Error creating: ${message}`);
          if (err instanceof ApiError && err.code < 500 && !isRetriable(err)) return message;
          throw err;
        }
      }
      created += n;
    }
    return undefined;
  }

  private podFromTemplate(owner: JsonObject): JsonObject {
    const ownerMeta = metadataOf(owner);
    const template = structuredClone(((owner.spec as JsonObject).template ?? {}) as JsonObject);
    const tmeta = (template.metadata ?? {}) as JsonObject;
    const metadata: JsonObject = { generateName: `${String(ownerMeta.name)}-`, namespace: ownerMeta.namespace, ownerReferences: [this.ownerReference(owner)] };
    for (const k of ["labels", "annotations", "finalizers"]) if (tmeta[k]) metadata[k] = tmeta[k];
    return { apiVersion: "v1", kind: "Pod", metadata, spec: template.spec ?? {} };
  }

  private updateStatus(owner: JsonObject, failure: string | undefined): void {
    const meta = metadataOf(owner);
    const spec = owner.spec as JsonObject;
    const minReady = (spec.minReadySeconds as number | undefined) ?? 0;
    const now = this.api.clock.now();
    const active = this.pods.byIndex("controller", meta.uid as string).filter(isPodActive);
    const templateLabels = (((spec.template ?? {}) as JsonObject).metadata as JsonObject | undefined)?.labels as Record<string, string> | undefined;
    const fullyLabeled = active.filter((p) => Object.entries(templateLabels ?? {}).every(([k, v]) => labelsOf(p)?.[k] === v)).length;
    const ready = active.filter(isPodReady).length;
    const available = active.filter((p) => isPodAvailable(p, minReady, now)).length;

    const current = (owner.status ?? {}) as JsonObject;
    const next: JsonObject = { replicas: active.length };
    if (fullyLabeled) next.fullyLabeledReplicas = fullyLabeled;
    if (ready) next.readyReplicas = ready;
    if (available) next.availableReplicas = available;
    next.observedGeneration = meta.generation ?? 1;
    const conditions = ((current.conditions ?? []) as JsonObject[]).filter((c) => c.type !== "ReplicaFailure");
    const oldFailure = ((current.conditions ?? []) as JsonObject[]).find((c) => c.type === "ReplicaFailure");
    if (failure) {
      conditions.push(oldFailure?.message === failure ? oldFailure : { type: "ReplicaFailure", status: "True", lastTransitionTime: this.api.clock.timestamp(), reason: "FailedCreate", message: failure });
    }
    if (conditions.length) next.conditions = conditions;
    if (JSON.stringify(next) !== JSON.stringify(current)) {
      this.client.modify(this.kind.rt, meta.namespace as string, meta.name as string, (o) => {
        o.status = next;
      }, "status");
    }
    // Pods that are ready but not yet available become available later: look again then.
    if (minReady > 0) {
      const later = active.map((p) => availableAt(p, minReady)).filter((t): t is number => t !== undefined && t > now);
      if (later.length) this.enqueue(owner, Math.min(...later) - now + 1);
    }
  }

  private event(owner: JsonObject, type: "Normal" | "Warning", reason: string, message: string): void {
    this.recorder.record({ component: this.kind.component }, { rt: this.kind.rt, obj: owner }, type, reason, message);
  }
}
