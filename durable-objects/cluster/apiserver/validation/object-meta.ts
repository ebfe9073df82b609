// ObjectMeta validation shared by every type (ValidateObjectMeta / ValidateObjectMetaUpdate).
import type { ResourceType, JsonObject } from "../registry/types";
import type { StatusCause } from "../status";
import { dns1123Label, dns1123Subdomain, labelValue, qualifiedName } from "./names";

const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

const invalid = (field: string, value: unknown, message: string): StatusCause => ({
  reason: "FieldValueInvalid",
  field,
  message: `Invalid value: ${JSON.stringify(value)}: ${message}`,
});

/** Namespaces (and a few kinds) use DNS-1123 labels for names; most kinds allow subdomains. */
export function nameRule(rt: ResourceType): (name: string) => string[] {
  if (rt.validateName) return rt.validateName;
  return rt.kind === "Namespace" ? dns1123Label : dns1123Subdomain;
}

export function validateObjectMeta(rt: ResourceType, obj: JsonObject): StatusCause[] {
  const causes: StatusCause[] = [];
  const meta = obj.metadata as JsonObject;
  const name = meta.name;
  if (typeof name !== "string" || name === "") {
    causes.push({ reason: "FieldValueRequired", field: "metadata.name", message: "Required value: name or generateName is required" });
  } else {
    for (const msg of nameRule(rt)(name)) causes.push(invalid("metadata.name", name, msg));
  }
  if (rt.namespaced) {
    if (!meta.namespace) causes.push({ reason: "FieldValueRequired", field: "metadata.namespace", message: "Required value" });
  } else if (meta.namespace) {
    causes.push({ reason: "FieldValueForbidden", field: "metadata.namespace", message: "Forbidden: not allowed on this type" });
  }
  causes.push(...validateStringMap(meta.labels, "metadata.labels", true));
  causes.push(...validateStringMap(meta.annotations, "metadata.annotations", false));
  if (meta.finalizers !== undefined) {
    if (!Array.isArray(meta.finalizers) || meta.finalizers.some((f) => typeof f !== "string")) {
      causes.push(invalid("metadata.finalizers", meta.finalizers, "must be a list of strings"));
    } else {
      meta.finalizers.forEach((f: string, i: number) => {
        for (const msg of qualifiedName(f)) causes.push(invalid(`metadata.finalizers[${i}]`, f, msg));
      });
    }
  }
  return causes;
}

function validateStringMap(value: unknown, field: string, isLabels: boolean): StatusCause[] {
  if (value === undefined || value === null) return [];
  if (typeof value !== "object" || Array.isArray(value)) return [invalid(field, value, "must be a map of string keys to string values")];
  const causes: StatusCause[] = [];
  let total = 0;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    for (const msg of qualifiedName(k)) causes.push(invalid(field, k, msg));
    if (typeof v !== "string") {
      causes.push(invalid(`${field}.${k}`, v, "must be a string"));
      continue;
    }
    total += k.length + v.length;
    if (isLabels) for (const msg of labelValue(v)) causes.push(invalid(`${field}`, v, msg));
  }
  if (!isLabels && total > TOTAL_ANNOTATION_SIZE_LIMIT) {
    causes.push({ reason: "FieldValueTooLong", field, message: `Too long: must have at most ${TOTAL_ANNOTATION_SIZE_LIMIT} bytes` });
  }
  return causes;
}

/** System fields a client may not change on update. */
export function validateObjectMetaUpdate(next: JsonObject, old: JsonObject): StatusCause[] {
  const causes: StatusCause[] = [];
  const n = next.metadata as JsonObject;
  const o = old.metadata as JsonObject;
  for (const field of ["name", "namespace", "uid"] as const) {
    if (n[field] !== undefined && n[field] !== o[field]) {
      causes.push({ reason: "FieldValueInvalid", field: `metadata.${field}`, message: `Invalid value: ${JSON.stringify(n[field])}: field is immutable` });
    }
  }
  return causes;
}

/** The ObjectMeta fields this server knows; with fieldValidation=Strict anything else is an error. */
export const OBJECT_META_FIELDS = new Set([
  "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation", "creationTimestamp",
  "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences", "finalizers", "managedFields",
]);
