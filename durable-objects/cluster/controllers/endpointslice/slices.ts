// What an EndpointSlice holds, after kube's staging/src/k8s.io/endpointslice/utils.go: a pod as an
// endpoint, a service's ports as resolved on a pod, the slice's labels and owner, a new slice.
import { metadataOf } from "../../apiserver/objects";
import type { JsonObject } from "../../apiserver/registry/types";
import { readyCondition } from "../runtime/pods";
import {
  findPort,
  HEADLESS_LABEL,
  isIPv6,
  isServiceIPSet,
  labelsOf,
  nameOf,
  namespaceOf,
  podIPs,
  publishNotReady,
  servicePorts,
  shouldSetHostname,
} from "./util";

/** discovery.LabelServiceName and discovery.LabelManagedBy */
export const SERVICE_NAME_LABEL = "kubernetes.io/service-name";
export const MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by";
/** The managed-by value of kube's EndpointSlice controller. */
export const CONTROLLER_NAME = "endpointslice-controller.k8s.io";
/** --max-endpoints-per-slice default. */
export const MAX_ENDPOINTS_PER_SLICE = 100;

export type AddressType = "IPv4" | "IPv6";

const specOf = (o: JsonObject) => (o.spec ?? {}) as JsonObject;
export const endpointsOf = (slice: JsonObject) => (slice.endpoints ?? []) as JsonObject[];
export const portsOf = (slice: JsonObject) => (slice.ports ?? []) as JsonObject[];

/** getAddressTypesForService: the service's IP families; without them, the ClusterIP's family, or both if headless. */
export function addressTypesFor(svc: JsonObject): AddressType[] {
  const families = ((specOf(svc).ipFamilies ?? []) as string[]).filter((f): f is AddressType => f === "IPv4" || f === "IPv6");
  if (families.length > 0) return [...new Set(families)];
  if (isServiceIPSet(svc)) return [isIPv6(String(specOf(svc).clusterIP)) ? "IPv6" : "IPv4"];
  return ["IPv4", "IPv6"];
}

/** getEndpointPorts: one port per service port that resolves on this pod; none for a headless service without ports. */
export function endpointPorts(svc: JsonObject, pod: JsonObject): JsonObject[] {
  const out: JsonObject[] = [];
  for (const sp of servicePorts(svc)) {
    const port = findPort(pod, sp);
    if (port === undefined) continue;
    const ep: JsonObject = { name: sp.name ?? "", protocol: sp.protocol ?? "TCP", port };
    if (sp.appProtocol !== undefined) ep.appProtocol = sp.appProtocol;
    out.push(ep);
  }
  return out;
}

/** NewPortMapKey: the same port set in any order gives the same key. */
export function portMapKey(ports: JsonObject[] | null | undefined): string {
  return JSON.stringify((ports ?? []).map((p) => JSON.stringify([p.name ?? "", p.protocol ?? "TCP", p.port ?? null, p.appProtocol ?? null])).sort());
}

/** podToEndpoint: serving = Ready; ready = serving and not terminating (always, with publishNotReadyAddresses). */
export function podToEndpoint(pod: JsonObject, svc: JsonObject, addressType: AddressType, zone: string | undefined): JsonObject {
  const meta = metadataOf(pod);
  const serving = readyCondition(pod)?.status === "True";
  const terminating = Boolean(meta.deletionTimestamp);
  const ep: JsonObject = {
    addresses: podIPs(pod).filter((ip) => isIPv6(ip) === (addressType === "IPv6")),
    conditions: { ready: publishNotReady(svc) || (serving && !terminating), serving, terminating },
  };
  if (shouldSetHostname(pod, svc)) ep.hostname = specOf(pod).hostname;
  ep.targetRef = { kind: "Pod", namespace: meta.namespace, name: meta.name, uid: meta.uid };
  const nodeName = specOf(pod).nodeName;
  if (typeof nodeName === "string" && nodeName) ep.nodeName = nodeName;
  if (zone) ep.zone = zone;
  return ep;
}

/** hashEndpoint: addresses, hostname and the pod's namespace/name identify an endpoint; the rest may change in place. */
export function endpointKey(ep: JsonObject): string {
  const ref = (ep.targetRef ?? {}) as JsonObject;
  return JSON.stringify([[...((ep.addresses ?? []) as string[])].sort(), ep.hostname ?? "", ref.namespace ?? "", ref.name ?? ""]);
}

/** EndpointsEqualBeyondHash: node, zone, conditions and target (its resourceVersion aside). */
export function endpointsEqualBeyondKey(a: JsonObject, b: JsonObject): boolean {
  const ref = (e: JsonObject) => {
    const { resourceVersion: _, ...rest } = (e.targetRef ?? {}) as JsonObject;
    return rest;
  };
  const cond = (e: JsonObject) => {
    const c = (e.conditions ?? {}) as JsonObject;
    return [c.ready ?? null, c.serving ?? null, c.terminating ?? null];
  };
  return (
    (a.nodeName ?? null) === (b.nodeName ?? null) &&
    (a.zone ?? null) === (b.zone ?? null) &&
    JSON.stringify(cond(a)) === JSON.stringify(cond(b)) &&
    sameMap(ref(a), ref(b))
  );
}

function sameMap(a: Record<string, unknown> | undefined, b: Record<string, unknown> | undefined): boolean {
  const ea = Object.entries(a ?? {}).filter(([, v]) => v !== undefined);
  const eb = Object.entries(b ?? {}).filter(([, v]) => v !== undefined);
  return ea.length === eb.length && ea.every(([k, v]) => JSON.stringify(v) === JSON.stringify((b ?? {})[k]));
}

/** setEndpointSliceLabels: the service's labels (reserved keys aside), headless marker, service name, manager. */
export function sliceLabels(slice: JsonObject | undefined, svc: JsonObject): { labels: Record<string, string>; changed: boolean } {
  const reserved = (k: string) => k === SERVICE_NAME_LABEL || k === MANAGED_BY_LABEL || k === HEADLESS_LABEL;
  const keep = (labels: Record<string, string> | undefined) => Object.fromEntries(Object.entries(labels ?? {}).filter(([k]) => !reserved(k)));
  const fromService = keep(labelsOf(svc));
  const changed = slice !== undefined && !sameMap(keep(labelsOf(slice)), fromService);
  const labels: Record<string, string> = { ...fromService };
  if (!isServiceIPSet(svc)) labels[HEADLESS_LABEL] = "";
  labels[SERVICE_NAME_LABEL] = nameOf(svc);
  labels[MANAGED_BY_LABEL] = CONTROLLER_NAME;
  return { labels, changed };
}

/** ownedBy: the slice names this very service (by uid) among its owners. */
export function ownedBy(slice: JsonObject, svc: JsonObject): boolean {
  const uid = metadataOf(svc).uid;
  return ((metadataOf(slice).ownerReferences ?? []) as JsonObject[]).some((r) => r.uid === uid && r.kind === "Service" && r.apiVersion === "v1");
}

function ownerReference(svc: JsonObject): JsonObject {
  const meta = metadataOf(svc);
  return { apiVersion: "v1", kind: "Service", name: meta.name, uid: meta.uid, controller: true, blockOwnerDeletion: true };
}

/** newEndpointSlice: named `<service>-<random>`, owned by the service; no ports is null, as the API serves it. */
export function newSlice(svc: JsonObject, ports: JsonObject[], addressType: AddressType): JsonObject {
  return {
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: { generateName: `${nameOf(svc)}-`, namespace: namespaceOf(svc), labels: sliceLabels(undefined, svc).labels, ownerReferences: [ownerReference(svc)] },
    addressType,
    endpoints: [],
    ports: ports.length > 0 ? ports : null,
  };
}

/** placeholderSliceCompare: an existing empty slice that already is the placeholder we would create. */
export function isSamePlaceholder(existing: JsonObject, placeholder: JsonObject): boolean {
  const a = metadataOf(existing);
  const b = metadataOf(placeholder);
  return (
    a.namespace === b.namespace &&
    sameMap(a.labels as JsonObject, b.labels as JsonObject) &&
    JSON.stringify(a.ownerReferences ?? []) === JSON.stringify(b.ownerReferences ?? []) &&
    existing.addressType === placeholder.addressType &&
    endpointsOf(existing).length === 0 &&
    portsOf(existing).length === 0
  );
}
