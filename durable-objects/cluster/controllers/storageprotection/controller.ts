// kube-controller-manager's PVC and PV protection controllers: a claim being deleted keeps its
// `kubernetes.io/pvc-protection` finalizer while a pod that is not finished uses it (a volume naming
// the claim, or the pod's own ephemeral volume claim `<pod>-<volume>`), and a volume being deleted keeps
// `kubernetes.io/pv-protection` while it is Bound. When that no longer holds, the finalizer goes and
// the deletion completes. Driven by informer events: nothing runs while nothing changes.
import type { ApiContext } from "../../apiserver/context";
import { PV_PROTECTION, PVC_PROTECTION } from "../../apiserver/admission/storage-protection";
import { metadataOf } from "../../apiserver/objects";
import type { JsonObject, ResourceType } from "../../apiserver/registry/types";
import { mapOf, objects, str } from "../../apiserver/validation/values";
import type { Timers } from "../../timers/timers";
import { Client, isRetriable } from "../runtime/client";
import { keyOf, type Informer, type InformerFactory } from "../runtime/informer";
import { WorkQueue } from "../runtime/workqueue";

const finalizersOf = (o: JsonObject) => (metadataOf(o).finalizers as string[] | undefined) ?? [];
const deleting = (o: JsonObject) => Boolean(metadataOf(o).deletionTimestamp);

/** The claims a pod uses (its claim volumes and its generic ephemeral volumes' claims). */
export function claimsOf(pod: JsonObject): string[] {
  const name = str(metadataOf(pod).name);
  return objects(mapOf(pod.spec).volumes).flatMap((v) => {
    const claim = str(mapOf(v.persistentVolumeClaim).claimName);
    if (claim) return [claim];
    return v.ephemeral !== undefined ? [`${name}-${str(v.name)}`] : [];
  });
}

const finished = (pod: JsonObject) => ["Succeeded", "Failed"].includes(str(mapOf(pod.status).phase));

export class StorageProtectionController {
  private readonly pvcRt: ResourceType;
  private readonly pvRt: ResourceType;
  private readonly pods: Informer;
  private readonly claims: Informer;
  private readonly volumes: Informer;
  private readonly claimQueue: WorkQueue;
  private readonly volumeQueue: WorkQueue;
  private readonly client: Client;

  constructor(api: ApiContext, timers: Timers, informers: InformerFactory) {
    this.pvcRt = api.registry.resource("", "v1", "persistentvolumeclaims")!;
    this.pvRt = api.registry.resource("", "v1", "persistentvolumes")!;
    this.pods = informers.for(api.registry.resource("", "v1", "pods")!);
    this.claims = informers.for(this.pvcRt);
    this.volumes = informers.for(this.pvRt);
    this.client = new Client(api, "kube-controller-manager");
    this.claimQueue = new WorkQueue(timers, api.clock, "pvc-protection", (key) => this.syncClaim(key), { retryOnError: isRetriable });
    this.volumeQueue = new WorkQueue(timers, api.clock, "pv-protection", (name) => this.syncVolume(name), { retryOnError: isRetriable });
    const claimChanged = (pvc: JsonObject) => {
      if (deleting(pvc) && finalizersOf(pvc).includes(PVC_PROTECTION)) this.claimQueue.add(keyOf(pvc));
    };
    this.claims.on({ add: claimChanged, update: claimChanged });
    // A pod that finishes or goes may free the claims it used.
    const podChanged = (pod: JsonObject) => {
      const ns = str(metadataOf(pod).namespace);
      for (const claim of claimsOf(pod)) {
        const pvc = this.claims.get(`${ns}/${claim}`);
        if (pvc) claimChanged(pvc);
      }
    };
    this.pods.on({ update: podChanged, delete: podChanged });
    const volumeChanged = (pv: JsonObject) => {
      if (deleting(pv) && finalizersOf(pv).includes(PV_PROTECTION)) this.volumeQueue.add(str(metadataOf(pv).name));
    };
    this.volumes.on({ add: volumeChanged, update: volumeChanged });
  }

  resync(): void {
    for (const pvc of this.claims.list()) if (deleting(pvc) && finalizersOf(pvc).includes(PVC_PROTECTION)) this.claimQueue.add(keyOf(pvc));
    for (const pv of this.volumes.list()) if (deleting(pv) && finalizersOf(pv).includes(PV_PROTECTION)) this.volumeQueue.add(str(metadataOf(pv).name));
  }

  private syncClaim(key: string): void {
    const pvc = this.claims.get(key);
    if (!pvc || !deleting(pvc) || !finalizersOf(pvc).includes(PVC_PROTECTION)) return;
    const [ns, name] = [str(metadataOf(pvc).namespace), str(metadataOf(pvc).name)];
    const inUse = this.pods.list(ns).some((pod) => !finished(pod) && claimsOf(pod).includes(name));
    if (inUse) return;
    this.client.modify(this.pvcRt, ns, name, (o) => (metadataOf(o).finalizers = finalizersOf(o).filter((f) => f !== PVC_PROTECTION)));
  }

  private syncVolume(name: string): void {
    const pv = this.volumes.get(name);
    if (!pv || !deleting(pv) || !finalizersOf(pv).includes(PV_PROTECTION)) return;
    if (str(mapOf(pv.status).phase) === "Bound") return;
    this.client.modify(this.pvRt, undefined, name, (o) => (metadataOf(o).finalizers = finalizersOf(o).filter((f) => f !== PV_PROTECTION)));
  }
}
