// Unknown fields of an object, at any depth, found with the same OpenAPI definitions the server
// publishes: what kube-apiserver's strict decoding reports for fieldValidation=Strict (400
// `strict decoding error: unknown field "spec.template.spec.containers[0].imagee"`) and Warn
// (a warning per field). Paths are written as sigs.k8s.io/json writes them: fields and map keys
// joined with ".", list elements as "[i]", no leading dot.
//
// Below a map (additionalProperties) only the values' schema applies (keys are free); below
// x-kubernetes-preserve-unknown-fields, RawExtension, FieldsV1 or an untyped schema (JSON,
// JSONSchemaPropsOr*) anything goes, as kube's custom decoders accept anything there.
import { builtinDefinitionName, definition, OBJECT_META, type ResourceTypeWithSchema, type Schema } from "./definitions";

export type SchemaResolver = (name: string) => Schema | undefined;

const builtinResolver: SchemaResolver = (name) => definition(name.startsWith("#/") ? name.slice(name.lastIndexOf("/") + 1) : name);

/** Follows $ref (and a v3 single-element allOf wrapping one). */
function deref(s: Schema | undefined, resolve: SchemaResolver): Schema | undefined {
  for (let i = 0; s && i < 32; i++) {
    if (typeof s.$ref === "string") s = resolve(s.$ref);
    else if (!s.properties && !s.type && s.allOf?.length === 1) s = s.allOf[0];
    else return s;
  }
  return s;
}

const EMBEDDED_PROPS: Record<string, Schema> = { apiVersion: { type: "string" }, kind: { type: "string" }, metadata: { $ref: OBJECT_META } };

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

function walk(schema: Schema | undefined, value: unknown, path: string, out: string[], resolve: SchemaResolver): void {
  const s = deref(schema, resolve);
  if (!s || value === null || typeof value !== "object") return;
  if (Array.isArray(value)) {
    if (s.items) for (let i = 0; i < value.length; i++) walk(s.items, value[i], `${path}[${i}]`, out, resolve);
    return;
  }
  const preserve = s["x-kubernetes-preserve-unknown-fields"] === true;
  const map = s.additionalProperties && typeof s.additionalProperties === "object" ? s.additionalProperties : undefined;
  const props = s["x-kubernetes-embedded-resource"] === true ? { ...EMBEDDED_PROPS, ...(s.properties ?? {}) } : s.properties;
  // Untyped without properties (JSON, JSONSchemaPropsOrArray, …) and additionalProperties: true: anything.
  if (!props && !map && (s.type !== "object" || s.additionalProperties === true)) return;
  const obj = value as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    const p = props && Object.prototype.hasOwnProperty.call(props, key) ? props[key] : undefined;
    if (p) walk(p, obj[key], join(path, key), out, resolve);
    else if (map) walk(map, obj[key], join(path, key), out, resolve);
    else if (!preserve && s.additionalProperties !== true) out.push(join(path, key));
  }
}

/**
 * Every field of `obj` (at any depth, through lists and maps) that the schema does not know, e.g.
 * ["spec.template.spec.containers[0].imagee"]. `resolve` resolves $ref names (built-in definitions
 * by default).
 */
export function unknownFieldPathsInSchema(schema: Schema, obj: unknown, resolve: SchemaResolver = builtinResolver): string[] {
  const out: string[] = [];
  walk(schema, obj, "", out, resolve);
  return out;
}

/** Unknown fields of `obj` against a built-in definition ("io.k8s.api.apps.v1.Deployment"); [] if the definition is unknown. */
export function unknownFieldPaths(definitionName: string, obj: unknown): string[] {
  const s = definition(definitionName);
  return s ? unknownFieldPathsInSchema(s, obj) : [];
}

/**
 * Unknown fields of an object of a registry type: its built-in definition, or the custom schema it
 * carries (with apiVersion/kind/metadata as kube adds them). Undefined when no schema describes the
 * type, so the caller can fall back to a shallower check.
 */
export function unknownFieldPathsForType(rt: ResourceTypeWithSchema, obj: unknown): string[] | undefined {
  const name = rt.openapiSchema ? undefined : builtinDefinitionName(rt);
  if (name) return unknownFieldPaths(name, obj);
  if (!rt.openapiSchema) return undefined;
  const s: Schema = { ...rt.openapiSchema, type: "object", properties: { ...EMBEDDED_PROPS, ...(rt.openapiSchema.properties ?? {}) } };
  return unknownFieldPathsInSchema(s, obj);
}
