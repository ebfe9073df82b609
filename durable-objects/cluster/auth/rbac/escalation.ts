// Privilege-escalation prevention for RBAC writes (pkg/registry/rbac/escalation_check.go,
// ConfirmNoEscalation in pkg/registry/rbac/validation/rule.go, and the policybased storages of
// roles, clusterroles, rolebindings and clusterrolebindings): a user may only grant what they hold,
// unless allowed to `escalate` the role or to `bind` the referenced role.
import type { UserInfo } from "../../apiserver/context";
import { ApiError, errors } from "../../apiserver/status";
import { aggregate, SYSTEM_MASTERS, type RbacAuthorizer } from "./authorizer";
import { compactRules, compactString, covers, goQuoteList } from "./policy-comparator";
import { policyRules, RBAC_GROUP, RoleNotFound } from "./rule-resolver";
import { resourceAttributes, type PolicyRule, type RoleRef } from "./types";

type Obj = Record<string, unknown>;

const ROLE_RESOURCES = new Set(["roles", "clusterroles"]);
const BINDING_RESOURCES = new Set(["rolebindings", "clusterrolebindings"]);

/** Only RBAC objects are checked; everything else needs no escalation check. */
export const guardsRbacWrite = (group: string, resource: string) => group === RBAC_GROUP && (ROLE_RESOURCES.has(resource) || BINDING_RESOURCES.has(resource));

const FULL_AUTHORITY: PolicyRule[] = [
  { verbs: ["*"], apiGroups: ["*"], resources: ["*"] },
  { verbs: ["*"], nonResourceURLs: ["*"] },
];

/** EscalationAllowed: the superuser group may grant anything. */
const escalationAllowed = (user: UserInfo) => user.groups.includes(SYSTEM_MASTERS);

export interface RbacWrite {
  user: UserInfo;
  resource: string;
  /** The request's namespace ("" for cluster-scoped objects). */
  namespace: string;
  /** The request's name ("" on create). */
  requestName: string;
  /** The object as it would be stored. */
  obj: Obj;
  /** The object before an update. */
  old?: Obj;
}

export function confirmNoEscalation(authz: RbacAuthorizer, user: UserInfo, namespace: string, rules: PolicyRule[]): string | null {
  const held = authz.rulesHeld(user, namespace);
  const { covered, missing } = covers(held.rules, rules);
  if (covered) return null;
  const descriptions = [...new Set(compactRules(missing).map(compactString))].sort();
  let msg = `user ${JSON.stringify(user.username)} (groups=${goQuoteList(user.groups)}) is attempting to grant RBAC permissions not currently held:\n${descriptions.join("\n")}`;
  if (held.errors.length > 0) msg += `; resolution errors: [${aggregate(held.errors)}]`;
  return msg;
}

/** Throws the 403 (or 404 for a missing role reference) kube answers; returns when the write may go ahead. */
export function checkRbacWrite(authz: RbacAuthorizer, w: RbacWrite): void {
  if (escalationAllowed(w.user)) return;
  if (w.old && onlyGcFieldsChange(w.obj, w.old)) return;
  const meta = (w.obj.metadata ?? {}) as { name?: string };
  const name = meta.name ?? "";
  const forbidden = (message: string) => forbiddenRbac(w.resource, name, message);

  if (ROLE_RESOURCES.has(w.resource)) {
    const escalate = resourceAttributes(w.user, { verb: "escalate", apiGroup: RBAC_GROUP, resource: w.resource, name: w.requestName, namespace: w.namespace });
    if (authz.authorize(escalate).decision === "allow") return;
    const denied = confirmNoEscalation(authz, w.user, w.namespace, policyRules(w.obj.rules));
    if (denied) throw forbidden(denied);
    // An aggregationRule can gather anything: it takes every permission there is.
    if (w.resource === "clusterroles" && w.obj.aggregationRule && confirmNoEscalation(authz, w.user, w.namespace, FULL_AUTHORITY)) {
      throw forbidden("must have cluster-admin privileges to use the aggregationRule");
    }
    return;
  }

  const ref = (w.obj.roleRef ?? {}) as RoleRef;
  if (bindingAuthorized(authz, w.user, ref, w.namespace)) return;
  let rules: PolicyRule[];
  try {
    rules = authz.resolver.getRoleReferenceRules(ref, w.namespace);
  } catch (err) {
    if (err instanceof RoleNotFound) throw errors.notFound({ group: RBAC_GROUP, resource: err.resource }, err.roleName);
    throw err;
  }
  const denied = confirmNoEscalation(authz, w.user, w.namespace, rules);
  if (denied) throw forbidden(denied);
}

/** BindingAuthorized: the `bind` verb on the referenced role, checked in the binding's namespace. */
function bindingAuthorized(authz: RbacAuthorizer, user: UserInfo, ref: RoleRef, namespace: string): boolean {
  const resource = ref.kind === "ClusterRole" ? "clusterroles" : ref.kind === "Role" ? "roles" : null;
  if (!resource) return false;
  return authz.authorize(resourceAttributes(user, { verb: "bind", apiGroup: ref.apiGroup, resource, name: ref.name, namespace })).decision === "allow";
}

function forbiddenRbac(resource: string, name: string, message: string): ApiError {
  const text = name ? `${resource}.${RBAC_GROUP} ${JSON.stringify(name)} is forbidden: ${message}` : `${resource}.${RBAC_GROUP} is forbidden: ${message}`;
  return errors.forbidden(text, { group: RBAC_GROUP, resource }, name);
}

/** IsOnlyMutatingGCFields: an update touching only owner references and finalizers needs no check. */
function onlyGcFieldsChange(obj: Obj, old: Obj): boolean {
  const strip = (o: Obj) => {
    const { ownerReferences: _o, finalizers: _f, resourceVersion: _r, managedFields: _m, generation: _g, ...meta } = (o.metadata ?? {}) as Obj;
    return JSON.stringify(canonical({ ...o, metadata: meta }));
  };
  return strip(obj) === strip(old);
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === "object") return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Obj)[k])]));
  return v;
}
