// The EndpointSlice controller, after kube's pkg/controller/endpointslice: for every service with a
// selector, discovery.k8s.io/v1 EndpointSlices listing the selected pods (reconciler.ts decides what
// to write). Synced on service and pod changes, and when someone else changes or deletes one of its
// slices; nothing runs while nothing changes. A deleted service's slices go with the garbage
// collector (they are owned by it); slices of other managers are never touched.
import type { ApiContext } from "../../apiserver/context";
import { metadataOf } from "../../apiserver/objects";
import type { JsonObject, ResourceType } from "../../apiserver/registry/types";
import { ApiError } from "../../apiserver/status";
import type { Timers } from "../../timers/timers";
import { Client, isRetriable } from "../runtime/client";
import { EventRecorder } from "../runtime/events";
import { keyOf, type Informer, type InformerFactory } from "../runtime/informer";
import { WorkQueue } from "../runtime/workqueue";
import { reconcile, type SliceChanges } from "./reconciler";
import { CONTROLLER_NAME, MANAGED_BY_LABEL, SERVICE_NAME_LABEL } from "./slices";
import { hasControllerEndpoints, isNamespaceGone, podServiceKeys, selectedPods, servicesToUpdateOnPodChange, setTriggerTime, TriggerTimeTracker } from "./util";

const COMPONENT = "endpointslice-controller";
/** endpointSliceChangeMinSyncDelay: a slice changed by someone else is looked at after this long. */
const SLICE_CHANGE_DELAY_MS = 1_000;
/** Index of the managed slices by their service's key (namespace/name). */
const BY_SERVICE = "endpointslice-controller:service";

const labelOf = (o: JsonObject, key: string) => (metadataOf(o).labels as Record<string, string> | undefined)?.[key];
const managed = (slice: JsonObject) => labelOf(slice, MANAGED_BY_LABEL) === CONTROLLER_NAME;
const serviceKeyOf = (slice: JsonObject) => {
  const name = labelOf(slice, SERVICE_NAME_LABEL);
  return name ? `${String(metadataOf(slice).namespace)}/${name}` : undefined;
};

export class EndpointSliceController {
  private readonly services: Informer;
  private readonly pods: Informer;
  private readonly nodes: Informer;
  private readonly slices: Informer;
  private readonly slicesRt: ResourceType;
  private readonly servicesRt: ResourceType;
  private readonly queue: WorkQueue;
  private readonly client: Client;
  private readonly recorder: EventRecorder;
  private readonly triggerTimes = new TriggerTimeTracker();
  /** The service being synced: slice events it causes are its own writes, not news. */
  private syncing: string | undefined;

  constructor(api: ApiContext, timers: Timers, informers: InformerFactory) {
    this.servicesRt = api.registry.resource("", "v1", "services")!;
    this.slicesRt = api.registry.resource("discovery.k8s.io", "v1", "endpointslices")!;
    this.services = informers.for(this.servicesRt);
    this.pods = informers.for(api.registry.resource("", "v1", "pods")!);
    this.nodes = informers.for(api.registry.resource("", "v1", "nodes")!);
    this.slices = informers.for(this.slicesRt);
    this.slices.addIndex(BY_SERVICE, (s) => (managed(s) ? [serviceKeyOf(s) ?? ""] : []));
    this.client = new Client(api, "kube-controller-manager");
    this.recorder = new EventRecorder(api, api.registry.resource("", "v1", "events")!);
    this.queue = new WorkQueue(timers, api.clock, COMPONENT, (key) => this.sync(key), { retryOnError: isRetriable });

    this.services.on({ add: (s) => this.queue.add(keyOf(s)), update: (s) => this.queue.add(keyOf(s)), delete: (s) => this.queue.add(keyOf(s)) });
    this.pods.on({
      add: (p) => this.enqueueAll(podServiceKeys(this.services, p)),
      update: (p, old) => this.enqueueAll(servicesToUpdateOnPodChange(this.services, old, p)),
      delete: (p) => this.enqueueAll(podServiceKeys(this.services, p)),
    });
    this.slices.on({
      add: (s) => {
        if (managed(s)) this.sliceChanged(s);
      },
      update: (s, old) => {
        if (serviceKeyOf(s) !== serviceKeyOf(old)) {
          this.sliceChanged(s);
          this.sliceChanged(old);
        } else if (managed(s) !== managed(old) || managed(s)) this.sliceChanged(s);
      },
      delete: (s) => {
        if (managed(s)) this.sliceChanged(s);
      },
    });
  }

  resync(): void {
    for (const s of this.services.list()) this.queue.add(keyOf(s));
  }

  private enqueueAll(keys: Iterable<string>): void {
    for (const k of keys) this.queue.add(k);
  }

  /** Someone else wrote one of our slices (our own writes happen while `syncing` names their service). */
  private sliceChanged(slice: JsonObject): void {
    const key = serviceKeyOf(slice);
    if (key && key !== this.syncing) this.queue.add(key, SLICE_CHANGE_DELAY_MS);
  }

  sync(key: string): void {
    const svc = this.services.get(key);
    if (!svc) {
      this.triggerTimes.delete(key); // its slices are owned by it: the garbage collector removes them
      return;
    }
    if (!hasControllerEndpoints(svc)) return; // no selector or ExternalName: slices come from elsewhere
    const pods = selectedPods(this.pods, svc);
    const slices = this.slices.byIndex(BY_SERVICE, key).filter((s) => !metadataOf(s).deletionTimestamp);
    const triggerMs = this.triggerTimes.compute(key, svc, pods);
    const changes = reconcile({
      service: svc,
      pods,
      slices,
      node: (name) => {
        const node = name ? this.nodes.get(name) : undefined;
        return { found: node !== undefined, zone: node ? labelOf(node, "topology.kubernetes.io/zone") : undefined };
      },
    });
    this.syncing = key;
    try {
      this.write(svc, changes, triggerMs);
    } catch (err) {
      if (err instanceof ApiError && isNamespaceGone(err.code, err.status.message ?? "")) return;
      const message = err instanceof ApiError ? err.status.message : String(err);
      this.recorder.record({ component: COMPONENT }, { rt: this.servicesRt, obj: svc }, "Warning", "FailedToUpdateEndpointSlices", `Error updating Endpoint Slices for Service ${key}: ${message}`);
      throw err;
    } finally {
      this.syncing = undefined;
    }
  }

  /** finalize: creates (not for a service being deleted, which the garbage collector is emptying), updates, deletes. */
  private write(svc: JsonObject, changes: SliceChanges, triggerMs: number | undefined): void {
    const namespace = String(metadataOf(svc).namespace);
    if (!metadataOf(svc).deletionTimestamp) {
      for (const slice of changes.create) this.client.create(this.slicesRt, namespace, stored(slice, triggerMs));
    }
    for (const slice of changes.update) this.client.update(this.slicesRt, stored(slice, triggerMs));
    for (const slice of changes.delete) this.client.delete(this.slicesRt, namespace, String(metadataOf(slice).name));
  }
}

/**
 * The slice as written: trigger time set; no ports left out (the API defaults them to null, as kube
 * serves a placeholder's). `endpoints` is required, so a placeholder's stays [] (kube's storage
 * round trip serves it as null; this API server keeps what was written).
 */
function stored(slice: JsonObject, triggerMs: number | undefined): JsonObject {
  const out = structuredClone(slice);
  setTriggerTime(out, triggerMs);
  out.endpoints ??= [];
  if (!Array.isArray(out.ports) || out.ports.length === 0) delete out.ports;
  return out;
}
