// The StatefulSet controller (kube's pkg/controller/statefulset): informers on StatefulSets, Pods,
// PersistentVolumeClaims and ControllerRevisions feed a work queue of set keys. A sync finds the current
// and update revisions (history.ts), runs one pass of the update (update.ts) — stable names, claims per
// ordinal, OrderedReady or Parallel, condemned pods from the top, RollingUpdate down to the partition —
// then writes status and trims history. Writes are committed before the call returns and the informers
// see them at once, so kube's expectations have nothing to wait for.
import type { ApiContext } from "../../apiserver/context";
import type { JsonObject, ResourceType } from "../../apiserver/registry/types";
import { ApiError } from "../../apiserver/status";
import type { Timers } from "../../timers/timers";
import { Client, isRetriable } from "../runtime/client";
import { EventRecorder } from "../runtime/events";
import { INDEX, keyOf, type Informer, type InformerFactory } from "../runtime/informer";
import { availableAt } from "../runtime/pods";
import { controllerOwnerRef } from "../runtime/pod-template";
import { controllerRef } from "../runtime/selectors";
import { WorkQueue } from "../runtime/workqueue";
import { setRevisions, templateOfRevision, truncateHistory, type HistoryDeps } from "./history";
import { claimsFor, isMemberOf, meta, nameOf, namespaceOf, ordinalOf, podFor, podRevision, spec, status } from "./identity";
import { isRunningAndAvailable, isRunningAndReady, isTerminating, revisionForOrdinal, updateStatefulSet } from "./update";

const FIELD_MANAGER = "kube-controller-manager";
const SOURCE = { component: "statefulset-controller" };

export class StatefulSetController {
  private readonly setsRt: ResourceType;
  private readonly podsRt: ResourceType;
  private readonly claimsRt: ResourceType;
  private readonly revisionsRt: ResourceType;
  private readonly sets: Informer;
  private readonly pods: Informer;
  private readonly claims: Informer;
  private readonly revisions: Informer;
  private readonly client: Client;
  private readonly recorder: EventRecorder;
  private readonly queue: WorkQueue;
  private readonly history: HistoryDeps;

  constructor(
    private readonly api: ApiContext,
    timers: Timers,
    informers: InformerFactory,
  ) {
    const rt = (g: string, p: string) => api.registry.resource(g, "v1", p)!;
    this.setsRt = rt("apps", "statefulsets");
    this.podsRt = rt("", "pods");
    this.claimsRt = rt("", "persistentvolumeclaims");
    this.revisionsRt = rt("apps", "controllerrevisions");
    this.sets = informers.for(this.setsRt);
    this.pods = informers.for(this.podsRt);
    this.claims = informers.for(this.claimsRt);
    this.revisions = informers.for(this.revisionsRt);
    this.pods.index(INDEX.controller);
    this.revisions.index(INDEX.controller);
    this.client = new Client(api, FIELD_MANAGER);
    this.recorder = new EventRecorder(api, rt("", "events"));
    this.queue = new WorkQueue(timers, api.clock, "statefulset", (key) => this.sync(key), { retryOnError: (err) => err instanceof ApiError });
    this.history = { client: this.client, revisionsRt: this.revisionsRt, setsRt: this.setsRt, revisions: this.revisions, ownerRef: (s) => controllerOwnerRef(this.setsRt, s) };
    this.sets.on({ add: (s) => this.queue.add(keyOf(s)), update: (s) => this.queue.add(keyOf(s)) });
    const owned = (o: JsonObject, old?: JsonObject) => {
      if (old && meta(old).resourceVersion === meta(o).resourceVersion) return;
      const set = this.setOf(o);
      if (set) this.queue.add(keyOf(set));
    };
    this.pods.on({ add: (p) => owned(p), update: (p, old) => owned(p, old), delete: (p) => owned(p) });
    this.revisions.on({ add: (r) => owned(r), delete: (r) => owned(r) });
  }

  resync(): void {
    for (const set of this.sets.list()) this.queue.add(keyOf(set));
  }

  private setOf(obj: JsonObject): JsonObject | undefined {
    const ref = controllerRef(obj);
    if (!ref || ref.kind !== "StatefulSet") return undefined;
    const set = this.sets.get(`${namespaceOf(obj)}/${ref.name}`);
    return set && meta(set).uid === ref.uid ? set : undefined;
  }

  sync(key: string): void {
    const set = this.sets.get(key);
    if (!set || meta(set).deletionTimestamp) return; // the garbage collector removes its pods and revisions
    const uid = String(meta(set).uid);
    const pods = this.pods.byIndex("controller", uid).filter((p) => isMemberOf(set, p));
    const { current, update, collisionCount, all } = setRevisions(this.history, set, this.revisions.byIndex("controller", uid));
    const now = this.api.clock.now();
    const currentName = nameOf(current);
    const updateName = nameOf(update);
    updateStatefulSet(set, pods, updateName, {
      now,
      createPod: (ordinal) => {
        const revision = revisionForOrdinal(set, ordinal, currentName, updateName);
        const template = templateOfRevision(revision === currentName ? current : update);
        this.createPod(set, podFor(set, template, controllerOwnerRef(this.setsRt, set), ordinal, revision), ordinal);
      },
      createMissingClaims: (pod) => this.createClaims(set, pod, ordinalOf(pod)),
      deletePod: (pod, why) => this.deletePod(set, pod, why),
      condemn: (pod) => this.condemn(set, pod),
    });
    this.applyRetention(set, this.pods.byIndex("controller", uid).filter((p) => isMemberOf(set, p)));
    const after = this.pods.byIndex("controller", uid).filter((p) => isMemberOf(set, p));
    this.writeStatus(set, after, currentName, updateName, collisionCount, now);
    const live = new Set([currentName, updateName, ...after.map(podRevision)]);
    truncateHistory(this.history, set, all, live);
    // A ready pod becomes available minReadySeconds later: look again then.
    const minReady = Number(spec(set).minReadySeconds ?? 0) || 0;
    if (minReady > 0) {
      const due = after.map((p) => availableAt(p, minReady)).filter((t): t is number => t !== undefined && t > now);
      if (due.length > 0) this.queue.add(key, Math.min(...due) - now + 1000);
    }
  }

  private event(set: JsonObject, type: "Normal" | "Warning", reason: string, message: string): void {
    this.recorder.record(SOURCE, { rt: this.setsRt, obj: set }, type, reason, message);
  }

  /** createPersistentVolumeClaims: the pod's claims that do not exist yet. */
  private createClaims(set: JsonObject, pod: JsonObject, ordinal: number): void {
    for (const claim of claimsFor(set, ordinal).values()) {
      if (this.claims.get(`${namespaceOf(set)}/${nameOf(claim)}`)) continue;
      const retention = (spec(set).persistentVolumeClaimRetentionPolicy ?? {}) as JsonObject;
      if (retention.whenDeleted === "Delete") (claim.metadata as JsonObject).ownerReferences = [controllerOwnerRef(this.setsRt, set)];
      try {
        this.client.create(this.claimsRt, namespaceOf(set), claim);
        this.event(set, "Normal", "SuccessfulCreate", `create Claim ${nameOf(claim)} Pod ${nameOf(pod)} in StatefulSet ${nameOf(set)} success`);
      } catch (err) {
        if (err instanceof ApiError && err.status.reason === "AlreadyExists") continue;
        const message = err instanceof ApiError ? err.status.message : String(err);
        this.event(set, "Warning", "FailedCreate", `create Claim ${nameOf(claim)} for Pod ${nameOf(pod)} in StatefulSet ${nameOf(set)} failed error: ${message}`);
        throw err;
      }
    }
  }

  private createPod(set: JsonObject, pod: JsonObject, ordinal: number): void {
    this.createClaims(set, pod, ordinal);
    try {
      this.client.create(this.podsRt, namespaceOf(set), pod);
      this.event(set, "Normal", "SuccessfulCreate", `create Pod ${nameOf(pod)} in StatefulSet ${nameOf(set)} successful`);
    } catch (err) {
      const message = err instanceof ApiError ? err.status.message : String(err);
      if (err instanceof ApiError && err.status.reason === "AlreadyExists") return;
      this.event(set, "Warning", "FailedCreate", `create Pod ${nameOf(pod)} in StatefulSet ${nameOf(set)} failed error: ${message}`);
      if (err instanceof ApiError && err.code < 500 && !isRetriable(err)) return;
      throw err;
    }
  }

  private deletePod(set: JsonObject, pod: JsonObject, why?: string): void {
    if (why) this.event(set, "Warning", why, `StatefulSet ${namespaceOf(set)}/${nameOf(set)} is recreating ${why === "RecreatingFailedPod" ? "failed" : "terminated"} Pod ${nameOf(pod)}`);
    if (this.client.delete(this.podsRt, namespaceOf(pod), nameOf(pod), { preconditions: { uid: String(meta(pod).uid) } })) {
      this.event(set, "Normal", "SuccessfulDelete", `delete Pod ${nameOf(pod)} in StatefulSet ${nameOf(set)} successful`);
    }
  }

  /** whenScaled Delete: a condemned pod's claims are owned by the pod, so they go when it goes. */
  private condemn(set: JsonObject, pod: JsonObject): void {
    const retention = (spec(set).persistentVolumeClaimRetentionPolicy ?? {}) as JsonObject;
    if (retention.whenScaled !== "Delete") return;
    const ref = { apiVersion: "v1", kind: "Pod", name: nameOf(pod), uid: meta(pod).uid };
    for (const claim of claimsFor(set, ordinalOf(pod)).values()) {
      this.client.modify(this.claimsRt, namespaceOf(set), nameOf(claim), (c) => {
        const m = c.metadata as JsonObject;
        const refs = ((m.ownerReferences ?? []) as JsonObject[]).filter((r) => r.uid !== ref.uid);
        m.ownerReferences = [...refs, ref];
      });
    }
  }

  /** whenDeleted: claims of live pods carry (Delete) or lose (Retain) the set's ownerReference. */
  private applyRetention(set: JsonObject, pods: JsonObject[]): void {
    const retention = (spec(set).persistentVolumeClaimRetentionPolicy ?? {}) as JsonObject;
    const uid = String(meta(set).uid);
    for (const pod of pods) {
      for (const claim of claimsFor(set, ordinalOf(pod)).values()) {
        const existing = this.claims.get(`${namespaceOf(set)}/${nameOf(claim)}`);
        if (!existing) continue;
        const refs = (meta(existing).ownerReferences ?? []) as JsonObject[];
        const has = refs.some((r) => r.uid === uid);
        const want = retention.whenDeleted === "Delete";
        if (has === want) continue;
        this.client.modify(this.claimsRt, namespaceOf(set), nameOf(claim), (c) => {
          const m = c.metadata as JsonObject;
          const rest = ((m.ownerReferences ?? []) as JsonObject[]).filter((r) => r.uid !== uid);
          const next = want ? [...rest, controllerOwnerRef(this.setsRt, set)] : rest;
          if (next.length > 0) m.ownerReferences = next;
          else delete m.ownerReferences;
        });
      }
    }
  }

  /** computeReplicaStatus plus the revisions; a finished RollingUpdate makes the update revision current. */
  private writeStatus(set: JsonObject, pods: JsonObject[], current: string, update: string, collisionCount: number, now: number): void {
    const minReady = Number(spec(set).minReadySeconds ?? 0) || 0;
    let replicas = 0;
    let ready = 0;
    let available = 0;
    let currentReplicas = 0;
    let updated = 0;
    for (const pod of pods) {
      replicas++;
      if (isRunningAndReady(pod)) {
        ready++;
        if (isRunningAndAvailable(pod, minReady, now)) available++;
      }
      if (!isTerminating(pod)) {
        if (podRevision(pod) === current) currentReplicas++;
        if (podRevision(pod) === update) updated++;
      }
    }
    let currentRevision = current;
    const strategy = (spec(set).updateStrategy ?? {}) as JsonObject;
    if (strategy.type === "RollingUpdate" && updated === replicas && ready === replicas) {
      currentReplicas = updated;
      currentRevision = update;
    }
    const next: JsonObject = { observedGeneration: meta(set).generation, replicas };
    if (ready) next.readyReplicas = ready;
    if (currentReplicas) next.currentReplicas = currentReplicas;
    if (updated) next.updatedReplicas = updated;
    next.currentRevision = currentRevision;
    next.updateRevision = update;
    next.collisionCount = collisionCount;
    const old = status(set);
    if (old.conditions) next.conditions = old.conditions;
    next.availableReplicas = available;
    if (JSON.stringify(next) === JSON.stringify(old)) return;
    this.client.modify(this.setsRt, namespaceOf(set), nameOf(set), (o) => {
      o.status = next;
    }, "status");
  }
}
