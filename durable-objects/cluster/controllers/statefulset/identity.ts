// A StatefulSet pod's identity and storage (kube's pkg/controller/statefulset/stateful_set_utils.go):
// the ordinal in `<set>-<ordinal>`, the pod's stable name, hostname and subdomain, its labels, and the
// claims of its volumeClaimTemplates (`<template>-<set>-<ordinal>`).
import type { JsonObject } from "../../apiserver/registry/types";
import { podFromTemplate } from "../runtime/pod-template";

export const POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
export const POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";
export const REVISION_LABEL = "controller-revision-hash";

const asObj = (v: unknown): JsonObject => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as JsonObject) : {});
export const meta = (o: JsonObject) => asObj(o.metadata);
export const spec = (o: JsonObject) => asObj(o.spec);
export const status = (o: JsonObject) => asObj(o.status);
export const nameOf = (o: JsonObject) => String(meta(o).name ?? "");
export const namespaceOf = (o: JsonObject) => String(meta(o).namespace ?? "");
export const labelsOf = (o: JsonObject) => asObj(meta(o).labels) as Record<string, string>;

/** getParentNameAndOrdinal: `web-12` → parent `web`, ordinal 12; -1 when the name has no ordinal. */
export function parentAndOrdinal(pod: JsonObject): { parent: string; ordinal: number } {
  const m = /^(.*)-([0-9]+)$/.exec(nameOf(pod));
  if (!m) return { parent: "", ordinal: -1 };
  const ordinal = Number(m[2]);
  return { parent: m[1]!, ordinal: Number.isSafeInteger(ordinal) && ordinal <= 2147483647 ? ordinal : -1 };
}

export const ordinalOf = (pod: JsonObject) => parentAndOrdinal(pod).ordinal;
export const podName = (set: JsonObject, ordinal: number) => `${nameOf(set)}-${ordinal}`;

/** spec.ordinals.start (StatefulSetStartOrdinal), 0 by default. */
export function startOrdinal(set: JsonObject): number {
  const start = asObj(spec(set).ordinals).start;
  return typeof start === "number" ? start : 0;
}

export const replicasOf = (set: JsonObject) => (typeof spec(set).replicas === "number" ? (spec(set).replicas as number) : 1);

/** isMemberOf: the pod's name says it belongs to the set. */
export function isMemberOf(set: JsonObject, pod: JsonObject): boolean {
  return parentAndOrdinal(pod).parent === nameOf(set);
}

export const claimTemplates = (set: JsonObject) => (Array.isArray(spec(set).volumeClaimTemplates) ? (spec(set).volumeClaimTemplates as JsonObject[]) : []);

/** getPersistentVolumeClaimName */
export const claimName = (set: JsonObject, template: JsonObject, ordinal: number) => `${nameOf(template)}-${nameOf(set)}-${ordinal}`;

/** getPersistentVolumeClaims: the claims a pod of `ordinal` mounts, by template name (labels: template's plus the set's selector). */
export function claimsFor(set: JsonObject, ordinal: number): Map<string, JsonObject> {
  const out = new Map<string, JsonObject>();
  const matchLabels = asObj(asObj(spec(set).selector).matchLabels) as Record<string, string>;
  for (const t of claimTemplates(set)) {
    const tm = meta(t);
    const metadata: JsonObject = { name: claimName(set, t, ordinal), namespace: namespaceOf(set) };
    metadata.labels = { ...(asObj(tm.labels) as Record<string, string>), ...matchLabels };
    if (tm.annotations) metadata.annotations = structuredClone(tm.annotations);
    out.set(nameOf(t), { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata, spec: structuredClone(spec(t)) });
  }
  return out;
}

/** updateStorage: the pod's volumes for its claims replace any template volume of the same name. */
function updateStorage(set: JsonObject, pod: JsonObject, ordinal: number): void {
  const podSpec = spec(pod);
  const claims = claimsFor(set, ordinal);
  const volumes: JsonObject[] = [];
  for (const [name, claim] of claims) volumes.push({ name, persistentVolumeClaim: { claimName: nameOf(claim) } });
  for (const v of (Array.isArray(podSpec.volumes) ? podSpec.volumes : []) as JsonObject[]) if (!claims.has(String(v.name))) volumes.push(v);
  if (volumes.length > 0) podSpec.volumes = volumes;
}

/** updateIdentity: name, hostname, subdomain, and the pod-name and pod-index labels. */
function updateIdentity(set: JsonObject, pod: JsonObject, ordinal: number): void {
  const m = meta(pod);
  m.name = podName(set, ordinal);
  delete m.generateName;
  m.namespace = namespaceOf(set);
  const podSpec = spec(pod);
  podSpec.hostname = m.name;
  if (spec(set).serviceName) podSpec.subdomain = spec(set).serviceName;
  m.labels = { ...(asObj(m.labels) as Record<string, string>), [POD_NAME_LABEL]: String(m.name), [POD_INDEX_LABEL]: String(ordinal) };
}

/** newVersionedStatefulSetPod's body: the template (of the revision chosen), identity, storage and revision label. */
export function podFor(set: JsonObject, template: JsonObject, ownerRef: JsonObject, ordinal: number, revisionName: string): JsonObject {
  const pod = podFromTemplate(template, set, ownerRef, { name: podName(set, ordinal) });
  pod.spec ??= {};
  updateIdentity(set, pod, ordinal);
  updateStorage(set, pod, ordinal);
  meta(pod).labels = { ...labelsOf(pod), [REVISION_LABEL]: revisionName };
  return pod;
}

export const podRevision = (pod: JsonObject) => labelsOf(pod)[REVISION_LABEL] ?? "";
