// core/v1 PersistentVolume (cluster-scoped): reclaim policy Retain and volume mode Filesystem by
// default, created Pending; its volume source never changes after creation.
import { PersistentVolume } from "kubernetes-models/v1/PersistentVolume";
import { accessModes } from "../../printing/format";
import { deepEqual } from "../../objects";
import type { StatusCause } from "../../status";
import { fieldErr } from "../../validation/field-errors";
import { canonicalizeResourceList, parseQuantity } from "../../validation/quantity";
import { modelSchema } from "../../validation/schema";
import { ageColumn, ALL_VERBS, at, column, nameColumn, STATUS } from "../define";
import type { JsonObject, ResourceType } from "../types";
import { defaultVolumeSource } from "./pod-spec-defaults";
import { isObject, str } from "../../validation/values";

export const ACCESS_MODES = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"];
export const VOLUME_MODES = ["Block", "Filesystem"];
const RECLAIM_POLICIES = ["Delete", "Recycle", "Retain"];
/** The fields of PersistentVolumeSource: a PV names exactly one. */
const PV_SOURCES = [
  "gcePersistentDisk", "awsElasticBlockStore", "hostPath", "glusterfs", "nfs", "rbd", "iscsi", "cinder", "cephfs", "fc", "flocker",
  "flexVolume", "azureFile", "vsphereVolume", "quobyte", "azureDisk", "photonPersistentDisk", "portworxVolume", "scaleIO", "local",
  "storageos", "csi",
];

/** The storage class: the beta annotation wins over spec.storageClassName, as kube's helpers read it. */
export function storageClassOf(obj: JsonObject): string {
  const annotations = at(obj, "metadata.annotations");
  const beta = isObject(annotations) ? annotations["volume.beta.kubernetes.io/storage-class"] : undefined;
  return typeof beta === "string" ? beta : str(at(obj, "spec.storageClassName"));
}

const specOf = (o: JsonObject): JsonObject => (isObject(o.spec) ? o.spec : {});
const sourceOf = (spec: JsonObject): JsonObject => Object.fromEntries(PV_SOURCES.filter((s) => spec[s] != null).map((s) => [s, spec[s]]));

function validateAccessModes(modes: unknown, path: string): StatusCause[] {
  const list = Array.isArray(modes) ? modes : [];
  const causes = list.filter((m) => !ACCESS_MODES.includes(str(m))).map((m) => fieldErr.notSupported(path, m, ACCESS_MODES));
  if (list.includes("ReadWriteOncePod") && list.length > 1) causes.push(fieldErr.forbidden(path, "may not use ReadWriteOncePod with other access modes"));
  return causes;
}

function validatePV(obj: JsonObject, old?: JsonObject): StatusCause[] {
  const spec = specOf(obj);
  const causes: StatusCause[] = [];
  const capacity = isObject(spec.capacity) ? spec.capacity : {};
  if (Object.keys(capacity).length === 0) causes.push(fieldErr.required("spec.capacity"));
  for (const [k, v] of Object.entries(capacity)) {
    if (k !== "storage") causes.push(fieldErr.notSupported("spec.capacity", k, ["storage"]));
    else if ((parseQuantity(v) ?? 0) <= 0) causes.push(fieldErr.invalid("spec.capacity[storage]", String(v), "must be greater than zero"));
  }
  if (!Array.isArray(spec.accessModes) || spec.accessModes.length === 0) causes.push(fieldErr.required("spec.accessModes"));
  causes.push(...validateAccessModes(spec.accessModes, "spec.accessModes"));
  if (!RECLAIM_POLICIES.includes(str(spec.persistentVolumeReclaimPolicy))) {
    causes.push(fieldErr.notSupported("spec.persistentVolumeReclaimPolicy", spec.persistentVolumeReclaimPolicy, RECLAIM_POLICIES));
  }
  if (spec.volumeMode != null && !VOLUME_MODES.includes(str(spec.volumeMode))) causes.push(fieldErr.notSupported("spec.volumeMode", spec.volumeMode, VOLUME_MODES));
  const sources = Object.keys(sourceOf(spec));
  if (sources.length === 0) causes.push(fieldErr.required("spec", "must specify a volume type"));
  for (const extra of sources.slice(1)) causes.push(fieldErr.forbidden(`spec.${extra}`, "may not specify more than 1 volume type"));
  if (isObject(spec.hostPath) && !str(spec.hostPath.path)) causes.push(fieldErr.required("spec.hostPath.path"));
  if (isObject(spec.local)) {
    if (!str(spec.local.path)) causes.push(fieldErr.required("spec.local.path"));
    if (!isObject(spec.nodeAffinity)) causes.push(fieldErr.required("spec.nodeAffinity", "Local volume requires node affinity"));
  }
  if (old) {
    const oldSpec = specOf(old);
    if (!deepEqual(sourceOf(spec), sourceOf(oldSpec))) {
      causes.push(fieldErr.forbidden("spec.persistentvolumesource", `spec.persistentvolumesource is immutable after creation\n${JSON.stringify(sourceOf(spec))}`));
    }
    // kube names this field "volumeMode", without "spec.".
    if (spec.volumeMode !== oldSpec.volumeMode) causes.push(fieldErr.invalid("volumeMode", spec.volumeMode, "field is immutable"));
    if (isObject(oldSpec.nodeAffinity) && !deepEqual(spec.nodeAffinity, oldSpec.nodeAffinity)) {
      causes.push(fieldErr.invalid("spec.nodeAffinity", spec.nodeAffinity, "field is immutable"));
    }
  }
  return causes;
}

export const persistentvolumes: ResourceType = {
  group: "",
  version: "v1",
  kind: "PersistentVolume",
  listKind: "PersistentVolumeList",
  plural: "persistentvolumes",
  singular: "persistentvolume",
  shortNames: ["pv"],
  categories: [],
  namespaced: false,
  verbs: ALL_VERBS,
  subresources: [STATUS],
  columns: [
    nameColumn,
    column("Capacity", (o) => str(at(o, "spec.capacity.storage")) || "0", { description: "capacity is the description of the persistent volume's resources and capacity." }),
    column("Access Modes", (o) => accessModes(at(o, "spec.accessModes")), { description: "accessModes contains all ways the volume can be mounted." }),
    column("Reclaim Policy", (o) => str(at(o, "spec.persistentVolumeReclaimPolicy")), {
      description: "persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim.",
    }),
    column("Status", (o) => (at(o, "metadata.deletionTimestamp") ? "Terminating" : str(at(o, "status.phase"))), {
      description: "phase indicates if a volume is available, bound to a claim, or released by a claim.",
    }),
    column("Claim", (o) => (isObject(at(o, "spec.claimRef")) ? `${str(at(o, "spec.claimRef.namespace"))}/${str(at(o, "spec.claimRef.name"))}` : ""), {
      description: "claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim.",
    }),
    column("StorageClass", storageClassOf, { description: "StorageClass of the pv" }),
    column("VolumeAttributesClass", (o) => str(at(o, "spec.volumeAttributesClassName")) || "<unset>", { description: "VolumeAttributesClass of the pv" }),
    column("Reason", (o) => str(at(o, "status.reason")), { description: "reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI." }),
    ageColumn,
    column("VolumeMode", (o) => str(at(o, "spec.volumeMode")) || "<unset>", { priority: 1, description: "volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state." }),
  ],
  // A legacy field label kube still accepts.
  selectableFields: { name: (o) => str(at(o, "metadata.name")) },
  prepareForCreate(obj) {
    // PersistentVolumeLastPhaseTransitionTime (GA in 1.31): stamped with the creation time.
    obj.status = { phase: "Pending", lastPhaseTransitionTime: at(obj, "metadata.creationTimestamp") ?? null };
  },
  defaults(obj) {
    const spec = isObject(obj.spec) ? obj.spec : (obj.spec = {});
    if (!spec.persistentVolumeReclaimPolicy) spec.persistentVolumeReclaimPolicy = "Retain";
    if (spec.volumeMode == null) spec.volumeMode = "Filesystem";
    canonicalizeResourceList(spec.capacity);
    defaultVolumeSource(spec);
    const status = isObject(obj.status) ? obj.status : (obj.status = {});
    if (!status.phase) status.phase = "Pending";
  },
  validate: validatePV,
  schema: modelSchema(PersistentVolume),
  openapiName: "io.k8s.api.core.v1.PersistentVolume",
  statusOwnedByServer: true,
  returnDeletedObject: true,
};
