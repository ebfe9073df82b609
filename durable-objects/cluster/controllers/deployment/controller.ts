// The Deployment controller (kube's deployment_controller.go): informers on Deployments, ReplicaSets
// and Pods feed a work queue of deployment keys; each sync claims the deployment's ReplicaSets
// (ControllerRefManager adoption/release) and runs the rollout of its strategy.
import type { ApiContext } from "../../apiserver/context";
import type { JsonObject, ResourceType } from "../../apiserver/registry/types";
import { ApiError } from "../../apiserver/status";
import { selectorIsEmpty } from "../../apiserver/validation/label-selector";
import type { Timers } from "../../timers/timers";
import { Client } from "../runtime/client";
import { EventRecorder } from "../runtime/events";
import { type Informer, type InformerFactory, keyOf } from "../runtime/informer";
import { WorkQueue } from "../runtime/workqueue";
import { type PodMap, rolloutRecreate } from "./recreate";
import { rolloutRolling } from "./rolling";
import { type Ops, checkPausedConditions, isScalingEvent, sync, syncStatusOnly, writeStatus } from "./sync";
import type { Deployment, OwnerReference, Pod, ReplicaSet } from "./types";
import { controllerRefOf, labelSelectorMatches } from "./util";

const FIELD_MANAGER = "kube-controller-manager";
const COMPONENT = { component: "deployment-controller" };

export class DeploymentController {
  private readonly deploymentsRt: ResourceType;
  private readonly replicaSetsRt: ResourceType;
  private readonly deployments: Informer;
  private readonly replicaSets: Informer;
  private readonly pods: Informer;
  private readonly client: Client;
  private readonly recorder: EventRecorder;
  private readonly queue: WorkQueue;
  private readonly ops: Ops;

  constructor(
    private readonly api: ApiContext,
    timers: Timers,
    informers: InformerFactory,
  ) {
    const rt = (g: string, v: string, p: string) => {
      const found = api.registry.resource(g, v, p);
      if (!found) throw new Error(`deployment controller: no resource ${g}/${v}/${p}`);
      return found;
    };
    this.deploymentsRt = rt("apps", "v1", "deployments");
    this.replicaSetsRt = rt("apps", "v1", "replicasets");
    this.deployments = informers.for(this.deploymentsRt);
    this.replicaSets = informers.for(this.replicaSetsRt);
    this.pods = informers.for(rt("", "v1", "pods"));
    this.client = new Client(api, FIELD_MANAGER);
    this.recorder = new EventRecorder(api, rt("", "v1", "events"));
    this.queue = new WorkQueue(timers, api.clock, "deployment", (key) => this.sync(key), { retryOnError: (err) => err instanceof ApiError });
    this.ops = this.makeOps();

    this.deployments.on({
      add: (d) => this.enqueue(d),
      update: (d) => this.enqueue(d),
      delete: (d) => this.enqueue(d),
    });
    this.replicaSets.on({
      add: (rs) => this.addReplicaSet(rs as unknown as ReplicaSet),
      update: (cur, old) => this.updateReplicaSet(cur as unknown as ReplicaSet, old as unknown as ReplicaSet),
      delete: (rs) => this.deleteReplicaSet(rs as unknown as ReplicaSet),
    });
    this.pods.on({ delete: (pod) => this.deletePod(pod as unknown as Pod) });
  }

  resync(): void {
    for (const d of this.deployments.list()) this.enqueue(d);
  }

  private enqueue(obj: JsonObject | Deployment, delayMs = 0): void {
    this.queue.add(keyOf(obj as JsonObject), delayMs);
  }

  // ---- event handlers ----

  /** The deployment a controller reference points at, if it is one and still the same object. */
  private resolveControllerRef(namespace: string | undefined, ref: OwnerReference): Deployment | undefined {
    if (ref.kind !== "Deployment") return undefined;
    const d = this.deployments.get(`${namespace}/${ref.name}`) as unknown as Deployment | undefined;
    return d && d.metadata.uid === ref.uid ? d : undefined;
  }

  /** Deployments whose (non-empty) selector matches an orphan RS: candidates to adopt it. */
  private deploymentsForReplicaSet(rs: ReplicaSet): Deployment[] {
    return (this.deployments.list(rs.metadata.namespace) as unknown as Deployment[]).filter(
      (d) => !selectorIsEmpty(d.spec.selector) && labelSelectorMatches(d.spec.selector, rs.metadata.labels),
    );
  }

  private addReplicaSet(rs: ReplicaSet): void {
    if (rs.metadata.deletionTimestamp) return this.deleteReplicaSet(rs);
    const ref = controllerRefOf(rs);
    if (ref) {
      const d = this.resolveControllerRef(rs.metadata.namespace, ref);
      if (d) this.enqueue(d);
      return;
    }
    for (const d of this.deploymentsForReplicaSet(rs)) this.enqueue(d);
  }

  private updateReplicaSet(cur: ReplicaSet, old: ReplicaSet): void {
    if (cur.metadata.resourceVersion === old.metadata.resourceVersion) return;
    const curRef = controllerRefOf(cur);
    const oldRef = controllerRefOf(old);
    const refChanged = curRef?.uid !== oldRef?.uid;
    if (refChanged && oldRef) {
      const d = this.resolveControllerRef(old.metadata.namespace, oldRef);
      if (d) this.enqueue(d);
    }
    if (curRef) {
      const d = this.resolveControllerRef(cur.metadata.namespace, curRef);
      if (d) this.enqueue(d);
      return;
    }
    // An orphan: whoever matches it now may adopt it.
    const labelsChanged = JSON.stringify(cur.metadata.labels ?? {}) !== JSON.stringify(old.metadata.labels ?? {});
    if (labelsChanged || refChanged) for (const d of this.deploymentsForReplicaSet(cur)) this.enqueue(d);
  }

  private deleteReplicaSet(rs: ReplicaSet): void {
    const ref = controllerRefOf(rs);
    if (!ref) return;
    const d = this.resolveControllerRef(rs.metadata.namespace, ref);
    if (d) this.enqueue(d);
  }

  /** Recreate waits for old pods to go: the last one gone resumes the rollout. */
  private deletePod(pod: Pod): void {
    const podRef = controllerRefOf(pod);
    if (!podRef || podRef.kind !== "ReplicaSet") return;
    const rs = this.replicaSets.get(`${pod.metadata.namespace}/${podRef.name}`) as unknown as ReplicaSet | undefined;
    if (!rs || rs.metadata.uid !== podRef.uid) return;
    const rsRef = controllerRefOf(rs);
    const d = rsRef && this.resolveControllerRef(rs.metadata.namespace, rsRef);
    if (!d || d.spec.strategy?.type !== "Recreate") return;
    const owned = (this.replicaSets.list(d.metadata.namespace) as unknown as ReplicaSet[]).filter((r) => controllerRefOf(r)?.uid === d.metadata.uid);
    let numPods = 0;
    for (const pods of this.podMapFor(d, owned).values()) numPods += pods.length;
    if (numPods === 0) this.enqueue(d);
  }

  // ---- sync ----

  sync(key: string): void {
    const obj = this.deployments.get(key);
    if (!obj) return;
    const d = structuredClone(obj) as unknown as Deployment;
    const ops = this.ops;

    if (selectorIsEmpty(d.spec.selector)) {
      ops.event(d, "Warning", "SelectingAll", "This deployment is selecting all pods. A non-empty selector is required.");
      if ((d.status?.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) {
        (d.status ??= {}).observedGeneration = d.metadata.generation ?? 0;
        writeStatus(ops, d);
      }
      return;
    }

    // Claiming may write ReplicaSets; read the list again through the informer before each step.
    const claimed = this.claimReplicaSets(d);
    const rsList = () => claimed.map((rs) => (this.replicaSets.get(keyOf(rs as unknown as JsonObject)) as unknown as ReplicaSet | undefined) ?? rs);
    const podMap = this.podMapFor(d, rsList());

    syncDeployment(ops, d, rsList, podMap);
  }

  /**
   * getReplicaSetsForDeployment / ClaimReplicaSets: RSes this deployment controls and still selects,
   * plus matching orphans it adopts; controlled RSes it no longer selects are released.
   */
  private claimReplicaSets(d: Deployment): ReplicaSet[] {
    const claimed: ReplicaSet[] = [];
    const live = () => {
      // RecheckDeletionTimestamp: adopt only while the deployment exists and is not being deleted.
      const fresh = this.deployments.get(keyOf(d as unknown as JsonObject)) as unknown as Deployment | undefined;
      return !!fresh && fresh.metadata.uid === d.metadata.uid && !fresh.metadata.deletionTimestamp;
    };
    for (const rs of this.replicaSets.list(d.metadata.namespace) as unknown as ReplicaSet[]) {
      const matches = labelSelectorMatches(d.spec.selector, rs.metadata.labels);
      const ref = controllerRefOf(rs);
      if (ref) {
        if (ref.uid !== d.metadata.uid) continue;
        if (matches) claimed.push(rs);
        else if (!d.metadata.deletionTimestamp) this.release(rs, d);
        continue;
      }
      if (d.metadata.deletionTimestamp || !matches || rs.metadata.deletionTimestamp || !live()) continue;
      const adopted = this.adopt(rs, d);
      if (adopted) claimed.push(adopted);
    }
    return claimed;
  }

  private adopt(rs: ReplicaSet, d: Deployment): ReplicaSet | undefined {
    const ref: OwnerReference = { apiVersion: "apps/v1", kind: "Deployment", name: d.metadata.name, uid: d.metadata.uid, controller: true, blockOwnerDeletion: true };
    const written = this.client.modify(this.replicaSetsRt, rs.metadata.namespace, rs.metadata.name, (obj) => {
      const meta = obj.metadata as unknown as ReplicaSet["metadata"];
      if (meta.uid !== rs.metadata.uid) throw new ApiError({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", code: 409, reason: "Conflict", message: "uid changed" });
      if (meta.ownerReferences?.some((r) => r.controller)) throw new ApiError({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", code: 409, reason: "Conflict", message: "already controlled" });
      meta.ownerReferences = [...(meta.ownerReferences ?? []).filter((r) => r.uid !== d.metadata.uid), ref];
    });
    return (written as unknown as ReplicaSet | null) ?? undefined;
  }

  private release(rs: ReplicaSet, d: Deployment): void {
    this.client.modify(this.replicaSetsRt, rs.metadata.namespace, rs.metadata.name, (obj) => {
      const meta = obj.metadata as unknown as ReplicaSet["metadata"];
      if (meta.uid !== rs.metadata.uid) return;
      const refs = (meta.ownerReferences ?? []).filter((r) => r.uid !== d.metadata.uid);
      if (refs.length > 0) meta.ownerReferences = refs;
      else delete meta.ownerReferences;
    });
  }

  /** getPodMapForDeployment: the deployment's pods, grouped by their controlling RS among `rsList`. */
  private podMapFor(d: Deployment, rsList: ReplicaSet[]): PodMap {
    const map: PodMap = new Map(rsList.map((rs) => [rs.metadata.uid, []]));
    for (const pod of this.pods.list(d.metadata.namespace) as unknown as Pod[]) {
      if (!labelSelectorMatches(d.spec.selector, pod.metadata.labels)) continue;
      const ref = controllerRefOf(pod);
      if (ref) map.get(ref.uid)?.push(pod);
    }
    return map;
  }

  private makeOps(): Ops {
    const rsRt = this.replicaSetsRt;
    const asJson = (o: unknown) => o as JsonObject;
    return {
      now: () => this.api.clock.now(),
      timestamp: () => this.api.clock.timestamp(),
      createReplicaSet: (rs) => this.client.create(rsRt, rs.metadata.namespace, asJson(rs)) as unknown as ReplicaSet,
      updateReplicaSet: (rs) => this.client.update(rsRt, asJson(rs)) as unknown as ReplicaSet,
      deleteReplicaSet: (rs) => {
        this.client.delete(rsRt, rs.metadata.namespace, rs.metadata.name, { preconditions: { uid: rs.metadata.uid } });
      },
      getReplicaSet: (ns, name) => this.replicaSets.get(`${ns}/${name}`) as unknown as ReplicaSet | undefined,
      updateDeploymentStatus: (d) => this.client.updateStatus(this.deploymentsRt, asJson(d)) as unknown as Deployment,
      event: (d, type, reason, message) => this.recorder.record(COMPONENT, { rt: this.deploymentsRt, obj: asJson(d) }, type, reason, message),
      requeue: (d, delayMs) => this.enqueue(d, delayMs),
      isAlreadyExists: (err) => err instanceof ApiError && err.status.reason === "AlreadyExists",
    };
  }
}

/**
 * The part of syncDeployment after the ReplicaSets are claimed: status only while being deleted,
 * scale only while paused or resized, else the strategy's rollout. `rsList` re-reads the claimed
 * ReplicaSets, since each step may have written some.
 */
export function syncDeployment(ops: Ops, d: Deployment, rsList: () => ReplicaSet[], podMap: PodMap): void {
  if (d.metadata.deletionTimestamp) return syncStatusOnly(ops, d, rsList());
  checkPausedConditions(ops, d);
  if (d.spec.paused) return sync(ops, d, rsList());
  if (isScalingEvent(ops, d, rsList())) return sync(ops, d, rsList());
  if (d.spec.strategy?.type === "Recreate") return rolloutRecreate(ops, d, rsList(), podMap);
  return rolloutRolling(ops, d, rsList());
}
