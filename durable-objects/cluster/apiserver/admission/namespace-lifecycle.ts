// NamespaceLifecycle (kube's namespace/lifecycle plugin, first in the mutating half): a namespaced object
// is created only in a namespace that exists and is not terminating.
import { storageKey } from "../registry";
import { namespaces } from "../registry/core/namespaces";
import { errors } from "../status";
import { mapOf, str } from "../validation/values";
import type { AdmissionPlugin } from "./chain";
import { forbidden } from "./errors";
import { getCached } from "./listers";

export const namespaceLifecyclePlugin: AdmissionPlugin = {
  name: "NamespaceLifecycle",
  admit(req) {
    if (!req.rt.namespaced || !req.namespace) return;
    const ns = getCached(req.ctx.store, storageKey(namespaces, undefined, req.namespace));
    if (!ns) throw errors.notFound({ group: "", resource: "namespaces" }, req.namespace);
    if (req.operation === "CREATE" && (mapOf(ns.status).phase === "Terminating" || str(mapOf(ns.metadata).deletionTimestamp))) {
      throw forbidden(req, `unable to create new content in namespace ${req.namespace} because it is being terminated`, [
        { reason: "NamespaceTerminating", message: `namespace ${req.namespace} is being terminated`, field: "metadata.namespace" },
      ]);
    }
  },
};
