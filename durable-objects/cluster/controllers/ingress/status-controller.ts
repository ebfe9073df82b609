// ingress-nginx's status sync (internal/ingress/status/status.go) and its Sync events: every Ingress
// the controller serves gets status.loadBalancer.ingress = the cluster's public address (kind runs it
// with --publish-status-address; an IP becomes `ip`, a name `hostname`, which kubectl prints as
// ADDRESS). The status is written only when its IPs or hostnames differ; Ingresses of other classes
// are left alone, and one that leaves the class keeps what it had, as ingress-nginx does. Each
// change of a served Ingress is a Normal "Sync" event "Scheduled for sync" from
// nginx-ingress-controller (so a new Ingress shows "Sync (x2)": its creation and its status).
// Only informer events queue work: an idle cluster does nothing.
import type { ApiContext } from "../../apiserver/context";
import { metadataOf } from "../../apiserver/objects";
import type { JsonObject, ResourceType } from "../../apiserver/registry/types";
import { mapOf, objects, str } from "../../apiserver/validation/values";
import { INGRESS_NGINX, servesIngress, type IngressControllerConfig } from "../../network/ingress/classes";
import type { Timers } from "../../timers/timers";
import { Client, isRetriable } from "../runtime/client";
import { EventRecorder } from "../runtime/events";
import { keyOf, type Informer, type InformerFactory } from "../runtime/informer";
import { WorkQueue } from "../runtime/workqueue";

/** Where the cluster is reached from outside: what ingress-nginx publishes. */
export type PublicAddress = () => { hostname?: string; ip?: string };

const SOURCE = { component: "nginx-ingress-controller" };

/** The status.loadBalancer.ingress the controller publishes; empty when there is no address. */
export function publishedAddresses(address: { hostname?: string; ip?: string }): JsonObject[] {
  const entry: JsonObject = {};
  if (address.ip) entry.ip = address.ip;
  if (address.hostname) entry.hostname = address.hostname;
  return Object.keys(entry).length > 0 ? [entry] : [];
}

/** ingressSliceEqual after sorting both by IP: only the IPs and hostnames count. */
export function sameAddresses(current: readonly JsonObject[], desired: readonly JsonObject[]): boolean {
  if (current.length !== desired.length) return false;
  const sorted = (list: readonly JsonObject[]) => [...list].sort((a, b) => (str(a.ip) < str(b.ip) ? -1 : str(a.ip) > str(b.ip) ? 1 : 0));
  const [a, b] = [sorted(current), sorted(desired)];
  return a.every((x, i) => str(x.ip) === str(b[i]!.ip) && str(x.hostname) === str(b[i]!.hostname));
}

const statusAddresses = (ing: JsonObject): JsonObject[] => objects(mapOf(mapOf(ing.status).loadBalancer).ingress);

export class IngressStatusController {
  private readonly rt: ResourceType;
  private readonly ingresses: Informer;
  private readonly classes: Informer;
  private readonly client: Client;
  private readonly events: EventRecorder;
  private readonly queue: WorkQueue;
  /** The resourceVersion each served Ingress was last synced at: a new one is a Sync event. */
  private readonly synced = new Map<string, string>();

  constructor(
    api: ApiContext,
    timers: Timers,
    informers: InformerFactory,
    private readonly publicAddress: PublicAddress,
    private readonly config: IngressControllerConfig = INGRESS_NGINX,
  ) {
    this.rt = api.registry.resource("networking.k8s.io", "v1", "ingresses")!;
    this.ingresses = informers.for(this.rt);
    this.classes = informers.for(api.registry.resource("networking.k8s.io", "v1", "ingressclasses")!);
    this.client = new Client(api, "nginx-ingress-controller");
    this.events = new EventRecorder(api, api.registry.resource("", "v1", "events")!);
    this.queue = new WorkQueue(timers, api.clock, "ingress-status", (key) => this.sync(key), { retryOnError: isRetriable });
    this.ingresses.on({
      add: (ing) => this.observe(ing, true),
      update: (ing) => this.observe(ing, true),
      delete: (ing) => this.synced.delete(keyOf(ing)),
    });
    // A class appearing, changing or going can change which Ingresses are served.
    const reconsider = () => this.resync();
    this.classes.on({ add: reconsider, update: reconsider, delete: reconsider });
  }

  /** Queues the served Ingresses whose status is not the published address. */
  resync(): void {
    for (const ing of this.ingresses.list()) this.observe(ing, false);
  }

  private serves(ing: JsonObject): boolean {
    return servesIngress(ing, this.classes.list(), this.config);
  }

  private observe(ing: JsonObject, changed: boolean): void {
    if (!this.serves(ing)) return;
    if (changed || !sameAddresses(statusAddresses(ing), publishedAddresses(this.publicAddress()))) this.queue.add(keyOf(ing));
  }

  sync(key: string): void {
    const ing = this.ingresses.get(key);
    if (!ing || !this.serves(ing)) return;
    const version = str(metadataOf(ing).resourceVersion);
    if (this.synced.get(key) !== version) {
      this.synced.set(key, version);
      this.events.record(SOURCE, { rt: this.rt, obj: ing }, "Normal", "Sync", "Scheduled for sync");
    }
    const desired = publishedAddresses(this.publicAddress());
    if (desired.length === 0 || sameAddresses(statusAddresses(ing), desired)) return;
    const meta = metadataOf(ing);
    this.client.modify(this.rt, str(meta.namespace), str(meta.name), (current) => {
      const status = mapOf(current.status);
      current.status = { ...status, loadBalancer: { ...mapOf(status.loadBalancer), ingress: desired } };
    }, "status");
  }
}
