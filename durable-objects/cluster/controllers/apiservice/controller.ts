// kube-aggregator's APIService controllers, in one: autoregistration (an APIService for every
// group-version the cluster serves: the built-in ones once at start, labelled "onstart"; those of
// custom resources kept in step with their CRDs, labelled "true"), and availability (a local
// APIService is Available; one that names a Service says why it is not, in the aggregator's words:
// no simulated cluster runs an aggregated API server behind a Service).
import type { ApiContext } from "../../apiserver/context";
import { deepEqual, metadataOf } from "../../apiserver/objects";
import type { JsonObject, ResourceType } from "../../apiserver/registry/types";
import { ApiError } from "../../apiserver/status";
import type { Timers } from "../../timers/timers";
import { Client, isRetriable } from "../runtime/client";
import type { Informer, InformerFactory } from "../runtime/informer";
import { WorkQueue } from "../runtime/workqueue";
import { builtinPriority, CUSTOM_RESOURCE_PRIORITY, type APIServicePriority } from "./priorities";

export const AUTOMANAGED_LABEL = "kube-aggregator.kubernetes.io/automanaged";
/** The queue key that re-derives the set of automanaged APIServices (the built-in ones are also made at start). */
const SYNC_ALL = "*";

interface Desired {
  name: string;
  group: string;
  version: string;
  priority: APIServicePriority;
  /** "onstart" (built-in, created at start) or "true" (a CRD's, kept in step). */
  automanaged: "onstart" | "true";
}

interface Condition {
  type: "Available";
  status: "True" | "False" | "Unknown";
  reason: string;
  message: string;
}

export class APIServiceController {
  private readonly rt: ResourceType;
  private readonly apiServices: Informer;
  private readonly services: Informer;
  private readonly endpointSlices: Informer;
  private readonly client: Client;
  private readonly queue: WorkQueue;

  constructor(
    private readonly api: ApiContext,
    timers: Timers,
    informers: InformerFactory,
  ) {
    this.rt = api.registry.resource("apiregistration.k8s.io", "v1", "apiservices")!;
    this.apiServices = informers.for(this.rt);
    this.services = informers.for(api.registry.resource("", "v1", "services")!);
    this.endpointSlices = informers.for(api.registry.resource("discovery.k8s.io", "v1", "endpointslices")!);
    const crds = informers.for(api.registry.resource("apiextensions.k8s.io", "v1", "customresourcedefinitions")!);
    this.client = new Client(api, "kube-apiserver");
    this.queue = new WorkQueue(timers, api.clock, "apiservice", (key) => (key === SYNC_ALL ? this.syncAll(false) : this.syncStatus(key)), { retryOnError: isRetriable });

    // Level-triggered, but only queued when the status is off (the ones this controller creates are born complete).
    const check = (o: JsonObject) => {
      if (!deepEqual(availableOf(o), this.condition(o))) this.queue.add(metadataOf(o).name as string);
    };
    this.apiServices.on({ add: check, update: check, delete: () => this.queue.add(SYNC_ALL) });
    // Whether the CRD controller has already changed what the registry serves when this runs depends on
    // the order commit listeners were added in: look once it has (CRD changes are rare).
    const crdChanged = () => this.queue.add(SYNC_ALL);
    crds.on({ add: crdChanged, update: crdChanged, delete: crdChanged });
    const service = (o: JsonObject) => this.enqueueBackedBy(metadataOf(o).namespace as string, metadataOf(o).name as string);
    this.services.on({ add: service, update: service, delete: service });
    const slice = (o: JsonObject) => this.enqueueBackedBy(metadataOf(o).namespace as string, sliceServiceName(o));
    this.endpointSlices.on({ add: slice, update: slice, delete: slice });
  }

  /**
   * On start: register the built-in group-versions (kube's "onstart") at once, as the cluster starts
   * (a new cluster has them from its first request, and no timer is left behind), and look again at
   * any status that is off.
   */
  resync(): void {
    if (this.pendingChanges(true)) this.syncAll(true);
    for (const o of this.apiServices.list()) if (!deepEqual(availableOf(o), this.condition(o))) this.queue.add(metadataOf(o).name as string);
  }

  /** What should exist: every served group-version that kube would register. */
  private desired(): Desired[] {
    const out: Desired[] = [];
    for (const [group, versions] of this.api.registry.groups()) {
      for (const version of versions) {
        const custom = this.api.registry.all().some((t) => t.group === group && t.version === version && t.crd);
        const priority = custom ? CUSTOM_RESOURCE_PRIORITY : builtinPriority(group, version);
        if (!priority) continue;
        out.push({ name: `${version}.${group}`, group, version, priority, automanaged: custom ? "true" : "onstart" });
      }
    }
    return out;
  }

  /** Whether the automanaged APIServices differ from what is served (creates on start: also the "onstart" ones). */
  private pendingChanges(onStart: boolean): boolean {
    const desired = this.desired();
    const names = new Set(desired.map((d) => d.name));
    if (desired.some((d) => (onStart || d.automanaged === "true") && !this.matches(d))) return true;
    return this.apiServices.list().some((o) => automanagedOf(o) === "true" && !names.has(metadataOf(o).name as string));
  }

  private matches(d: Desired): boolean {
    const o = this.apiServices.get(d.name);
    if (!o) return false;
    const spec = (o.spec ?? {}) as JsonObject;
    return spec.group === d.group && spec.version === d.version && spec.groupPriorityMinimum === d.priority.group && spec.versionPriority === d.priority.version && !spec.service;
  }

  private syncAll(onStart: boolean): void {
    const desired = this.desired();
    for (const d of desired) {
      if (this.matches(d)) continue;
      // A built-in one someone deleted stays deleted until the next start, as kube's "onstart" sync does.
      if (!onStart && d.automanaged === "onstart" && !this.apiServices.get(d.name)) continue;
      const body = {
        apiVersion: "apiregistration.k8s.io/v1",
        kind: "APIService",
        metadata: { name: d.name, labels: { [AUTOMANAGED_LABEL]: d.automanaged } },
        spec: { group: d.group, version: d.version, groupPriorityMinimum: d.priority.group, versionPriority: d.priority.version },
      };
      const existing = this.apiServices.get(d.name);
      if (!existing) {
        try {
          // Born with its status: a local APIService is Available from the start.
          const available = { ...this.condition(body), lastTransitionTime: this.api.clock.timestamp() };
          this.client.create(this.rt, undefined, { ...body, status: { conditions: [conditionObject(available)] } }, { keepStatus: true });
        } catch (err) {
          if (!(err instanceof ApiError && err.code === 409)) throw err;
        }
        continue;
      }
      // Only what the controller manages is put back; an APIService someone else made is left alone.
      if (!automanagedOf(existing)) continue;
      this.client.modify(this.rt, undefined, d.name, (o) => {
        o.spec = body.spec;
      });
    }
    const names = new Set(desired.map((d) => d.name));
    for (const o of this.apiServices.list()) {
      const name = metadataOf(o).name as string;
      if (automanagedOf(o) === "true" && !names.has(name)) this.client.delete(this.rt, undefined, name);
    }
  }

  private syncStatus(name: string): void {
    const o = this.apiServices.get(name);
    if (!o) return;
    const next = this.condition(o);
    if (deepEqual(availableOf(o), next)) return;
    this.client.modify(
      this.rt,
      undefined,
      name,
      (obj) => {
        const status = (obj.status ?? {}) as JsonObject;
        const conditions = ((status.conditions ?? []) as JsonObject[]).filter((c) => c.type !== "Available");
        const before = availableOf(obj);
        const lastTransitionTime = before && before.status === next.status ? (findAvailable(obj)?.lastTransitionTime ?? this.api.clock.timestamp()) : this.api.clock.timestamp();
        conditions.push(conditionObject({ ...next, lastTransitionTime: String(lastTransitionTime) }));
        obj.status = { ...status, conditions };
      },
      "status",
    );
  }

  /** The Available condition an APIService should have now (without its transition time). */
  private condition(o: JsonObject): Condition {
    const service = ((o.spec ?? {}) as JsonObject).service as JsonObject | undefined | null;
    if (!service) return { type: "Available", status: "True", reason: "Local", message: "Local APIServices are always available" };
    const namespace = String(service.namespace ?? "");
    const name = String(service.name ?? "");
    const svc = this.services.get(`${namespace}/${name}`);
    const what = `service/${name} in ${JSON.stringify(namespace)}`;
    if (!svc) return { type: "Available", status: "False", reason: "ServiceNotFound", message: `${what} is not present` };
    const spec = (svc.spec ?? {}) as JsonObject;
    const port = typeof service.port === "number" ? service.port : 443;
    let portName = "";
    if ((spec.type ?? "ClusterIP") === "ClusterIP") {
      const found = ((spec.ports ?? []) as JsonObject[]).find((p) => p.port === port);
      if (!found) return { type: "Available", status: "False", reason: "ServicePortError", message: `${what} is not listening on port ${port}` };
      portName = String(found.name ?? "");
      const slices = this.endpointSlices.list(namespace).filter((s) => sliceServiceName(s) === name);
      if (slices.length === 0) return { type: "Available", status: "False", reason: "EndpointsNotFound", message: `cannot find endpointslices for ${what}` };
      if (!slices.some((s) => hasReadyEndpoint(s, portName))) {
        return { type: "Available", status: "False", reason: "MissingEndpoints", message: `endpointslices for ${what} have no addresses with port name ${JSON.stringify(portName)}` };
      }
    }
    // An endpoint exists, but nothing in a simulated cluster answers the aggregator's discovery check.
    const group = String(((o.spec ?? {}) as JsonObject).group ?? "");
    const version = String(((o.spec ?? {}) as JsonObject).version ?? "");
    return {
      type: "Available",
      status: "False",
      reason: "FailedDiscoveryCheck",
      message: `failing or missing response from https://${name}.${namespace}.svc:${port}/apis/${group}/${version}: simulated clusters run no aggregated API servers`,
    };
  }

  private enqueueBackedBy(namespace: string, serviceName: string | undefined): void {
    // Services come and go all the time; only APIServices backed by one are looked at again.
    if (!serviceName) return;
    for (const o of this.apiServices.list()) {
      const service = ((o.spec ?? {}) as JsonObject).service as JsonObject | undefined | null;
      if (service && service.namespace === namespace && service.name === serviceName) this.queue.add(metadataOf(o).name as string);
    }
  }
}

/** The Service an EndpointSlice belongs to. */
function sliceServiceName(slice: JsonObject): string | undefined {
  return ((metadataOf(slice).labels ?? {}) as Record<string, string>)["kubernetes.io/service-name"];
}

function hasReadyEndpoint(slice: JsonObject, portName: string): boolean {
  const ports = (slice.ports ?? []) as JsonObject[];
  if (!ports.some((p) => String(p.name ?? "") === portName)) return false;
  return ((slice.endpoints ?? []) as JsonObject[]).some((e) => ((e.conditions ?? {}) as JsonObject).ready !== false);
}

/** An APIServiceCondition in its field order. */
function conditionObject(c: Condition & { lastTransitionTime: string }): JsonObject {
  return { type: c.type, status: c.status, lastTransitionTime: c.lastTransitionTime, reason: c.reason, message: c.message };
}

function automanagedOf(o: JsonObject): string | undefined {
  return ((metadataOf(o).labels ?? {}) as Record<string, string>)[AUTOMANAGED_LABEL];
}

function findAvailable(o: JsonObject): JsonObject | undefined {
  return (((o.status as JsonObject | undefined)?.conditions ?? []) as JsonObject[]).find((c) => c.type === "Available");
}

/** The Available condition without its transition time, for comparing with what it should be. */
function availableOf(o: JsonObject): Condition | undefined {
  const c = findAvailable(o);
  return c ? ({ type: "Available", status: c.status, reason: c.reason, message: c.message } as Condition) : undefined;
}
