// Custom resources against their CRD's openAPIV3Schema: pruning of unknown fields (as kube does at
// decode, reported by fieldValidation Strict/Warn) and validation with @cfworker/json-schema, which
// validates without generating code (Workers-safe). Messages follow kube's CRD validation wording.
import { Validator, type Schema } from "@cfworker/json-schema";
import type { JsonObject } from "../registry/types";
import type { StatusCause } from "../status";

const isMap = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);
/** Fields every object has; the schema need not list them. */
const ROOT_FIELDS = new Set(["apiVersion", "kind", "metadata"]);

/** Removes fields the schema does not know; returns their paths (".spec.foo", ".spec.items[0].x"). */
export function prune(obj: JsonObject, schema: JsonObject): string[] {
  const removed: string[] = [];
  walk(obj, schema, "", removed, true);
  return removed;
}

function walk(value: unknown, schema: JsonObject | undefined, path: string, removed: string[], root = false): void {
  if (!schema || schema["x-kubernetes-preserve-unknown-fields"] === true && !schema.properties) return;
  if (Array.isArray(value)) {
    const items = schema.items as JsonObject | undefined;
    value.forEach((item, i) => walk(item, items, `${path}[${i}]`, removed));
    return;
  }
  if (!isMap(value)) return;
  if (isMap(schema.additionalProperties)) {
    for (const [k, v] of Object.entries(value)) walk(v, schema.additionalProperties, `${path}.${k}`, removed);
    return;
  }
  if (schema.additionalProperties === true || schema["x-kubernetes-preserve-unknown-fields"] === true) {
    const props = (schema.properties ?? {}) as Record<string, JsonObject>;
    for (const [k, v] of Object.entries(value)) if (props[k]) walk(v, props[k], `${path}.${k}`, removed);
    return;
  }
  const props = (schema.properties ?? {}) as Record<string, JsonObject>;
  for (const [k, v] of Object.entries(value)) {
    if (root && ROOT_FIELDS.has(k)) continue;
    if (!props[k]) {
      removed.push(`${path}.${k}`);
      delete value[k];
    } else walk(v, props[k], `${path}.${k}`, removed);
  }
}

/** OpenAPI's `nullable` in JSON-schema terms, recursively (the validator does not know it). */
function toJsonSchema(schema: JsonObject): Schema {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k.startsWith("x-kubernetes-") || k === "nullable" || k === "description" || k === "example" || k === "externalDocs") continue;
    if (k === "properties" && isMap(v)) out[k] = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, toJsonSchema(s as JsonObject)]));
    else if ((k === "items" || k === "additionalProperties" || k === "not") && isMap(v)) out[k] = toJsonSchema(v);
    else if ((k === "allOf" || k === "anyOf" || k === "oneOf") && Array.isArray(v)) out[k] = v.map((s) => toJsonSchema(s as JsonObject));
    else out[k] = v;
  }
  if (schema["x-kubernetes-int-or-string"] === true) {
    delete out.type;
    out.anyOf = [{ type: "integer" }, { type: "string" }];
  }
  if (schema.nullable === true && typeof out.type === "string") out.type = [out.type, "null"];
  if (schema["x-kubernetes-preserve-unknown-fields"] === true && !out.type) out.type = "object";
  return out as Schema;
}

const CONTAINER_KEYWORDS = new Set(["properties", "items", "additionalProperties", "allOf", "anyOf", "oneOf", "$ref", "prefixItems"]);

function pointerToPath(pointer: string): string {
  let out = "";
  for (const raw of pointer.replace(/^#\/?/, "").split("/").filter(Boolean)) {
    const part = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    out += /^\d+$/.test(part) ? `[${part}]` : out ? `.${part}` : part;
  }
  return out;
}

function valueAtPointer(obj: unknown, pointer: string): unknown {
  let v = obj;
  for (const raw of pointer.replace(/^#\/?/, "").split("/").filter(Boolean)) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as JsonObject)[decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return v;
}

function schemaAt(schema: JsonObject, keywordLocation: string): JsonObject {
  let s: unknown = schema;
  const parts = keywordLocation.replace(/^#\/?/, "").split("/").filter(Boolean);
  for (const p of parts.slice(0, -1)) s = isMap(s) ? s[decodeURIComponent(p)] : Array.isArray(s) ? s[Number(p)] : undefined;
  return isMap(s) ? s : {};
}

/** A validator for one version's schema (the object is validated without metadata, which kube checks itself). */
export function structuralValidator(openAPIV3Schema: JsonObject): (obj: JsonObject) => StatusCause[] {
  const validator = new Validator(toJsonSchema(openAPIV3Schema), "2019-09", false);
  return (obj) => {
    const { metadata: _m, ...rest } = obj;
    const result = validator.validate(rest);
    if (result.valid) return [];
    const causes: StatusCause[] = [];
    for (const e of result.errors) {
      if (CONTAINER_KEYWORDS.has(e.keyword)) continue;
      const field = pointerToPath(e.instanceLocation);
      const value = valueAtPointer(rest, e.instanceLocation);
      const rule = schemaAt(openAPIV3Schema, e.keywordLocation);
      switch (e.keyword) {
        case "required": {
          const missing = /"([^"]+)"/.exec(e.error)?.[1] ?? "";
          causes.push({ reason: "FieldValueRequired", field: field ? `${field}.${missing}` : missing, message: "Required value" });
          break;
        }
        case "enum":
          causes.push({
            reason: "FieldValueNotSupported",
            field,
            message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${((rule.enum as unknown[]) ?? []).map((x) => JSON.stringify(x)).join(", ")}`,
          });
          break;
        case "type":
          causes.push({ reason: "FieldValueTypeInvalid", field, message: `Invalid value: ${JSON.stringify(typeof value)}: ${field} in body must be of type ${String(rule.type)}: ${JSON.stringify(typeName(value))}` });
          break;
        case "minimum":
          causes.push({ reason: "FieldValueInvalid", field, message: `Invalid value: ${JSON.stringify(value)}: ${field} in body should be greater than or equal to ${String(rule.minimum)}` });
          break;
        case "maximum":
          causes.push({ reason: "FieldValueInvalid", field, message: `Invalid value: ${JSON.stringify(value)}: ${field} in body should be less than or equal to ${String(rule.maximum)}` });
          break;
        case "pattern":
          causes.push({ reason: "FieldValueInvalid", field, message: `Invalid value: ${JSON.stringify(value)}: ${field} in body should match '${String(rule.pattern)}'` });
          break;
        default:
          causes.push({ reason: "FieldValueInvalid", field, message: `Invalid value: ${JSON.stringify(value)}: ${e.error}` });
      }
    }
    return causes;
  };
}

const typeName = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v === "number" ? (Number.isInteger(v) ? "integer" : "number") : typeof v);
