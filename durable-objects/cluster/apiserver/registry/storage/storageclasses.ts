// storage.k8s.io/v1 StorageClass (cluster-scoped, no spec): defaults (Delete, Immediate),
// ValidateStorageClass / ValidateStorageClassUpdate and printStorageClass ("(default)" suffix).
import { StorageClass } from "kubernetes-models/storage.k8s.io/v1/StorageClass";
import type { StatusCause } from "../../status";
import { fieldErr } from "../../validation/field-errors";
import { qualifiedName } from "../../validation/names";
import { modelSchema } from "../../validation/schema";
import { isObject, semanticEqual, str, strMap } from "../../validation/values";
import { ageColumn, at, column, defineResource, nameColumn } from "../define";
import type { JsonObject } from "../types";

const RECLAIM_POLICIES = ["Delete", "Retain"];
const BINDING_MODES = ["Immediate", "WaitForFirstConsumer"];
const MAX_PARAMETERS = 512;
const MAX_PARAMETERS_SIZE = 256 * 1024;
export const DEFAULT_CLASS_ANNOTATIONS = ["storageclass.kubernetes.io/is-default-class", "storageclass.beta.kubernetes.io/is-default-class"];

/** storageutil.IsDefaultAnnotation */
export const isDefaultClass = (o: JsonObject) => DEFAULT_CLASS_ANNOTATIONS.some((a) => strMap(at(o, "metadata.annotations"))[a] === "true");

function validateParameters(params: unknown): StatusCause[] {
  const entries = Object.entries(isObject(params) ? params : {});
  if (entries.length > MAX_PARAMETERS) return [fieldErr.tooLong("parameters", MAX_PARAMETERS)];
  const causes: StatusCause[] = [];
  let size = 0;
  for (const [k, v] of entries) {
    if (k.length < 1) causes.push(fieldErr.invalid("parameters", k, "field can not be empty."));
    size += k.length + str(v).length;
  }
  if (size > MAX_PARAMETERS_SIZE) causes.push(fieldErr.tooLong("parameters", MAX_PARAMETERS_SIZE));
  return causes;
}

export const storageclasses = defineResource({
  group: "storage.k8s.io",
  version: "v1",
  kind: "StorageClass",
  plural: "storageclasses",
  namespaced: false,
  shortNames: ["sc"],
  openapiName: "io.k8s.api.storage.v1.StorageClass",
  schema: modelSchema(StorageClass),
  topLevelFields: ["provisioner", "parameters", "reclaimPolicy", "mountOptions", "allowVolumeExpansion", "volumeBindingMode", "allowedTopologies"],
  columns: [
    { ...nameColumn, cell: (o) => `${str(at(o, "metadata.name"))}${isDefaultClass(o) ? " (default)" : ""}` },
    column("Provisioner", (o) => str(o.provisioner), { description: "provisioner indicates the type of the provisioner." }),
    column("ReclaimPolicy", (o) => str(o.reclaimPolicy) || "Delete", {
      description: "reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class. Defaults to Delete.",
    }),
    column("VolumeBindingMode", (o) => str(o.volumeBindingMode) || "Immediate", {
      description:
        "volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.  When unset, VolumeBindingImmediate is used. This field is only honored by servers that enable the VolumeScheduling feature.",
    }),
    column("AllowVolumeExpansion", (o) => o.allowVolumeExpansion === true, { description: "allowVolumeExpansion shows whether the storage class allow volume expand." }),
    ageColumn,
  ],
  defaults(obj) {
    if (obj.provisioner === undefined) obj.provisioner = "";
    if (obj.reclaimPolicy === undefined || obj.reclaimPolicy === null) obj.reclaimPolicy = "Delete";
    if (obj.volumeBindingMode === undefined || obj.volumeBindingMode === null) obj.volumeBindingMode = "Immediate";
  },
  validate(obj, old) {
    const causes: StatusCause[] = [];
    const provisioner = str(obj.provisioner);
    if (!provisioner) causes.push(fieldErr.required("provisioner"));
    else causes.push(...qualifiedName(provisioner.toLowerCase()).map((m) => fieldErr.invalid("provisioner", provisioner.toLowerCase(), m)));
    causes.push(...validateParameters(obj.parameters));
    if (str(obj.reclaimPolicy) && !RECLAIM_POLICIES.includes(str(obj.reclaimPolicy))) causes.push(fieldErr.notSupported("reclaimPolicy", obj.reclaimPolicy, RECLAIM_POLICIES));
    if (obj.volumeBindingMode === undefined || obj.volumeBindingMode === null) causes.push(fieldErr.required("volumeBindingMode"));
    else if (!BINDING_MODES.includes(str(obj.volumeBindingMode))) causes.push(fieldErr.notSupported("volumeBindingMode", obj.volumeBindingMode, BINDING_MODES));
    if (old) {
      if (!semanticEqual(obj.parameters, old.parameters)) causes.push(fieldErr.forbidden("parameters", "updates to parameters are forbidden."));
      if (obj.provisioner !== old.provisioner) causes.push(fieldErr.forbidden("provisioner", "updates to provisioner are forbidden."));
      if (obj.reclaimPolicy !== old.reclaimPolicy) causes.push(fieldErr.forbidden("reclaimPolicy", "updates to reclaimPolicy are forbidden."));
      if (obj.volumeBindingMode !== old.volumeBindingMode) causes.push(fieldErr.invalid("volumeBindingMode", obj.volumeBindingMode ?? null, "field is immutable"));
    }
    return causes;
  },
});
