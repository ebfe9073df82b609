// What Go says when a decoded JSON value does not fit a kind's Go type, so that bad input gets
// kube-apiserver's own words. Two decoders of kube's disagree on wording and order, and both are here:
//   - encoding/json (sigs.k8s.io/json), for request bodies and JSON/merge patch results: the first
//     mismatch in document order, as "json: cannot unmarshal string into Go struct field
//     ObjectMeta.metadata.labels of type map[string]string" (the innermost struct, the path of struct
//     fields from the root; array indexes and map keys are not part of it);
//   - runtime.DefaultUnstructuredConverter.FromUnstructured, for strategic merge patch results: the
//     first mismatch in Go field order, as "cannot restore map from string".
// Types with their own UnmarshalJSON (Time, Quantity, IntOrString, …) answer in their own words.
// Named Go types (v1.RestartPolicy, v1.ResourceList) are not in the model and print as their
// underlying type.
import { parseQuantity } from "../validation/quantity";
import { GO_STRUCTS, GO_WRAPPERS, goTypeOf } from "./index";
import { SPECIAL_TYPES, type GoField } from "./types";

type Json = Record<string, unknown>;
const isMap = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const SPECIAL: ReadonlySet<string> = new Set(SPECIAL_TYPES);
/** Specials that take any JSON value. */
const RAW_SPECIALS: ReadonlySet<string> = new Set(["RawExtension", "FieldsV1", "JSON", "JSONSchemaPropsOrArray", "JSONSchemaPropsOrBool", "JSONSchemaPropsOrStringArray"]);
const SPECIAL_GO_NAME: Record<string, string> = {
  Time: "v1.Time",
  MicroTime: "v1.MicroTime",
  Quantity: "resource.Quantity",
  IntOrString: "intstr.IntOrString",
  RawExtension: "runtime.RawExtension",
  FieldsV1: "v1.FieldsV1",
};

/** reflect.Type.String() of a model type: "core.v1.PodSpec" → "v1.PodSpec", "map[]string" → "map[string]string". */
export function goTypeString(type: string): string {
  if (type.startsWith("[]*")) return `[]*${goTypeString(type.slice(3))}`;
  if (type.startsWith("[]")) return `[]${goTypeString(type.slice(2))}`;
  if (type.startsWith("map[]")) return `map[string]${goTypeString(type.slice(5))}`;
  if (type === "bytes") return "[]uint8";
  if (type === "any") return "interface {}";
  if (SPECIAL_GO_NAME[type]) return SPECIAL_GO_NAME[type]!;
  const dot = type.indexOf(".");
  return dot > 0 && (GO_STRUCTS[type] || GO_WRAPPERS[type] || SPECIAL.has(type)) ? type.slice(dot + 1) : type;
}

/** encoding/json's name of a JSON value's kind in "cannot unmarshal X". */
function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return "array";
  if (isMap(v)) return "object";
  if (typeof v === "boolean") return "bool";
  return typeof v; // string, number
}

/** The struct fields of a struct type with inline structs' fields in their place. */
function fieldsOf(struct: string): GoField[] {
  const out: GoField[] = [];
  for (const f of GO_STRUCTS[struct] ?? []) {
    if (f[2].includes("i")) out.push(...fieldsOf(f[1]));
    else out.push(f);
  }
  return out;
}

const isInteger = (t: string) => t === "int32" || t === "int64";
const INT_RANGE: Record<string, [number, number]> = { int32: [-(2 ** 31), 2 ** 31 - 1], int64: [-(2 ** 63), 2 ** 63 - 1] };

// ---------------------------------------------------------------- encoding/json

interface JsonContext {
  /** The innermost struct being decoded ("ObjectMeta"). */
  struct: string;
  /** The struct field names from the root ("metadata.labels"). */
  path: string[];
}

class DecodeFailure {
  constructor(readonly message: string) {}
}

/**
 * The error encoding/json gives decoding `value` into the Go type of `apiVersion`/`kind` (null for a
 * kind with no Go type: custom resources are unstructured and take any JSON).
 */
export function jsonUnmarshalError(apiVersion: unknown, kind: unknown, value: unknown): string | null {
  const struct = goTypeOf(apiVersion, kind);
  if (!struct) return null;
  let first: string | null = null;
  const save = (msg: string) => {
    first ??= msg;
  };
  try {
    decodeJson(struct, value, { struct: "", path: [] }, save);
  } catch (err) {
    if (err instanceof DecodeFailure) return err.message;
    throw err;
  }
  return first;
}

function typeError(valueKind: string, type: string, ctx: JsonContext): string {
  const target = goTypeString(type);
  if (ctx.struct || ctx.path.length > 0) return `json: cannot unmarshal ${valueKind} into Go struct field ${ctx.struct}.${ctx.path.join(".")} of type ${target}`;
  return `json: cannot unmarshal ${valueKind} into Go value of type ${target}`;
}

/** Decodes `value` into `type`, saving the first type mismatch; a special type's own error aborts (DecodeFailure). */
function decodeJson(type: string, value: unknown, ctx: JsonContext, save: (msg: string) => void): void {
  if (value === null || value === undefined) return; // null leaves any Go value as it is
  if (type === "any") return;
  if (SPECIAL.has(type)) return decodeSpecial(type, value, ctx);
  if (GO_WRAPPERS[type]) type = `[]${GO_WRAPPERS[type]}`;
  if (type.startsWith("[]")) {
    const elem = type.startsWith("[]*") ? type.slice(3) : type.slice(2);
    if (!Array.isArray(value)) {
      if (typeof value === "string" && type === "[]uint8") return;
      return save(typeError(jsonKind(value), type, ctx));
    }
    for (const item of value) decodeJson(elem, item, ctx, save);
    return;
  }
  if (type.startsWith("map[]")) {
    if (!isMap(value)) return save(typeError(jsonKind(value), type, ctx));
    for (const v of Object.values(value)) decodeJson(type.slice(5), v, ctx, save);
    return;
  }
  if (GO_STRUCTS[type]) {
    if (!isMap(value)) return save(typeError(jsonKind(value), type, ctx));
    const fields = new Map(fieldsOf(type).map((f) => [f[0], f]));
    const struct = type.slice(type.lastIndexOf(".") + 1);
    for (const [key, v] of Object.entries(value)) {
      const f = fields.get(key);
      if (!f) continue; // unknown fields are dropped (strict decoding reports them elsewhere)
      decodeJson(f[1], v, { struct, path: [...ctx.path, key] }, save);
    }
    return;
  }
  decodeScalar(type, value, ctx, save);
}

function decodeScalar(type: string, value: unknown, ctx: JsonContext, save: (msg: string) => void): void {
  switch (type) {
    case "string":
      if (typeof value !== "string") save(typeError(jsonKind(value), type, ctx));
      return;
    case "bytes":
      if (typeof value !== "string") return save(typeError(jsonKind(value), type, ctx));
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4 !== 0) save(`illegal base64 data at input byte ${base64ErrorOffset(value)}`);
      return;
    case "bool":
      if (typeof value !== "boolean") save(typeError(jsonKind(value), type, ctx));
      return;
    case "float64":
      if (typeof value !== "number") save(typeError(jsonKind(value), type, ctx));
      return;
    default:
      if (!isInteger(type)) return;
      if (typeof value !== "number") return save(typeError(jsonKind(value), type, ctx));
      // A number that is not an integer of the type's range: Go names the literal.
      if (!Number.isInteger(value) || value < INT_RANGE[type]![0] || value > INT_RANGE[type]![1]) save(typeError(`number ${goNumberLiteral(value)}`, type, ctx));
  }
}

/** Time, Quantity and IntOrString decode themselves; their errors end the decoding at once. */
function decodeSpecial(type: string, value: unknown, ctx: JsonContext): void {
  if (RAW_SPECIALS.has(type)) return;
  // An inner json.Unmarshal of theirs fails with an UnmarshalTypeError, which the outer decoder puts its context on.
  const inner = (kind: string, target: string) => new DecodeFailure(typeError(kind, target, ctx));
  if (type === "Time" || type === "MicroTime") {
    if (typeof value !== "string") throw inner(jsonKind(value), "string");
    if (!isRfc3339(value)) throw new DecodeFailure(`parsing time ${JSON.stringify(value)} as "2006-01-02T15:04:05Z07:00": cannot parse ${JSON.stringify(value)} as "2006"`);
    return;
  }
  if (type === "IntOrString") {
    if (typeof value === "string") return;
    if (typeof value !== "number") throw inner(jsonKind(value), "int32");
    if (!Number.isInteger(value) || value < INT_RANGE.int32![0] || value > INT_RANGE.int32![1]) throw inner(`number ${goNumberLiteral(value)}`, "int32");
    return;
  }
  if (type === "Quantity") {
    const text = typeof value === "string" ? value.trim() : typeof value === "number" ? String(value) : JSON.stringify(value);
    if (parseQuantity(text) === undefined) throw new DecodeFailure("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
  }
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const isRfc3339 = (s: string) => RFC3339.test(s);

/** A JSON number as it appeared (Go keeps the literal): integers without exponent where JS would use one. */
function goNumberLiteral(n: number): string {
  return Number.isInteger(n) && Math.abs(n) < 1e21 ? BigInt(n).toString() : String(n);
}

/** Where Go's base64 decoder stops on a malformed string. */
function base64ErrorOffset(s: string): number {
  const bad = s.search(/[^A-Za-z0-9+/=]/);
  if (bad >= 0) return bad;
  const pad = s.indexOf("=");
  if (pad >= 0 && pad < s.length - 2) return pad;
  return s.length - (s.length % 4);
}

// ---------------------------------------------------------------- the unstructured converter

/** reflect.Kind of a value decoded into map[string]interface{} (json.Unmarshal makes numbers float64). */
function unstructuredKind(v: unknown, numbers: "int64" | "float64"): string {
  if (Array.isArray(v)) return "slice";
  if (isMap(v)) return "map";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return Number.isInteger(v) ? numbers : "float64";
  return "string";
}

/** reflect.Type.String() of such a value. */
function unstructuredType(v: unknown, numbers: "int64" | "float64"): string {
  if (Array.isArray(v)) return "[]interface {}";
  if (isMap(v)) return "map[string]interface {}";
  return unstructuredKind(v, numbers);
}

/**
 * The error runtime.DefaultUnstructuredConverter gives converting `value` (a strategic merge patch's
 * result) into the Go type of `apiVersion`/`kind`; null if it converts.
 */
export function unstructuredConversionError(apiVersion: unknown, kind: unknown, value: unknown): string | null {
  const struct = goTypeOf(apiVersion, kind);
  if (!struct) return null;
  try {
    convert(struct, value);
    return null;
  } catch (err) {
    if (err instanceof DecodeFailure) return err.message;
    throw err;
  }
}

// Strategic merge patch results keep whole numbers as int64 (kube decodes with UseNumber-like ints).
const NUMBERS = "int64" as const;

function convert(type: string, value: unknown): void {
  if (value === null || value === undefined) return;
  if (type === "any") return;
  if (SPECIAL.has(type)) return convertSpecial(type, value);
  if (GO_WRAPPERS[type]) type = `[]${GO_WRAPPERS[type]}`;
  if (type.startsWith("[]")) {
    if (typeof value === "string" && type === "bytes") return;
    if (!Array.isArray(value)) throw new DecodeFailure(`cannot restore slice from ${unstructuredKind(value, NUMBERS)}`);
    const elem = type.startsWith("[]*") ? type.slice(3) : type.slice(2);
    for (const item of value) convert(elem, item);
    return;
  }
  if (type.startsWith("map[]")) {
    if (!isMap(value)) throw new DecodeFailure(`cannot restore map from ${unstructuredKind(value, NUMBERS)}`);
    for (const v of Object.values(value)) convert(type.slice(5), v);
    return;
  }
  if (GO_STRUCTS[type]) {
    if (!isMap(value)) throw new DecodeFailure(`cannot restore struct from: ${unstructuredKind(value, NUMBERS)}`);
    for (const f of fieldsOf(type)) if (f[0] in value) convert(f[1], value[f[0]]);
    return;
  }
  if (type === "bytes") {
    if (typeof value === "string") return;
    if (!Array.isArray(value)) throw new DecodeFailure(`cannot restore slice from ${unstructuredKind(value, NUMBERS)}`);
    return;
  }
  convertScalar(type, value);
}

function convertScalar(type: string, value: unknown): void {
  const from = unstructuredType(value, NUMBERS);
  const ok =
    (type === "string" && typeof value === "string") ||
    (type === "bool" && typeof value === "boolean") ||
    (type === "float64" && typeof value === "number") ||
    (isInteger(type) && typeof value === "number" && Number.isInteger(value));
  if (!ok) throw new DecodeFailure(`cannot convert ${from} to ${type}`);
}

/** The converter marshals the value back to JSON and hands it to the type's own UnmarshalJSON: no context. */
function convertSpecial(type: string, value: unknown): void {
  decodeSpecial(type, value, { struct: "", path: [] });
}
