// The service account controller: every active namespace has a "default" ServiceAccount, created
// when the namespace appears and again if someone deletes it.
import type { ApiContext } from "../../apiserver/context";
import { metadataOf } from "../../apiserver/objects";
import type { JsonObject, ResourceType } from "../../apiserver/registry/types";
import { ApiError } from "../../apiserver/status";
import type { Timers } from "../../timers/timers";
import { Client, isRetriable } from "../runtime/client";
import type { Informer, InformerFactory } from "../runtime/informer";
import { WorkQueue } from "../runtime/workqueue";

const DEFAULT = "default";

export class ServiceAccountController {
  private readonly namespaces: Informer;
  private readonly accounts: Informer;
  private readonly saRt: ResourceType;
  private readonly queue: WorkQueue;
  private readonly client: Client;

  constructor(api: ApiContext, timers: Timers, informers: InformerFactory) {
    this.saRt = api.registry.resource("", "v1", "serviceaccounts")!;
    this.namespaces = informers.for(api.registry.resource("", "v1", "namespaces")!);
    this.accounts = informers.for(this.saRt);
    this.client = new Client(api, "kube-controller-manager");
    this.queue = new WorkQueue(timers, api.clock, "serviceaccount", (ns) => this.sync(ns), { retryOnError: isRetriable });
    this.namespaces.on({ add: (ns) => this.queue.add(metadataOf(ns).name as string) });
    this.accounts.on({
      delete: (sa) => {
        if (metadataOf(sa).name === DEFAULT) this.queue.add(metadataOf(sa).namespace as string);
      },
    });
  }

  resync(): void {
    for (const ns of this.namespaces.list()) if (!this.accounts.get(`${String(metadataOf(ns).name)}/${DEFAULT}`)) this.queue.add(metadataOf(ns).name as string);
  }

  sync(namespace: string): void {
    const ns = this.namespaces.get(namespace);
    if (!ns || metadataOf(ns).deletionTimestamp || ((ns.status ?? {}) as JsonObject).phase === "Terminating") return;
    if (this.accounts.get(`${namespace}/${DEFAULT}`)) return;
    try {
      this.client.create(this.saRt, namespace, { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: DEFAULT, namespace } });
    } catch (err) {
      if (err instanceof ApiError && (err.code === 409 || err.code === 403)) return; // exists, or the namespace began terminating
      throw err;
    }
  }
}
