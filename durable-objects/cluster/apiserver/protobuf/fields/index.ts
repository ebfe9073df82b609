// Field tables for the Kubernetes protobuf messages, derived from the Go API types (../../gotypes, generated from
// k8s.io/api's and k8s.io/apimachinery's types.go and generated.proto): every struct of the model with protobuf
// field numbers is a message, so every built-in kind the server serves decodes. Data only, interpreted by decode.ts.
//
// How a Go field becomes a FieldSpec: slices are repeated, maps are proto maps, pointers keep a sent zero value,
// non-pointer scalars without `omitempty` keep their zero value (keepZero), embedded structs are inline; the special
// types (Time, Quantity, IntOrString, …) decode from their own wire messages, named slices protobuf wraps
// (ExtraValue, Verbs) as StringList.
import { GO_KINDS, GO_STRUCTS, GO_WRAPPERS, SPECIAL_MESSAGE, SPECIAL_TYPES, WIRE_MESSAGES, type SpecialType } from "../../gotypes";
import type { FieldSpec, MessageSpec, ScalarKind, SpecialKind, ValueKind } from "./types";

export type { FieldSpec, MessageSpec, ScalarKind, SpecialKind, ValueKind } from "./types";

/** "core.v1.PodSpec", "meta.v1.ObjectMeta", …: every message with a table. */
export type MessageName = string;

const SCALAR_KINDS: Readonly<Record<string, ScalarKind>> = {
  string: "string",
  bool: "bool",
  int32: "int32",
  int64: "int64",
  float64: "double",
  bytes: "bytes",
};

/** The wire message carrying each special kind; decode.ts turns it into the JSON form. */
export const SPECIAL_MESSAGES: Readonly<Record<SpecialKind, MessageName>> = {
  ...SPECIAL_MESSAGE,
  // Every wrapper is {repeated string items = 1}: any one of them reads them all.
  StringList: Object.keys(GO_WRAPPERS)[0]!,
};

function valueKind(type: string): ValueKind {
  if (Object.hasOwn(SCALAR_KINDS, type)) return SCALAR_KINDS[type]!;
  if ((SPECIAL_TYPES as readonly string[]).includes(type)) return type as SpecialType;
  if (Object.hasOwn(GO_WRAPPERS, type)) {
    if (GO_WRAPPERS[type] !== "string") throw new Error(`protobuf: wrapper ${type} of ${GO_WRAPPERS[type]} is not supported`);
    return "StringList";
  }
  return { message: type };
}

function fieldSpec(json: string, type: string, flags: string): FieldSpec {
  const repeated = type.startsWith("[]");
  const map = type.startsWith("map[]");
  const elem = repeated ? type.replace(/^\[\]\*?/, "") : map ? type.slice(5) : type;
  const kind = valueKind(elem);
  const spec: FieldSpec = { json, kind: map ? { map: kind } : kind };
  if (repeated) spec.repeated = true;
  if (flags.includes("p")) spec.pointer = true;
  if (flags.includes("i")) spec.inline = true;
  const scalar = typeof kind === "string" && kind !== "bytes" && Object.values(SCALAR_KINDS).includes(kind as ScalarKind);
  if (scalar && !repeated && !map && !flags.includes("p") && !flags.includes("o")) spec.keepZero = true;
  return spec;
}

function buildMessages(): Record<MessageName, MessageSpec> {
  const messages: Record<MessageName, MessageSpec> = {};
  for (const [name, fields] of Object.entries(GO_STRUCTS)) {
    const spec: Record<number, FieldSpec> = {};
    for (const [json, type, flags, number] of fields) if (number !== undefined) spec[number] = fieldSpec(json, type, flags);
    if (Object.keys(spec).length > 0 || fields.length === 0) messages[name] = spec;
  }
  // The special types' own messages and the envelope: proto2 `optional` fields, whose presence decode.ts reads.
  for (const [name, fields] of Object.entries(WIRE_MESSAGES)) {
    const spec: Record<number, FieldSpec> = {};
    for (const [protoName, type, number] of fields) {
      const field = fieldSpec(protoName, type, "p");
      if (field.repeated) delete field.pointer;
      spec[number] = field;
    }
    messages[name] = spec;
  }
  for (const name of Object.keys(GO_WRAPPERS)) messages[name] = { 1: { json: "items", kind: "string", repeated: true } };
  return messages;
}

export const MESSAGES: Readonly<Record<MessageName, MessageSpec>> = buildMessages();

/**
 * Top-level kinds accepted as protobuf request bodies, keyed by "apiVersion/kind" from the envelope's TypeMeta:
 * every kind of the model. (DeleteOptions, registered in every group version, is accepted under any apiVersion.)
 */
export const PROTOBUF_KINDS: Readonly<Record<string, MessageName>> = Object.fromEntries(
  Object.entries(GO_KINDS).filter(([, type]) => Object.hasOwn(MESSAGES, type)),
);
