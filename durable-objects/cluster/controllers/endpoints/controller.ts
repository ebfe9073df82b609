// The Endpoints controller, after kube's pkg/controller/endpoint/endpoints_controller.go (1.33): for
// every service with a selector, a core/v1 Endpoints of the same name listing the selected pods
// (subsets.ts builds them), labelled with the service's labels and, since 1.33,
// endpoints.kubernetes.io/managed-by. Over 1000 addresses it truncates and says so in an annotation.
// A deleted service's Endpoints is deleted; services without a selector keep their hand-made ones.
import type { ApiContext } from "../../apiserver/context";
import { metadataOf } from "../../apiserver/objects";
import type { JsonObject, ResourceType } from "../../apiserver/registry/types";
import { ApiError } from "../../apiserver/status";
import type { Timers } from "../../timers/timers";
import { Client, isRetriable } from "../runtime/client";
import { EventRecorder } from "../runtime/events";
import { keyOf, splitKey, type Informer, type InformerFactory } from "../runtime/informer";
import { WorkQueue } from "../runtime/workqueue";
import { canonicalJSON, HEADLESS_LABEL, hasControllerEndpoints, isNamespaceGone, isServiceIPSet, labelsOf, podServiceKeys, selectedPods, servicesToUpdateOnPodChange, setTriggerTime, TriggerTimeTracker } from "../endpointslice/util";
import { addressCount, buildSubsets, MAX_CAPACITY, truncateSubsets } from "./subsets";

const COMPONENT = "endpoint-controller";
/** LabelManagedBy, and ControllerName as its value. */
export const MANAGED_BY_LABEL = "endpoints.kubernetes.io/managed-by";
export const CONTROLLER_NAME = "endpoint-controller";
/** v1.EndpointsOverCapacity */
export const OVER_CAPACITY_ANNOTATION = "endpoints.kubernetes.io/over-capacity";

/** Subsets compared as kube does, a target's resourceVersion aside (pod updates do not touch Endpoints). */
const sameSubsets = (a: unknown, b: unknown) => canonicalJSON(a ?? [], "resourceVersion") === canonicalJSON(b ?? [], "resourceVersion");

const sameLabels = (a: Record<string, string> | undefined, b: Record<string, string>) =>
  JSON.stringify(Object.entries(a ?? {}).sort()) === JSON.stringify(Object.entries(b).sort());

export class EndpointsController {
  private readonly services: Informer;
  private readonly pods: Informer;
  private readonly endpoints: Informer;
  private readonly endpointsRt: ResourceType;
  private readonly queue: WorkQueue;
  private readonly client: Client;
  private readonly recorder: EventRecorder;
  private readonly triggerTimes = new TriggerTimeTracker();
  /** The service being synced: the Endpoints deletion it causes is not news. */
  private syncing: string | undefined;

  constructor(api: ApiContext, timers: Timers, informers: InformerFactory) {
    this.endpointsRt = api.registry.resource("", "v1", "endpoints")!;
    this.services = informers.for(api.registry.resource("", "v1", "services")!);
    this.pods = informers.for(api.registry.resource("", "v1", "pods")!);
    this.endpoints = informers.for(this.endpointsRt);
    this.client = new Client(api, "kube-controller-manager");
    this.recorder = new EventRecorder(api, api.registry.resource("", "v1", "events")!);
    this.queue = new WorkQueue(timers, api.clock, COMPONENT, (key) => this.sync(key), { retryOnError: isRetriable });

    this.services.on({ add: (s) => this.queue.add(keyOf(s)), update: (s) => this.queue.add(keyOf(s)), delete: (s) => this.queue.add(keyOf(s)) });
    this.pods.on({
      add: (p) => this.enqueueAll(podServiceKeys(this.services, p)),
      update: (p, old) => this.enqueueAll(servicesToUpdateOnPodChange(this.services, old, p)),
      delete: (p) => this.enqueueAll(podServiceKeys(this.services, p)),
    });
    // Only deletions are watched, as kube does: a deleted Endpoints of a live service is made again.
    this.endpoints.on({
      delete: (ep) => {
        if (keyOf(ep) !== this.syncing) this.queue.add(keyOf(ep));
      },
    });
  }

  /**
   * Every service, and (checkLeftoverEndpoints) every Endpoints this controller made whose service is
   * gone. kube looks at all Endpoints there; only labelled ones here, because this runs on every
   * Durable Object start and must not eat Endpoints a user wrote by hand without a service.
   */
  resync(): void {
    for (const s of this.services.list()) this.queue.add(keyOf(s));
    for (const ep of this.endpoints.list()) {
      if (labelsOf(ep)?.[MANAGED_BY_LABEL] === CONTROLLER_NAME && !this.services.get(keyOf(ep))) this.queue.add(keyOf(ep));
    }
  }

  private enqueueAll(keys: Iterable<string>): void {
    for (const k of keys) this.queue.add(k);
  }

  sync(key: string): void {
    const { namespace, name } = splitKey(key);
    const svc = this.services.get(key);
    if (!svc) {
      this.triggerTimes.delete(key);
      this.guarded(key, () => this.client.delete(this.endpointsRt, namespace, name));
      return;
    }
    if (!hasControllerEndpoints(svc)) return; // hand-made Endpoints (no selector), or ExternalName
    const pods = selectedPods(this.pods, svc);
    // Computed on every sync, so the tracker follows even a sync that writes nothing.
    const triggerMs = this.triggerTimes.compute(key, svc, pods);
    const subsets = buildSubsets(svc, pods);

    const labels: Record<string, string> = { ...(labelsOf(svc) ?? {}) };
    if (isServiceIPSet(svc)) delete labels[HEADLESS_LABEL];
    else labels[HEADLESS_LABEL] = "";
    labels[MANAGED_BY_LABEL] = CONTROLLER_NAME;

    const current = this.endpoints.get(key);
    const annotations = (current && metadataOf(current).annotations) as Record<string, string> | undefined;
    const capacityNoted = addressCount(subsets) <= MAX_CAPACITY && !annotations?.[OVER_CAPACITY_ANNOTATION];
    if (current && sameSubsets(current.subsets, subsets) && sameLabels(labelsOf(current), labels) && capacityNoted) return;

    const next: JsonObject = current ? structuredClone(current) : { apiVersion: "v1", kind: "Endpoints", metadata: { name, namespace } };
    metadataOf(next).labels = labels;
    setTriggerTime(next, triggerMs);
    const truncated = truncateSubsets(subsets);
    const meta = metadataOf(next);
    const notes = { ...((meta.annotations ?? {}) as Record<string, string>) };
    if (truncated) notes[OVER_CAPACITY_ANNOTATION] = "truncated";
    else delete notes[OVER_CAPACITY_ANNOTATION];
    if (Object.keys(notes).length > 0) meta.annotations = notes;
    else delete meta.annotations;
    if (subsets.length > 0) next.subsets = subsets;
    else delete next.subsets;

    this.guarded(key, () => {
      try {
        if (current) this.client.update(this.endpointsRt, next);
        else this.client.create(this.endpointsRt, namespace, next);
      } catch (err) {
        if (err instanceof ApiError && isNamespaceGone(err.code, err.status.message ?? "")) return;
        const message = err instanceof ApiError ? err.status.message : String(err);
        const [reason, text] = current ? ["FailedToUpdateEndpoint", `Failed to update endpoint ${key}: ${message}`] : ["FailedToCreateEndpoint", `Failed to create endpoint for service ${key}: ${message}`];
        this.recorder.record({ component: COMPONENT }, { rt: this.endpointsRt, obj: next }, "Warning", reason, text);
        throw err;
      }
    });
  }

  /** Runs a write with its own events marked as such. */
  private guarded(key: string, write: () => void): void {
    this.syncing = key;
    try {
      write();
    } finally {
      this.syncing = undefined;
    }
  }
}
