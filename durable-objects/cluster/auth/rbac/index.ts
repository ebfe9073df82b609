// The cluster's authorization, as the API server uses it: impersonation, the per-request RBAC check
// and the escalation check on RBAC writes. Roles and bindings are read from informers, so a
// decision costs no storage read.
import type { ApiResult, UserInfo } from "../../apiserver/context";
import { servedValue } from "../../apiserver/objects";
import type { Registry } from "../../apiserver/registry";
import { storageKey } from "../../apiserver/registry";
import type { ResourceType } from "../../apiserver/registry/types";
import type { RequestInfo } from "../../apiserver/request-info";
import type { InformerFactory } from "../../controllers/runtime/informer";
import type { Store } from "../../store/store";
import { RbacAuthorizer } from "./authorizer";
import { checkRbacWrite, guardsRbacWrite } from "./escalation";
import { forbidden } from "./forbidden";
import { impersonate } from "./impersonation";
import { requestAttributes } from "./request-attributes";
import type { RbacObjects } from "./types";

export { RbacAuthorizer } from "./authorizer";

export function informerObjects(informers: InformerFactory, registry: Registry): RbacObjects {
  const rt = (plural: string) => registry.resource("rbac.authorization.k8s.io", "v1", plural)!;
  const crbs = informers.for(rt("clusterrolebindings"));
  const rbs = informers.for(rt("rolebindings"));
  const crs = informers.for(rt("clusterroles"));
  const roles = informers.for(rt("roles"));
  return {
    clusterRoleBindings: () => crbs.list(),
    roleBindings: (ns) => rbs.list(ns),
    clusterRole: (name) => crs.get(name),
    role: (ns, name) => roles.get(`${ns}/${name}`),
  };
}

export class ClusterAuthorizer {
  readonly rbac: RbacAuthorizer;

  constructor(objects: RbacObjects) {
    this.rbac = new RbacAuthorizer(objects);
  }

  /** Who the request acts as (Impersonate-* headers), or a 403. */
  impersonate(headers: Headers, user: UserInfo): UserInfo {
    return impersonate(this.rbac, headers, user);
  }

  /** WithAuthorization: a 403 unless the user may make this request. */
  authorize(method: string, url: URL, info: RequestInfo | null, user: UserInfo): void {
    const attrs = requestAttributes(user, method, url, info);
    const { decision, reason } = this.rbac.authorize(attrs);
    if (decision !== "allow") throw forbidden(attrs, reason);
  }

  /**
   * Runs an RBAC object's create/update/patch in a transaction and checks the object it would store
   * for escalation; a refused write is rolled back.
   */
  guardWrite(store: Store, user: UserInfo, rt: ResourceType, namespace: string | undefined, name: string | undefined, write: () => ApiResult): ApiResult {
    if (!guardsRbacWrite(rt.group, rt.plural)) return write();
    return store.txn(() => {
      const kv = name !== undefined ? store.get(storageKey(rt, namespace, name)) : null;
      const old = kv ? servedValue(rt, kv.value) : undefined;
      const result = write();
      const obj = result.body as Record<string, unknown>;
      if (result.code < 300 && obj && typeof obj === "object") {
        checkRbacWrite(this.rbac, { user, resource: rt.plural, namespace: namespace ?? "", requestName: name ?? "", obj, ...(old ? { old } : {}) });
      }
      return result;
    });
  }
}
