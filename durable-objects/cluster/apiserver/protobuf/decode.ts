// Decodes a Kubernetes protobuf request body ("k8s\0" + runtime.Unknown) into the JSON form of the object, the
// same object kubectl ≤1.31 sends as JSON, driven by the field tables of fields/ (derived from the Go types).
import { base64Encode } from "@bufbuild/protobuf/wire";
import { ProtobufDecodeError } from "./errors";
import {
  MESSAGES,
  PROTOBUF_KINDS,
  SPECIAL_MESSAGES,
  type FieldSpec,
  type MessageName,
  type SpecialKind,
  type ValueKind,
} from "./fields";
import { BinaryReader, KUBERNETES_PROTOBUF_MAGIC, WireType, hasKubernetesProtobufMagic, wireTypeName } from "./wire";

type JsonObject = Record<string, unknown>;

/**
 * Decodes a `application/vnd.kubernetes.protobuf` body into the object's JSON form, with `apiVersion` and `kind`
 * taken from the envelope. Throws ProtobufDecodeError: code "malformed" for bytes that are not a well-formed
 * Kubernetes protobuf body, code "unsupported" for a kind (or content encoding) without a field table.
 */
export function decodeKubernetesProtobuf(body: Uint8Array): JsonObject {
  if (!hasKubernetesProtobufMagic(body)) {
    throw new ProtobufDecodeError("malformed", 'not a Kubernetes protobuf body: it does not start with "k8s\\0"');
  }
  try {
    return decodeEnvelope(body.subarray(KUBERNETES_PROTOBUF_MAGIC.length));
  } catch (err) {
    if (err instanceof ProtobufDecodeError) throw err;
    // BinaryReader's "premature EOF", "invalid varint", "illegal tag"…, or a stack overflow from absurd nesting.
    throw malformed(`malformed protobuf body: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function decodeEnvelope(bytes: Uint8Array): JsonObject {
  const envelope = decodeMessage(bytes, "runtime.Unknown", true);
  const typeMeta = (envelope.typeMeta ?? {}) as JsonObject;
  const apiVersion = text(typeMeta.apiVersion);
  const kind = text(typeMeta.kind);
  if (!kind) throw malformed("malformed protobuf body: the envelope (runtime.Unknown) names no kind");
  const encoding = text(envelope.contentEncoding);
  if (encoding) {
    throw new ProtobufDecodeError("unsupported", `protobuf content encoding "${encoding}" is not supported (${kind})`);
  }
  // DeleteOptions is registered in every group version (metav1.AddToGroupVersion): any apiVersion names it.
  const key = kind === "DeleteOptions" ? "meta.k8s.io/v1/DeleteOptions" : `${apiVersion}/${kind}`;
  const message = Object.hasOwn(PROTOBUF_KINDS, key) ? PROTOBUF_KINDS[key] : undefined;
  if (!message) {
    throw new ProtobufDecodeError(
      "unsupported",
      `protobuf is not supported for kind ${kind} (apiVersion ${apiVersion || '""'})`,
    );
  }
  const raw = envelope.raw instanceof Uint8Array ? envelope.raw : new Uint8Array(0);
  return { apiVersion, kind, ...decodeMessage(raw, message) };
}

/** `rawBytes`: leave this message's own `bytes` fields as Uint8Array rather than base64 (for envelopes). */
function decodeMessage(bytes: Uint8Array, name: MessageName, rawBytes = false): JsonObject {
  const spec = MESSAGES[name];
  if (!spec) throw new ProtobufDecodeError("unsupported", `protobuf message ${name} has no field table`);
  const out: JsonObject = {};
  const reader = new BinaryReader(bytes);
  while (reader.pos < reader.len) {
    const [fieldNo, wireType] = reader.tag();
    const field = spec[fieldNo];
    if (field === undefined) {
      reader.skip(wireType, fieldNo); // a field newer than our table: ignored, as Go does
      continue;
    }
    readField(reader, wireType, field, out, { path: `${name}.${field.json}`, rawBytes });
  }
  // What Go's JSON has for fields that were not sent: non-pointer structs (`"spec":{}`, whatever `omitempty`
  // says) and scalars without `omitempty`, as their zero values. (Go's protobuf marshalling sends them all, so
  // this matters only for other encoders.)
  for (const field of Object.values(spec)) {
    if (field.repeated || field.pointer || (typeof field.kind === "object" && "map" in field.kind)) continue;
    if (field.inline) {
      const zero = decodeMessage(new Uint8Array(0), (field.kind as { message: MessageName }).message);
      for (const [key, value] of Object.entries(zero)) if (!(key in out)) out[key] = value;
    } else if (!(field.json in out)) {
      const zero = zeroValue(field);
      if (zero !== undefined) out[field.json] = zero;
    }
  }
  return out;
}

/** Go's JSON for a non-pointer field holding its zero value; undefined where that is omitted (or null). */
function zeroValue(field: FieldSpec): unknown {
  const kind = field.kind as ValueKind;
  if (typeof kind === "object") return decodeMessage(new Uint8Array(0), kind.message);
  switch (kind) {
    case "IntOrString":
      return 0;
    case "Quantity":
      return "0";
    case "string":
      return field.keepZero ? "" : undefined;
    case "bool":
      return field.keepZero ? false : undefined;
    case "int32":
    case "int64":
    case "double":
      return field.keepZero ? 0 : undefined;
    default:
      return undefined; // bytes: base64 of nothing is "", omitted; Time, RawExtension…: null
  }
}

interface Context {
  path: string; // "meta.v1.ObjectMeta.name", for error messages
  rawBytes: boolean;
}

function readField(reader: BinaryReader, wireType: WireType, field: FieldSpec, out: JsonObject, ctx: Context): void {
  const kind = field.kind;
  if (typeof kind === "object" && "map" in kind) {
    expectWireType(wireType, WireType.LengthDelimited, ctx);
    const [key, value] = readMapEntry(reader.bytes(), kind.map, ctx);
    const map = (out[field.json] ??= {}) as JsonObject;
    // defineProperty: a key "__proto__" is an own property, as JSON.parse makes it, not the map's prototype.
    Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
    return;
  }
  if (field.repeated) {
    const list = (out[field.json] ??= []) as unknown[];
    if (wireType === WireType.LengthDelimited && wireTypeOf(kind) === WireType.Varint) {
      const packed = new BinaryReader(reader.bytes()); // packed encoding of repeated varints
      while (packed.pos < packed.len) list.push(readValue(packed, WireType.Varint, kind, ctx));
    } else {
      const value = readValue(reader, wireType, kind, ctx);
      if (value !== undefined && value !== null) list.push(value);
    }
    return;
  }
  const value = readValue(reader, wireType, kind, ctx);
  if (field.inline) {
    Object.assign(out, value); // an embedded struct's fields are the parent's in JSON
    return;
  }
  const omitted =
    value === undefined || value === null || (!field.pointer && !field.keepZero && isScalar(kind) && isZero(value));
  if (omitted) delete out[field.json]; // a later occurrence wins, even when it is the zero value
  else out[field.json] = value;
}

function readValue(reader: BinaryReader, wireType: WireType, kind: ValueKind, ctx: Context): unknown {
  expectWireType(wireType, wireTypeOf(kind), ctx);
  if (typeof kind === "object") return decodeMessage(reader.bytes(), kind.message);
  switch (kind) {
    case "string":
      return reader.string();
    case "bool":
      return reader.bool();
    case "int32":
      return reader.int32();
    case "int64":
      return Number(reader.int64());
    case "double":
      return reader.double();
    case "bytes":
      return ctx.rawBytes ? reader.bytes() : base64Encode(reader.bytes());
    default:
      return decodeSpecial(kind, reader.bytes());
  }
}

/** The JSON form of a special kind's wire message (`undefined` when Go's JSON has it null, e.g. the zero Time). */
export function decodeSpecial(kind: SpecialKind, bytes: Uint8Array): unknown {
  return SPECIAL_JSON[kind](decodeMessage(bytes, SPECIAL_MESSAGES[kind], true));
}

/** A map entry is a message {1: key, 2: value}; a missing part is the zero value. */
function readMapEntry(bytes: Uint8Array, valueKind: ValueKind, ctx: Context): [string, unknown] {
  const reader = new BinaryReader(bytes);
  let key = "";
  let value: unknown;
  while (reader.pos < reader.len) {
    const [fieldNo, wireType] = reader.tag();
    if (fieldNo === 1) {
      expectWireType(wireType, WireType.LengthDelimited, ctx);
      key = reader.string();
    } else if (fieldNo === 2) value = readValue(reader, wireType, valueKind, ctx);
    else reader.skip(wireType, fieldNo);
  }
  // The zero value is what an empty value decodes to: a 0 varint, or 0 bytes of length-delimited data.
  value ??= readValue(new BinaryReader(new Uint8Array([0])), wireTypeOf(valueKind), valueKind, ctx);
  return [key, value ?? null];
}

/** JSON forms of the special kinds, from their decoded wire messages (raw bytes left as Uint8Array). */
const SPECIAL_JSON: Readonly<Record<SpecialKind, (m: JsonObject) => unknown>> = {
  Time: (m) => formatTime(m, false),
  MicroTime: (m) => formatTime(m, true),
  IntOrString: (m) => (m.type === 1 ? (m.strVal ?? "") : (m.intVal ?? 0)),
  Quantity: (m) => m.string ?? "0",
  RawExtension: (m) => parseEmbedded(m.raw),
  FieldsV1: (m) => parseEmbedded(m.Raw), // "Raw" in generated.proto
  JSON: (m) => parseEmbedded(m.raw),
  // apiextensions' unions, as their MarshalJSON writes them.
  JSONSchemaPropsOrArray: (m) => ((m.jSONSchemas as unknown[] | undefined)?.length ? m.jSONSchemas : m.schema),
  JSONSchemaPropsOrBool: (m) => m.schema ?? m.allows === true,
  JSONSchemaPropsOrStringArray: (m) => ((m.property as unknown[] | undefined)?.length ? m.property : m.schema),
  StringList: (m) => m.items ?? [],
};

const GO_ZERO_TIME_SECONDS = -62135596800; // 0001-01-01T00:00:00Z, Go's time.Time{}

/** RFC 3339 in UTC as metav1.Time (whole seconds) or metav1.MicroTime (always 6 fraction digits) marshal it. */
function formatTime(m: JsonObject, micro: boolean): string | undefined {
  if (m.seconds === undefined && m.nanos === undefined) return undefined; // Go sends the zero time as {}
  const rawNanos = typeof m.nanos === "number" ? m.nanos : 0;
  const seconds = (typeof m.seconds === "number" ? m.seconds : 0) + Math.floor(rawNanos / 1e9);
  const nanos = rawNanos - Math.floor(rawNanos / 1e9) * 1e9;
  if (seconds === GO_ZERO_TIME_SECONDS && nanos === 0) return undefined;
  const date = new Date(seconds * 1000);
  const year = date.getUTCFullYear();
  if (Number.isNaN(year) || year < 0 || year > 9999) throw malformed(`malformed protobuf body: time out of range`);
  const whole = date.toISOString().slice(0, 19); // "2024-01-02T03:04:05"
  return micro ? `${whole}.${String(Math.floor(nanos / 1000)).padStart(6, "0")}Z` : `${whole}Z`;
}

/** RawExtension/FieldsV1 bytes: JSON (or, inside protobuf lists, a nested Kubernetes protobuf object). */
function parseEmbedded(raw: unknown): unknown {
  if (!(raw instanceof Uint8Array) || raw.length === 0) return undefined;
  if (hasKubernetesProtobufMagic(raw)) return decodeKubernetesProtobuf(raw);
  try {
    return JSON.parse(new TextDecoder().decode(raw));
  } catch {
    throw malformed("malformed protobuf body: an embedded object (RawExtension/FieldsV1) is not valid JSON");
  }
}

function wireTypeOf(kind: ValueKind): WireType {
  if (kind === "double") return WireType.Bit64;
  return kind === "bool" || kind === "int32" || kind === "int64" ? WireType.Varint : WireType.LengthDelimited;
}

function expectWireType(actual: WireType, expected: WireType, ctx: Context): void {
  if (actual !== expected) {
    const types = `wire type ${wireTypeName(actual)}, expected ${wireTypeName(expected)}`;
    throw malformed(`malformed protobuf body: field ${ctx.path} has ${types}`);
  }
}

function isScalar(kind: ValueKind): boolean {
  return kind === "string" || kind === "bool" || kind === "int32" || kind === "int64" || kind === "double" || kind === "bytes";
}

function isZero(value: unknown): boolean {
  return value === "" || value === 0 || value === false;
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function malformed(message: string): ProtobufDecodeError {
  return new ProtobufDecodeError("malformed", message);
}
