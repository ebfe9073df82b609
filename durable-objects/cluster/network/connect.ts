// One answer to "what happens when a pod connects to host:port and sends this request": the pod's
// resolver asks the cluster's DNS for a name (its resolv.conf's search list and ndots), then the address
// decides: a Service's ClusterIP or load balancer address goes through kube-proxy, a node's address and a
// node port too (as external traffic), a pod's address straight to it. Anything else has no route.
// Clients run in containers (exec'd curl, wget, a program's own calls) ask here.
import type { ApiContext } from "../apiserver/context";
import { storageKey, storagePrefix } from "../apiserver/registry";
import type { JsonObject } from "../apiserver/registry/types";
import { mapOf as obj, objects, str } from "../apiserver/validation/values";
import { internalIP } from "../kubelet/util";
import { connectToPod, podIP } from "./dataplane";
import { resolveHost, resolvConfFor } from "./dns/resolver";
import { storeDnsView } from "./dns/view";
import type { HttpAnswer, HttpRequestModel } from "./http";
import { connectToService, servicePortFor, type ProxyClient } from "./kube-proxy";

export type ConnectResult = HttpAnswer | { kind: "unresolved"; name: string } | { kind: "unreachable"; ip: string };

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

const values = (ctx: ApiContext, plural: string): JsonObject[] => ctx.store.list(storagePrefix(ctx.registry.resource("", "v1", plural)!)).items.map((kv) => kv.value as JsonObject);

function nodeNamed(ctx: ApiContext, name: string): JsonObject | undefined {
  return ctx.store.get(storageKey(ctx.registry.resource("", "v1", "nodes")!, undefined, name))?.value as JsonObject | undefined;
}

/** What a connection from `client` to `ip:port` reaches. */
export function connectToAddress(ctx: ApiContext, ip: string, port: number, request: HttpRequestModel, client: ProxyClient): ConnectResult {
  for (const svc of values(ctx, "services")) {
    const spec = obj(svc.spec);
    const clusterIPs = (spec.clusterIPs as string[] | undefined) ?? (typeof spec.clusterIP === "string" ? [spec.clusterIP] : []);
    const lbIPs = objects(obj(obj(svc.status).loadBalancer).ingress).map((i) => str(i.ip));
    if (!clusterIPs.includes(ip) && !lbIPs.includes(ip)) continue;
    // A ClusterIP answers only on the Service's ports; kube-proxy has no rule for the others.
    const servicePort = servicePortFor(svc, port);
    if (!servicePort) return { kind: "unreachable", ip };
    return connectToService(ctx, svc, servicePort, request, client);
  }
  const node = values(ctx, "nodes").find((n) => internalIP(n) === ip);
  if (node) {
    const svc = values(ctx, "services").find((s) => servicePortFor(s, port, true));
    // Nothing listens on the node's own port in the model (its kubelet's and kube-proxy's ports aside).
    if (!svc) return { kind: "refused" };
    return connectToService(ctx, svc, servicePortFor(svc, port, true)!, request, { ip: client.ip, nodeName: str(obj(node.metadata).name), external: true });
  }
  const pod = values(ctx, "pods").find((p) => podIP(p) === ip && obj(p.status).phase === "Running");
  if (pod) return connectToPod(ctx, pod, port, { ...request, clientIP: client.ip });
  return { kind: "unreachable", ip };
}

/** What `pod` reaches when it connects to `host` (a name its resolver looks up, or an address) on `port`. */
export function connectFromPod(ctx: ApiContext, pod: JsonObject, host: string, port: number, request: HttpRequestModel): ConnectResult {
  const nodeName = str(obj(pod.spec).nodeName);
  const node = nodeName ? nodeNamed(ctx, nodeName) : undefined;
  let ip = host;
  if (!IPV4.test(host)) {
    const resolved = resolveHost(storeDnsView(ctx), resolvConfFor(pod, node ? internalIP(node) : ""), host);
    if (!resolved) return { kind: "unresolved", name: host };
    ip = resolved.addresses[0]!;
  }
  return connectToAddress(ctx, ip, port, request, { ip: podIP(pod), nodeName, external: false });
}
