// The CustomResourceDefinition controller: serves what each CRD defines (the registry changes as the
// CRD commits, so its resources are usable at once), reports NamesAccepted/Established in the CRD's
// status, and on deletion removes every custom resource before releasing the cleanup finalizer.
import type { ApiContext } from "../../apiserver/context";
import { deleteCollection } from "../../apiserver/handlers/delete";
import { currentObject, writeUpdate } from "../../apiserver/handlers/update";
import { deepEqual, metadataOf } from "../../apiserver/objects";
import { storagePrefix } from "../../apiserver/registry";
import { customResourceTypes } from "../../apiserver/registry/apiextensions/custom-resources";
import { CRD_CLEANUP_FINALIZER, customResourceDefinitions as crds } from "../../apiserver/registry/apiextensions/customresourcedefinitions";
import type { JsonObject, ResourceType } from "../../apiserver/registry/types";
import type { StoreEvent } from "../../store/store";
import type { Timers } from "../../timers/timers";
import { WorkQueue } from "../runtime/workqueue";


export class CrdController {
  private readonly prefix = storagePrefix(crds);

  private readonly queue: WorkQueue;

  constructor(
    private readonly api: ApiContext,
    timers: Timers,
  ) {
    this.queue = new WorkQueue(timers, api.clock, "crd", (name) => this.reconcile(name));
    api.store.onCommit((events) => this.observe(events));
  }

  /** On start: serve every stored CRD, and finish what was in flight. */
  resync(): void {
    for (const kv of this.api.store.list(this.prefix).items) {
      this.serve(kv.value);
      if (this.needsWork(kv.value)) this.enqueue(metadataOf(kv.value).name as string);
    }
  }

  private observe(events: StoreEvent[]): void {
    for (const e of events) {
      if (!e.kv.key.startsWith(this.prefix)) continue;
      const name = metadataOf(e.kv.value).name as string;
      if (e.type === "DELETED") this.api.registry.setCustomTypes(name, []);
      else {
        this.serve(e.kv.value);
        if (this.needsWork(e.kv.value)) this.enqueue(name);
      }
    }
  }

  /** Registers the CRD's resources unless their names clash with another type's. */
  private serve(crd: JsonObject): void {
    const name = metadataOf(crd).name as string;
    const types = customResourceTypes(crd);
    this.api.registry.setCustomTypes(name, this.conflicts(types, name) ? [] : types);
  }

  private conflicts(types: ResourceType[], crdName: string): boolean {
    return types.some((rt) => {
      const other = this.api.registry.resource(rt.group, rt.version, rt.plural);
      return other !== undefined && other.crd !== crdName;
    });
  }

  private needsWork(crd: JsonObject): boolean {
    return Boolean(metadataOf(crd).deletionTimestamp) || !deepEqual((crd.status as JsonObject | undefined)?.acceptedNames, (crd.spec as JsonObject).names);
  }

  private enqueue(name: string): void {
    this.queue.add(name);
  }

  reconcile(name: string): void {
    const req = { rt: crds, name, query: new URLSearchParams({ fieldManager: "apiextensions-controller" }) };
    let current;
    try {
      current = currentObject(this.api, req);
    } catch {
      return; // gone
    }
    const crd = current.value;
    if (metadataOf(crd).deletionTimestamp) return this.cleanUp(name, crd);

    const served = this.api.registry.all().some((rt) => rt.crd === name);
    const now = this.api.clock.timestamp();
    const spec = crd.spec as JsonObject;
    const condition = (type: string, ok: boolean, reason: string, message: string) => ({ type, status: ok ? "True" : "False", lastTransitionTime: now, reason, message });
    const status: JsonObject = {
      ...((crd.status as JsonObject | undefined) ?? {}),
      acceptedNames: served ? spec.names : {},
      conditions: served
        ? [condition("NamesAccepted", true, "NoConflicts", "no conflicts found"), condition("Established", true, "InitialNamesAccepted", "the initial names have been accepted")]
        : [condition("NamesAccepted", false, "NameConflict", "the resource names conflict with another resource"), condition("Established", false, "NotAccepted", "not all names are accepted")],
      storedVersions: [((spec.versions ?? []) as JsonObject[]).find((v) => v.storage === true)?.name].filter(Boolean),
    };
    const next = structuredClone(crd);
    next.status = status;
    delete metadataOf(next).resourceVersion;
    writeUpdate(this.api, { ...req, subresource: "status" }, current, next, { dryRun: false });
  }

  /** Deletes every custom resource of the CRD, then releases its finalizer (which removes it). */
  private cleanUp(name: string, crd: JsonObject): void {
    const served = this.api.registry.all().filter((rt) => rt.crd === name);
    const rt = served[0];
    if (rt) deleteCollection(this.api, { rt, query: new URLSearchParams() });
    if (rt && this.api.store.count(storagePrefix(rt)) > 0) {
      this.queue.add(name, 5_000);
      return;
    }
    const req = { rt: crds, name, query: new URLSearchParams({ fieldManager: "apiextensions-controller" }) };
    const current = currentObject(this.api, req);
    const next = structuredClone(current.value);
    const meta = metadataOf(next);
    meta.finalizers = ((meta.finalizers as string[] | undefined) ?? []).filter((f) => f !== CRD_CLEANUP_FINALIZER);
    delete meta.resourceVersion;
    writeUpdate(this.api, req, current, next, { dryRun: false });
  }
}
