// The rbac.authorization.k8s.io/v1 shapes the evaluator reads, and the authorizer's request
// attributes (k8s.io/apiserver/pkg/authorization/authorizer.Attributes).
import type { UserInfo } from "../../apiserver/context";

export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface Subject {
  kind: string;
  apiGroup?: string;
  name: string;
  namespace?: string;
}

export interface RoleRef {
  apiGroup: string;
  kind: string;
  name: string;
}

export interface Attributes {
  user: UserInfo;
  verb: string;
  /** A resource request; otherwise a non-resource request for `path`. */
  resourceRequest: boolean;
  namespace: string;
  apiGroup: string;
  apiVersion: string;
  resource: string;
  subresource: string;
  name: string;
  path: string;
}

export type Decision = "allow" | "deny" | "no-opinion";

/** What roles and bindings exist now (informers in the cluster, arrays in tests). */
export interface RbacObjects {
  clusterRoleBindings(): Record<string, unknown>[];
  roleBindings(namespace: string): Record<string, unknown>[];
  clusterRole(name: string): Record<string, unknown> | undefined;
  role(namespace: string, name: string): Record<string, unknown> | undefined;
}

export function resourceAttributes(user: UserInfo, a: Partial<Omit<Attributes, "user" | "resourceRequest">> & { verb: string }): Attributes {
  return { user, resourceRequest: true, namespace: "", apiGroup: "", apiVersion: "*", resource: "", subresource: "", name: "", path: "", ...a };
}

export function nonResourceAttributes(user: UserInfo, verb: string, path: string): Attributes {
  return { user, verb, path, resourceRequest: false, namespace: "", apiGroup: "", apiVersion: "", resource: "", subresource: "", name: "" };
}
