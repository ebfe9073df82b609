// A Swagger 2.0 document (as JSON values) encoded as gnostic's openapi.v2.Document protobuf
// (github.com/google/gnostic-models, openapiv2/OpenAPIv2.proto), the form kube-apiserver serves at
// /openapi/v2 for `Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf` and client-go's
// OpenAPISchema() decodes. Only what a Kubernetes document uses is encoded: document, info, paths and
// operations (query/path/body parameters, responses), definitions and schemas. Vendor extensions
// (x-kubernetes-group-version-kind, x-kubernetes-patch-strategy, …) and enum/default values are
// `Any` messages carrying YAML; JSON text is valid YAML, so that is what is written.
import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json | undefined };

const LEN = WireType.LengthDelimited;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

function str(w: BinaryWriter, field: number, v: unknown) {
  if (typeof v === "string" && v !== "") w.tag(field, LEN).string(v);
}
function strs(w: BinaryWriter, field: number, v: unknown) {
  if (Array.isArray(v)) for (const s of v) if (typeof s === "string") w.tag(field, LEN).string(s);
}
function bool(w: BinaryWriter, field: number, v: unknown) {
  if (v === true) w.tag(field, WireType.Varint).bool(true);
}
function double(w: BinaryWriter, field: number, v: unknown) {
  if (typeof v === "number" && v !== 0) w.tag(field, WireType.Bit64).double(v);
}
function int64(w: BinaryWriter, field: number, v: unknown) {
  if (typeof v === "number" && v !== 0) w.tag(field, WireType.Varint).int64(v);
}
/** A nested message: tag, then the body written by `body` inside a fork. */
function msg(w: BinaryWriter, field: number, body: () => void) {
  w.tag(field, LEN).fork();
  body();
  w.join();
}

/** openapi.v2.Any { google.protobuf.Any value = 1; string yaml = 2 } */
function any(w: BinaryWriter, field: number, v: unknown) {
  if (v === undefined) return;
  msg(w, field, () => str(w, 2, JSON.stringify(v)));
}

/** repeated NamedAny vendor_extension: every x-* key of an object, in order. */
function extensions(w: BinaryWriter, field: number, o: Obj) {
  for (const k in o) {
    // "x-"
    if (k.charCodeAt(0) !== 120 || k.charCodeAt(1) !== 45) continue;
    const v = o[k];
    if (v === undefined) continue;
    msg(w, field, () => {
      str(w, 1, k);
      any(w, 2, v);
    });
  }
}

/** openapi.v2.Schema */
function schema(w: BinaryWriter, s: Obj) {
  str(w, 1, s.$ref);
  str(w, 2, s.format);
  str(w, 3, s.title);
  str(w, 4, s.description);
  any(w, 5, s.default);
  double(w, 6, s.multipleOf);
  double(w, 7, s.maximum);
  bool(w, 8, s.exclusiveMaximum);
  double(w, 9, s.minimum);
  bool(w, 10, s.exclusiveMinimum);
  int64(w, 11, s.maxLength);
  int64(w, 12, s.minLength);
  str(w, 13, s.pattern);
  int64(w, 14, s.maxItems);
  int64(w, 15, s.minItems);
  bool(w, 16, s.uniqueItems);
  int64(w, 17, s.maxProperties);
  int64(w, 18, s.minProperties);
  strs(w, 19, s.required);
  if (Array.isArray(s.enum)) for (const e of s.enum) any(w, 20, e);
  const ap = s.additionalProperties;
  if (isObj(ap)) msg(w, 21, () => msg(w, 1, () => schema(w, ap)));
  else if (typeof ap === "boolean") msg(w, 21, () => w.tag(2, WireType.Varint).bool(ap));
  // TypeItem { repeated string value = 1 }
  if (typeof s.type === "string" || Array.isArray(s.type)) msg(w, 22, () => strs(w, 1, Array.isArray(s.type) ? s.type : [s.type]));
  // ItemsItem { repeated Schema schema = 1 }
  const items = s.items;
  if (isObj(items) || Array.isArray(items)) msg(w, 23, () => (Array.isArray(items) ? items : [items]).forEach((i) => isObj(i) && msg(w, 1, () => schema(w, i))));
  if (Array.isArray(s.allOf)) for (const a of s.allOf) if (isObj(a)) msg(w, 24, () => schema(w, a));
  // Properties { repeated NamedSchema additional_properties = 1 }
  const props = s.properties;
  if (isObj(props)) msg(w, 25, () => namedSchemas(w, 1, props));
  str(w, 26, s.discriminator);
  bool(w, 27, s.readOnly);
  any(w, 30, s.example);
  extensions(w, 31, s);
}

/** repeated NamedSchema { string name = 1; Schema value = 2 } */
function namedSchemas(w: BinaryWriter, field: number, o: Obj) {
  for (const [name, v] of Object.entries(o)) {
    if (!isObj(v)) continue;
    msg(w, field, () => {
      str(w, 1, name);
      msg(w, 2, () => schema(w, v));
    });
  }
}

/**
 * Encoded Schema messages of definitions, by schema object: the built-in definitions' objects live
 * as long as the isolate, so a document rebuilt after a CRD change re-encodes only what changed.
 */
const encodedSchemas = new WeakMap<object, Uint8Array>();

function definitions(w: BinaryWriter, o: Obj) {
  for (const [name, v] of Object.entries(o)) {
    if (!isObj(v)) continue;
    let bytes = encodedSchemas.get(v);
    if (!bytes) {
      const inner = new BinaryWriter();
      schema(inner, v);
      encodedSchemas.set(v, (bytes = inner.finish()));
    }
    const body = bytes;
    msg(w, 1, () => {
      str(w, 1, name);
      w.tag(2, LEN).bytes(body);
    });
  }
}

/** ParametersItem { Parameter parameter = 1 (oneof) ; JsonReference json_reference = 2 }, in field `field`. */
function parameter(w: BinaryWriter, field: number, p: Obj) {
  msg(w, field, () => {
    if (typeof p.$ref === "string") {
      msg(w, 2, () => str(w, 1, p.$ref));
      return;
    }
    msg(w, 1, () => {
      if (p.in === "body") {
        // BodyParameter { description = 1; name = 2; in = 3; required = 4; Schema schema = 5; vendor_extension = 6 }
        msg(w, 1, () => {
          str(w, 1, p.description);
          str(w, 2, p.name);
          str(w, 3, p.in);
          bool(w, 4, p.required);
          if (isObj(p.schema)) msg(w, 5, () => schema(w, p.schema as Obj));
          extensions(w, 6, p);
        });
        return;
      }
      // NonBodyParameter: header = 1, formData = 2, query = 3, path = 4. Query and path sub-schemas
      // share the first fields (required 1, in 2, description 3, name 4) and differ after that.
      const sub = p.in === "query" ? 3 : p.in === "path" ? 4 : p.in === "header" ? 1 : 2;
      msg(w, 2, () =>
        msg(w, sub, () => {
          bool(w, 1, p.required);
          str(w, 2, p.in);
          str(w, 3, p.description);
          str(w, 4, p.name);
          if (sub === 3 || sub === 2) {
            // Query/FormData: allow_empty_value = 5, type = 6, format = 7, …, unique_items = 20, enum = 21, vendor_extension = 23
            bool(w, 5, p.allowEmptyValue);
            str(w, 6, p.type);
            str(w, 7, p.format);
            bool(w, 20, p.uniqueItems);
            if (Array.isArray(p.enum)) for (const e of p.enum) any(w, 21, e);
            extensions(w, 23, p);
          } else {
            // Path/Header: type = 5, format = 6, …, unique_items = 19, enum = 20, vendor_extension = 22
            str(w, 5, p.type);
            str(w, 6, p.format);
            bool(w, 19, p.uniqueItems);
            if (Array.isArray(p.enum)) for (const e of p.enum) any(w, 20, e);
            extensions(w, 22, p);
          }
        }),
      );
    });
  });
}

/** Responses { repeated NamedResponseValue response_code = 1; vendor_extension = 2 } */
function responses(w: BinaryWriter, field: number, r: Obj) {
  msg(w, field, () => {
    for (const [code, v] of Object.entries(r)) {
      if (!isObj(v)) continue;
      if (code.startsWith("x-")) continue;
      msg(w, 1, () => {
        str(w, 1, code);
        // ResponseValue { Response response = 1; JsonReference json_reference = 2 }
        msg(w, 2, () => {
          if (typeof v.$ref === "string") {
            msg(w, 2, () => str(w, 1, v.$ref));
            return;
          }
          // Response { description = 1; SchemaItem schema = 2; headers = 3; examples = 4; vendor_extension = 5 }
          msg(w, 1, () => {
            str(w, 1, v.description);
            if (isObj(v.schema)) msg(w, 2, () => msg(w, 1, () => schema(w, v.schema as Obj)));
            extensions(w, 5, v);
          });
        });
      });
    }
    extensions(w, 2, r);
  });
}

/** Operation */
function operation(w: BinaryWriter, op: Obj) {
  strs(w, 1, op.tags);
  str(w, 2, op.summary);
  str(w, 3, op.description);
  str(w, 5, op.operationId);
  strs(w, 6, op.produces);
  strs(w, 7, op.consumes);
  if (Array.isArray(op.parameters)) for (const p of op.parameters) if (isObj(p)) parameter(w, 8, p);
  if (isObj(op.responses)) responses(w, 9, op.responses);
  strs(w, 10, op.schemes);
  bool(w, 11, op.deprecated);
  extensions(w, 13, op);
}

const METHOD_FIELDS: Record<string, number> = { get: 2, put: 3, post: 4, delete: 5, options: 6, head: 7, patch: 8 };

/** PathItem { _ref = 1; get = 2; put = 3; post = 4; delete = 5; options = 6; head = 7; patch = 8; parameters = 9; vendor_extension = 10 } */
function pathItem(w: BinaryWriter, item: Obj) {
  str(w, 1, item.$ref);
  for (const [method, field] of Object.entries(METHOD_FIELDS)) {
    const op = item[method];
    if (isObj(op)) msg(w, field, () => operation(w, op));
  }
  if (Array.isArray(item.parameters)) for (const p of item.parameters) if (isObj(p)) parameter(w, 9, p);
  extensions(w, 10, item);
}

/** Encodes a Swagger 2.0 document (JSON value) as an openapi.v2.Document. */
export function encodeOpenAPIv2(document: object): Uint8Array {
  const doc = document as Obj;
  const w = new BinaryWriter();
  str(w, 1, doc.swagger);
  const info = doc.info;
  if (isObj(info)) {
    msg(w, 2, () => {
      str(w, 1, info.title);
      str(w, 2, info.version);
      str(w, 3, info.description);
      extensions(w, 7, info);
    });
  }
  str(w, 3, doc.host);
  str(w, 4, doc.basePath);
  strs(w, 5, doc.schemes);
  strs(w, 6, doc.consumes);
  strs(w, 7, doc.produces);
  const paths = doc.paths;
  if (isObj(paths)) {
    // Paths { vendor_extension = 1; repeated NamedPathItem path = 2 }
    msg(w, 8, () => {
      extensions(w, 1, paths);
      for (const [p, item] of Object.entries(paths)) {
        if (p.startsWith("x-") || !isObj(item)) continue;
        msg(w, 2, () => {
          str(w, 1, p);
          msg(w, 2, () => pathItem(w, item));
        });
      }
    });
  }
  // Definitions { repeated NamedSchema additional_properties = 1 }
  if (isObj(doc.definitions)) msg(w, 9, () => definitions(w, doc.definitions as Obj));
  const security = doc.security;
  if (Array.isArray(security)) {
    // SecurityRequirement { repeated NamedStringArray additional_properties = 1 } ; StringArray { repeated string value = 1 }
    for (const req of security) {
      if (!isObj(req)) continue;
      msg(w, 12, () => {
        for (const [name, scopes] of Object.entries(req)) msg(w, 1, () => {
          str(w, 1, name);
          msg(w, 2, () => strs(w, 1, scopes));
        });
      });
    }
  }
  const secDefs = doc.securityDefinitions;
  if (isObj(secDefs)) {
    // SecurityDefinitions { repeated NamedSecurityDefinitionsItem additional_properties = 1 }
    // SecurityDefinitionsItem: api_key_security = 2 { type = 1; name = 2; in = 3; description = 4 }
    msg(w, 13, () => {
      for (const [name, d] of Object.entries(secDefs)) {
        if (!isObj(d) || d.type !== "apiKey") continue;
        msg(w, 1, () => {
          str(w, 1, name);
          msg(w, 2, () =>
            msg(w, 2, () => {
              str(w, 1, d.type);
              str(w, 2, d.name);
              str(w, 3, d.in);
              str(w, 4, d.description);
            }),
          );
        });
      }
    });
  }
  extensions(w, 16, doc);
  return w.finish();
}
