// DefaultStorageClass (kube's storage/storageclass/setdefault plugin): a PersistentVolumeClaim created
// without spec.storageClassName (unset, not ""; and without the beta class annotation) gets the
// default StorageClass: the one annotated is-default-class "true", the newest if several, then by name.
import { storagePrefix } from "../registry";
import type { JsonObject } from "../registry/types";
import { isDefaultClass } from "../registry/storage/storageclasses";
import { mapOf, str, strMap } from "../validation/values";
import { isResource, type AdmissionPlugin } from "./chain";
import { listCached } from "./listers";

const BETA_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class";

export function defaultStorageClassName(classes: readonly JsonObject[]): string | undefined {
  const created = (c: JsonObject) => Date.parse(str(mapOf(c.metadata).creationTimestamp)) || 0;
  const name = (c: JsonObject) => str(mapOf(c.metadata).name);
  const defaults = classes.filter(isDefaultClass).sort((a, b) => created(b) - created(a) || (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));
  return defaults[0] ? name(defaults[0]) : undefined;
}

export const defaultStorageClassPlugin: AdmissionPlugin = {
  name: "DefaultStorageClass",
  admit(req) {
    if (req.operation !== "CREATE" || !isResource(req, "", "persistentvolumeclaims")) return;
    const spec = mapOf(req.obj.spec);
    if (spec.storageClassName !== undefined && spec.storageClassName !== null) return;
    if (BETA_CLASS_ANNOTATION in strMap(mapOf(req.obj.metadata).annotations)) return;
    const rt = req.ctx.registry.resource("storage.k8s.io", "v1", "storageclasses")!;
    const name = defaultStorageClassName(listCached(req.ctx.store, storagePrefix(rt)));
    if (name === undefined) return;
    spec.storageClassName = name;
    req.obj.spec = spec;
  },
};
