// kube-scheduler's loop: pods without a node are queued; each is filtered and scored over the
// cluster's nodes (schedule.ts) and bound through the pods/binding subresource, or left Pending with
// PodScheduled=False/Unschedulable and a FailedScheduling event. Unschedulable pods are tried again
// when the cluster changes (a node added or changed, a pod gone), never on a timer: an idle cluster
// with a pod that cannot fit stays idle.
import type { ApiContext } from "../apiserver/context";
import { metadataOf } from "../apiserver/objects";
import type { JsonObject, ResourceType } from "../apiserver/registry/types";
import { bindPod } from "../apiserver/subresources/pods";
import { ApiError } from "../apiserver/status";
import { Client, isRetriable } from "../controllers/runtime/client";
import { EventRecorder } from "../controllers/runtime/events";
import { keyOf, splitKey, type Informer, type InformerFactory } from "../controllers/runtime/informer";
import { WorkQueue } from "../controllers/runtime/workqueue";
import type { Timers } from "../timers/timers";
import { storageKey } from "../apiserver/registry";
import { SELECTED_NODE } from "../controllers/persistentvolume/controller";
import { claimsOf } from "../controllers/storageprotection/controller";
import { SchedulerCache } from "./cache";
import { fitErrorMessage } from "./fit-error";
import { findPreemption, type Preemption } from "./preemption";
import { podClaims } from "./plugins/volume-binding";
import { DEFAULT_PLUGINS, schedulePodDetailed } from "./schedule";

export const SCHEDULER_NAME = "default-scheduler";

const specOf = (pod: JsonObject) => (pod.spec ?? {}) as JsonObject;

/** A pod this scheduler must place: ours, not placed, not finished or going. */
function needsScheduling(pod: JsonObject): boolean {
  const spec = specOf(pod);
  const phase = ((pod.status ?? {}) as JsonObject).phase;
  return !spec.nodeName && (spec.schedulerName ?? SCHEDULER_NAME) === SCHEDULER_NAME && !metadataOf(pod).deletionTimestamp && phase !== "Succeeded" && phase !== "Failed";
}

export class KubeScheduler {
  readonly cache = new SchedulerCache();
  private readonly pods: Informer;
  private readonly nodes: Informer;
  private readonly podsRt: ResourceType;
  private readonly queue: WorkQueue;
  private readonly client: Client;
  private readonly recorder: EventRecorder;
  /** Counters for `npm run bench` (wall-clock ms). */
  readonly stats = { scheduled: 0, unschedulable: 0, firstMs: 0, lastMs: 0 };
  /** Pods that did not fit, tried again on the next cluster change. */
  private readonly unschedulable = new Set<string>();

  constructor(
    private readonly api: ApiContext,
    timers: Timers,
    informers: InformerFactory,
  ) {
    this.podsRt = api.registry.resource("", "v1", "pods")!;
    this.pods = informers.for(this.podsRt);
    this.nodes = informers.for(api.registry.resource("", "v1", "nodes")!);
    this.client = new Client(api, "kube-scheduler");
    this.recorder = new EventRecorder(api, api.registry.resource("", "v1", "events")!);
    this.queue = new WorkQueue(timers, api.clock, "scheduler", (key) => this.scheduleOne(key), { retryOnError: isRetriable });

    // VolumeBinding reads claims, volumes and classes; a change to one may let a waiting pod fit.
    const rt = (g: string, p: string) => api.registry.resource(g, "v1", p)!;
    const claims = informers.for(rt("", "persistentvolumeclaims"));
    const volumes = informers.for(rt("", "persistentvolumes"));
    const classes = informers.for(rt("storage.k8s.io", "storageclasses"));
    this.cache.volumes = {
      claim: (namespace, name) => claims.get(`${namespace}/${name}`),
      volume: (name) => volumes.get(name),
      storageClass: (name) => classes.get(name),
      claimUsers: (namespace, name, exceptUid) =>
        this.pods.list(namespace).filter((p) => metadataOf(p).uid !== exceptUid && needsAccounting(p) && podClaims(p).includes(name)).length,
    };
    const retry = () => this.retryUnschedulable();
    for (const informer of [claims, volumes, classes]) informer.on({ add: retry, update: retry });
    for (const n of this.nodes.list()) this.cache.upsertNode(n);
    for (const p of this.pods.list()) this.cache.upsertPod(p);
    this.nodes.on({
      add: (n) => {
        this.cache.upsertNode(n);
        this.retryUnschedulable();
      },
      update: (n) => {
        this.cache.upsertNode(n);
        this.retryUnschedulable();
      },
      delete: (n) => this.cache.removeNode(metadataOf(n).name as string),
    });
    this.pods.on({
      add: (p) => this.podChanged(p),
      update: (p, old) => {
        this.podChanged(p);
        // A pod leaving a node (finished, deleted) frees room for others.
        if (specOf(p).nodeName && (needsAccounting(old) && !needsAccounting(p))) this.retryUnschedulable();
      },
      delete: (p) => {
        const meta = metadataOf(p);
        this.cache.removePod(meta.namespace as string, meta.name as string);
        this.unschedulable.delete(keyOf(p));
        if (specOf(p).nodeName) this.retryUnschedulable();
      },
    });
  }

  resync(): void {
    for (const p of this.pods.list()) if (needsScheduling(p)) this.queue.add(keyOf(p));
  }

  private podChanged(pod: JsonObject): void {
    this.cache.upsertPod(pod);
    if (needsScheduling(pod)) {
      // Status writes of our own (the Unschedulable condition) do not make a pod fit.
      if (!this.unschedulable.has(keyOf(pod))) this.queue.add(keyOf(pod));
    } else this.unschedulable.delete(keyOf(pod));
  }

  private retryUnschedulable(): void {
    for (const key of this.unschedulable) this.queue.add(key);
    this.unschedulable.clear();
  }

  /**
   * Preemption's victims: each gets the DisruptionTarget condition and a Preempted event, then is
   * deleted with its grace period; the preemptor is tried again when they are gone.
   */
  private evict(preemptor: JsonObject, preemption: Preemption): void {
    const uid = String(metadataOf(preemptor).uid ?? "");
    for (const victim of preemption.victims) {
      const at = this.api.clock.timestamp();
      const updated = this.client.modify(
        this.podsRt,
        victim.namespace,
        victim.name,
        (p) => {
          const st = (p.status ??= {}) as JsonObject;
          const conditions = ((st.conditions ?? []) as JsonObject[]).filter((c) => c.type !== "DisruptionTarget");
          st.conditions = [...conditions, { type: "DisruptionTarget", status: "True", lastProbeTime: null, lastTransitionTime: at, reason: "PreemptionByScheduler", message: `${SCHEDULER_NAME}: preempting to accommodate a higher priority pod` }];
        },
        "status",
      );
      if (!updated) continue;
      this.recorder.record({ component: SCHEDULER_NAME }, { rt: this.podsRt, obj: updated }, "Normal", "Preempted", `Preempted by pod ${uid} on node ${preemption.nodeName}`);
      try {
        this.client.delete(this.podsRt, victim.namespace, victim.name);
      } catch (err) {
        if (!(err instanceof ApiError && err.code === 404)) throw err;
      }
    }
  }

  /**
   * VolumeBinding's PreBind, as far as it goes here: each unbound claim of a WaitForFirstConsumer class
   * that the pod uses is told the chosen node (volume.kubernetes.io/selected-node), for its provisioner.
   */
  private selectNodeForClaims(pod: JsonObject, namespace: string, nodeName: string): void {
    const pvcRt = this.api.registry.resource("", "v1", "persistentvolumeclaims")!;
    const scRt = this.api.registry.resource("storage.k8s.io", "v1", "storageclasses")!;
    for (const claim of claimsOf(pod)) {
      const pvc = this.api.store.get(storageKey(pvcRt, namespace, claim))?.value as JsonObject | undefined;
      if (!pvc || ((pvc.spec ?? {}) as JsonObject).volumeName) continue;
      const className = String(((pvc.spec ?? {}) as JsonObject).storageClassName ?? "");
      const sc = className ? (this.api.store.get(storageKey(scRt, undefined, className))?.value as JsonObject | undefined) : undefined;
      const annotations = (metadataOf(pvc).annotations ?? {}) as Record<string, string>;
      if (sc?.volumeBindingMode !== "WaitForFirstConsumer" || annotations[SELECTED_NODE]) continue;
      this.client.modify(pvcRt, namespace, claim, (o) => (metadataOf(o).annotations = { ...((metadataOf(o).annotations ?? {}) as Record<string, string>), [SELECTED_NODE]: nodeName }));
    }
  }

  scheduleOne(key: string): void {
    const pod = this.pods.get(key);
    if (!pod || !needsScheduling(pod)) return;
    const { namespace, name } = splitKey(key);
    const detail = schedulePodDetailed(this.cache, pod);
    const result = detail.result;
    if (result.nodeName === null) {
      this.stats.unschedulable++;
      this.unschedulable.add(key);
      const preemption = findPreemption(this.cache, pod, detail.statuses, DEFAULT_PLUGINS);
      // A nominated node: the fit error without the preemption diagnosis (PostFilter succeeded).
      const message = preemption ? fitErrorMessage(this.cache.nodes().length, result.reasons) : result.message;
      this.client.modify(
        this.podsRt,
        namespace,
        name,
        (p) => {
          setScheduledCondition(p, "False", this.api.clock.timestamp(), message);
          if (preemption) ((p.status ??= {}) as JsonObject).nominatedNodeName = preemption.nodeName;
        },
        "status",
      );
      this.recorder.record({ component: SCHEDULER_NAME }, { rt: this.podsRt, obj: pod }, "Warning", "FailedScheduling", message);
      if (preemption) this.evict(pod, preemption);
      return;
    }
    this.selectNodeForClaims(pod, namespace!, result.nodeName);
    try {
      bindPod(this.api, { rt: this.podsRt, namespace, name, subresource: "binding", query: new URLSearchParams(), body: { apiVersion: "v1", kind: "Binding", metadata: { name, namespace }, target: { apiVersion: "v1", kind: "Node", name: result.nodeName } } });
    } catch (err) {
      // Someone else placed it, or it is being deleted: nothing to do.
      if (err instanceof ApiError && (err.code === 409 || err.code === 404)) return;
      throw err;
    }
    this.stats.scheduled++;
    this.stats.firstMs ||= Date.now();
    this.stats.lastMs = Date.now();
    this.recorder.record({ component: SCHEDULER_NAME }, { rt: this.podsRt, obj: pod }, "Normal", "Scheduled", `Successfully assigned ${namespace}/${name} to ${result.nodeName}`);
  }
}

/** Counts against its node: bound and neither finished nor gone. */
function needsAccounting(pod: JsonObject): boolean {
  const phase = ((pod.status ?? {}) as JsonObject).phase;
  return Boolean(specOf(pod).nodeName) && phase !== "Succeeded" && phase !== "Failed";
}

function setScheduledCondition(pod: JsonObject, status: "True" | "False", at: string, message?: string): void {
  const st = (pod.status ??= {}) as JsonObject;
  if (!st.phase) st.phase = "Pending";
  const conditions = ((st.conditions ?? []) as JsonObject[]).filter((c) => c.type !== "PodScheduled");
  const old = ((st.conditions ?? []) as JsonObject[]).find((c) => c.type === "PodScheduled");
  const condition: JsonObject = { type: "PodScheduled", status, lastProbeTime: null, lastTransitionTime: old?.status === status ? old.lastTransitionTime : at };
  if (status === "False") {
    condition.reason = "Unschedulable";
    condition.message = message;
  }
  st.conditions = [...conditions, condition];
}
