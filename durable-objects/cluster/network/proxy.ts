// The API server's proxy subresources (…/pods/NAME[:PORT]/proxy/PATH and
// …/services/NAME[:PORT]/proxy/PATH), as kube-apiserver resolves them: a Service through its
// Endpoints (a random ready address of the named port), a pod at its IP; the request goes to the
// simulated program there and its answer comes back as it sent it. What cannot be reached answers in
// kube's words: 503 "no endpoints available for service", "error trying to reach service: …".
import type { ApiContext, ResourceRequest } from "../apiserver/context";
import { currentObject } from "../apiserver/handlers/update";
import type { JsonObject } from "../apiserver/registry/types";
import { ApiError, errors, status } from "../apiserver/status";
import { objects } from "../apiserver/validation/values";
import { connectToPod, podIP, podNamed } from "./dataplane";
import type { HttpAnswer, HttpRequestModel } from "./http";
import { API_SERVER_ADDRESS } from "./service-ranges";

/** A proxied request body larger than this is refused (the simulated programs read none this big). */
const MAX_PROXY_BODY = 1024 * 1024;
/**
 * Headers of the client's request that are the API server's business, not the backend's (Host too:
 * kube-apiserver dials the backend's address and names it as Host).
 */
const HOP_HEADERS = new Set(["host", "authorization", "connection", "keep-alive", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "cookie"]);

/** utilnet.SplitSchemeNamePort: "name", "name:port" or "scheme:name:port" (scheme http or https). */
function splitSchemeNamePort(id: string): { scheme: string; name: string; port: string } | null {
  const parts = id.split(":");
  if (parts.length === 1) return parts[0] ? { scheme: "", name: parts[0], port: "" } : null;
  if (parts.length === 2) return parts[0] ? { scheme: "", name: parts[0], port: parts[1]! } : null;
  if (parts.length === 3 && (parts[0] === "http" || parts[0] === "https") && parts[1]) return { scheme: parts[0], name: parts[1], port: parts[2]! };
  return null;
}

function unreachable(message: string): never {
  throw new ApiError(status(503, "ServiceUnavailable", message));
}

async function requestModel(request: Request, path: string): Promise<HttpRequestModel> {
  const url = new URL(request.url);
  const headers: Record<string, string> = {};
  request.headers.forEach((v, k) => {
    if (!HOP_HEADERS.has(k) && !k.startsWith("cf-") && !k.startsWith("x-kubedo")) headers[k] = v;
  });
  let body = "";
  if (request.body) {
    body = await request.text();
    if (body.length > MAX_PROXY_BODY) throw errors.tooLarge("the request body is too large to proxy");
  }
  return { method: request.method, path: `${path || "/"}${url.search}`, headers, body, clientIP: API_SERVER_ADDRESS };
}

/** The backend's answer as the HTTP response the client gets. */
function respond(answer: HttpAnswer, address: string, method: string): Response {
  if (answer.kind === "refused") unreachable(`error trying to reach service: dial tcp ${address}: connect: connection refused`);
  if (answer.kind === "closed") {
    // Go's transport: nothing at all is EOF; bytes that are not HTTP are a malformed response.
    if (!answer.data) unreachable("error trying to reach service: EOF");
    unreachable(`error trying to reach service: net/http: HTTP/1.x transport connection broken: malformed HTTP response ${JSON.stringify(answer.data.split("\n")[0]!.slice(0, 40))}`);
  }
  const headers = new Headers();
  for (const [k, v] of answer.headers) if (!["content-length", "connection", "keep-alive", "transfer-encoding"].includes(k.toLowerCase())) headers.append(k, v);
  const nullBody = method === "HEAD" || answer.status === 204 || answer.status === 304;
  return new Response(nullBody ? null : answer.body, { status: answer.status, headers });
}

export async function proxyToPod(ctx: ApiContext, req: ResourceRequest, request: Request, path: string): Promise<Response> {
  const id = splitSchemeNamePort(req.name ?? "");
  if (!id) throw errors.badRequest(`invalid pod request ${JSON.stringify(req.name)}`);
  const pod = currentObject(ctx, { ...req, name: id.name }).value;
  const ip = podIP(pod);
  // proxyutil.IsProxyableIP: a pod without an address is no place to go.
  if (!ip) throw errors.badRequest("address not allowed");
  const port = id.port === "" ? 80 : Number(id.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) unreachable(`error trying to reach service: dial tcp: lookup tcp/${id.port}: unknown port`);
  const model = await requestModel(request, path);
  return respond(connectToPod(ctx, pod, port, model), `${ip}:${port}`, request.method);
}

export async function proxyToService(ctx: ApiContext, req: ResourceRequest, request: Request, path: string): Promise<Response> {
  const id = splitSchemeNamePort(req.name ?? "");
  if (!id) throw errors.badRequest(`invalid service request ${JSON.stringify(req.name)}`);
  const svc = currentObject(ctx, { ...req, name: id.name }).value;
  const spec = (svc.spec ?? {}) as JsonObject;
  let portName = id.port;
  // A port number names the Service port with that number.
  if (/^\d+$/.test(portName)) {
    const found = objects(spec.ports).find((p) => p.port === Number(portName));
    if (!found) unreachable(`no service port ${Number(portName)} found for service ${JSON.stringify(id.name)}`);
    portName = typeof found.name === "string" ? found.name : "";
  }
  const endpointsRt = ctx.registry.resource("", "v1", "endpoints")!;
  const endpoints = currentObject(ctx, { rt: endpointsRt, query: req.query, namespace: req.namespace!, name: id.name }).value;
  const subsets = objects(endpoints.subsets);
  if (subsets.length === 0) unreachable(`no endpoints available for service ${JSON.stringify(id.name)}`);
  const model = await requestModel(request, path);
  // As kube: a random subset, a random address in it, skipping addresses that are not pods.
  const start = Math.floor(Math.random() * subsets.length);
  for (let i = 0; i < subsets.length; i++) {
    const ss = subsets[(start + i) % subsets.length]!;
    const addresses = objects(ss.addresses);
    const port = objects(ss.ports).find((p) => (typeof p.name === "string" ? p.name : "") === portName);
    if (addresses.length === 0 || !port) continue;
    const first = Math.floor(Math.random() * addresses.length);
    for (let j = 0; j < addresses.length; j++) {
      const address = addresses[(first + j) % addresses.length]!;
      const ref = (address.targetRef ?? {}) as JsonObject;
      const pod = ref.kind === "Pod" && typeof ref.name === "string" ? podNamed(ctx, String(ref.namespace ?? req.namespace), ref.name) : undefined;
      if (!pod || podIP(pod) !== address.ip) continue;
      return respond(connectToPod(ctx, pod, Number(port.port), model), `${String(address.ip)}:${String(port.port)}`, request.method);
    }
  }
  unreachable(`no endpoints available for service ${JSON.stringify(req.name)}`);
}
