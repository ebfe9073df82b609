// Who is asking, as the edge Worker vouches for it. The Worker strips any client-sent copy of this
// header and sets its own; only the Worker can reach the Durable Object.
import type { UserInfo } from "./apiserver/context";

export const IDENTITY_HEADER = "x-kubedo-identity";
/** A bearer token that is no tenant token, for the cluster to verify as a service account token. */
export const SERVICE_ACCOUNT_TOKEN_HEADER = "x-kubedo-serviceaccount-token";
/** The registry id of the cluster, as the edge routed the request. */
export const CLUSTER_HEADER = "x-kubedo-cluster";
/** Every header with this prefix is internal: clients' copies are dropped at the edge. */
export const INTERNAL_HEADER_PREFIX = "x-kubedo-";

export interface Identity extends UserInfo {
  tenant: string;
}

export function encodeIdentity(id: Identity): string {
  return encodeURIComponent(JSON.stringify(id));
}

export function decodeIdentity(header: string | null): Identity | null {
  if (!header) return null;
  try {
    const v = JSON.parse(decodeURIComponent(header)) as Identity;
    if (typeof v.username !== "string" || !Array.isArray(v.groups) || typeof v.tenant !== "string") return null;
    return v;
  } catch {
    return null;
  }
}

/** The identity of a controller-manager controller (each runs under its own service account). */
export const controllerUser = (name: string) => ({
  username: `system:serviceaccount:kube-system:${name}`,
  groups: ["system:serviceaccounts", "system:serviceaccounts:kube-system", "system:authenticated"],
});

/** A node's kubelet (the Node authorizer's identity). */
export const nodeUser = (name: string) => ({ username: `system:node:${name}`, groups: ["system:nodes", "system:authenticated"] });
