// The taint eviction controller (kube's pkg/controller/tainteviction): a pod on a node with NoExecute
// taints it does not tolerate is deleted at once; one that tolerates them for tolerationSeconds is
// deleted that long after the taint was added (the DefaultTolerationSeconds admission gives every pod
// 300 s for not-ready and unreachable); a toleration without seconds keeps it (DaemonSet pods). Before
// the delete, the pod gets the DisruptionTarget condition and a TaintManagerEviction event.
import type { ApiContext } from "../../apiserver/context";
import { metadataOf } from "../../apiserver/objects";
import type { JsonObject, ResourceType } from "../../apiserver/registry/types";
import { ApiError } from "../../apiserver/status";
import type { Timers } from "../../timers/timers";
import { Client } from "../runtime/client";
import { EventRecorder } from "../runtime/events";
import { INDEX, keyOf, splitKey, type Informer, type InformerFactory } from "../runtime/informer";
import { WorkQueue } from "../runtime/workqueue";

const SOURCE = { component: "taint-eviction-controller" };

const noExecuteTaints = (node: JsonObject | undefined) => ((((node?.spec ?? {}) as JsonObject).taints ?? []) as JsonObject[]).filter((t) => t.effect === "NoExecute");

/** v1helper.ToleratesTaint */
function tolerates(t: JsonObject, taint: JsonObject): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (t.operator === "Exists") return true;
  if (t.operator === undefined || t.operator === "" || t.operator === "Equal") return (t.value ?? "") === (taint.value ?? "");
  return false;
}

/**
 * When the pod must go (ms), given the node's NoExecute taints: now for an untolerated taint, never
 * (undefined) when every taint is tolerated forever, else the earliest taint-time + tolerationSeconds.
 */
export function evictionTime(pod: JsonObject, taints: JsonObject[], now: number): number | undefined {
  const tolerations = ((((pod.spec ?? {}) as JsonObject).tolerations ?? []) as JsonObject[]).filter((t) => !t.effect || t.effect === "NoExecute");
  let due: number | undefined;
  for (const taint of taints) {
    const used = tolerations.filter((t) => tolerates(t, taint));
    if (used.length === 0) return now;
    const bounded = used.filter((t) => typeof t.tolerationSeconds === "number").map((t) => Math.max(0, t.tolerationSeconds as number));
    if (bounded.length < used.length) continue; // one toleration without seconds tolerates it forever
    const added = Date.parse(String(taint.timeAdded ?? "")) || now;
    const at = added + Math.min(...bounded) * 1000;
    due = due === undefined ? at : Math.min(due, at);
  }
  return due;
}

export class TaintEvictionController {
  private readonly podsRt: ResourceType;
  private readonly pods: Informer;
  private readonly nodes: Informer;
  private readonly client: Client;
  private readonly recorder: EventRecorder;
  private readonly queue: WorkQueue;

  constructor(
    private readonly api: ApiContext,
    timers: Timers,
    informers: InformerFactory,
  ) {
    this.podsRt = api.registry.resource("", "v1", "pods")!;
    this.pods = informers.for(this.podsRt);
    this.nodes = informers.for(api.registry.resource("", "v1", "nodes")!);
    this.pods.index(INDEX.node);
    this.client = new Client(api, "kube-controller-manager");
    this.recorder = new EventRecorder(api, api.registry.resource("", "v1", "events")!);
    this.queue = new WorkQueue(timers, api.clock, "taint-eviction", (key) => this.sync(key), { retryOnError: (err) => err instanceof ApiError });
    this.nodes.on({ add: (n) => this.nodeChanged(n), update: (n, old) => this.nodeChanged(n, old) });
    this.pods.on({ add: (p) => this.consider(p), update: (p) => this.consider(p) });
  }

  resync(): void {
    for (const node of this.nodes.list()) if (noExecuteTaints(node).length > 0) this.nodeChanged(node);
  }

  private nodeChanged(node: JsonObject, old?: JsonObject): void {
    if (old && JSON.stringify(noExecuteTaints(old)) === JSON.stringify(noExecuteTaints(node))) return;
    for (const pod of this.pods.byIndex("node", String(metadataOf(node).name))) this.consider(pod);
  }

  private consider(pod: JsonObject): void {
    if (metadataOf(pod).deletionTimestamp) return;
    const nodeName = (pod.spec as JsonObject | undefined)?.nodeName;
    if (typeof nodeName !== "string" || !nodeName) return;
    const taints = noExecuteTaints(this.nodes.get(nodeName));
    if (taints.length === 0) return;
    const now = this.api.clock.now();
    const due = evictionTime(pod, taints, now);
    if (due !== undefined) this.queue.add(keyOf(pod), Math.max(0, due - now));
  }

  private sync(key: string): void {
    const pod = this.pods.get(key);
    if (!pod || metadataOf(pod).deletionTimestamp) return;
    const nodeName = String((pod.spec as JsonObject | undefined)?.nodeName ?? "");
    const taints = noExecuteTaints(this.nodes.get(nodeName));
    if (taints.length === 0) return;
    const now = this.api.clock.now();
    const due = evictionTime(pod, taints, now);
    if (due === undefined) return;
    if (due > now) return this.queue.add(key, due - now);
    const { namespace, name } = splitKey(key);
    const at = this.api.clock.timestamp();
    this.client.modify(this.podsRt, namespace, name, (p) => {
      const st = (p.status ??= {}) as JsonObject;
      const conditions = ((st.conditions ?? []) as JsonObject[]).filter((c) => c.type !== "DisruptionTarget");
      st.conditions = [...conditions, { type: "DisruptionTarget", status: "True", lastProbeTime: null, lastTransitionTime: at, reason: "DeletionByTaintManager", message: "Taint manager: deleting due to NoExecute taint" }];
    }, "status");
    this.recorder.record(SOURCE, { rt: this.podsRt, obj: pod }, "Normal", "TaintManagerEviction", `Marking for deletion Pod ${namespace}/${name}`);
    this.client.delete(this.podsRt, namespace, name, { preconditions: { uid: String(metadataOf(pod).uid) } });
  }
}
