// The system namespaces, as kube-apiserver keeps them: `default` (its kubernetes-service controller),
// `kube-system`, `kube-public` and `kube-node-lease` (its system-namespaces controller) exist in every
// cluster. The first three may never be deleted (NamespaceLifecycle admission refuses); kube-node-lease
// may, and comes back. kube checks once a minute; here the namespace's removal itself triggers it,
// so an idle cluster does nothing.
import type { ApiContext } from "../../apiserver/context";
import { metadataOf } from "../../apiserver/objects";
import type { ResourceType } from "../../apiserver/registry/types";
import { ApiError } from "../../apiserver/status";
import type { Timers } from "../../timers/timers";
import { Client, isRetriable } from "../runtime/client";
import type { Informer, InformerFactory } from "../runtime/informer";
import { WorkQueue } from "../runtime/workqueue";

export const SYSTEM_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"] as const;

export class SystemNamespacesController {
  private readonly rt: ResourceType;
  private readonly namespaces: Informer;
  private readonly client: Client;
  private readonly queue: WorkQueue;

  constructor(api: ApiContext, timers: Timers, informers: InformerFactory) {
    this.rt = api.registry.resource("", "v1", "namespaces")!;
    this.namespaces = informers.for(this.rt);
    this.client = new Client(api, "kube-apiserver");
    this.queue = new WorkQueue(timers, api.clock, "systemnamespaces", (name) => this.sync(name), { retryOnError: isRetriable });
    this.namespaces.on({
      delete: (ns) => {
        const name = metadataOf(ns).name as string;
        if ((SYSTEM_NAMESPACES as readonly string[]).includes(name)) this.queue.add(name);
      },
    });
  }

  resync(): void {
    for (const name of SYSTEM_NAMESPACES) if (!this.namespaces.get(name)) this.queue.add(name);
  }

  sync(name: string): void {
    if (this.namespaces.get(name)) return;
    try {
      this.client.create(this.rt, undefined, { apiVersion: "v1", kind: "Namespace", metadata: { name } });
    } catch (err) {
      if (err instanceof ApiError && err.code === 409) return;
      throw err;
    }
  }
}
