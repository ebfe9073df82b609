// The node lifecycle controller (kube's pkg/controller/nodelifecycle): a node whose kubelet has not
// been heard from for the grace period (50 s, kube 1.32+) gets its conditions set to Unknown
// ("Kubelet stopped posting node status."), its pods marked not ready, and the unreachable taints
// (NoExecute with the time it was added, and NoSchedule); when its kubelet posts Ready again the taints
// go. Kubelets here do not heartbeat (an idle cluster writes nothing): a kubelet is heard from unless its
// node carries a fault (kubelet/faults.ts), and the grace period runs from when the controller first saw
// the fault — after a restart, from the restart, as kube gives every node a fresh grace period.
import type { ApiContext } from "../../apiserver/context";
import { metadataOf } from "../../apiserver/objects";
import type { JsonObject, ResourceType } from "../../apiserver/registry/types";
import { ApiError } from "../../apiserver/status";
import { faultOf } from "../../kubelet/faults";
import type { Timers } from "../../timers/timers";
import { Client } from "../runtime/client";
import { EventRecorder } from "../runtime/events";
import { INDEX, type Informer, type InformerFactory } from "../runtime/informer";
import { WorkQueue } from "../runtime/workqueue";

export const NODE_MONITOR_GRACE_PERIOD_MS = 50_000;
export const UNREACHABLE_TAINT = "node.kubernetes.io/unreachable";
const NODE_CONDITIONS = ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"];
const SOURCE = { component: "node-controller" };

const conditionsOf = (node: JsonObject) => (((node.status ?? {}) as JsonObject).conditions ?? []) as JsonObject[];
const readyStatus = (node: JsonObject) => conditionsOf(node).find((c) => c.type === "Ready")?.status;
const taintsOf = (node: JsonObject) => (((node.spec ?? {}) as JsonObject).taints ?? []) as JsonObject[];

export class NodeLifecycleController {
  private readonly nodesRt: ResourceType;
  private readonly podsRt: ResourceType;
  private readonly nodes: Informer;
  private readonly pods: Informer;
  private readonly client: Client;
  private readonly recorder: EventRecorder;
  private readonly queue: WorkQueue;
  /** When the controller first saw each faulty node's kubelet go quiet (kube's probeTimestamp). */
  private readonly quietSince = new Map<string, number>();

  constructor(
    private readonly api: ApiContext,
    timers: Timers,
    informers: InformerFactory,
  ) {
    this.nodesRt = api.registry.resource("", "v1", "nodes")!;
    this.podsRt = api.registry.resource("", "v1", "pods")!;
    this.nodes = informers.for(this.nodesRt);
    this.pods = informers.for(this.podsRt);
    this.pods.index(INDEX.node);
    this.client = new Client(api, "kube-controller-manager");
    this.recorder = new EventRecorder(api, api.registry.resource("", "v1", "events")!);
    this.queue = new WorkQueue(timers, api.clock, "node-lifecycle", (name) => this.sync(name), { retryOnError: (err) => err instanceof ApiError });
    this.nodes.on({ add: (n) => this.observe(n), update: (n) => this.observe(n), delete: (n) => this.quietSince.delete(String(metadataOf(n).name)) });
  }

  resync(): void {
    for (const n of this.nodes.list()) this.observe(n);
  }

  private observe(node: JsonObject): void {
    const name = String(metadataOf(node).name);
    const faulty = faultOf(node) !== undefined;
    if (faulty && !this.quietSince.has(name)) this.quietSince.set(name, this.api.clock.now());
    if (!faulty) this.quietSince.delete(name);
    const tainted = taintsOf(node).some((t) => t.key === UNREACHABLE_TAINT);
    if (faulty || tainted) this.queue.add(name, faulty ? Math.max(0, this.quietSince.get(name)! + NODE_MONITOR_GRACE_PERIOD_MS - this.api.clock.now()) : 0);
  }

  sync(name: string): void {
    const node = this.nodes.get(name);
    if (!node || metadataOf(node).deletionTimestamp) return;
    const now = this.api.clock.now();
    const faulty = faultOf(node) !== undefined;
    if (faulty) {
      const since = this.quietSince.get(name) ?? now;
      if (now < since + NODE_MONITOR_GRACE_PERIOD_MS) return this.queue.add(name, since + NODE_MONITOR_GRACE_PERIOD_MS - now);
      if (readyStatus(node) !== "Unknown") this.markUnknown(node);
      this.ensureTaints(name, true);
      return;
    }
    // Heard from again: once its kubelet reports Ready, the taints go.
    if (readyStatus(node) === "True") this.ensureTaints(name, false);
  }

  /** tryUpdateNodeHealth: every condition the kubelet reports becomes Unknown; its pods are marked not ready. */
  private markUnknown(node: JsonObject): void {
    const name = String(metadataOf(node).name);
    const at = this.api.clock.timestamp();
    this.client.modify(this.nodesRt, undefined, name, (n) => {
      for (const c of conditionsOf(n)) {
        if (!NODE_CONDITIONS.includes(String(c.type)) || c.status === "Unknown") continue;
        c.status = "Unknown";
        c.reason = "NodeStatusUnknown";
        c.message = "Kubelet stopped posting node status.";
        c.lastTransitionTime = at;
      }
    }, "status");
    this.recorder.record(SOURCE, { rt: this.nodesRt, obj: node }, "Normal", "NodeNotReady", `Node ${name} status is now: NodeNotReady`);
    // MarkPodsNotReady
    for (const pod of this.pods.byIndex("node", name)) {
      const ready = (((pod.status ?? {}) as JsonObject).conditions as JsonObject[] | undefined)?.find((c) => c.type === "Ready");
      if (!ready || ready.status === "False") continue;
      const meta = metadataOf(pod);
      this.client.modify(this.podsRt, String(meta.namespace), String(meta.name), (p) => {
        for (const c of (((p.status ?? {}) as JsonObject).conditions ?? []) as JsonObject[]) {
          if (c.type !== "Ready" || c.status === "False") continue;
          c.status = "False";
          c.lastTransitionTime = at;
        }
      }, "status");
      this.recorder.record(SOURCE, { rt: this.podsRt, obj: pod }, "Warning", "NodeNotReady", "Node is not ready");
    }
  }

  /** The unreachable taints: NoExecute (with timeAdded) and NoSchedule, added or removed together. */
  private ensureTaints(name: string, present: boolean): void {
    const node = this.nodes.get(name)!;
    const has = taintsOf(node).filter((t) => t.key === UNREACHABLE_TAINT);
    if (present ? has.length === 2 : has.length === 0) return;
    const at = this.api.clock.timestamp();
    this.client.modify(this.nodesRt, undefined, name, (n) => {
      const spec = (n.spec ??= {}) as JsonObject;
      const others = taintsOf(n).filter((t) => t.key !== UNREACHABLE_TAINT);
      const kept = taintsOf(n).filter((t) => t.key === UNREACHABLE_TAINT);
      const next = present
        ? [
            ...others,
            kept.find((t) => t.effect === "NoExecute") ?? { key: UNREACHABLE_TAINT, effect: "NoExecute", timeAdded: at },
            kept.find((t) => t.effect === "NoSchedule") ?? { key: UNREACHABLE_TAINT, effect: "NoSchedule" },
          ]
        : others;
      if (next.length > 0) spec.taints = next;
      else delete spec.taints;
    });
  }
}
