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
  // The type's own rules word a field's problem as kube does; the schema's finding for it goes.
  const ownFields = own.map((c) => c.field ?? "");
  const related = (a: string, b: string) => a === b || a.startsWith(`${b}.`) || a.startsWith(`${b}[`) || b.startsWith(`${a}.`) || b.startsWith(`${a}[`);
  const causes: StatusCause[] = (findings?.causes ?? []).filter((c) => !ownFields.some((f) => related(c.field ?? "", f)));
  if (old) causes.push(...validateObjectMetaUpdate(obj, old), ...immutableCauses(rt, obj, old));
  causes.push(...validateObjectMeta(rt, obj), ...own);
  if (causes.length > 0) throw errors.invalid(rt.kind, rt.group, name, dedupe(causes));
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
