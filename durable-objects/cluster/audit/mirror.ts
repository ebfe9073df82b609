// Mirrors of namespaces and RBAC objects for D1: every change to one is written to the outbox in
// the same SQLite transaction as the change itself (a store pre-commit hook), so the mirror can lag
// but never miss or reorder a change.
import type { Store, StoreEvent } from "../store/store";
import type { Outbox } from "./outbox";

/** Storage prefix → the kind recorded in D1. */
const MIRRORED: [prefix: string, kind: string][] = [
  ["/registry/core/namespaces/", "Namespace"],
  ["/registry/rbac.authorization.k8s.io/roles/", "Role"],
  ["/registry/rbac.authorization.k8s.io/rolebindings/", "RoleBinding"],
  ["/registry/rbac.authorization.k8s.io/clusterroles/", "ClusterRole"],
  ["/registry/rbac.authorization.k8s.io/clusterrolebindings/", "ClusterRoleBinding"],
];

export interface ObjectChange {
  kind: string;
  namespace: string;
  name: string;
  uid: string;
  resourceVersion: number;
  deleted: boolean;
  body: unknown;
}

export function mirrorChanges(store: Store, outbox: Outbox): void {
  let appended = false;
  store.onCommit(() => {
    if (appended) outbox.ensureFlush();
    appended = false;
  });
  store.beforeCommit((events: StoreEvent[]) => {
    for (const e of events) {
      const kind = MIRRORED.find(([prefix]) => e.kv.key.startsWith(prefix))?.[1];
      if (!kind) continue;
      const meta = (e.kv.value.metadata ?? {}) as { name?: string; namespace?: string; uid?: string };
      const change: ObjectChange = {
        kind,
        namespace: meta.namespace ?? "",
        name: meta.name ?? "",
        uid: meta.uid ?? "",
        resourceVersion: e.kv.modRevision,
        deleted: e.type === "DELETED",
        body: e.kv.value,
      };
      outbox.append("object", change, { inTransaction: true });
      appended = true;
    }
  });
}
