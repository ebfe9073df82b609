// Turns a Kubernetes API path into what it asks for, as kube-apiserver's RequestInfoFactory does.
//   /api/v1/namespaces/default/pods/web/log  → list/get/… of pods "web" in "default", subresource "log"
//   /apis/apps/v1/deployments                 → cluster-wide list of deployments
import { queryBool } from "./query";

export type RequestVerb = "get" | "list" | "watch" | "create" | "update" | "patch" | "delete" | "deletecollection";

export type RequestInfo =
  | { kind: "nonresource"; path: string }
  | { kind: "discovery"; path: string; group?: string; version?: string; legacy: boolean }
  | {
      kind: "resource";
      verb: RequestVerb;
      group: string;
      version: string;
      namespace?: string;
      resource: string;
      name?: string;
      subresource?: string;
      /** A proxy subresource's own path, as sent (…/services/web/proxy/a/b?x → "/a/b"; "" for none). */
      proxyPath?: string;
    };

/** Subresources of a namespace, which are not resources inside it. */
const NAMESPACE_SUBRESOURCES = new Set(["status", "finalize"]);

/** Set by the edge only (clients' internal headers are stripped): one step of a port-forward session. */
export const PORT_FORWARD_STEP_HEADER = "x-kubedo-portforward";

/**
 * The method a request is authorized and audited as. kube authorizes a port-forward once, at
 * kubectl's WebSocket GET (`get` on pods/portforward); the edge's later steps, which POST a forwarded
 * connection's bytes, belong to that same session and are no `create`.
 */
export function authorizedMethod(request: Request): string {
  return request.headers.has(PORT_FORWARD_STEP_HEADER) ? "GET" : request.method;
}

export function parseRequestInfo(method: string, url: URL): RequestInfo | null {
  const path = url.pathname.replace(/\/+$/, "") || "/";
  const decoded = path.split("/").filter(Boolean).map(decodeSegment);
  if (decoded.includes(null)) return null; // a malformed percent-encoding names nothing
  const parts = decoded as string[];
  const prefix = parts[0];
  if (prefix !== "api" && prefix !== "apis") return { kind: "nonresource", path };

  let rest: string[];
  let group = "";
  let version: string | undefined;
  if (prefix === "api") {
    version = parts[1];
    if (!version) return { kind: "discovery", path, legacy: true };
    rest = parts.slice(2);
    if (rest.length === 0) return { kind: "discovery", path, legacy: true, group: "", version };
  } else {
    group = parts[1] ?? "";
    version = parts[2];
    if (!group) return { kind: "discovery", path, legacy: false };
    if (!version) return { kind: "discovery", path, legacy: false, group };
    rest = parts.slice(3);
    if (rest.length === 0) return { kind: "discovery", path, legacy: false, group, version };
  }

  let watchPath = false;
  if (rest[0] === "watch") {
    watchPath = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  if (rest[0] === "namespaces" && rest.length > 1) {
    namespace = rest[1];
    if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2]!)) rest = rest.slice(2);
    else namespace = undefined; // the namespace object itself (or its subresource)
  }
  const [resource, name, subresource, ...extra] = rest;
  // Only a proxy takes a path of its own after the subresource.
  if (!resource || (extra.length > 0 && subresource !== "proxy")) return null;

  // ListOptions.watch, converted as kube converts every query boolean (`watch=True` is a watch).
  const isWatch = watchPath || queryBool(url.searchParams, "watch");
  let verb: RequestVerb;
  switch (method) {
    case "GET":
    case "HEAD":
      verb = isWatch ? "watch" : name ? "get" : "list";
      break;
    case "POST":
      verb = "create";
      break;
    case "PUT":
      verb = "update";
      break;
    case "PATCH":
      verb = "patch";
      break;
    case "DELETE":
      verb = name ? "delete" : "deletecollection";
      break;
    default:
      return null;
  }
  const info: RequestInfo = { kind: "resource", verb, group, version, resource };
  if (namespace !== undefined) info.namespace = namespace;
  if (name !== undefined) info.name = name;
  if (subresource !== undefined) info.subresource = subresource;
  if (subresource === "proxy") info.proxyPath = proxyPath(url.pathname, extra.length);
  return info;
}

function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/** The last `segments` segments of the raw path, with the trailing slash the client sent. */
function proxyPath(pathname: string, segments: number): string {
  const raw = pathname.split("/").filter(Boolean);
  const tail = segments > 0 ? `/${raw.slice(raw.length - segments).join("/")}` : "";
  return pathname.endsWith("/") ? `${tail}/` : tail;
}
