// A LoadBalancer Service reached from outside: the cloud's load balancer (a TCP pass-through) hands the
// connection to a node, and kube-proxy there to an endpoint (network/kube-proxy.ts: round robin, client
// affinity, externalTrafficPolicy). Its public name is `<service>.<namespace>.lb.<cluster>.<domain>`
// (controllers/servicelb publishes it as status.loadBalancer.ingress[].hostname); the request reaches the
// Service port the client dialled (80 for http, 443 for https) or else its first TCP port. The program's
// HTTP answer comes back as it sent it. What a TCP client would see as a failed connection (refused, an
// empty reply, bytes that are not HTTP) is a 502 that says so, since an HTTP edge must answer something.
import type { ApiContext } from "../apiserver/context";
import { storageKey } from "../apiserver/registry";
import type { JsonObject } from "../apiserver/registry/types";
import { mapOf as obj, objects, str } from "../apiserver/validation/values";
import type { HttpAnswer } from "./http";
import type { IngressResponse } from "./ingress/answer";
import { connectToService } from "./kube-proxy";

export interface LoadBalancerRequest {
  namespace: string;
  service: string;
  /** The host name the client asked for (the published one). */
  hostname: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  clientIP: string;
  /** The port the client dialled: 80 or 443 in production, the dev server's locally. */
  port: number;
}

/** The public host name of a Service's load balancer under `<cluster>.<domain>`. */
export const loadBalancerHostname = (namespace: string, service: string, clusterHost: string): string => `${service}.${namespace}.lb.${clusterHost}`;

const plain = (status: number, body: string): IngressResponse => ({ status, headers: [["Content-Type", "text/plain; charset=utf-8"]], body });

function published(svc: JsonObject, hostname: string): boolean {
  if (obj(svc.spec).type !== "LoadBalancer") return false;
  return objects(obj(obj(svc.status).loadBalancer).ingress).some((i) => str(i.hostname).toLowerCase() === hostname.toLowerCase());
}

function asResponse(answer: HttpAnswer, hostname: string): IngressResponse {
  if (answer.kind === "response") return { status: answer.status, headers: answer.headers, body: answer.body };
  if (answer.kind === "refused") return plain(502, `kubedo: ${hostname}: connection refused (the Service has no ready endpoint, or nothing listens on its target port)\n`);
  return plain(502, answer.data ? `kubedo: ${hostname}: the backend answered with something that is not HTTP\n` : `kubedo: ${hostname}: empty reply from server\n`);
}

export function answerLoadBalancer(ctx: ApiContext, req: LoadBalancerRequest): IngressResponse {
  const services = ctx.registry.resource("", "v1", "services")!;
  const svc = ctx.store.get(storageKey(services, req.namespace, req.service))?.value as JsonObject | undefined;
  // No such load balancer: its name would not resolve.
  if (!svc || !published(svc, req.hostname)) return plain(404, `kubedo: no load balancer ${req.hostname}\n`);
  const tcp = objects(obj(svc.spec).ports).filter((p) => (str(p.protocol) || "TCP") === "TCP");
  const servicePort = tcp.find((p) => p.port === req.port) ?? tcp[0];
  if (!servicePort) return plain(502, `kubedo: ${req.hostname}: the Service has no TCP port\n`);
  const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), v]));
  const answer = connectToService(ctx, svc, servicePort, { method: req.method, path: req.path, headers: { host: req.hostname, ...headers }, body: req.body ?? "", clientIP: req.clientIP }, { ip: req.clientIP, external: true });
  return asResponse(answer, req.hostname);
}
