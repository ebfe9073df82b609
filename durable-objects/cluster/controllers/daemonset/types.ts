// The slices of apps/v1 DaemonSet, core/v1 Pod and Node the controller reads, as plain accessors over the
// informers' JsonObjects, and the label keys kube's daemon controller writes.
import type { JsonObject } from "../../apiserver/registry/types";

/** apps.DefaultDaemonSetUniqueLabelKey (= apps.ControllerRevisionHashLabelKey). */
export const HASH_LABEL = "controller-revision-hash";
/** extensions.DaemonSetTemplateGenerationKey: the template generation, for pods made before hashes. */
export const TEMPLATE_GENERATION_LABEL = "pod-template-generation";
/** apps.DeprecatedTemplateGeneration, kept by the DaemonSet registry. */
export const TEMPLATE_GENERATION_ANNOTATION = "deprecated.daemonset.template.generation";

export type Labels = Record<string, string>;

const asObj = (v: unknown): JsonObject => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as JsonObject) : {});

export const meta = (o: JsonObject): JsonObject => asObj(o.metadata);
export const spec = (o: JsonObject): JsonObject => asObj(o.spec);
export const status = (o: JsonObject): JsonObject => asObj(o.status);
export const nameOf = (o: JsonObject): string => String(meta(o).name ?? "");
export const namespaceOf = (o: JsonObject): string => String(meta(o).namespace ?? "");
export const uidOf = (o: JsonObject): string => String(meta(o).uid ?? "");
export const labelsOf = (o: JsonObject): Labels => asObj(meta(o).labels) as Labels;
export const isDeleting = (o: JsonObject): boolean => !!meta(o).deletionTimestamp;

/** spec.template of a DaemonSet. */
export const templateOf = (ds: JsonObject): JsonObject => asObj(spec(ds).template);
export const minReadySeconds = (ds: JsonObject): number => Number(spec(ds).minReadySeconds ?? 0) || 0;

/** util.GetTemplateGeneration: the annotation, undefined when absent or not an integer. */
export function templateGeneration(ds: JsonObject): number | undefined {
  const v = asObj(meta(ds).annotations)[TEMPLATE_GENERATION_ANNOTATION];
  if (typeof v !== "string" || !/^-?\d+$/.test(v)) return undefined;
  return Number(v);
}

/** util.IsPodUpdated: the pod carries the current revision's hash, or the current template generation. */
export function isPodUpdated(pod: JsonObject, hash: string, generation: number | undefined): boolean {
  const labels = labelsOf(pod);
  const templateMatches = generation !== undefined && labels[TEMPLATE_GENERATION_LABEL] === String(generation);
  const hashMatches = hash.length > 0 && labels[HASH_LABEL] === hash;
  return hashMatches || templateMatches;
}

export const podPhase = (pod: JsonObject): string => String(status(pod).phase ?? "");
export const isPodTerminal = (pod: JsonObject): boolean => podPhase(pod) === "Failed" || podPhase(pod) === "Succeeded";
export const nodeNameOf = (pod: JsonObject): string => String(spec(pod).nodeName ?? "");

/** podByCreationTimestampAndPhase: scheduled pods first, then oldest, then by name. */
export function byCreationTimestampAndPhase(a: JsonObject, b: JsonObject): number {
  const sa = nodeNameOf(a) !== "";
  const sb = nodeNameOf(b) !== "";
  if (sa !== sb) return sa ? -1 : 1;
  const ta = Date.parse(String(meta(a).creationTimestamp ?? "")) || 0;
  const tb = Date.parse(String(meta(b).creationTimestamp ?? "")) || 0;
  if (ta !== tb) return ta - tb;
  return nameOf(a) < nameOf(b) ? -1 : nameOf(a) > nameOf(b) ? 1 : 0;
}
