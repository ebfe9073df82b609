// All validation of an object about to be written: schema (kubernetes-models), ObjectMeta rules,
// immutable fields, and the type's own rules. A wrong JSON type is a 400 like kube's decode error;
// everything else is one 422 Invalid listing every cause.
import { at } from "../registry/define";
import type { JsonObject, ResourceType } from "../registry/types";
import { deepEqual, metadataOf } from "../objects";
import { errors, type StatusCause } from "../status";
import { goValue } from "../validation/field-errors";
import { validateObjectMeta, validateObjectMetaUpdate } from "../validation/object-meta";

export function validateObject(rt: ResourceType, obj: JsonObject, old?: JsonObject): void {
  const name = (metadataOf(obj).name as string | undefined) ?? "";
  const findings = rt.schema?.(obj);
  if (findings?.decodeError) throw errors.badRequest(findings.decodeError);
  const own = rt.validate?.(obj, old) ?? [];
  // The type's own rules word a field's problem as kube does; the schema's finding for it, or for a field
  // above or below it, goes. (Looked up through sets: an object can carry thousands of causes of each kind.)
  const ownFields = new Set(own.map((c) => c.field ?? ""));
  const aboveOwn = new Set([...ownFields].flatMap(pathPrefixes));
  const related = (field: string) => ownFields.has(field) || aboveOwn.has(field) || pathPrefixes(field).some((p) => ownFields.has(p));
  const causes: StatusCause[] = (findings?.causes ?? []).filter((c) => !related(c.field ?? ""));
  if (old) causes.push(...validateObjectMetaUpdate(obj, old), ...immutableCauses(rt, obj, old));
  causes.push(...validateObjectMeta(rt, obj), ...own);
  if (causes.length > 0) throw errors.invalid(rt.kind, rt.group, name, dedupe(causes));
}

/** The fields above a field path: "a.b[0].c" → "a", "a.b", "a.b[0]". */
function pathPrefixes(field: string): string[] {
  const out: string[] = [];
  for (let i = 1; i < field.length; i++) if (field[i] === "." || field[i] === "[") out.push(field.slice(0, i));
  return out;
}

function immutableCauses(rt: ResourceType, obj: JsonObject, old: JsonObject): StatusCause[] {
  return (rt.immutableFields ?? [])
    .filter((path) => at(old, path) !== undefined && !deepEqual(at(obj, path), at(old, path)))
    .map((path) => ({ reason: "FieldValueInvalid", field: path, message: `Invalid value: ${goValue(at(obj, path))}: field is immutable` }));
}


function dedupe(causes: StatusCause[]): StatusCause[] {
  const seen = new Set<string>();
  return causes.filter((c) => {
    const k = `${c.field}|${c.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
