// PersistentVolumeClaimResize (kube's storage/persistentvolume/resize plugin): a claim's storage request
// may grow only once it is bound, and only when its StorageClass allows volume expansion.
import { storageKey } from "../registry";
import { compareQuantities } from "../validation/quantity";
import { mapOf, str } from "../validation/values";
import { isResource, type AdmissionPlugin } from "./chain";
import { forbidden } from "./errors";
import { getCached } from "./listers";

const storageOf = (o: Record<string, unknown>) => mapOf(mapOf(mapOf(o.spec).resources).requests).storage;

export const claimResizePlugin: AdmissionPlugin = {
  name: "PersistentVolumeClaimResize",
  validate(req) {
    if (req.operation !== "UPDATE" || !req.old || !isResource(req, "", "persistentvolumeclaims")) return;
    if (compareQuantities(storageOf(req.obj) ?? "0", storageOf(req.old) ?? "0") <= 0) return;
    if (mapOf(req.old.status).phase !== "Bound") throw forbidden(req, "Only bound persistent volume claims can be expanded");
    const className = str(mapOf(req.old.spec).storageClassName);
    const scRt = req.ctx.registry.resource("storage.k8s.io", "v1", "storageclasses")!;
    const sc = className ? getCached(req.ctx.store, storageKey(scRt, undefined, className)) : null;
    if (!sc || sc.allowVolumeExpansion !== true) throw forbidden(req, "only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize");
  },
};
