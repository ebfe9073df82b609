// The cloud's service controller (kube-controller-manager with a cloud provider, or kind's
// cloud-provider-kind): every LoadBalancer Service without a loadBalancerClass gets a load balancer,
// reported in status.loadBalancer.ingress, guarded by the cleanup finalizer so that deleting the
// Service (or changing its type) takes the load balancer down first. Where the cluster has a public
// name (INGRESS_DOMAIN), each load balancer is published as a host name under it that the edge routes
// to the Service (network/load-balancer.ts), as clouds whose load balancers have names do; otherwise it
// gets an address from the cluster's pool, the lowest free one, that only the cluster's own
// network reaches.
import type { ApiContext } from "../../apiserver/context";
import { metadataOf } from "../../apiserver/objects";
import type { JsonObject, ResourceType } from "../../apiserver/registry/types";
import type { Timers } from "../../timers/timers";
import { Client, isRetriable } from "../runtime/client";
import { EventRecorder } from "../runtime/events";
import { keyOf, type Informer, type InformerFactory } from "../runtime/informer";
import { WorkQueue } from "../runtime/workqueue";

export const LB_FINALIZER = "service.kubernetes.io/load-balancer-cleanup";
/** The load balancers' addresses (a /24 beside the node network, as a cloud's external pool). */
const POOL_PREFIX = "172.18.255.";
const SOURCE = { component: "service-controller" };

const specOf = (o: JsonObject): JsonObject => (o.spec ?? {}) as JsonObject;
const finalizersOf = (o: JsonObject): string[] => ((metadataOf(o).finalizers as string[] | undefined) ?? []).slice();
const ingressOf = (o: JsonObject): JsonObject[] => ((((o.status ?? {}) as JsonObject).loadBalancer ?? {}) as JsonObject).ingress as JsonObject[] | undefined ?? [];

/** Whether this controller owns a load balancer for the Service. */
export const wantsLoadBalancer = (svc: JsonObject) =>
  specOf(svc).type === "LoadBalancer" && !specOf(svc).loadBalancerClass && !metadataOf(svc).deletionTimestamp;

export class ServiceLoadBalancerController {
  private readonly rt: ResourceType;
  private readonly services: Informer;
  private readonly client: Client;
  private readonly events: EventRecorder;
  private readonly queue: WorkQueue;

  /** `publicHost(namespace, name)`: the load balancer's published host name, or undefined without a public domain. */
  constructor(
    api: ApiContext,
    timers: Timers,
    informers: InformerFactory,
    private readonly publicHost: (namespace: string, name: string) => string | undefined = () => undefined,
  ) {
    this.rt = api.registry.resource("", "v1", "services")!;
    this.services = informers.for(this.rt);
    this.client = new Client(api, "service-controller");
    this.events = new EventRecorder(api, api.registry.resource("", "v1", "events")!);
    this.queue = new WorkQueue(timers, api.clock, "service-lb", (key) => this.sync(key), { retryOnError: isRetriable });
    this.services.on({ add: (s) => this.observe(s), update: (s) => this.observe(s) });
  }

  resync(): void {
    for (const s of this.services.list()) this.observe(s);
  }

  private observe(svc: JsonObject): void {
    const holds = finalizersOf(svc).includes(LB_FINALIZER) || ingressOf(svc).length > 0;
    if (wantsLoadBalancer(svc) ? !holds || ingressOf(svc).length === 0 : holds) this.queue.add(keyOf(svc));
  }

  sync(key: string): void {
    const svc = this.services.get(key);
    if (!svc) return;
    const meta = metadataOf(svc);
    const [namespace, name] = [meta.namespace as string, meta.name as string];
    if (wantsLoadBalancer(svc)) {
      if (ingressOf(svc).length > 0 && finalizersOf(svc).includes(LB_FINALIZER)) return;
      this.events.record(SOURCE, { rt: this.rt, obj: svc }, "Normal", "EnsuringLoadBalancer", "Ensuring load balancer");
      const withFinalizer = this.client.modify(this.rt, namespace, name, (s) => {
        const f = finalizersOf(s);
        if (!f.includes(LB_FINALIZER)) metadataOf(s).finalizers = [...f, LB_FINALIZER];
      });
      if (!withFinalizer) return;
      const hostname = this.publicHost(namespace, name);
      const ingress = hostname ? { hostname } : { ip: this.freeAddress(key), ipMode: "VIP" };
      const done = this.client.modify(this.rt, namespace, name, (s) => ((s.status as JsonObject).loadBalancer = { ingress: [ingress] }), "status");
      if (done) this.events.record(SOURCE, { rt: this.rt, obj: done }, "Normal", "EnsuredLoadBalancer", "Ensured load balancer");
      return;
    }
    // No longer a LoadBalancer this controller serves (another type, being deleted): take it down.
    if (ingressOf(svc).length > 0 || finalizersOf(svc).includes(LB_FINALIZER)) {
      this.events.record(SOURCE, { rt: this.rt, obj: svc }, "Normal", "DeletingLoadBalancer", "Deleting load balancer");
      const cleared = this.client.modify(this.rt, namespace, name, (s) => ((s.status as JsonObject).loadBalancer = {}), "status");
      if (cleared) this.client.modify(this.rt, namespace, name, (s) => (metadataOf(s).finalizers = finalizersOf(s).filter((f) => f !== LB_FINALIZER)));
      this.events.record(SOURCE, { rt: this.rt, obj: svc }, "Normal", "DeletedLoadBalancer", "Deleted load balancer");
    }
  }

  /** The lowest pool address no other load balancer reports. */
  private freeAddress(key: string): string {
    const used = new Set<string>();
    for (const s of this.services.list()) if (keyOf(s) !== key) for (const i of ingressOf(s)) if (typeof i.ip === "string") used.add(i.ip);
    for (let host = 1; host < 255; host++) if (!used.has(POOL_PREFIX + host)) return POOL_PREFIX + host;
    return POOL_PREFIX + "254";
  }
}
