// core/v1 PersistentVolumeClaim: volume mode Filesystem by default, created Pending. Its spec is
// fixed once created, except that a bound claim may grow (resources.requests.storage).
import { PersistentVolumeClaim } from "kubernetes-models/v1/PersistentVolumeClaim";
import { accessModes } from "../../printing/format";
import { deepEqual } from "../../objects";
import type { StatusCause } from "../../status";
import { fieldErr } from "../../validation/field-errors";
import { dns1123Subdomain } from "../../validation/names";
import { canonicalizeResourceList, parseQuantity } from "../../validation/quantity";
import { modelSchema } from "../../validation/schema";
import { ageColumn, ALL_VERBS, at, column, nameColumn, STATUS } from "../define";
import type { JsonObject, ResourceType } from "../types";
import { ACCESS_MODES, storageClassOf, VOLUME_MODES } from "./persistentvolumes";
import { isObject, str } from "../../validation/values";

const specOf = (o: JsonObject): JsonObject => (isObject(o.spec) ? o.spec : {});

const IMMUTABLE_MESSAGE = "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims";

/** ValidatePersistentVolumeClaimSpec, the parts users meet. */
function validateClaimSpec(spec: JsonObject): StatusCause[] {
  const causes: StatusCause[] = [];
  const modes = Array.isArray(spec.accessModes) ? spec.accessModes : [];
  if (modes.length === 0) causes.push(fieldErr.required("spec.accessModes", "at least 1 access mode is required"));
  for (const m of modes) if (!ACCESS_MODES.includes(str(m))) causes.push(fieldErr.notSupported("spec.accessModes", m, ACCESS_MODES));
  if (modes.includes("ReadWriteOncePod") && modes.length > 1) causes.push(fieldErr.forbidden("spec.accessModes", "may not use ReadWriteOncePod with other access modes"));
  const storage = at(spec, "resources.requests.storage");
  if (storage === undefined) causes.push(fieldErr.required("spec.resources[storage]"));
  else if ((parseQuantity(storage) ?? 0) <= 0) causes.push(fieldErr.invalid("spec.resources[storage]", String(storage), "must be greater than zero"));
  if (spec.volumeMode != null && !VOLUME_MODES.includes(str(spec.volumeMode))) causes.push(fieldErr.notSupported("spec.volumeMode", spec.volumeMode, VOLUME_MODES));
  const className = str(spec.storageClassName);
  if (className) causes.push(...dns1123Subdomain(className).map((m) => fieldErr.invalid("spec.storageClassName", className, m)));
  return causes;
}

/** ValidatePersistentVolumeClaimUpdate */
function validateClaimUpdate(obj: JsonObject, old: JsonObject): StatusCause[] {
  const [spec, oldSpec] = [structuredClone(specOf(obj)), structuredClone(specOf(old))];
  const bound = at(obj, "status.phase") === "Bound";
  // The PV controller sets volumeName once.
  if (!str(oldSpec.volumeName)) oldSpec.volumeName = spec.volumeName;
  if (bound) {
    const requests = at(spec, "resources.requests");
    if (isObject(requests)) requests.storage = at(oldSpec, "resources.requests.storage");
    if (spec.volumeAttributesClassName != null) spec.volumeAttributesClassName = oldSpec.volumeAttributesClassName;
  }
  const causes: StatusCause[] = [];
  if (!deepEqual(JSON.parse(JSON.stringify(spec)), JSON.parse(JSON.stringify(oldSpec)))) causes.push(fieldErr.forbidden("spec", IMMUTABLE_MESSAGE));
  // RecoverVolumeExpansionFailure (beta, on): a claim may shrink back, but not below what it has.
  const newSize = parseQuantity(at(obj, "spec.resources.requests.storage")) ?? 0;
  const oldSize = parseQuantity(at(old, "spec.resources.requests.storage")) ?? 0;
  const capacity = parseQuantity(at(old, "status.capacity.storage")) ?? 0;
  if (newSize < oldSize && newSize < capacity) {
    causes.push(fieldErr.forbidden("spec.resources.requests.storage", "field can not be less than status.capacity"));
  }
  return causes;
}

export const persistentvolumeclaims: ResourceType = {
  group: "",
  version: "v1",
  kind: "PersistentVolumeClaim",
  listKind: "PersistentVolumeClaimList",
  plural: "persistentvolumeclaims",
  singular: "persistentvolumeclaim",
  shortNames: ["pvc"],
  categories: [],
  namespaced: true,
  verbs: ALL_VERBS,
  subresources: [STATUS],
  columns: [
    nameColumn,
    column("Status", (o) => (at(o, "metadata.deletionTimestamp") ? "Terminating" : str(at(o, "status.phase"))), {
      description: "phase represents the current phase of PersistentVolumeClaim.",
    }),
    column("Volume", (o) => str(at(o, "spec.volumeName")), { description: "volumeName is the binding reference to the PersistentVolume backing this claim." }),
    // Capacity and access modes are the bound volume's, so blank until bound.
    column("Capacity", (o) => (str(at(o, "spec.volumeName")) ? str(at(o, "status.capacity.storage")) || "0" : ""), {
      description: "capacity represents the actual resources of the underlying volume.",
    }),
    column("Access Modes", (o) => (str(at(o, "spec.volumeName")) ? accessModes(at(o, "status.accessModes")) : ""), {
      description: "accessModes contains the actual access modes the volume backing the PVC has.",
    }),
    column("StorageClass", storageClassOf, { description: "StorageClass of the pvc" }),
    column("VolumeAttributesClass", (o) => str(at(o, "spec.volumeAttributesClassName")) || "<unset>", { description: "VolumeAttributesClass of the pvc" }),
    ageColumn,
    column("VolumeMode", (o) => str(at(o, "spec.volumeMode")) || "<unset>", { priority: 1, description: "volumeMode defines what type of volume is required by the claim." }),
  ],
  // A legacy field label kube still accepts.
  selectableFields: { name: (o) => str(at(o, "metadata.name")) },
  prepareForCreate(obj) {
    obj.status = {};
  },
  defaults(obj) {
    const spec = isObject(obj.spec) ? obj.spec : (obj.spec = {});
    if (spec.volumeMode == null) spec.volumeMode = "Filesystem";
    if (isObject(spec.resources)) {
      canonicalizeResourceList(spec.resources.limits);
      canonicalizeResourceList(spec.resources.requests);
    }
    // NormalizeDataSources: dataSource and dataSourceRef name the same thing.
    if (isObject(spec.dataSource) && spec.dataSourceRef == null) spec.dataSourceRef = { ...spec.dataSource };
    else if (isObject(spec.dataSourceRef) && spec.dataSource == null && spec.dataSourceRef.namespace == null) spec.dataSource = { ...spec.dataSourceRef };
    const status = isObject(obj.status) ? obj.status : (obj.status = {});
    if (!status.phase) status.phase = "Pending";
    canonicalizeResourceList(status.capacity);
  },
  validate(obj, old) {
    return [...validateClaimSpec(specOf(obj)), ...(old ? validateClaimUpdate(obj, old) : [])];
  },
  schema: modelSchema(PersistentVolumeClaim),
  openapiName: "io.k8s.api.core.v1.PersistentVolumeClaim",
  statusOwnedByServer: true,
  returnDeletedObject: true,
};
