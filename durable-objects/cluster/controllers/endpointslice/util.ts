// What the EndpointSlice and Endpoints controllers share, after kube's k8s.io/endpointslice/util and
// utils.go: which services a pod belongs to, which pods make endpoints, how a service port resolves
// against a pod, and the last-change-trigger-time bookkeeping.
import { metadataOf } from "../../apiserver/objects";
import type { JsonObject } from "../../apiserver/registry/types";
import type { Informer } from "../runtime/informer";
import { isPodReady, readyCondition } from "../runtime/pods";
import { mapSelectorMatches } from "../runtime/selectors";

/** v1.EndpointsLastChangeTriggerTime */
export const TRIGGER_TIME_ANNOTATION = "endpoints.kubernetes.io/last-change-trigger-time";
/** v1.IsHeadlessService */
export const HEADLESS_LABEL = "service.kubernetes.io/headless";

export interface ServicePort {
  name?: string;
  protocol?: string;
  port?: number;
  targetPort?: number | string;
  appProtocol?: string;
}

type Labels = Record<string, string> | undefined;

const specOf = (o: JsonObject) => (o.spec ?? {}) as JsonObject;
const statusOf = (o: JsonObject) => (o.status ?? {}) as JsonObject;
export const labelsOf = (o: JsonObject) => metadataOf(o).labels as Labels;
export const nameOf = (o: JsonObject) => String(metadataOf(o).name ?? "");
export const namespaceOf = (o: JsonObject) => String(metadataOf(o).namespace ?? "");

/**
 * The service's pod selector, or undefined when it selects nothing (no selector: endpoints are managed
 * by hand). An empty map counts as none: Go drops it (omitempty) and kube then sees nil.
 */
export function selectorOf(svc: JsonObject): Record<string, string> | undefined {
  const sel = specOf(svc).selector as Record<string, string> | null | undefined;
  return sel && Object.keys(sel).length > 0 ? sel : undefined;
}

/** Services that get controller-made endpoints: a selector, and not ExternalName (issues.k8s.io/105986). */
export function hasControllerEndpoints(svc: JsonObject): boolean {
  return specOf(svc).type !== "ExternalName" && selectorOf(svc) !== undefined;
}

export const servicePorts = (svc: JsonObject) => (specOf(svc).ports ?? []) as ServicePort[];
export const publishNotReady = (svc: JsonObject) => specOf(svc).publishNotReadyAddresses === true;

/** helper.IsServiceIPSet: a ClusterIP that is neither "None" nor empty. Otherwise the service is headless. */
export function isServiceIPSet(svc: JsonObject): boolean {
  const ip = specOf(svc).clusterIP;
  return typeof ip === "string" && ip !== "" && ip !== "None";
}

/** The pods of the service's namespace that its selector matches. */
export function selectedPods(pods: Informer, svc: JsonObject): JsonObject[] {
  const selector = selectorOf(svc);
  if (!selector) return [];
  return pods.list(namespaceOf(svc)).filter((p) => mapSelectorMatches(selector, labelsOf(p)));
}

/** GetPodServiceMemberships: keys of the services in the pod's namespace whose selector matches it. */
export function podServiceKeys(services: Informer, pod: JsonObject): Set<string> {
  const keys = new Set<string>();
  const namespace = namespaceOf(pod);
  for (const svc of services.list(namespace)) {
    if (mapSelectorMatches(selectorOf(svc), labelsOf(pod))) keys.add(`${namespace}/${nameOf(svc)}`);
  }
  return keys;
}

export const podIPs = (pod: JsonObject): string[] => {
  const ips = ((statusOf(pod).podIPs ?? []) as JsonObject[]).map((p) => String(p.ip ?? "")).filter(Boolean);
  if (ips.length > 0) return ips;
  const ip = statusOf(pod).podIP;
  return typeof ip === "string" && ip ? [ip] : [];
};

export const isIPv6 = (ip: string) => ip.includes(":");

const isTerminal = (pod: JsonObject) => statusOf(pod).phase === "Succeeded" || statusOf(pod).phase === "Failed";

/**
 * ShouldPodBeInEndpoints: not finished (Succeeded/Failed), has an IP, and, unless asked to include
 * them, not terminating (deletionTimestamp set).
 */
export function shouldPodBeInEndpoints(pod: JsonObject, includeTerminating: boolean): boolean {
  if (isTerminal(pod)) return false;
  if (podIPs(pod).length === 0) return false;
  return includeTerminating || !metadataOf(pod).deletionTimestamp;
}

/** ShouldSetHostname: the pod names itself (spec.hostname) under this service's subdomain. */
export function shouldSetHostname(pod: JsonObject, svc: JsonObject): boolean {
  const spec = specOf(pod);
  return typeof spec.hostname === "string" && spec.hostname !== "" && spec.subdomain === nameOf(svc) && namespaceOf(pod) === namespaceOf(svc);
}

/**
 * FindPort: a numeric targetPort as is; a named one looked up among the containers' ports (and those
 * of sidecars, init containers with restartPolicy Always) with the service port's protocol.
 * Undefined when the name is not found: the pod then has no endpoint for that port.
 */
export function findPort(pod: JsonObject, sp: ServicePort): number | undefined {
  const target = sp.targetPort ?? sp.port;
  if (typeof target === "number") return target;
  if (typeof target !== "string") return undefined;
  const protocol = sp.protocol ?? "TCP";
  const spec = specOf(pod);
  const sidecars = ((spec.initContainers ?? []) as JsonObject[]).filter((c) => c.restartPolicy === "Always");
  for (const c of [...((spec.containers ?? []) as JsonObject[]), ...sidecars]) {
    for (const p of (c.ports ?? []) as JsonObject[]) {
      if (p.name === target && (p.protocol ?? "TCP") === protocol) return p.containerPort as number;
    }
  }
  return undefined;
}

/**
 * podEndpointsChanged: whether a pod update can change its endpoints (deletion started, readiness,
 * IPs; also becoming terminal, which kube notices through readiness) and whether it can change which
 * services select it (labels, hostname, subdomain).
 */
export function podEndpointsChanged(old: JsonObject, cur: JsonObject): { podChanged: boolean; labelsChanged: boolean } {
  const labelsChanged =
    JSON.stringify(labelsOf(old) ?? {}) !== JSON.stringify(labelsOf(cur) ?? {}) ||
    specOf(old).hostname !== specOf(cur).hostname ||
    specOf(old).subdomain !== specOf(cur).subdomain;
  const podChanged =
    metadataOf(old).deletionTimestamp !== metadataOf(cur).deletionTimestamp ||
    isPodReady(old) !== isPodReady(cur) ||
    isTerminal(old) !== isTerminal(cur) ||
    podIPs(old).join(",") !== podIPs(cur).join(",");
  return { podChanged, labelsChanged };
}

/** GetServicesToUpdateOnPodChange: the services a pod update concerns (old and new memberships). */
export function servicesToUpdateOnPodChange(services: Informer, old: JsonObject, cur: JsonObject): Set<string> {
  if (metadataOf(old).resourceVersion === metadataOf(cur).resourceVersion) return new Set();
  const { podChanged, labelsChanged } = podEndpointsChanged(old, cur);
  if (!podChanged && !labelsChanged) return new Set();
  const now = podServiceKeys(services, cur);
  if (!labelsChanged) return now;
  const before = podServiceKeys(services, old);
  if (podChanged) return new Set([...now, ...before]);
  // Only the labels changed: the services it joined or left, not those it stayed in.
  return new Set([...now, ...before].filter((k) => now.has(k) !== before.has(k)));
}

/** time.RFC3339Nano in UTC: fractional seconds only when non-zero, trailing zeros dropped. */
export function rfc3339Nano(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d*?)0*Z$/, (_, frac: string) => (frac ? `.${frac}Z` : "Z"));
}

const parseTime = (t: unknown) => (typeof t === "string" ? Date.parse(t) : NaN);

/**
 * TriggerTimeTracker: the time of the earliest change (a pod's Ready transition, or the service's
 * creation) not yet reflected in the service's endpoints, for the last-change-trigger-time annotation.
 * In memory like kube's, so after a restart the first sync of a service reports its creation time.
 */
export class TriggerTimeTracker {
  private readonly states = new Map<string, { service: number; pods: Map<string, number> }>();

  /** The trigger time to export (ms), or undefined for none. */
  compute(key: string, svc: JsonObject, pods: JsonObject[]): number | undefined {
    const state = this.states.get(key);
    let min: number | undefined;
    const podTimes = new Map<string, number>();
    for (const pod of pods) {
      const t = parseTime(readyCondition(pod)?.lastTransitionTime);
      if (!Number.isFinite(t)) continue;
      podTimes.set(nameOf(pod), t);
      if (t > (state?.pods.get(nameOf(pod)) ?? -Infinity)) min = min === undefined ? t : Math.min(min, t);
    }
    const created = parseTime(metadataOf(svc).creationTimestamp);
    if (Number.isFinite(created) && created > (state?.service ?? -Infinity)) min = min === undefined ? created : Math.min(min, created);
    this.states.set(key, { service: Number.isFinite(created) ? created : -Infinity, pods: podTimes });
    if (!state) return Number.isFinite(created) ? created : undefined;
    return min;
  }

  delete(key: string): void {
    this.states.delete(key);
  }
}

/** Sets (or, with no trigger time, clears) the trigger-time annotation; drops an empty annotations map. */
export function setTriggerTime(obj: JsonObject, triggerMs: number | undefined): void {
  const meta = metadataOf(obj);
  const annotations = { ...((meta.annotations ?? {}) as Record<string, string>) };
  if (triggerMs !== undefined) annotations[TRIGGER_TIME_ANNOTATION] = rfc3339Nano(triggerMs);
  else delete annotations[TRIGGER_TIME_ANNOTATION];
  if (Object.keys(annotations).length > 0) meta.annotations = annotations;
  else delete meta.annotations;
}

/** JSON with object keys sorted, for comparing what was written with what is served (key order aside). */
export function canonicalJSON(value: unknown, skipKey?: string): string {
  return JSON.stringify(value ?? null, (k, v: unknown) => {
    if (k === skipKey) return undefined;
    if (!v || typeof v !== "object" || Array.isArray(v)) return v;
    return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
}

/** A 403 for a namespace being deleted, or a namespace already gone: creates will keep failing, so drop the work. */
export function isNamespaceGone(code: number, message: string): boolean {
  return (code === 403 && message.includes("because it is being terminated")) || (code === 404 && message.startsWith("namespaces "));
}
