// Service addresses and ports, allocated by the API server inside the write that needs them (kube's
// service REST storage: BeginCreate / BeginUpdate), so a refused write allocates nothing and an
// accepted one never shares an address or port:
// - ClusterIPs are networking.k8s.io/v1 IPAddress objects (kube 1.33's allocator), written in the
//   Service's transaction and removed in the transaction that deletes the Service or lets its address
//   go (releaseOnCommit);
// - node ports (and healthCheckNodePorts) are read from the stored Services themselves, as kube's
//   repair loop rebuilds its bitmap: nothing to leak, nothing to release.
import type { ApiContext } from "../apiserver/context";
import { createObject } from "../apiserver/handlers/create";
import { metadataOf } from "../apiserver/objects";
import { storageKey, storagePrefix } from "../apiserver/registry";
import type { JsonObject, ResourceType } from "../apiserver/registry/types";
import { errors, type StatusCause } from "../apiserver/status";
import { fieldErr } from "../apiserver/validation/field-errors";
import { isObject, objects, str, strings } from "../apiserver/validation/values";
import type { Store, StoreEvent } from "../store/store";
import { inServiceRange, nextNodePort, nextServiceIP } from "./service-ranges";

const specOf = (o: JsonObject): JsonObject => (isObject(o.spec) ? o.spec : {});
const needsNodePorts = (spec: JsonObject) => spec.type === "NodePort" || spec.type === "LoadBalancer";
/** apiservice.NeedsHealthCheck */
const needsHealthCheck = (spec: JsonObject) => spec.type === "LoadBalancer" && spec.externalTrafficPolicy === "Local";
/** The addresses a Service holds: none for ExternalName and headless Services. */
const heldIPs = (svc: JsonObject | undefined): string[] => {
  if (!svc) return [];
  const spec = specOf(svc);
  return spec.type === "ExternalName" ? [] : strings(spec.clusterIPs).filter((ip) => ip !== "None" && ip !== "");
};

const APISERVER = { username: "system:apiserver", groups: ["system:authenticated", "system:masters"] };

function ipAddressTypes(ctx: ApiContext): ResourceType {
  return ctx.registry.resource("networking.k8s.io", "v1", "ipaddresses")!;
}

/** The Service an IPAddress object belongs to, as "namespace/name" ("" for another parent). */
function parentOf(ip: JsonObject | undefined): string {
  const ref = isObject(ip?.spec) && isObject(ip.spec.parentRef) ? ip.spec.parentRef : undefined;
  return ref && str(ref.resource) === "services" && !str(ref.group) ? `${str(ref.namespace)}/${str(ref.name)}` : "";
}

function invalid(svc: JsonObject, causes: StatusCause[]): never {
  throw errors.invalid("Service", "", str(metadataOf(svc).name), causes);
}

/**
 * Fills in and reserves what `svc` needs that it does not hold yet (`old`: the stored Service on an
 * update). Call after validation, in the transaction that writes the Service. Dry runs pick values
 * and reserve nothing.
 */
export function allocateServiceAddresses(ctx: ApiContext, svc: JsonObject, old: JsonObject | undefined, dryRun: boolean): void {
  const spec = specOf(svc);
  const meta = metadataOf(svc);
  const owner = `${str(meta.namespace)}/${str(meta.name)}`;
  allocateClusterIP(ctx, svc, spec, old, owner, dryRun);
  allocateNodePorts(ctx, svc, spec, old, owner);
}

function allocateClusterIP(ctx: ApiContext, svc: JsonObject, spec: JsonObject, old: JsonObject | undefined, owner: string, dryRun: boolean): void {
  if (spec.type === "ExternalName" || strings(spec.clusterIPs)[0] === "None") return;
  const held = new Set(heldIPs(old));
  const rt = ipAddressTypes(ctx);
  const stored = (ip: string) => ctx.store.get(storageKey(rt, undefined, ip))?.value;
  let ip = str(spec.clusterIP);
  if (ip && held.has(ip)) return;
  if (ip) {
    const failure = !inServiceRange(ip) ? `provided IP ${ip} is not in the valid range` : stored(ip) && parentOf(stored(ip)) !== owner ? "provided IP is already allocated" : "";
    if (failure) invalid(svc, [fieldErr.invalid("spec.clusterIPs", strings(spec.clusterIPs), `failed to allocate IP ${ip}: ${failure}`)]);
  } else {
    const next = nextServiceIP((candidate) => !stored(candidate));
    if (!next) throw errors.internal("failed to allocate a serviceIP: range is full");
    ip = next;
  }
  spec.clusterIP = ip;
  spec.clusterIPs = [ip, ...strings(spec.clusterIPs).slice(1)];
  if (dryRun || stored(ip)) return;
  const [namespace, name] = owner.split("/");
  const body: JsonObject = {
    apiVersion: "networking.k8s.io/v1",
    kind: "IPAddress",
    metadata: { name: ip, labels: { "ipaddress.kubernetes.io/ip-family": "IPv4", "ipaddress.kubernetes.io/managed-by": "ipallocator.k8s.io" } },
    spec: { parentRef: { group: "", resource: "services", namespace, name } },
  };
  createObject({ ...ctx, user: APISERVER }, { rt, query: new URLSearchParams({ fieldManager: "kube-apiserver" }), body });
}

/** Every node port the other Services hold (their ports' and their healthCheckNodePort). */
function nodePortsInUse(ctx: ApiContext, owner: string): Set<number> {
  const services = ctx.registry.resource("", "v1", "services")!;
  const used = new Set<number>();
  for (const kv of ctx.store.list(storagePrefix(services)).items) {
    const meta = metadataOf(kv.value);
    if (`${str(meta.namespace)}/${str(meta.name)}` === owner) continue;
    const spec = specOf(kv.value);
    for (const p of objects(spec.ports)) if (typeof p.nodePort === "number" && p.nodePort > 0) used.add(p.nodePort);
    if (typeof spec.healthCheckNodePort === "number" && spec.healthCheckNodePort > 0) used.add(spec.healthCheckNodePort);
  }
  return used;
}

function allocateNodePorts(ctx: ApiContext, svc: JsonObject, spec: JsonObject, old: JsonObject | undefined, owner: string): void {
  const ports = objects(spec.ports);
  const wantsPorts = needsNodePorts(spec) && ports.length > 0;
  if (!wantsPorts && !needsHealthCheck(spec)) return;
  const used = nodePortsInUse(ctx, owner);
  const oldSpec = old ? specOf(old) : {};
  const held = new Set<number>(objects(oldSpec.ports).map((p) => p.nodePort).filter((n): n is number => typeof n === "number" && n > 0));
  if (typeof oldSpec.healthCheckNodePort === "number") held.add(oldSpec.healthCheckNodePort);
  const taken = new Set<number>();
  const reserve = (port: number, path: string): void => {
    if (!held.has(port) && !taken.has(port) && used.has(port)) invalid(svc, [fieldErr.invalid(path, port, "provided port is already allocated")]);
    taken.add(port);
  };
  const next = (what: string): number => {
    const port = nextNodePort((p) => !used.has(p) && !taken.has(p) && !held.has(p));
    if (port === null) throw errors.internal(`failed to allocate a ${what}: range is full`);
    taken.add(port);
    return port;
  };
  // A Service's TCP and UDP ports of one number share one node port, as kube allocates them.
  const byServicePort = new Map<unknown, number>();
  const allocateAll = spec.type === "NodePort" || spec.allocateLoadBalancerNodePorts !== false;
  if (wantsPorts) {
    ports.forEach((p, i) => {
      const requested = typeof p.nodePort === "number" && p.nodePort > 0 ? p.nodePort : 0;
      if (requested) {
        reserve(requested, `spec.ports[${i}].nodePort`);
        byServicePort.set(p.port, requested);
      } else if (allocateAll) {
        p.nodePort = byServicePort.get(p.port) ?? next("nodePort");
        byServicePort.set(p.port, p.nodePort as number);
      }
    });
  }
  if (needsHealthCheck(spec)) {
    const requested = typeof spec.healthCheckNodePort === "number" && spec.healthCheckNodePort > 0 ? spec.healthCheckNodePort : 0;
    if (requested) reserve(requested, "spec.healthCheckNodePort");
    else spec.healthCheckNodePort = next("HealthCheck NodePort");
  }
}

/**
 * Registers the store hook that frees ClusterIPs: when a transaction removes a Service, or changes
 * it so it no longer holds an address (to ExternalName), the IPAddress objects it held go in the
 * same transaction.
 */
export function releaseOnCommit(store: Store, services: ResourceType, ipaddresses: ResourceType): void {
  const servicePrefix = storagePrefix(services);
  store.beforeCommit((events: StoreEvent[]) => {
    for (const event of events.slice()) {
      if (!event.kv.key.startsWith(servicePrefix) || event.type === "ADDED") continue;
      const before = event.prevRevision ? store.at(event.kv.key, event.prevRevision)?.value : undefined;
      const after = event.type === "DELETED" ? undefined : event.kv.value;
      const keep = new Set(heldIPs(after));
      const meta = metadataOf(event.kv.value);
      const owner = `${str(meta.namespace)}/${str(meta.name)}`;
      for (const ip of heldIPs(before ?? (event.type === "DELETED" ? event.kv.value : undefined))) {
        if (keep.has(ip)) continue;
        const key = storageKey(ipaddresses, undefined, ip);
        const kv = store.get(key);
        if (kv && parentOf(kv.value) === owner) store.delete(key, kv.modRevision);
      }
    }
  });
}
