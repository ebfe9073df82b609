// An outside HTTP request through the cluster's ingress controller (ingress-nginx as kind installs
// it): the route (routing.ts), then the Service's port and its ready endpoints, round robin, up to 3
// tries on a refused or dropped connection (proxy_next_upstream "error timeout", tries 3), the request
// rewritten as ingress-nginx's template proxies it. What it cannot do answers with nginx's pages:
// 404 (nothing routes: the controller's default backend), 503 (no Service, port or ready endpoint:
// the Lua balancer finds no upstream), 502 (every try failed), 400 (a path above the root), 413
// (a body over proxy-body-size, 1m), 301 (nginx's trailing-slash redirect).
import type { ApiContext } from "../../apiserver/context";
import { storageKey } from "../../apiserver/registry";
import type { JsonObject } from "../../apiserver/registry/types";
import { mapOf, objects, str } from "../../apiserver/validation/values";
import { connectToPod, podIP, podNamed } from "../dataplane";
import type { HttpAnswer, HttpResponse } from "../http";
import { byteLength, httpDate } from "../http/wire";
import { INGRESS_NGINX, servesIngress, storedNetworkingObjects, type IngressControllerConfig } from "./classes";
import { ingressNginxPage, type IngressResponse } from "./pages";
import { normalizeHost, normalizeUri, routeRequest, type ServicePortRef } from "./routing";

export type { IngressResponse } from "./pages";

export interface IngressRequest {
  method: string;
  /** The Host header as the client sent it (with its port, if any). */
  host: string;
  /** The request target with its query. */
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** The client's address: nginx's $remote_addr. */
  clientIP: string;
  /** The scheme the client used; "http" unless told. */
  scheme?: "http" | "https";
}

export interface IngressOptions {
  config?: IngressControllerConfig;
  /** The controller pod's address, which backends see as their client; unset: the node's bridge (the HTTP model's default). */
  sourceIP?: string;
  /** A fresh $request_id; random 32 hex digits unless told. */
  requestId?: () => string;
}

/** proxy-body-size's default: client_max_body_size 1m. */
const MAX_BODY = 1024 * 1024;
/** proxy-next-upstream-tries. */
const TRIES = 3;
/** Headers ingress-nginx's proxy sets itself or nginx never forwards: the client's own are dropped. */
const NOT_FORWARDED = new Set([
  "host", "upgrade", "connection", "x-request-id", "x-real-ip", "x-forwarded-for", "x-forwarded-host", "x-forwarded-port",
  "x-forwarded-proto", "x-forwarded-scheme", "x-scheme", "x-original-forwarded-for", "x-original-forwarded-host", "proxy",
  "content-length", "transfer-encoding", "te", "keep-alive", "expect",
]);
/** Upstream headers nginx's proxy hides (ngx_http_proxy_hide_headers), or writes itself. */
const NOT_RETURNED = new Set(["server", "date", "x-pad", "connection", "keep-alive", "transfer-encoding", "content-type", "content-length", "last-modified", "location"]);

/** Round-robin positions per upstream (namespace/service:port), as the balancer keeps them. */
const nextIndex = new Map<string, number>();

const randomRequestId = (): string => [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, "0")).join("");

export function answerIngress(ctx: ApiContext, request: IngressRequest, opts: IngressOptions = {}): IngressResponse {
  const now = new Date(ctx.clock.now());
  const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]));
  const page = { userAgent: headers["user-agent"] ?? "", head: request.method === "HEAD" };
  const q = request.path.indexOf("?");
  if (normalizeUri(q < 0 ? request.path : request.path.slice(0, q)) === null) return ingressNginxPage(400, now, { ...page, close: true });
  // nginx checks the body's size as soon as it has the location, before its redirect or content.
  if (byteLength(request.body ?? "") > MAX_BODY) return ingressNginxPage(413, now, { ...page, close: true });

  const classes = storedNetworkingObjects(ctx, "ingressclasses");
  const served = storedNetworkingObjects(ctx, "ingresses").filter((i) => servesIngress(i, classes, opts.config ?? INGRESS_NGINX));
  const route = routeRequest(served, request.host, request.path);
  if (!route) return ingressNginxPage(404, now, page);
  if (route.kind === "redirect") {
    // absolute_redirect on, port_in_redirect off, server_name_in_redirect off: the Host's name as nginx read it, no port.
    return ingressNginxPage(301, now, { ...page, location: `${request.scheme ?? "http"}://${normalizeHost(request.host)}${route.location}` });
  }

  const targets = endpointsFor(ctx, route.namespace, route.backend.service, route.backend.port);
  if (targets.length === 0) return ingressNginxPage(503, now, page);
  const upstream = `${route.namespace}/${route.backend.service}:${"number" in route.backend.port ? route.backend.port.number : route.backend.port.name}`;
  const start = (nextIndex.get(upstream) ?? 0) % targets.length;
  nextIndex.set(upstream, start + 1);

  const backendRequest = {
    method: request.method,
    path: request.path,
    headers: proxiedHeaders(request, headers, opts.requestId ?? randomRequestId),
    body: request.body ?? "",
    ...(opts.sourceIP ? { clientIP: opts.sourceIP } : {}),
  };
  for (let i = 0; i < Math.min(TRIES, targets.length); i++) {
    const target = targets[(start + i) % targets.length]!;
    const answer: HttpAnswer = target.pod ? connectToPod(ctx, target.pod, target.port, backendRequest) : { kind: "refused" };
    if (answer.kind === "response") return proxiedResponse(answer, now, page.head);
    // A refused or empty connection is an error nginx retries on the next endpoint; bytes that are not HTTP are not.
    if (answer.kind === "closed" && answer.data) break;
  }
  return ingressNginxPage(502, now, page);
}

interface Target {
  ip: string;
  port: number;
  pod: JsonObject | undefined;
}

/**
 * The ready endpoints of the Service port an Ingress backend names. As ingress-nginx's
 * serviceEndpoints: the port whose number, targetPort or name equals the backend's port; then
 * each Endpoints subset's port of that name (any port when the Service port is unnamed), else a
 * numeric targetPort. A Service that is missing or ExternalName (not modelled) has none.
 */
export function endpointsFor(ctx: ApiContext, namespace: string, service: string, ref: ServicePortRef): Target[] {
  const get = (plural: string) => ctx.store.get(storageKey(ctx.registry.resource("", "v1", plural)!, namespace, service))?.value;
  const svc = get("services");
  if (!svc || mapOf(svc.spec).type === "ExternalName") return [];
  const wanted = "number" in ref ? String(ref.number) : ref.name;
  const port = objects(mapOf(svc.spec).ports).find((p) => String(p.port) === wanted || String(p.targetPort ?? "") === wanted || str(p.name) === wanted);
  const endpoints = get("endpoints");
  if (!port || !endpoints) return [];
  const targets: Target[] = [];
  for (const subset of objects(endpoints.subsets)) {
    const tcp = objects(subset.ports).filter((p) => (p.protocol ?? "TCP") === "TCP");
    const match = str(port.name) ? tcp.find((p) => str(p.name) === str(port.name)) : tcp[0];
    const number = typeof match?.port === "number" ? match.port : typeof port.targetPort === "number" ? port.targetPort : 0;
    if (!number) continue;
    for (const address of objects(subset.addresses)) {
      const ref = mapOf(address.targetRef);
      const pod = ref.kind === "Pod" && typeof ref.name === "string" ? podNamed(ctx, str(ref.namespace) || namespace, ref.name) : undefined;
      const ip = str(address.ip);
      targets.push({ ip, port: number, pod: pod && podIP(pod) === ip ? pod : undefined });
    }
  }
  return targets;
}

/** The headers the backend gets: ingress-nginx's proxy_set_header list in its order, then the client's own. */
function proxiedHeaders(request: IngressRequest, incoming: Record<string, string>, requestId: () => string): Record<string, string> {
  const scheme = request.scheme ?? "http";
  const set: Array<[string, string]> = [
    ["host", request.host],
    ["upgrade", incoming.upgrade ?? ""],
    // $connection_upgrade: "upgrade" for an Upgrade request, else empty (upstream keep-alive is on).
    ["connection", incoming.upgrade ? "upgrade" : ""],
    ["x-request-id", incoming["x-request-id"] || requestId()],
    ["x-real-ip", request.clientIP],
    ["x-forwarded-for", request.clientIP],
    ["x-forwarded-host", request.host],
    ["x-forwarded-port", scheme === "https" ? "443" : "80"],
    ["x-forwarded-proto", scheme],
    ["x-forwarded-scheme", scheme],
    ["x-scheme", scheme],
    ["x-original-forwarded-for", incoming["x-forwarded-for"] ?? ""],
    ["x-original-forwarded-host", incoming["x-forwarded-host"] ?? ""],
  ];
  // nginx sends no header whose value is empty.
  const out: Record<string, string> = Object.fromEntries(set.filter(([, v]) => v !== ""));
  if (request.body) out["content-length"] = String(byteLength(request.body));
  for (const [k, v] of Object.entries(incoming)) if (!NOT_FORWARDED.has(k)) out[k] = v;
  return out;
}

/** The backend's response as nginx passes it on: its own Date, the backend's Server hidden, HTTP/1.1 keep-alive framing. */
function proxiedResponse(answer: HttpResponse, now: Date, head: boolean): IngressResponse {
  const find = (name: string) => answer.headers.find(([k]) => k.toLowerCase() === name)?.[1];
  const headers: Array<[string, string]> = [["Date", httpDate(now)]];
  const contentType = find("content-type");
  if (contentType !== undefined) headers.push(["Content-Type", contentType]);
  const length = find("content-length");
  const bodyless = head || answer.status === 204 || answer.status === 304 || answer.status < 200;
  if (length !== undefined) headers.push(["Content-Length", length]);
  else if (!bodyless) headers.push(["Transfer-Encoding", "chunked"]);
  for (const name of ["last-modified", "location"]) {
    const v = find(name);
    if (v !== undefined) headers.push([name === "location" ? "Location" : "Last-Modified", v]);
  }
  headers.push(["Connection", "keep-alive"]);
  for (const [k, v] of answer.headers) if (!NOT_RETURNED.has(k.toLowerCase()) && !k.toLowerCase().startsWith("x-accel-")) headers.push([k, v]);
  return { status: answer.status, headers, body: head ? "" : answer.body };
}
