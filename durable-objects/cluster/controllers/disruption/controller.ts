// The disruption controller (kube's pkg/controller/disruption): for each PodDisruptionBudget, the pods
// its selector covers, the scale of their controllers, and the resulting status (expectedPods,
// desiredHealthy, currentHealthy, disruptionsAllowed, disruptedPods, the DisruptionAllowed condition),
// which the eviction subresource reads and decrements. Pods and workloads wake the budgets covering them.
import type { ApiContext } from "../../apiserver/context";
import { metadataOf } from "../../apiserver/objects";
import type { JsonObject, ResourceType } from "../../apiserver/registry/types";
import { ApiError } from "../../apiserver/status";
import type { Timers } from "../../timers/timers";
import { Client } from "../runtime/client";
import { EventRecorder } from "../runtime/events";
import { keyOf, splitKey, type Informer, type InformerFactory } from "../runtime/informer";
import { controllerRef, labelSelectorMatches } from "../runtime/selectors";
import { WorkQueue } from "../runtime/workqueue";
import { computeBudget, disruptionCondition, expectedCounts } from "./budget";

const SOURCE = { component: "controllermanager" };
/** The controllers whose scale kube's finders read, by kind. */
const SCALABLE: Record<string, [string, string]> = {
  ReplicaSet: ["apps", "replicasets"],
  ReplicationController: ["", "replicationcontrollers"],
  StatefulSet: ["apps", "statefulsets"],
  Deployment: ["apps", "deployments"],
};

export class DisruptionController {
  private readonly pdbRt: ResourceType;
  private readonly pdbs: Informer;
  private readonly pods: Informer;
  private readonly workloads = new Map<string, Informer>();
  private readonly client: Client;
  private readonly recorder: EventRecorder;
  private readonly queue: WorkQueue;

  constructor(
    private readonly api: ApiContext,
    timers: Timers,
    informers: InformerFactory,
  ) {
    this.pdbRt = api.registry.resource("policy", "v1", "poddisruptionbudgets")!;
    this.pdbs = informers.for(this.pdbRt);
    this.pods = informers.for(api.registry.resource("", "v1", "pods")!);
    for (const [kind, [group, plural]] of Object.entries(SCALABLE)) this.workloads.set(kind, informers.for(api.registry.resource(group, "v1", plural)!));
    this.client = new Client(api, "kube-controller-manager");
    this.recorder = new EventRecorder(api, api.registry.resource("", "v1", "events")!);
    this.queue = new WorkQueue(timers, api.clock, "disruption", (key) => this.sync(key), { retryOnError: (err) => err instanceof ApiError });
    this.pdbs.on({ add: (p) => this.queue.add(keyOf(p)), update: (p) => this.queue.add(keyOf(p)) });
    const podChanged = (pod: JsonObject, old?: JsonObject) => {
      this.wakeFor(pod);
      if (old && JSON.stringify(metadataOf(old).labels) !== JSON.stringify(metadataOf(pod).labels)) this.wakeFor(old);
    };
    this.pods.on({ add: (p) => podChanged(p), update: (p, old) => podChanged(p, old), delete: (p) => podChanged(p) });
    // A workload's scale is a budget's expected count.
    for (const informer of this.workloads.values()) informer.on({ update: (w, old) => this.scaleChanged(w, old) });
  }

  resync(): void {
    for (const pdb of this.pdbs.list()) this.queue.add(keyOf(pdb));
  }

  private wakeFor(pod: JsonObject): void {
    const labels = metadataOf(pod).labels as Record<string, string> | undefined;
    for (const pdb of this.pdbs.list(String(metadataOf(pod).namespace))) {
      if (this.covers(pdb, labels)) this.queue.add(keyOf(pdb));
    }
  }

  private scaleChanged(w: JsonObject, old: JsonObject): void {
    if ((w.spec as JsonObject | undefined)?.replicas === (old.spec as JsonObject | undefined)?.replicas) return;
    for (const pdb of this.pdbs.list(String(metadataOf(w).namespace))) this.queue.add(keyOf(pdb));
  }

  /** policy/v1: a budget without a selector covers nothing; an empty selector covers every pod. */
  private covers(pdb: JsonObject, labels: Record<string, string> | undefined): boolean {
    const selector = (pdb.spec as JsonObject | undefined)?.selector as JsonObject | undefined;
    return selector !== undefined && selector !== null && labelSelectorMatches(selector, labels);
  }

  /** getExpectedScale: the sum of the scales of the pods' distinct controllers (a Deployment's for its ReplicaSets). */
  private expectedScale(pods: JsonObject[]): number | undefined {
    const seen = new Map<string, number>();
    for (const pod of pods) {
      let ref = controllerRef(pod);
      if (!ref || !SCALABLE[ref.kind]) return undefined;
      let owner = this.workloads.get(ref.kind)!.get(`${String(metadataOf(pod).namespace)}/${ref.name}`);
      if (!owner || metadataOf(owner).uid !== ref.uid) return undefined;
      const parent = ref.kind === "ReplicaSet" ? controllerRef(owner) : undefined;
      if (parent?.kind === "Deployment") {
        const deployment = this.workloads.get("Deployment")!.get(`${String(metadataOf(pod).namespace)}/${parent.name}`);
        if (deployment && metadataOf(deployment).uid === parent.uid) {
          owner = deployment;
          ref = parent;
        }
      }
      const replicas = (owner.spec as JsonObject | undefined)?.replicas;
      seen.set(ref.uid, typeof replicas === "number" ? replicas : 1);
    }
    let total = 0;
    for (const n of seen.values()) total += n;
    return total;
  }

  sync(key: string): void {
    const pdb = this.pdbs.get(key);
    if (!pdb || metadataOf(pdb).deletionTimestamp) return;
    const now = this.api.clock.now();
    const nowIso = this.api.clock.timestamp(now);
    const pods = this.pods.list(String(metadataOf(pdb).namespace)).filter((p) => this.covers(pdb, metadataOf(p).labels as Record<string, string> | undefined));
    const generation = Number(metadataOf(pdb).generation ?? 1);
    const old = (pdb.status ?? {}) as JsonObject;
    const counts = expectedCounts((pdb.spec ?? {}) as JsonObject, pods, () => this.expectedScale(pods));
    let next: JsonObject;
    if ("error" in counts) {
      // failSafe: nothing may be disrupted while the budget cannot be computed.
      const unowned = pods.find((p) => !controllerRef(p) || !SCALABLE[controllerRef(p)!.kind]);
      const message = unowned ? `found no controllers for pod "${String(metadataOf(unowned).name)}"` : counts.error;
      this.recorder.record(SOURCE, { rt: this.pdbRt, obj: pdb }, "Warning", "CalculateExpectedPodCountFailed", `Failed to calculate the number of expected pods: ${message}`);
      next = { ...old, observedGeneration: generation, disruptionsAllowed: 0, conditions: disruptionCondition(old.conditions as JsonObject[] | undefined, false, generation, nowIso, message) };
    } else {
      const budget = computeBudget(pdb, pods, counts, now);
      next = { observedGeneration: generation };
      if (Object.keys(budget.disruptedPods).length > 0) next.disruptedPods = budget.disruptedPods;
      next.disruptionsAllowed = budget.disruptionsAllowed;
      next.currentHealthy = budget.currentHealthy;
      next.desiredHealthy = budget.desiredHealthy;
      next.expectedPods = budget.expectedPods;
      next.conditions = disruptionCondition(old.conditions as JsonObject[] | undefined, budget.disruptionsAllowed > 0, generation, nowIso);
      if (budget.recheckAt !== undefined) this.queue.add(key, budget.recheckAt - now + 1);
    }
    if (JSON.stringify(next) === JSON.stringify(old)) return;
    const { namespace, name } = splitKey(key);
    this.client.modify(this.pdbRt, namespace, name, (o) => {
      o.status = next;
    }, "status");
  }
}
