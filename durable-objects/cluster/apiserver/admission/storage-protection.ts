// StorageObjectInUseProtection (kube's storage/storageobjectinuseprotection plugin): every
// PersistentVolumeClaim is created with the `kubernetes.io/pvc-protection` finalizer and every
// PersistentVolume with `kubernetes.io/pv-protection`, so that deleting one in use leaves it
// Terminating until the protection controllers (controllers/storageprotection) see it is free.
import { mapOf } from "../validation/values";
import { isResource, type AdmissionPlugin } from "./chain";

export const PVC_PROTECTION = "kubernetes.io/pvc-protection";
export const PV_PROTECTION = "kubernetes.io/pv-protection";

export const storageProtectionPlugin: AdmissionPlugin = {
  name: "StorageObjectInUseProtection",
  admit(req) {
    if (req.operation !== "CREATE") return;
    const finalizer = isResource(req, "", "persistentvolumeclaims") ? PVC_PROTECTION : isResource(req, "", "persistentvolumes") ? PV_PROTECTION : null;
    if (!finalizer) return;
    const meta = mapOf(req.obj.metadata);
    const finalizers = (meta.finalizers as string[] | undefined) ?? [];
    if (!finalizers.includes(finalizer)) meta.finalizers = [...finalizers, finalizer];
    req.obj.metadata = meta;
  },
};
