// The outside world's way into a cluster's Ingresses. Each cluster answers on its own host name under
// INGRESS_DOMAIN: `<cluster>.<domain>` reaches the rules without a host (and default backends), and
// `<rule host>.<cluster>.<domain>` reaches the rules for that host (locally curl resolves any
// `*.localhost` name to this machine: `curl -k https://shop.example.com.<cluster>.ingress.localhost:8787/`).
// `<service>.<namespace>.lb.<cluster>.<domain>` is a LoadBalancer Service's own name instead (so an
// Ingress rule host ending in ".lb" is not reachable from outside).
// The request goes to that one cluster's ingress controller and nowhere else; no credential is asked
// for (as a real Ingress is public), and each cluster's traffic is rate limited.
import { activeCluster } from "../auth/authenticate";
import type { Env } from "../env";
import { limitOn } from "../limits";

/** ingress-nginx's default proxy-body-size (1m); a larger declared body is refused before it is read. */
const MAX_BODY = 1024 * 1024;
/** What wrangler.toml's INGRESS_RATE_LIMITER period is, for Retry-After. */
const PERIOD_SECONDS = 60;
/** A cluster id as the registry makes them: one DNS label. */
const CLUSTER_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

export interface IngressHost {
  clusterId: string;
  /** The host the Ingress rules see ("" for the cluster's own name), with the client's port if it sent one. */
  host: string;
  /** A LoadBalancer Service's name instead: the Service, and the host name it is published as. */
  loadBalancer?: { namespace: string; service: string; hostname: string };
}

/** The cluster and rule host a request's Host names, or null when it is not an ingress host. */
export function ingressHost(request: Request, domain: string | undefined): IngressHost | null {
  if (!domain) return null;
  const raw = (request.headers.get("host") ?? new URL(request.url).host).toLowerCase();
  const colon = raw.lastIndexOf(":");
  const [name, port] = colon > 0 && !raw.endsWith("]") ? [raw.slice(0, colon), raw.slice(colon)] : [raw, ""];
  const suffix = `.${domain.toLowerCase()}`;
  if (!name.endsWith(suffix)) return null;
  const labels = name.slice(0, -suffix.length).split(".");
  const clusterId = labels.pop()!;
  if (!CLUSTER_LABEL.test(clusterId)) return null;
  if (labels.length === 3 && labels[2] === "lb") return { clusterId, host: "", loadBalancer: { service: labels[0]!, namespace: labels[1]!, hostname: name } };
  return { clusterId, host: labels.length > 0 ? `${labels.join(".")}${port}` : "" };
}

const text = (status: number, body: string, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8", ...headers } });

export async function serveIngress(request: Request, env: Env, target: IngressHost): Promise<Response> {
  const clusterId = await activeCluster(env.DB, target.clusterId);
  if (!clusterId) return text(404, `no cluster ${target.clusterId} here\n`);
  if (env.INGRESS_RATE_LIMITER && limitOn("INGRESS_RATE_LIMITING", env.INGRESS_RATE_LIMITING)) {
    const { success } = await env.INGRESS_RATE_LIMITER.limit({ key: clusterId });
    if (!success) return text(429, "Too many requests for this cluster's Ingresses, please try again later.\n", { "Retry-After": String(PERIOD_SECONDS) });
  }
  if (Number(request.headers.get("content-length") ?? "0") > MAX_BODY) return text(413, "Request Entity Too Large\n");
  const body = request.body ? await request.text() : "";
  if (body.length > MAX_BODY) return text(413, "Request Entity Too Large\n");

  const url = new URL(request.url);
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    if (!name.startsWith("cf-") && name !== "host") headers[name] = value;
  });
  const stub = env.CLUSTER.get(env.CLUSTER.idFromName(clusterId));
  const clientIP = request.headers.get("cf-connecting-ip") ?? "127.0.0.1";
  const answer = target.loadBalancer
    ? await stub.serveLoadBalancer({
        ...target.loadBalancer,
        method: request.method,
        path: `${url.pathname}${url.search}`,
        // An L4 load balancer passes the client's Host on untouched.
        headers: { ...headers, host: request.headers.get("host") ?? url.host },
        body,
        clientIP,
        port: Number(url.port || (url.protocol === "https:" ? 443 : 80)),
      })
    : await stub.serveIngress({
        method: request.method,
        host: target.host || url.host,
        path: `${url.pathname}${url.search}`,
        headers,
        body,
        clientIP,
        scheme: url.protocol === "https:" ? "https" : "http",
      });
  const out = new Headers();
  for (const [k, v] of answer.headers as Array<[string, string]>) if (!["content-length", "connection", "keep-alive", "transfer-encoding"].includes(k.toLowerCase())) out.append(k, v);
  const nullBody = request.method === "HEAD" || answer.status === 204 || answer.status === 304;
  return new Response(nullBody ? null : answer.body, { status: answer.status, headers: out });
}
