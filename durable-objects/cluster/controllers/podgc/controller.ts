// The pod garbage collector's terminated-pod pass (kube's pkg/controller/podgc gcTerminated): when more
// finished pods (Succeeded or Failed) exist than the threshold, the oldest go. kube checks every 20 s
// with a threshold of 12,500; a sandbox holds far fewer pods, so here the threshold is 1,000 and the
// check runs when a pod finishes, not on a clock (an idle cluster stays idle). Pods on nodes that no
// longer exist are the kubelets' to remove (kubelet/pod-agent.ts), as PodGC's orphan pass does.
import type { ApiContext } from "../../apiserver/context";
import { metadataOf } from "../../apiserver/objects";
import type { JsonObject, ResourceType } from "../../apiserver/registry/types";
import { ApiError } from "../../apiserver/status";
import type { Timers } from "../../timers/timers";
import { Client } from "../runtime/client";
import type { Informer, InformerFactory } from "../runtime/informer";
import { WorkQueue } from "../runtime/workqueue";

export const TERMINATED_POD_GC_THRESHOLD = 1_000;
const KEY = "terminated";

const finished = (pod: JsonObject) => {
  const phase = (pod.status as JsonObject | undefined)?.phase;
  return phase === "Succeeded" || phase === "Failed";
};

export class PodGarbageCollector {
  private readonly podsRt: ResourceType;
  private readonly pods: Informer;
  private readonly client: Client;
  private readonly queue: WorkQueue;

  constructor(
    api: ApiContext,
    timers: Timers,
    informers: InformerFactory,
    private readonly threshold = TERMINATED_POD_GC_THRESHOLD,
  ) {
    this.podsRt = api.registry.resource("", "v1", "pods")!;
    this.pods = informers.for(this.podsRt);
    this.client = new Client(api, "kube-controller-manager");
    this.queue = new WorkQueue(timers, api.clock, "podgc", () => this.gcTerminated(), { retryOnError: (err) => err instanceof ApiError });
    this.pods.on({
      update: (pod, old) => {
        if (finished(pod) && !finished(old)) this.queue.add(KEY);
      },
    });
  }

  resync(): void {
    this.queue.add(KEY);
  }

  /** gcTerminated: the oldest finished pods beyond the threshold are deleted (grace period 0). */
  private gcTerminated(): void {
    const terminated = this.pods.list().filter((p) => finished(p) && !metadataOf(p).deletionTimestamp);
    const excess = terminated.length - this.threshold;
    if (excess <= 0) return;
    terminated.sort((a, b) => String(metadataOf(a).creationTimestamp ?? "").localeCompare(String(metadataOf(b).creationTimestamp ?? "")) || String(metadataOf(a).name).localeCompare(String(metadataOf(b).name)));
    for (const pod of terminated.slice(0, excess)) {
      const meta = metadataOf(pod);
      this.client.delete(this.podsRt, String(meta.namespace), String(meta.name), { gracePeriodSeconds: 0, preconditions: { uid: String(meta.uid) } });
    }
  }
}
