// kube-proxy as a model: where a connection to a Service (its ClusterIP, a node port, its load balancer)
// goes. The endpoints are the Service port's EndpointSlice endpoints (kube-proxy's topology rules:
// ready ones, else serving-and-terminating ones; only the receiving node's for a `Local` traffic policy),
// chosen round robin (IPVS's `rr` scheduler; iptables' random choice would make tests flaky), or the same
// one again for a client while `sessionAffinity: ClientIP` holds (timeoutSeconds, 3 hours by default).
// External traffic under `externalTrafficPolicy: Cluster` is source-NATed to the node; `Local` keeps the
// client's address. No usable endpoint: kube-proxy's REJECT rule, a refused connection. The choices are
// kept per cluster in memory, as conntrack and IPVS keep theirs: nothing is written.
import type { ApiContext } from "../apiserver/context";
import { storageKey, storagePrefix } from "../apiserver/registry";
import type { JsonObject } from "../apiserver/registry/types";
import { mapOf as obj, objects, str } from "../apiserver/validation/values";
import { internalIP } from "../kubelet/util";
import { connectToPod, podIP, podNamed } from "./dataplane";
import type { HttpAnswer, HttpRequestModel } from "./http";

/** kube's default for sessionAffinityConfig.clientIP.timeoutSeconds. */
const DEFAULT_AFFINITY_SECONDS = 10800;

export interface ProxyClient {
  /** The connection's source address: a pod's IP, a node's, or the outside client's. */
  ip: string;
  /** The node the connection enters on (the client pod's; unset for a cloud load balancer's traffic). */
  nodeName?: string;
  /** Traffic from outside the cluster (node ports, load balancers): externalTrafficPolicy applies. */
  external: boolean;
}

interface Endpoint {
  ip: string;
  port: number;
  nodeName: string;
  podNamespace: string;
  podName: string;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
}

export interface Backend {
  pod: JsonObject;
  ip: string;
  port: number;
  /** The address the backend sees the connection come from. */
  sourceIP: string;
}

class ProxyState {
  readonly next = new Map<string, number>();
  readonly affinity = new Map<string, { ip: string; at: number }>();
}
const states = new WeakMap<object, ProxyState>();
const stateOf = (ctx: ApiContext): ProxyState => {
  let s = states.get(ctx.store);
  if (!s) states.set(ctx.store, (s = new ProxyState()));
  return s;
};

/** The endpoints behind one port of a Service, from its EndpointSlices (the slice port named as the Service port). */
function endpointsOf(ctx: ApiContext, svc: JsonObject, servicePort: JsonObject): Endpoint[] {
  const meta = obj(svc.metadata);
  const namespace = str(meta.namespace);
  const slices = ctx.registry.resource("discovery.k8s.io", "v1", "endpointslices")!;
  const portName = str(servicePort.name);
  const protocol = str(servicePort.protocol) || "TCP";
  const out: Endpoint[] = [];
  for (const kv of ctx.store.list(storagePrefix(slices, namespace)).items) {
    const slice = kv.value as JsonObject;
    if (obj(obj(slice.metadata).labels)["kubernetes.io/service-name"] !== meta.name || slice.addressType !== "IPv4") continue;
    const port = objects(slice.ports).find((p) => str(p.name) === portName && (str(p.protocol) || "TCP") === protocol);
    if (!port || typeof port.port !== "number") continue;
    for (const e of objects(slice.endpoints)) {
      const c = obj(e.conditions);
      const ref = obj(e.targetRef);
      for (const ip of (e.addresses as string[] | undefined) ?? []) {
        out.push({
          ip,
          port: port.port,
          nodeName: str(e.nodeName),
          podNamespace: str(ref.namespace) || namespace,
          podName: ref.kind === "Pod" ? str(ref.name) : "",
          ready: c.ready !== false,
          // An unset serving condition means what ready says (EndpointConditions).
          serving: c.serving === undefined ? c.ready !== false : c.serving !== false,
          terminating: c.terminating === true,
        });
      }
    }
  }
  return out.sort((a, b) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : a.port - b.port));
}

/** kube-proxy's CategorizeEndpoints: the ready ones, or if none is ready the serving terminating ones. */
const usable = (list: Endpoint[]): Endpoint[] => {
  const ready = list.filter((e) => e.ready);
  return ready.length > 0 ? ready : list.filter((e) => e.serving && e.terminating);
};

function nodeIP(ctx: ApiContext, name: string): string {
  const nodes = ctx.registry.resource("", "v1", "nodes")!;
  const node = ctx.store.get(storageKey(nodes, undefined, name))?.value as JsonObject | undefined;
  return node ? internalIP(node) : "";
}

/** The endpoint a connection from `client` to `servicePort` of `svc` reaches; null: refused. */
export function pickBackend(ctx: ApiContext, svc: JsonObject, servicePort: JsonObject, client: ProxyClient): Backend | null {
  const spec = obj(svc.spec);
  const all = endpointsOf(ctx, svc, servicePort);
  const localPolicy = client.external ? spec.externalTrafficPolicy === "Local" : spec.internalTrafficPolicy === "Local";
  // A cloud load balancer sends `Local` traffic only to nodes whose health check passes: those with endpoints.
  const eligible = usable(localPolicy && client.nodeName ? all.filter((e) => e.nodeName === client.nodeName) : all);
  if (eligible.length === 0) return null;

  const state = stateOf(ctx);
  const key = `${str(obj(svc.metadata).uid)}/${String(servicePort.port)}/${str(servicePort.protocol) || "TCP"}`;
  const now = ctx.clock.now();
  let chosen: Endpoint | undefined;
  if (spec.sessionAffinity === "ClientIP") {
    const timeout = Number(obj(obj(spec.sessionAffinityConfig).clientIP).timeoutSeconds ?? DEFAULT_AFFINITY_SECONDS);
    const held = state.affinity.get(`${key}/${client.ip}`);
    if (held && now - held.at < timeout * 1000) chosen = eligible.find((e) => e.ip === held.ip);
  }
  if (!chosen) {
    const i = state.next.get(key) ?? 0;
    chosen = eligible[i % eligible.length]!;
    state.next.set(key, (i + 1) % eligible.length);
  }
  if (spec.sessionAffinity === "ClientIP") state.affinity.set(`${key}/${client.ip}`, { ip: chosen.ip, at: now });

  const pod = chosen.podName ? podNamed(ctx, chosen.podNamespace, chosen.podName) : undefined;
  if (!pod || podIP(pod) !== chosen.ip) return null;
  // External traffic under the Cluster policy is masqueraded to the node that forwarded it.
  const sourceIP = client.external && !localPolicy ? nodeIP(ctx, client.nodeName || chosen.nodeName) || client.ip : client.ip;
  return { pod, ip: chosen.ip, port: chosen.port, sourceIP };
}

/** The Service port a connection to `port` (the Service's port, or its node port when `nodePort`) targets. */
export function servicePortFor(svc: JsonObject, port: number, nodePort = false): JsonObject | undefined {
  return objects(obj(svc.spec).ports).find((p) => (str(p.protocol) || "TCP") === "TCP" && (nodePort ? p.nodePort === port : p.port === port));
}

/** What a connection through kube-proxy to `servicePort` of `svc` gets for `request`. */
export function connectToService(ctx: ApiContext, svc: JsonObject, servicePort: JsonObject, request: HttpRequestModel, client: ProxyClient): HttpAnswer {
  const backend = pickBackend(ctx, svc, servicePort, client);
  if (!backend) return { kind: "refused" };
  return connectToPod(ctx, backend.pod, backend.port, { ...request, clientIP: backend.sourceIP });
}
