// kube-controller-manager's PersistentVolume controller, with kind's provisioner (rancher.io/local-path)
// as the one provisioner that runs:
// - a claim binds to the smallest Available volume of its class that is big enough, has its access
//   modes and volume mode and matches its selector (or the one its volumeName names): claimRef on the
//   volume, volumeName on the claim, both Bound;
// - a claim of a WaitForFirstConsumer class waits ("waiting for first consumer to be created before
//   binding") until the scheduler names the node of its first pod (volume.kubernetes.io/selected-node);
// - with no volume to bind, a class whose provisioner is local-path gets one: `pvc-<claim uid>`, a
//   hostPath under /var/local-path-provisioner on that node with the node affinity local-path gives it
//   (an Immediate claim gets the first Ready worker), the claim's size, the class's reclaim policy;
//   other provisioners are waited for, as kube waits for an external one;
// - a volume whose claim is gone is Released, then deleted (Delete) or kept (Retain);
// - a new volume without a claim is Available.
// Everything is driven by informer events; nothing runs while nothing changes.
import type { ApiContext } from "../../apiserver/context";
import { metadataOf } from "../../apiserver/objects";
import type { JsonObject, ResourceType } from "../../apiserver/registry/types";
import { ApiError } from "../../apiserver/status";
import { selectorMatches } from "../../apiserver/validation/label-selector";
import { compareQuantities } from "../../apiserver/validation/quantity";
import { mapOf, objects, str, strMap } from "../../apiserver/validation/values";
import type { Timers } from "../../timers/timers";
import { Client, isRetriable } from "../runtime/client";
import { EventRecorder } from "../runtime/events";
import { keyOf, type Informer, type InformerFactory } from "../runtime/informer";
import { WorkQueue } from "../runtime/workqueue";

export const LOCAL_PATH_PROVISIONER = "rancher.io/local-path";
export const SELECTED_NODE = "volume.kubernetes.io/selected-node";
const SOURCE = { component: "persistentvolume-controller" };
const PROVISIONER_SOURCE = { component: `${LOCAL_PATH_PROVISIONER}_local-path-provisioner` };

const spec = (o: JsonObject) => mapOf(o.spec);
const phaseOf = (o: JsonObject) => str(mapOf(o.status).phase);
const requestOf = (pvc: JsonObject) => mapOf(mapOf(spec(pvc).resources).requests).storage;
const classOf = (o: JsonObject) => str(spec(o).storageClassName);
const modeOf = (o: JsonObject) => str(spec(o).volumeMode) || "Filesystem";

export class PersistentVolumeController {
  private readonly pvcRt: ResourceType;
  private readonly pvRt: ResourceType;
  private readonly claims: Informer;
  private readonly volumes: Informer;
  private readonly classes: Informer;
  private readonly nodes: Informer;
  private readonly claimQueue: WorkQueue;
  private readonly volumeQueue: WorkQueue;
  private readonly client: Client;
  private readonly events: EventRecorder;

  constructor(
    private readonly api: ApiContext,
    timers: Timers,
    informers: InformerFactory,
  ) {
    this.pvcRt = api.registry.resource("", "v1", "persistentvolumeclaims")!;
    this.pvRt = api.registry.resource("", "v1", "persistentvolumes")!;
    this.claims = informers.for(this.pvcRt);
    this.volumes = informers.for(this.pvRt);
    this.classes = informers.for(api.registry.resource("storage.k8s.io", "v1", "storageclasses")!);
    this.nodes = informers.for(api.registry.resource("", "v1", "nodes")!);
    this.client = new Client(api, "persistentvolume-controller");
    this.events = new EventRecorder(api, api.registry.resource("", "v1", "events")!);
    this.claimQueue = new WorkQueue(timers, api.clock, "pv-claim", (key) => this.syncClaim(key), { retryOnError: isRetriable });
    this.volumeQueue = new WorkQueue(timers, api.clock, "pv-volume", (name) => this.syncVolume(name), { retryOnError: isRetriable });
    const claimChanged = (pvc: JsonObject) => this.claimQueue.add(keyOf(pvc));
    this.claims.on({
      add: claimChanged,
      update: claimChanged,
      delete: (pvc) => {
        const bound = str(spec(pvc).volumeName);
        if (bound) this.volumeQueue.add(bound);
      },
    });
    const volumeChanged = (pv: JsonObject) => {
      this.volumeQueue.add(str(metadataOf(pv).name));
      // A volume that becomes available may be what a waiting claim needs.
      if (phaseOf(pv) === "Available") for (const pvc of this.claims.list()) if (!phaseOf(pvc) || phaseOf(pvc) === "Pending") this.claimQueue.add(keyOf(pvc));
    };
    this.volumes.on({ add: volumeChanged, update: volumeChanged });
    // A class created after its claims (one `kubectl apply` of both, the claim first): they are
    // looked at again, where kube's periodic resync would find them.
    this.classes.on({
      add: (sc) => {
        for (const pvc of this.claims.list()) if ((!phaseOf(pvc) || phaseOf(pvc) === "Pending") && str(spec(pvc).storageClassName) === str(metadataOf(sc).name)) this.claimQueue.add(keyOf(pvc));
      },
    });
  }

  resync(): void {
    for (const pvc of this.claims.list()) if (phaseOf(pvc) !== "Bound") this.claimQueue.add(keyOf(pvc));
    for (const pv of this.volumes.list()) if (phaseOf(pv) !== "Bound" || !this.claimOf(pv)) this.volumeQueue.add(str(metadataOf(pv).name));
  }

  private claimOf(pv: JsonObject): JsonObject | undefined {
    const ref = mapOf(spec(pv).claimRef);
    const pvc = this.claims.get(`${str(ref.namespace)}/${str(ref.name)}`);
    return pvc && (!str(ref.uid) || str(ref.uid) === str(metadataOf(pvc).uid)) ? pvc : undefined;
  }

  private syncClaim(key: string): void {
    const pvc = this.claims.get(key);
    if (!pvc || metadataOf(pvc).deletionTimestamp) return;
    const named = str(spec(pvc).volumeName);
    if (named) {
      const pv = this.volumes.get(named);
      if (pv && (!spec(pv).claimRef || this.claimOf(pv) === pvc)) {
        this.bind(pvc, pv);
        if (phaseOf(pvc) === "Bound") this.expand(pvc, pv);
      }
      return;
    }
    // A volume made for (or pre-bound to) this claim.
    const prebound = this.volumes.list().find((pv) => this.claimOf(pv) === pvc);
    if (prebound) {
      this.bind(pvc, prebound);
      return;
    }
    // Until it binds, the claim is Pending (the controller writes the phase, as kube's does).
    if (phaseOf(pvc) !== "Pending") this.client.modify(this.pvcRt, str(metadataOf(pvc).namespace), str(metadataOf(pvc).name), (o) => (o.status = { ...mapOf(o.status), phase: "Pending" }), "status");
    const className = classOf(pvc);
    const sc = className ? this.classes.get(className) : undefined;
    const annotations = strMap(metadataOf(pvc).annotations);
    if (sc?.volumeBindingMode === "WaitForFirstConsumer" && !annotations[SELECTED_NODE]) {
      this.event(pvc, "Normal", "WaitForFirstConsumer", "waiting for first consumer to be created before binding");
      return;
    }
    // A static volume of the claim's class binds whether or not the class exists as an object.
    const match = this.findVolume(pvc);
    if (match) {
      this.bind(pvc, match);
      return;
    }
    if (!className) {
      this.event(pvc, "Normal", "FailedBinding", "no persistent volumes available for this claim and no storage class is set");
      return;
    }
    if (!sc) {
      this.event(pvc, "Warning", "ProvisioningFailed", `storageclass.storage.k8s.io "${className}" not found`);
      return;
    }
    const provisioner = str(sc.provisioner);
    if (annotations["volume.kubernetes.io/storage-provisioner"] !== provisioner) {
      this.client.modify(this.pvcRt, str(metadataOf(pvc).namespace), str(metadataOf(pvc).name), (o) => {
        metadataOf(o).annotations = { ...strMap(metadataOf(o).annotations), "volume.beta.kubernetes.io/storage-provisioner": provisioner, "volume.kubernetes.io/storage-provisioner": provisioner };
      });
    }
    this.event(
      pvc,
      "Normal",
      "ExternalProvisioning",
      `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`,
    );
    if (provisioner === LOCAL_PATH_PROVISIONER) this.provision(pvc, sc, annotations[SELECTED_NODE] ?? this.firstWorker());
  }

  /** The smallest Available volume that satisfies the claim. */
  private findVolume(pvc: JsonObject): JsonObject | undefined {
    const wanted = requestOf(pvc) ?? "0";
    const modes = (spec(pvc).accessModes as string[] | undefined) ?? [];
    const selector = spec(pvc).selector;
    return this.volumes
      .list()
      .filter((pv) => !spec(pv).claimRef && !metadataOf(pv).deletionTimestamp && phaseOf(pv) !== "Released" && phaseOf(pv) !== "Failed")
      .filter((pv) => classOf(pv) === classOf(pvc) && modeOf(pv) === modeOf(pvc))
      .filter((pv) => compareQuantities(mapOf(spec(pv).capacity).storage ?? "0", wanted) >= 0)
      .filter((pv) => modes.every((m) => ((spec(pv).accessModes as string[] | undefined) ?? []).includes(m)))
      .filter((pv) => selector === undefined || selectorMatches(selector, metadataOf(pv).labels) === true)
      .sort((a, b) => compareQuantities(mapOf(spec(a).capacity).storage, mapOf(spec(b).capacity).storage))[0];
  }

  /** Both halves of a binding: the volume's claimRef and Bound, then the claim's volumeName and Bound. */
  private bind(pvc: JsonObject, pv: JsonObject): void {
    const [ns, name, pvName] = [str(metadataOf(pvc).namespace), str(metadataOf(pvc).name), str(metadataOf(pv).name)];
    if (!spec(pv).claimRef) {
      const updated = this.client.modify(this.pvRt, undefined, pvName, (o) => {
        spec(o).claimRef = { kind: "PersistentVolumeClaim", namespace: ns, name, uid: metadataOf(pvc).uid, apiVersion: "v1", resourceVersion: metadataOf(pvc).resourceVersion };
        metadataOf(o).annotations = { ...strMap(metadataOf(o).annotations), "pv.kubernetes.io/bound-by-controller": "yes" };
      });
      if (!updated) return;
    }
    if (phaseOf(pv) !== "Bound") this.client.modify(this.pvRt, undefined, pvName, (o) => (o.status = { ...mapOf(o.status), phase: "Bound" }), "status");
    if (str(spec(pvc).volumeName) !== pvName || strMap(metadataOf(pvc).annotations)["pv.kubernetes.io/bind-completed"] !== "yes") {
      this.client.modify(this.pvcRt, ns, name, (o) => {
        spec(o).volumeName = pvName;
        metadataOf(o).annotations = { ...strMap(metadataOf(o).annotations), "pv.kubernetes.io/bind-completed": "yes", "pv.kubernetes.io/bound-by-controller": "yes" };
      });
    }
    const status = mapOf(pvc.status);
    if (phaseOf(pvc) !== "Bound" || JSON.stringify(status.capacity) !== JSON.stringify(spec(pv).capacity)) {
      this.client.modify(
        this.pvcRt,
        ns,
        name,
        (o) => (o.status = { ...mapOf(o.status), phase: "Bound", accessModes: spec(pv).accessModes, capacity: spec(pv).capacity }),
        "status",
      );
    }
  }

  /**
   * Volume expansion, as the external resizer and the kubelet's online file-system resize do it
   * together: a bound claim that asks for more than its volume holds gets a bigger volume, and its
   * status.capacity follows (ExternalExpanding, Resizing, VolumeResizeSuccessful events).
   */
  private expand(pvc: JsonObject, pv: JsonObject): void {
    const wanted = requestOf(pvc);
    if (wanted === undefined || compareQuantities(wanted, mapOf(spec(pv).capacity).storage ?? "0") <= 0) return;
    const [ns, name, pvName] = [str(metadataOf(pvc).namespace), str(metadataOf(pvc).name), str(metadataOf(pv).name)];
    this.event(pvc, "Normal", "ExternalExpanding", "waiting for an external controller to expand this PVC");
    this.event(pvc, "Normal", "Resizing", `External resizer is resizing volume ${pvName}`, { component: "external-resizer rancher.io/local-path" });
    this.client.modify(this.pvRt, undefined, pvName, (o) => (spec(o).capacity = { ...mapOf(spec(o).capacity), storage: wanted }));
    this.client.modify(
      this.pvcRt,
      ns,
      name,
      (o) => (o.status = { ...mapOf(o.status), capacity: { ...mapOf(mapOf(o.status).capacity), storage: wanted }, allocatedResources: { storage: wanted } }),
      "status",
    );
    this.event(pvc, "Normal", "VolumeResizeSuccessful", `MountVolume.NodeExpandVolume succeeded for volume "${pvName}"`, { component: "kubelet" });
  }

  /** local-path-provisioner's volume for the claim, on `node`. */
  private provision(pvc: JsonObject, sc: JsonObject, node: string | undefined): void {
    const [ns, name, uid] = [str(metadataOf(pvc).namespace), str(metadataOf(pvc).name), str(metadataOf(pvc).uid)];
    if (!node) return;
    const pvName = `pvc-${uid}`;
    this.event(pvc, "Normal", "Provisioning", `External provisioner is provisioning volume for claim "${ns}/${name}"`, PROVISIONER_SOURCE);
    try {
      this.client.create(this.pvRt, undefined, {
        apiVersion: "v1",
        kind: "PersistentVolume",
        metadata: { name: pvName, annotations: { "local.path.provisioner/selected-node": node, "pv.kubernetes.io/provisioned-by": LOCAL_PATH_PROVISIONER } },
        spec: {
          accessModes: spec(pvc).accessModes,
          capacity: { storage: requestOf(pvc) ?? "0" },
          claimRef: { apiVersion: "v1", kind: "PersistentVolumeClaim", name, namespace: ns, resourceVersion: metadataOf(pvc).resourceVersion, uid },
          hostPath: { path: `/var/local-path-provisioner/${pvName}_${ns}_${name}`, type: "DirectoryOrCreate" },
          nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: [node] }] }] } },
          persistentVolumeReclaimPolicy: str(sc.reclaimPolicy) || "Delete",
          storageClassName: str(metadataOf(sc).name),
          volumeMode: modeOf(pvc),
        },
      });
    } catch (err) {
      if (err instanceof ApiError && err.code === 409) return;
      throw err;
    }
    this.event(pvc, "Normal", "ProvisioningSucceeded", `Successfully provisioned volume ${pvName}`, PROVISIONER_SOURCE);
  }

  /** Where an Immediate local-path volume goes: the first Ready, schedulable node without a NoSchedule taint. */
  private firstWorker(): string | undefined {
    const ready = this.nodes
      .list()
      .filter((n) => objects(mapOf(n.status).conditions).some((c) => c.type === "Ready" && c.status === "True"))
      .filter((n) => !spec(n).unschedulable && !objects(spec(n).taints).some((t) => t.effect === "NoSchedule"))
      .map((n) => str(metadataOf(n).name))
      .sort();
    return ready[0];
  }

  private syncVolume(name: string): void {
    const pv = this.volumes.get(name);
    if (!pv || metadataOf(pv).deletionTimestamp) return;
    const ref = mapOf(spec(pv).claimRef);
    if (!spec(pv).claimRef) {
      if (phaseOf(pv) !== "Available") this.client.modify(this.pvRt, undefined, name, (o) => (o.status = { ...mapOf(o.status), phase: "Available" }), "status");
      return;
    }
    const claim = this.claims.get(`${str(ref.namespace)}/${str(ref.name)}`);
    if (claim && (!str(ref.uid) || str(ref.uid) === str(metadataOf(claim).uid))) {
      if (phaseOf(claim) !== "Bound") this.claimQueue.add(keyOf(claim));
      return;
    }
    // Its claim is gone: Released, then reclaimed.
    if (phaseOf(pv) !== "Released") {
      this.client.modify(this.pvRt, undefined, name, (o) => (o.status = { ...mapOf(o.status), phase: "Released" }), "status");
      return;
    }
    if (str(spec(pv).persistentVolumeReclaimPolicy) === "Delete") {
      try {
        this.client.delete(this.pvRt, undefined, name);
      } catch (err) {
        if (!(err instanceof ApiError && err.code === 404)) throw err;
      }
    }
  }

  private event(pvc: JsonObject, type: "Normal" | "Warning", reason: string, message: string, source = SOURCE): void {
    this.events.record(source, { rt: this.pvcRt, obj: pvc }, type, reason, message);
  }
}
