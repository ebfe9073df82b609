// Objects as kube-apiserver's JSON serializer writes them (k8s.io/apimachinery runtime/serializer/json): built-in
// kinds are decoded into their Go structs and re-encoded by encoding/json, so whatever order a client sent,
//   - struct fields come out in Go declaration order, embedded (",inline") structs' fields in their place;
//   - Go's zero values appear where `omitempty` does not drop them: nested structs ("status":{}), scalars without
//     omitempty ("port":0), nil slices, maps and pointers without omitempty (null), the zero Time (null);
//   - omitempty drops "", 0, false, null and empty slices and maps, never a struct;
//   - map keys are sorted (labels, annotations, ConfigMap data, …);
//   - fields the Go struct does not have are gone (decoding dropped them);
//   - special types print their canonical form: Quantity ("1000m" → "1"), Time (UTC, whole seconds), MicroTime
//     (UTC, microseconds); RawExtension, FieldsV1 and apiextensions JSON keep the raw JSON as it was sent.
// Custom resources (and any kind this server has no Go type for) are unstructured (map[string]interface{}):
// every key sorted at every level.
//
// Encoders are compiled once per Go type from the model (../gotypes) into closures that build the JSON text.
import { canonicalQuantity } from "../validation/quantity";
import { GO_STRUCTS, GO_WRAPPERS, SPECIAL_TYPES, goTypeOf, type SpecialType } from "../gotypes";

type Json = Record<string, unknown>;

interface Codec {
  /** JSON of a present (not null, not undefined) value. */
  enc(value: unknown): string;
  /** JSON of the Go zero value (what an absent or null non-pointer field holds). */
  zero(): string;
  /** Whether omitempty drops the zero value (scalars, slices, maps, interfaces; never a struct). */
  zeroIsEmpty: boolean;
  /** Whether omitempty drops this present value ("", 0, false, [] and {} for slices and maps). */
  empty?(value: unknown): boolean;
}

interface CompiledField {
  key: string;
  /** `"key":` */
  prefix: string;
  codec: Codec;
  pointer: boolean;
  omitempty: boolean;
}

const plain = (v: unknown): string => JSON.stringify(v) ?? "null";
/** Characters JSON.stringify would escape (and lone surrogates): without them a string is its quoted self. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
const quote = (s: string): string => (NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`);
const encodeString = (v: unknown): string => (typeof v === "string" ? quote(v) : plain(v));
const encodeNumber = (v: unknown): string => (typeof v === "number" && Number.isFinite(v) ? String(v) : plain(v));
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

// ---- scalars ----

const scalar = (enc: (v: unknown) => string, zero: string, empty: (v: unknown) => boolean): Codec => ({ enc, zero: () => zero, zeroIsEmpty: true, empty });
const SCALARS: Record<string, Codec> = {
  string: scalar(encodeString, '""', (v) => v === ""),
  bytes: scalar(encodeString, '""', (v) => v === ""),
  bool: scalar((v) => (v === true ? "true" : v === false ? "false" : plain(v)), "false", (v) => v === false),
  int32: scalar(encodeNumber, "0", (v) => v === 0),
  int64: scalar(encodeNumber, "0", (v) => v === 0),
  float64: scalar(encodeNumber, "0", (v) => v === 0),
};

// ---- unstructured (interface{}, custom resources) ----

/** map[string]interface{} as encoding/json writes it: keys sorted, at every level. */
export function encodeUnstructured(value: unknown): string {
  if (Array.isArray(value)) {
    let out = "[";
    for (let i = 0; i < value.length; i++) out += (i ? "," : "") + encodeUnstructured(value[i]);
    return out + "]";
  }
  if (!isObject(value)) return plain(value);
  const keys = Object.keys(value).sort();
  let out = "{";
  let first = true;
  for (const k of keys) {
    const v = value[k];
    if (v === undefined) continue;
    out += (first ? "" : ",") + JSON.stringify(k) + ":" + encodeUnstructured(v);
    first = false;
  }
  return out + "}";
}

const ANY: Codec = {
  enc: encodeUnstructured,
  zero: () => "null",
  zeroIsEmpty: true,
  empty: () => false,
};

// ---- special types ----

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

/** A parsed RFC 3339 time as [whole seconds since the epoch, fraction digits], or undefined. */
function parseTime(v: unknown): [number, string] | undefined {
  if (typeof v !== "string") return undefined;
  const m = RFC3339.exec(v);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac = "", sign, oh, om] = m;
  const date = new Date(0);
  date.setUTCFullYear(Number(y), Number(mo) - 1, Number(d)); // years 0–99 too (Date.UTC would read 1900–1999)
  date.setUTCHours(Number(h), Number(mi), Number(s), 0);
  let seconds = date.getTime() / 1000;
  if (sign) seconds -= (sign === "-" ? -1 : 1) * (Number(oh) * 3600 + Number(om) * 60);
  return Number.isFinite(seconds) ? [seconds, frac] : undefined;
}

function formatSeconds(seconds: number): string | undefined {
  const date = new Date(seconds * 1000);
  const year = date.getUTCFullYear();
  if (Number.isNaN(year) || year < 0 || year > 9999) return undefined;
  const iso = date.toISOString(); // "2024-01-02T03:04:05.000Z" (years 0–9999 print with 4 digits)
  return iso.slice(0, 19);
}

/** metav1.Time: RFC 3339 in UTC, whole seconds ("…Z"). Unparseable text stays as it is (validation's concern). */
function encodeTime(v: unknown): string {
  if (typeof v === "string" && v.length === 20 && v.endsWith("Z") && v[10] === "T") return JSON.stringify(v); // the usual form
  const parsed = parseTime(v);
  const whole = parsed && formatSeconds(parsed[0]);
  return whole ? `"${whole}Z"` : plain(v);
}

/** metav1.MicroTime: RFC 3339 in UTC with exactly 6 fraction digits. */
function encodeMicroTime(v: unknown): string {
  const parsed = parseTime(v);
  const whole = parsed && formatSeconds(parsed[0]);
  return whole ? `"${whole}.${parsed[1].slice(0, 6).padEnd(6, "0")}Z"` : plain(v);
}

/** Canonical quantities by what was stored: the same few ("100m", "128Mi") recur in every pod. */
const quantities = new Map<unknown, string>();

function encodeQuantity(v: unknown): string {
  let out = quantities.get(v);
  if (out === undefined) {
    const q = canonicalQuantity(v);
    out = typeof q === "string" ? JSON.stringify(q) : plain(v);
    if (quantities.size >= 4096) quantities.clear();
    quantities.set(v, out);
  }
  return out;
}

/** A RawExtension holding an object (a Table row, a watch event) encodes it as its kind; raw JSON stays as sent. */
function encodeRaw(v: unknown): string {
  if (isObject(v) && typeof v.kind === "string" && typeof v.apiVersion === "string") return encodeObject(v);
  return plain(v);
}

const special = (enc: (v: unknown) => string, zero: string): Codec => ({ enc, zero: () => zero, zeroIsEmpty: false });

function specialCodec(type: SpecialType): Codec {
  switch (type) {
    case "Time":
      return special(encodeTime, "null");
    case "MicroTime":
      return special(encodeMicroTime, "null");
    case "Quantity":
      return special(encodeQuantity, '"0"');
    case "IntOrString":
      return special(plain, "0");
    case "RawExtension":
      return special(encodeRaw, "null");
    case "FieldsV1":
    case "JSON":
      return special(plain, "null");
    case "JSONSchemaPropsOrArray": {
      const props = codecOf("apiextensions.v1.JSONSchemaProps");
      const list = codecOf("[]apiextensions.v1.JSONSchemaProps");
      return special((v) => (Array.isArray(v) ? list.enc(v) : isObject(v) ? props.enc(v) : plain(v)), "null");
    }
    case "JSONSchemaPropsOrBool": {
      const props = codecOf("apiextensions.v1.JSONSchemaProps");
      return special((v) => (isObject(v) ? props.enc(v) : plain(v)), "false");
    }
    case "JSONSchemaPropsOrStringArray": {
      const props = codecOf("apiextensions.v1.JSONSchemaProps");
      return special((v) => (isObject(v) ? props.enc(v) : plain(v)), "null");
    }
  }
}

// ---- slices, maps, structs ----

function sliceCodec(elem: Codec, elemPointer: boolean): Codec {
  return {
    enc(v) {
      if (!Array.isArray(v)) return plain(v);
      let out = "[";
      for (let i = 0; i < v.length; i++) {
        const e = v[i];
        out += (i ? "," : "") + (e === null || e === undefined ? (elemPointer ? "null" : elem.zero()) : elem.enc(e));
      }
      return out + "]";
    },
    zero: () => "null",
    zeroIsEmpty: true,
    empty: (v) => Array.isArray(v) && v.length === 0,
  };
}

function mapCodec(elem: Codec): Codec {
  return {
    enc(v) {
      if (!isObject(v)) return plain(v);
      const keys = Object.keys(v).sort();
      let out = "{";
      let first = true;
      for (const k of keys) {
        const e = v[k];
        if (e === undefined) continue;
        out += (first ? "" : ",") + quote(k) + ":" + (e === null ? elem.zero() : elem.enc(e));
        first = false;
      }
      return out + "}";
    },
    zero: () => "null",
    zeroIsEmpty: true,
    empty: (v) => isObject(v) && Object.keys(v).length === 0,
  };
}

/** A struct's JSON fields, embedded structs' fields in their place (a field already seen keeps its place). */
function flattenFields(name: string, seen = new Set<string>()): CompiledField[] {
  const out: CompiledField[] = [];
  for (const [json, type, flags] of GO_STRUCTS[name] ?? []) {
    if (flags.includes("i")) {
      for (const f of flattenFields(type, seen)) out.push(f);
      continue;
    }
    if (seen.has(json)) continue;
    seen.add(json);
    // codecOf of a struct does not plan it (that happens at its first encoding), so recursive types resolve.
    out.push({ key: json, prefix: JSON.stringify(json) + ":", codec: codecOf(type), pointer: flags.includes("p"), omitempty: flags.includes("o") });
  }
  return out;
}

function structCodec(name: string): Codec {
  let fields: CompiledField[] | undefined;
  let zero: string | undefined;
  const enc = (v: unknown): string => {
    if (!isObject(v)) return plain(v);
    fields ??= flattenFields(name);
    let out = "{";
    let first = true;
    for (const f of fields) {
      const x = v[f.key];
      let s: string;
      if (x === undefined || x === null) {
        if (f.pointer) {
          if (f.omitempty) continue;
          s = "null";
        } else {
          if (f.omitempty && f.codec.zeroIsEmpty) continue;
          s = f.codec.zero();
        }
      } else {
        if (f.omitempty && !f.pointer && f.codec.empty?.(x)) continue;
        s = f.codec.enc(x);
      }
      out += (first ? "" : ",") + f.prefix + s;
      first = false;
    }
    return out + "}";
  };
  return { enc, zero: () => (zero ??= enc({})), zeroIsEmpty: false };
}

const codecs = new Map<string, Codec>();

/** The codec of a model type ("core.v1.PodSpec", "[]string", "map[]Quantity", "Time", …). */
function codecOf(type: string): Codec {
  let codec = codecs.get(type);
  if (codec) return codec;
  if (type.startsWith("[]*")) codec = sliceCodec(codecOf(type.slice(3)), true);
  else if (type.startsWith("[]")) codec = sliceCodec(codecOf(type.slice(2)), false);
  else if (type.startsWith("map[]")) codec = mapCodec(codecOf(type.slice(5)));
  else if (SCALARS[type]) codec = SCALARS[type];
  else if (type === "any") codec = ANY;
  else if ((SPECIAL_TYPES as readonly string[]).includes(type)) codec = specialCodec(type as SpecialType);
  else if (Object.hasOwn(GO_WRAPPERS, type)) codec = sliceCodec(codecOf(GO_WRAPPERS[type]!), false);
  else if (Object.hasOwn(GO_STRUCTS, type)) codec = structCodec(type);
  else throw new Error(`no Go type ${type}`);
  codecs.set(type, codec);
  return codec;
}

/** An object as kube writes it: by its Go type when its apiVersion/kind is built in, else unstructured (sorted). */
export function encodeObject(obj: unknown): string {
  if (!isObject(obj)) return plain(obj);
  const type = goTypeOf(obj.apiVersion, obj.kind);
  return type ? codecOf(type).enc(obj) : encodeUnstructured(obj);
}

/** A value as the named Go type writes it ("version.Info", "meta.v1.Status", …). */
export function encodeAs(type: string, value: unknown): string {
  return codecOf(type).enc(value);
}

/** Whether the model has this Go type. */
export function hasGoType(type: string): boolean {
  return Object.hasOwn(GO_STRUCTS, type);
}
