// The DaemonSet controller (kube's pkg/controller/daemon): informers on DaemonSets, Pods, Nodes and
// ControllerRevisions feed a work queue of DaemonSet keys. A sync claims the DaemonSet's pods and
// revisions, finds the current revision (history.ts), puts one pod on every node that should run one
// (manage.ts, eligibility.ts), rolls out a changed template (rolling.ts), trims history and writes status
// (status.ts). Its writes are committed before the call returns and the informers see them at once, so
// kube's create/delete expectations have nothing to wait for and are left out.
import type { ApiContext } from "../../apiserver/context";
import type { JsonObject, ResourceType } from "../../apiserver/registry/types";
import { ApiError } from "../../apiserver/status";
import { selectorIsEmpty } from "../../apiserver/validation/label-selector";
import type { Timers } from "../../timers/timers";
import { Client } from "../runtime/client";
import { EventRecorder } from "../runtime/events";
import { INDEX, keyOf, type Informer, type InformerFactory } from "../runtime/informer";
import { isPodReady } from "../runtime/pods";
import { controllerRef, labelSelectorMatches } from "../runtime/selectors";
import { WorkQueue } from "../runtime/workqueue";
import { FailedPodsBackoff } from "./backoff";
import { nodeShouldRunDaemonPod, shouldIgnoreNodeUpdate, type Eligibility } from "./eligibility";
import { cleanupHistory, constructHistory, type HistoryDeps } from "./history";
import { emptyPlan, podsShouldBeOnNode, unscheduledPodsWithoutNode, type Plan } from "./manage";
import { planRollingUpdate } from "./rolling";
import { computeCounts, nextStatus, statusUpToDate } from "./status";
import { createPodTemplate, podForNode, targetNodeName } from "./template";
import { HASH_LABEL, isDeleting, isPodTerminal, labelsOf, meta, minReadySeconds, nameOf, namespaceOf, spec, templateGeneration, uidOf } from "./types";

const FIELD_MANAGER = "kube-controller-manager";
const COMPONENT = { component: "daemonset-controller" };
/** kube's burstReplicas: at most this many creations (and deletions) per sync. */
const BURST_REPLICAS = 250;

export class DaemonSetController {
  private readonly daemonSetsRt: ResourceType;
  private readonly podsRt: ResourceType;
  private readonly revisionsRt: ResourceType;
  private readonly daemonSets: Informer;
  private readonly pods: Informer;
  private readonly nodes: Informer;
  private readonly revisions: Informer;
  private readonly client: Client;
  private readonly recorder: EventRecorder;
  private readonly queue: WorkQueue;
  private readonly backoff = new FailedPodsBackoff();
  private readonly history: HistoryDeps;

  constructor(
    private readonly api: ApiContext,
    timers: Timers,
    informers: InformerFactory,
  ) {
    const rt = (g: string, v: string, p: string) => {
      const found = api.registry.resource(g, v, p);
      if (!found) throw new Error(`daemonset controller: no resource ${g}/${v}/${p}`);
      return found;
    };
    this.daemonSetsRt = rt("apps", "v1", "daemonsets");
    this.podsRt = rt("", "v1", "pods");
    this.revisionsRt = rt("apps", "v1", "controllerrevisions");
    this.daemonSets = informers.for(this.daemonSetsRt);
    this.pods = informers.for(this.podsRt);
    this.nodes = informers.for(rt("", "v1", "nodes"));
    this.revisions = informers.for(this.revisionsRt);
    this.pods.index(INDEX.controller);
    this.revisions.index(INDEX.controller);
    this.client = new Client(api, FIELD_MANAGER);
    this.recorder = new EventRecorder(api, rt("", "v1", "events"));
    this.queue = new WorkQueue(timers, api.clock, "daemonset", (key) => this.sync(key), { retryOnError: (err) => err instanceof ApiError });
    this.history = {
      client: this.client,
      revisionsRt: this.revisionsRt,
      podsRt: this.podsRt,
      daemonSetsRt: this.daemonSetsRt,
      revisions: this.revisions,
      ownerRef: (ds) => this.ownerRef(ds),
    };

    this.daemonSets.on({ add: (ds) => this.enqueue(ds), update: (ds) => this.enqueue(ds) });
    this.pods.on({ add: (p) => this.podAdded(p), update: (p, old) => this.podUpdated(p, old), delete: (p) => this.enqueueController(p) });
    this.nodes.on({ add: (n) => this.nodeAdded(n), update: (n, old) => this.nodeUpdated(n, old), delete: () => this.resync() });
    this.revisions.on({ add: (r) => this.enqueueFor(r), update: (r, old) => this.ownedUpdated(r, old), delete: (r) => this.enqueueController(r) });
  }

  resync(): void {
    for (const ds of this.daemonSets.list()) this.enqueue(ds);
  }

  private enqueue(ds: JsonObject, delayMs = 0): void {
    this.queue.add(keyOf(ds), delayMs);
  }

  // ---- event handlers ----

  /** resolveControllerRef: the DaemonSet a controller reference names, if it is still that object. */
  private resolve(obj: JsonObject, ref = controllerRef(obj)): JsonObject | undefined {
    if (!ref || ref.kind !== "DaemonSet") return undefined;
    const ds = this.daemonSets.get(`${namespaceOf(obj)}/${ref.name}`);
    return ds && uidOf(ds) === ref.uid ? ds : undefined;
  }

  private enqueueController(obj: JsonObject): void {
    const ds = this.resolve(obj);
    if (ds) this.enqueue(ds);
  }

  /** An owned object wakes its DaemonSet; an orphan wakes every DaemonSet whose selector matches it. */
  private enqueueFor(obj: JsonObject): void {
    if (controllerRef(obj)) return this.enqueueController(obj);
    for (const ds of this.daemonSets.list(namespaceOf(obj))) if (labelSelectorMatches(spec(ds).selector as JsonObject, labelsOf(obj))) this.enqueue(ds);
  }

  private podAdded(pod: JsonObject): void {
    this.enqueueFor(pod);
  }

  private podUpdated(pod: JsonObject, old: JsonObject): void {
    this.ownedUpdated(pod, old);
    const ds = this.resolve(pod);
    // A pod turning ready becomes available minReadySeconds later (plus a second for clock skew).
    if (ds && !isDeleting(pod) && !isPodReady(old) && isPodReady(pod) && minReadySeconds(ds) > 0) this.enqueue(ds, (minReadySeconds(ds) + 1) * 1000);
  }

  private ownedUpdated(cur: JsonObject, old: JsonObject): void {
    if (meta(cur).resourceVersion === meta(old).resourceVersion) return;
    const oldRef = controllerRef(old);
    if (oldRef && oldRef.uid !== controllerRef(cur)?.uid) this.enqueueController(old);
    if (controllerRef(cur)) return this.enqueueController(cur);
    const labelsChanged = JSON.stringify(labelsOf(cur)) !== JSON.stringify(labelsOf(old));
    if (labelsChanged || oldRef) this.enqueueFor(cur);
  }

  private nodeAdded(node: JsonObject): void {
    for (const ds of this.daemonSets.list()) if (nodeShouldRunDaemonPod(node, ds).shouldRun) this.enqueue(ds);
  }

  private nodeUpdated(node: JsonObject, old: JsonObject): void {
    if (shouldIgnoreNodeUpdate(old, node)) return;
    for (const ds of this.daemonSets.list()) {
      const before = nodeShouldRunDaemonPod(old, ds);
      const after = nodeShouldRunDaemonPod(node, ds);
      if (before.shouldRun !== after.shouldRun || before.shouldContinueRunning !== after.shouldContinueRunning) this.enqueue(ds);
    }
  }

  // ---- sync ----

  sync(key: string): void {
    const ds = this.daemonSets.get(key);
    if (!ds) return; // deleted: the garbage collector removes its pods and revisions
    if (selectorIsEmpty(spec(ds).selector)) {
      this.event(ds, "Warning", "SelectingAll", "This daemon set is selecting all pods. A non-empty selector is required.");
      return;
    }
    // Its status cannot be known while its pods and history are being deleted.
    if (isDeleting(ds)) return;

    const claimedRevisions = this.claim(ds, this.revisions, this.revisionsRt);
    const { cur, old } = constructHistory(this.history, ds, claimedRevisions, this.claim(ds, this.pods, this.podsRt));
    const hash = labelsOf(cur)[HASH_LABEL] ?? "";

    const nodes = this.nodes.list().sort((a, b) => (nameOf(a) < nameOf(b) ? -1 : nameOf(a) > nameOf(b) ? 1 : 0));
    const eligibility = new Map<string, Eligibility>(nodes.map((n) => [nameOf(n), nodeShouldRunDaemonPod(n, ds)]));
    let failure: unknown;
    try {
      this.manage(ds, eligibility, hash);
      if ((spec(ds).updateStrategy as JsonObject | undefined)?.type === "RollingUpdate") {
        const plan = planRollingUpdate(ds, eligibility, this.nodeToPods(ds, false), hash, this.api.clock.now());
        this.syncNodes(ds, plan.delete, plan.create, hash);
      }
      cleanupHistory(this.history, ds, old, this.ownedPods(ds));
    } catch (err) {
      failure = err;
    }
    this.updateStatus(ds, eligibility, hash);
    if (failure) throw failure;
  }

  /** manage: the pods each node needs created or deleted. */
  private manage(ds: JsonObject, eligibility: Map<string, Eligibility>, hash: string): void {
    const nodeToPods = this.nodeToPods(ds, false);
    const plan: Plan = emptyPlan();
    const now = this.api.clock.now();
    for (const [node, e] of eligibility) podsShouldBeOnNode(plan, node, e, nodeToPods.get(node), ds, hash, this.backoff, now);
    plan.delete.push(...unscheduledPodsWithoutNode(new Set(eligibility.keys()), nodeToPods));
    for (const e of plan.events) this.event(ds, e.type, e.reason, e.message);
    if (plan.requeueAfterMs !== undefined) this.enqueue(ds, plan.requeueAfterMs);
    this.syncNodes(ds, plan.delete, plan.create, hash);
  }

  /**
   * syncNodes: creates the pods (slow start: batches of 1, 2, 4, …, stopping after a batch with a
   * failure) and deletes the named pods, each with its event. Throws the first failure after both.
   */
  private syncNodes(ds: JsonObject, toDelete: string[], toCreate: string[], hash: string): void {
    const namespace = namespaceOf(ds);
    const createCount = Math.min(toCreate.length, BURST_REPLICAS);
    const template = createPodTemplate((spec(ds).template ?? {}) as JsonObject, templateGeneration(ds), hash);
    const errors: unknown[] = [];
    for (let pos = 0, batch = Math.min(createCount, 1); pos < createCount; pos += batch, batch = Math.min(2 * batch, createCount - pos)) {
      const before = errors.length;
      for (const node of toCreate.slice(pos, pos + batch)) {
        try {
          const pod = this.client.create(this.podsRt, namespace, podForNode(template, ds, this.ownerRef(ds), node));
          this.event(ds, "Normal", "SuccessfulCreate", `Created pod: ${nameOf(pod)}`);
        } catch (err) {
          // A namespace being deleted refuses every create; nothing to report.
          if (err instanceof ApiError && (err.status.details?.causes ?? []).some((c) => c.reason === "NamespaceTerminating")) continue;
          this.event(ds, "Warning", "FailedCreate", `Error creating: ${err instanceof ApiError ? err.status.message : String(err)}`);
          errors.push(err);
        }
      }
      if (errors.length > before) break;
    }
    for (const name of toDelete.slice(0, BURST_REPLICAS)) {
      try {
        if (this.client.delete(this.podsRt, namespace, name)) this.event(ds, "Normal", "SuccessfulDelete", `Deleted pod: ${name}`);
      } catch (err) {
        this.event(ds, "Warning", "FailedDelete", `Error deleting: ${err instanceof ApiError ? err.status.message : String(err)}`);
        errors.push(err);
      }
    }
    if (errors.length) throw errors[0];
  }

  private updateStatus(ds: JsonObject, eligibility: Map<string, Eligibility>, hash: string): void {
    const now = this.api.clock.now();
    const fresh = this.daemonSets.get(keyOf(ds)) ?? ds;
    const counts = computeCounts(fresh, eligibility, this.nodeToPods(fresh, false), hash, now);
    if (!statusUpToDate(fresh, counts)) {
      this.client.modify(
        this.daemonSetsRt,
        namespaceOf(ds),
        nameOf(ds),
        (o) => {
          o.status = nextStatus(o, counts);
        },
        "status",
      );
    }
    // kube's last line of defence against clock skew: look again after minReadySeconds.
    if (minReadySeconds(fresh) > 0 && counts.numberReady !== counts.numberAvailable) this.enqueue(fresh, minReadySeconds(fresh) * 1000);
  }

  // ---- ownership ----

  private ownerRef(ds: JsonObject): JsonObject {
    return { apiVersion: "apps/v1", kind: "DaemonSet", name: nameOf(ds), uid: uidOf(ds), controller: true, blockOwnerDeletion: true };
  }

  /**
   * ControllerRefManager.Claim*: objects this DaemonSet controls and still selects, plus matching
   * orphans it adopts; controlled objects it no longer selects are released.
   */
  private claim(ds: JsonObject, informer: Informer, rt: ResourceType): JsonObject[] {
    const uid = uidOf(ds);
    const selector = spec(ds).selector as JsonObject;
    const claimed: JsonObject[] = [];
    for (const o of informer.byIndex("controller", uid)) {
      if (namespaceOf(o) !== namespaceOf(ds)) continue;
      if (labelSelectorMatches(selector, labelsOf(o))) claimed.push(o);
      else if (!isDeleting(ds)) this.setController(rt, o, uid, undefined);
    }
    if (isDeleting(ds)) return claimed;
    for (const o of informer.byIndex("controller", "")) {
      if (namespaceOf(o) !== namespaceOf(ds) || isDeleting(o) || !labelSelectorMatches(selector, labelsOf(o))) continue;
      const adopted = this.setController(rt, o, uid, this.ownerRef(ds));
      if (adopted) claimed.push(adopted);
    }
    return claimed;
  }

  /** Adopts (ref given: unless someone else controls it by now) or releases (ref undefined) an object. */
  private setController(rt: ResourceType, obj: JsonObject, ownerUid: string, ref: JsonObject | undefined): JsonObject | null {
    let changed = false;
    const written = this.client.modify(rt, namespaceOf(obj), nameOf(obj), (o) => {
      const m = meta(o);
      if (m.uid !== uidOf(obj)) return;
      const refs = (m.ownerReferences ?? []) as JsonObject[];
      if (ref) {
        if (refs.some((r) => r.controller === true)) return;
        m.ownerReferences = [...refs.filter((r) => r.uid !== ownerUid), ref];
      } else {
        const rest = refs.filter((r) => r.uid !== ownerUid);
        if (rest.length) m.ownerReferences = rest;
        else delete m.ownerReferences;
      }
      changed = true;
    });
    return changed ? written : null;
  }

  /** The DaemonSet's pods (read after any adoption), as the informer now has them. */
  private ownedPods(ds: JsonObject): JsonObject[] {
    return this.pods.byIndex("controller", uidOf(ds)).filter((p) => namespaceOf(p) === namespaceOf(ds) && labelSelectorMatches(spec(ds).selector as JsonObject, labelsOf(p)));
  }

  /**
   * getNodesToDaemonPods: the pods by the node they are for. Terminal pods already being deleted are
   * left out unless asked for (the kubelet or pod GC is finishing them; there is nothing left to do).
   */
  private nodeToPods(ds: JsonObject, includeDeletedTerminal: boolean): Map<string, JsonObject[]> {
    const map = new Map<string, JsonObject[]>();
    for (const pod of this.ownedPods(ds)) {
      if (!includeDeletedTerminal && isPodTerminal(pod) && isDeleting(pod)) continue;
      const node = targetNodeName(pod);
      if (node === undefined) continue;
      const list = map.get(node);
      if (list) list.push(pod);
      else map.set(node, [pod]);
    }
    return map;
  }

  private event(ds: JsonObject, type: "Normal" | "Warning", reason: string, message: string): void {
    this.recorder.record(COMPONENT, { rt: this.daemonSetsRt, obj: ds }, type, reason, message);
  }
}
