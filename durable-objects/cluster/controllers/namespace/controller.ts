// The namespace controller: when a namespace is marked for deletion, delete everything in it, then
// release the "kubernetes" finalizer through the finalize subresource, which removes the namespace.
// It acts only through the API layer, as system:serviceaccount:kube-system:namespace-controller.
import type { ApiContext } from "../../apiserver/context";
import { deleteObject } from "../../apiserver/handlers/delete";
import { updateObject } from "../../apiserver/handlers/update";
import { metadataOf } from "../../apiserver/objects";
import { storageKey, storagePrefix } from "../../apiserver/registry";
import { namespaces } from "../../apiserver/registry/core/namespaces";
import type { JsonObject } from "../../apiserver/registry/types";
import { ApiError } from "../../apiserver/status";
import type { StoreEvent } from "../../store/store";
import type { Timers } from "../../timers/timers";
import { WorkQueue } from "../runtime/workqueue";

export const NAMESPACE_FINALIZER = "kubernetes";
/** Content with finalizers of its own may take a while to go; look again after this long. */
const RECHECK_MS = 5_000;

export class NamespaceController {
  private readonly prefix = storagePrefix(namespaces);
  private readonly queue: WorkQueue;

  constructor(
    private readonly api: ApiContext,
    timers: Timers,
  ) {
    this.queue = new WorkQueue(timers, api.clock, "namespace", (name) => this.reconcile(name));
    api.store.onCommit((events) => this.observe(events));
  }

  /** The informer's initial list: pick up deletions that were in flight when the DO stopped. */
  resync(): void {
    for (const kv of this.api.store.list(this.prefix).items) {
      if (this.needsWork(kv.value)) this.enqueue(metadataOf(kv.value).name as string);
    }
  }

  private observe(events: StoreEvent[]): void {
    for (const e of events) {
      if (e.type !== "DELETED" && e.kv.key.startsWith(this.prefix) && this.needsWork(e.kv.value)) {
        this.enqueue(metadataOf(e.kv.value).name as string);
      }
    }
  }

  private needsWork(ns: JsonObject): boolean {
    const finalizers = ((ns.spec as JsonObject | undefined)?.finalizers as string[] | undefined) ?? [];
    return Boolean(metadataOf(ns).deletionTimestamp) && finalizers.includes(NAMESPACE_FINALIZER);
  }

  private enqueue(name: string, delayMs = 0): void {
    this.queue.add(name, delayMs);
  }

  reconcile(name: string): void {
    const kv = this.api.store.get(storageKey(namespaces, undefined, name));
    if (!kv || !this.needsWork(kv.value)) return;

    let remaining = 0;
    for (const rt of this.api.registry.all()) {
      if (!rt.namespaced || !rt.verbs.includes("delete")) continue;
      for (const item of this.api.store.list(storagePrefix(rt, name)).items) {
        const itemName = metadataOf(item.value).name as string;
        remaining++;
        try {
          deleteObject(this.api, { rt, namespace: name, name: itemName, query: new URLSearchParams({ propagationPolicy: "Background" }) });
        } catch (err) {
          if (!(err instanceof ApiError && err.code === 404)) throw err;
        }
        if (!this.api.store.get(item.key)) remaining--;
      }
    }
    if (remaining > 0) {
      this.enqueue(name, RECHECK_MS);
      return;
    }
    const finalizers = ((kv.value.spec as JsonObject).finalizers as string[]).filter((f) => f !== NAMESPACE_FINALIZER);
    updateObject(this.api, {
      rt: namespaces,
      name,
      subresource: "finalize",
      query: new URLSearchParams(),
      body: { apiVersion: "v1", kind: "Namespace", metadata: { name, resourceVersion: String(kv.modRevision) }, spec: { finalizers } },
    });
  }
}
