// kubectl --as / --as-group / --as-uid: the impersonation filter
// (k8s.io/apiserver/pkg/endpoints/filters/impersonation.go). Each thing impersonated needs the
// `impersonate` verb on it; the request then runs, and is authorized, as the impersonated user.
import type { UserInfo } from "../../apiserver/context";
import { errors, type ApiError } from "../../apiserver/status";
import type { RbacAuthorizer } from "./authorizer";
import { forbidden } from "./forbidden";
import { resourceAttributes, type Attributes } from "./types";

const USER = "impersonate-user";
const GROUP = "impersonate-group";
const UID = "impersonate-uid";
const EXTRA_PREFIX = "impersonate-extra-";

interface ImpersonationRequest {
  kind: "User" | "ServiceAccount" | "Group" | "UserExtra" | "UID";
  name: string;
  namespace?: string;
  extraKey?: string;
}

/** Repeated headers reach the cluster joined with ", " (the edge's fetch merges them). */
const values = (v: string | null) => (v ? v.split(",").map((s) => s.trim()).filter(Boolean) : []);

function splitServiceAccount(username: string): { namespace: string; name: string } | null {
  const m = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(username);
  return m ? { namespace: m[1]!, name: m[2]! } : null;
}

export function impersonationRequests(headers: Headers): ImpersonationRequest[] {
  const out: ImpersonationRequest[] = [];
  const user = headers.get(USER) ?? "";
  if (user) {
    const sa = splitServiceAccount(user);
    out.push(sa ? { kind: "ServiceAccount", ...sa } : { kind: "User", name: user });
  }
  const groups = values(headers.get(GROUP));
  for (const g of groups) out.push({ kind: "Group", name: g });
  let extras = false;
  for (const [k, v] of headers) {
    if (!k.toLowerCase().startsWith(EXTRA_PREFIX)) continue;
    extras = true;
    const extraKey = decodeURIComponent(k.toLowerCase().slice(EXTRA_PREFIX.length));
    for (const value of values(v)) out.push({ kind: "UserExtra", name: value, extraKey });
  }
  const uid = headers.get(UID) ?? "";
  if (uid) out.push({ kind: "UID", name: uid });
  if ((groups.length > 0 || extras || uid) && !user) {
    throw errors.internal(`requested ${JSON.stringify(out.map((r) => `${r.kind} ${r.name}`))} without impersonating a user`);
  }
  return out;
}

/** The user the request acts as: the requester itself, or whom it may impersonate (else a 403). */
export function impersonate(authz: RbacAuthorizer, headers: Headers, requester: UserInfo): UserInfo {
  const requests = impersonationRequests(headers);
  if (requests.length === 0) return requester;
  const groupsSpecified = requests.some((r) => r.kind === "Group");
  let username = "";
  let uid = "";
  let groups: string[] = [];
  for (const r of requests) {
    let attrs: Attributes;
    switch (r.kind) {
      case "ServiceAccount":
        attrs = resourceAttributes(requester, { verb: "impersonate", apiVersion: "v1", resource: "serviceaccounts", namespace: r.namespace ?? "", name: r.name });
        username = `system:serviceaccount:${r.namespace}:${r.name}`;
        // A service account's groups are a fixed mapping.
        if (!groupsSpecified) groups = ["system:serviceaccounts", `system:serviceaccounts:${r.namespace}`];
        break;
      case "User":
        attrs = resourceAttributes(requester, { verb: "impersonate", apiVersion: "v1", resource: "users", name: r.name });
        username = r.name;
        break;
      case "Group":
        attrs = resourceAttributes(requester, { verb: "impersonate", apiVersion: "v1", resource: "groups", name: r.name });
        groups.push(r.name);
        break;
      case "UserExtra":
        attrs = resourceAttributes(requester, { verb: "impersonate", apiGroup: "authentication.k8s.io", apiVersion: "v1", resource: "userextras", subresource: r.extraKey ?? "", name: r.name });
        break;
      case "UID":
        attrs = resourceAttributes(requester, { verb: "impersonate", apiGroup: "authentication.k8s.io", apiVersion: "v1", resource: "uids", name: r.name });
        uid = r.name;
        break;
    }
    const { decision, reason } = authz.authorize(attrs);
    if (decision !== "allow") throw forbidden(attrs, reason) as ApiError;
  }
  if (username !== "system:anonymous") {
    if (!groups.includes("system:authenticated") && !groups.includes("system:unauthenticated")) groups.push("system:authenticated");
  } else if (!groups.includes("system:unauthenticated")) groups.push("system:unauthenticated");
  const user: UserInfo = { username, groups };
  if (uid) user.uid = uid;
  return user;
}
