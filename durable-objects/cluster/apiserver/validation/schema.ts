// Structural validation of built-in kinds with kubernetes-models' precompiled validators (no eval:
// Workers-safe), reported the way kube-apiserver reports the same mistakes: a value of the wrong JSON
// type fails decoding (400), a missing or unsupported value is a 422 field cause.
import type { JsonObject, SchemaFindings } from "../registry/types";
import type { StatusCause } from "../status";

interface SchemaError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each model class types its own data
type ModelClass = new (data?: any) => { validate(): void };

/** "/spec/template/spec/containers/0" → "spec.template.spec.containers[0]" */
export function fieldPath(instancePath: string, child?: string): string {
  let out = "";
  for (const part of instancePath.split("/").slice(1)) {
    const key = part.replace(/~1/g, "/").replace(/~0/g, "~");
    out += /^\d+$/.test(key) ? `[${key}]` : out ? `.${key}` : key;
  }
  if (child !== undefined) out += out ? `.${child}` : child;
  return out;
}

function valueAt(obj: unknown, instancePath: string): unknown {
  let v = obj;
  for (const part of instancePath.split("/").slice(1)) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as JsonObject)[part.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return v;
}

const jsonType = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v === "object" ? "object" : typeof v);
const goType: Record<string, string> = { integer: "int32", number: "float64", string: "string", boolean: "bool", object: "map[string]interface {}", array: "[]interface {}" };

export function findings(kind: string, version: string, obj: JsonObject, errors: SchemaError[]): SchemaFindings {
  const causes: StatusCause[] = [];
  for (const e of errors) {
    const value = valueAt(obj, e.instancePath);
    switch (e.keyword) {
      case "type": {
        const expected = String(e.params.type).split(",")[0]!;
        return {
          decodeError: `${kind} in version "${version}" cannot be handled as a ${kind}: json: cannot unmarshal ${jsonType(value)} into Go struct field .${fieldPath(e.instancePath)} of type ${goType[expected] ?? expected}`,
          causes: [],
        };
      }
      case "required":
        causes.push({ reason: "FieldValueRequired", field: fieldPath(e.instancePath, String(e.params.missingProperty)), message: "Required value" });
        break;
      case "enum": {
        const allowed = ((e.params.allowedValues as unknown[]) ?? []).map((a) => JSON.stringify(a)).join(", ");
        causes.push({ reason: "FieldValueNotSupported", field: fieldPath(e.instancePath), message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${allowed}` });
        break;
      }
      default:
        causes.push({ reason: "FieldValueInvalid", field: fieldPath(e.instancePath), message: `Invalid value: ${JSON.stringify(value)}: ${e.message ?? e.keyword}` });
    }
  }
  return { causes };
}

/** A registry `schema` function backed by a kubernetes-models class. */
export function modelSchema(Model: ModelClass): (obj: JsonObject) => SchemaFindings {
  return (obj) => {
    const apiVersion = String(obj.apiVersion ?? "");
    const version = apiVersion.includes("/") ? apiVersion.split("/")[1]! : apiVersion;
    try {
      new Model(obj).validate();
      return { causes: [] };
    } catch (err) {
      const errors = (err as { errors?: SchemaError[] }).errors;
      if (!Array.isArray(errors)) throw err;
      return findings(String(obj.kind ?? ""), version, obj, errors);
    }
  };
}
