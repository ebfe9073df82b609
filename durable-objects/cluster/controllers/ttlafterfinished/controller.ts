// The TTL-after-finished controller (kube's pkg/controller/ttlafterfinished): a finished Job with
// spec.ttlSecondsAfterFinished is deleted (foreground, so its pods go first) that many seconds after
// its Complete or Failed condition's transition. One timer per Job waiting to expire; nothing else.
import type { ApiContext } from "../../apiserver/context";
import { metadataOf } from "../../apiserver/objects";
import type { JsonObject, ResourceType } from "../../apiserver/registry/types";
import { ApiError } from "../../apiserver/status";
import type { Timers } from "../../timers/timers";
import { findCondition, isJobFinished } from "../job/conditions";
import { Client } from "../runtime/client";
import { keyOf, splitKey, type Informer, type InformerFactory } from "../runtime/informer";
import { WorkQueue } from "../runtime/workqueue";

/** When a finished Job with a TTL expires (ms), or undefined. */
export function expiresAt(job: JsonObject): number | undefined {
  const ttl = (job.spec as JsonObject | undefined)?.ttlSecondsAfterFinished;
  if (typeof ttl !== "number" || !isJobFinished(job) || metadataOf(job).deletionTimestamp) return undefined;
  const finished = findCondition(job, "Complete")?.status === "True" ? findCondition(job, "Complete") : findCondition(job, "Failed");
  const at = Date.parse(String(finished?.lastTransitionTime ?? ""));
  return Number.isFinite(at) ? at + ttl * 1000 : undefined;
}

export class TtlAfterFinishedController {
  private readonly jobsRt: ResourceType;
  private readonly jobs: Informer;
  private readonly client: Client;
  private readonly queue: WorkQueue;

  constructor(
    private readonly api: ApiContext,
    timers: Timers,
    informers: InformerFactory,
  ) {
    this.jobsRt = api.registry.resource("batch", "v1", "jobs")!;
    this.jobs = informers.for(this.jobsRt);
    this.client = new Client(api, "kube-controller-manager");
    this.queue = new WorkQueue(timers, api.clock, "ttl-after-finished", (key) => this.sync(key), { retryOnError: (err) => err instanceof ApiError });
    this.jobs.on({ add: (j) => this.consider(j), update: (j) => this.consider(j) });
  }

  resync(): void {
    for (const job of this.jobs.list()) this.consider(job);
  }

  private consider(job: JsonObject): void {
    const at = expiresAt(job);
    if (at !== undefined) this.queue.add(keyOf(job), Math.max(0, at - this.api.clock.now()));
  }

  private sync(key: string): void {
    const job = this.jobs.get(key);
    if (!job) return;
    const at = expiresAt(job);
    if (at === undefined) return;
    const now = this.api.clock.now();
    if (at > now) return this.queue.add(key, at - now);
    const { namespace, name } = splitKey(key);
    const meta = metadataOf(job);
    this.client.delete(this.jobsRt, namespace, name, { propagationPolicy: "Foreground", preconditions: { uid: String(meta.uid), resourceVersion: String(meta.resourceVersion) } });
  }
}
