// OpenAPI v3: GET /openapi/v3 (the index of group-version documents, each URL carrying the
// document's content hash) and GET /openapi/v3/apis/<group>/<version> (one OpenAPI 3.0 document).
// kubectl ≥1.29 reads these for apply/create/replace/edit/diff (it looks for the PATCH operation
// with the object's x-kubernetes-group-version-kind and a fieldValidation parameter) and explain.
import type { Registry } from "../registry";
import { definition, INT_OR_STRING, QUANTITY, type Schema } from "./definitions";
import { contentHash } from "./hash";
import { groupVersionModel, groupVersionSignature, gvIndexPath, parseGvPath, type OpModel, type ParamModel, type PathModel } from "./model";
import { patchExtensionsOf } from "./patch-extensions";

export const DEFAULT_KUBERNETES_VERSION = "v1.33.0";

export interface OpenAPIOptions {
  /** What info.version says, e.g. "v1.33.0". */
  kubernetesVersion?: string;
}

const REF_PREFIX = "#/components/schemas/";
const STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
const PATCH_TYPES = ["application/apply-patch+yaml", "application/json-patch+json", "application/merge-patch+json", STRATEGIC_MERGE_PATCH];
const RESPONSE_TYPES = ["application/json", "application/yaml"];
const STATUS_TEXT: Record<number, string> = { 200: "OK", 201: "Created", 202: "Accepted", 401: "Unauthorized" };

// ---- schemas -------------------------------------------------------------------------------------------

/** A stored-form schema in OpenAPI v3 form: refs under #/components/schemas, described refs via allOf. */
export function toV3Schema(s: Schema, defName?: string): Schema {
  if (typeof s.$ref === "string") {
    const { $ref, ...rest } = s;
    const ref = { $ref: REF_PREFIX + $ref };
    return Object.keys(rest).length > 0 ? { allOf: [ref], ...rest } : ref;
  }
  const out: Schema = { ...s };
  if (s.properties) {
    const ext = defName ? patchExtensionsOf(defName) : undefined;
    const props: Record<string, Schema> = {};
    for (const [name, p] of Object.entries(s.properties)) {
      const v3 = toV3Schema(p);
      const e = ext?.get(name);
      props[name] = e ? { ...v3, ...e } : v3;
    }
    out.properties = props;
  }
  if (s.items) out.items = toV3Schema(s.items);
  if (s.additionalProperties && typeof s.additionalProperties === "object") out.additionalProperties = toV3Schema(s.additionalProperties);
  for (const k of ["allOf", "oneOf", "anyOf"] as const) {
    const list = s[k];
    if (list) out[k] = list.map((x) => toV3Schema(x));
  }
  if (s.not) out.not = toV3Schema(s.not);
  return out;
}

const v3Builtins = new Map<string, Schema>();

/** A component schema in v3 form (built-in ones memoized; IntOrString and Quantity as kube-openapi v3 writes them). */
function componentV3(name: string, stored: Schema): Schema {
  const cached = v3Builtins.get(name);
  if (cached) return cached;
  let out: Schema;
  if (name === INT_OR_STRING) {
    const { type: _t, ...rest } = stored;
    out = { ...rest, oneOf: [{ type: "integer" }, { type: "string" }] };
  } else if (name === QUANTITY) {
    const { type: _t, ...rest } = stored;
    out = { ...rest, oneOf: [{ type: "string" }, { type: "number" }] };
  } else out = toV3Schema(stored, name);
  if (stored === definition(name)) v3Builtins.set(name, out);
  return out;
}

// ---- paths ---------------------------------------------------------------------------------------------

function paramV3(p: ParamModel) {
  return {
    description: p.description,
    in: p.in,
    name: p.name,
    ...(p.required ? { required: true } : {}),
    schema: { type: p.type, ...(p.uniqueItems ? { uniqueItems: true } : {}) },
  };
}

function opV3(op: OpModel) {
  const responseSchema = op.response?.ref ? { $ref: REF_PREFIX + op.response.ref } : op.response?.string ? { type: "string" } : undefined;
  const responses: Record<string, unknown> = {};
  for (const code of op.codes) {
    responses[String(code)] = {
      description: STATUS_TEXT[code] ?? "OK",
      ...(responseSchema ? { content: Object.fromEntries((op.response?.string ? ["*/*"] : RESPONSE_TYPES).map((t) => [t, { schema: responseSchema }])) } : {}),
    };
  }
  responses["401"] = { description: "Unauthorized" };
  const out: Record<string, unknown> = {
    tags: [op.tag],
    description: op.description,
    operationId: op.operationId,
    ...(op.params.length > 0 ? { parameters: op.params.map(paramV3) } : {}),
  };
  if (op.body) {
    const schema = { $ref: REF_PREFIX + op.body.ref };
    const types = op.body.patch ? PATCH_TYPES.filter((t) => op.body!.strategic || t !== STRATEGIC_MERGE_PATCH) : ["*/*"];
    out.requestBody = { content: Object.fromEntries(types.map((t) => [t, { schema }])), required: true };
  }
  out.responses = responses;
  if (op.action) out["x-kubernetes-action"] = op.action;
  if (op.gvk) out["x-kubernetes-group-version-kind"] = { group: op.gvk.group, kind: op.gvk.kind, version: op.gvk.version };
  return out;
}

function pathsV3(paths: PathModel[]) {
  const out: Record<string, Record<string, unknown>> = {};
  for (const p of paths) {
    const item: Record<string, unknown> = {};
    for (const op of p.ops) item[op.method] = opV3(op);
    if (p.params.length > 0) item.parameters = p.params.map(paramV3);
    out[p.path] = item;
  }
  return out;
}

// ---- documents -----------------------------------------------------------------------------------------

export interface OpenAPIDocument {
  /** The document as JSON text. */
  body: string;
  /** Content hash of the document (16 hex digits): the ?hash= of its URL and its ETag. */
  hash: string;
}

/** A component schema rendered once: its JSON text and that text's hash. */
interface Rendered {
  json: string;
  hash: string;
}
const rendered = new WeakMap<Schema, Rendered>();

function renderComponent(name: string, stored: Schema): Rendered {
  let r = rendered.get(stored);
  if (!r) {
    const json = JSON.stringify(componentV3(name, stored));
    rendered.set(stored, (r = { json, hash: contentHash(json) }));
  }
  return r;
}

/**
 * A document in parts: the paths' JSON and the components' JSON. The body is a fixed frame around
 * them, so the hash is taken over the parts (the paths' text and every component's own hash) and the
 * index never has to assemble, or hash, whole documents. Component texts are shared between the
 * documents of an isolate.
 */
interface Parts {
  head: string;
  paths: string;
  components: [string, Rendered][];
  hash: string;
  body?: string;
}

/** Built documents by group-version, Kubernetes version and registry signature (LRU). */
const documents = new Map<string, Parts>();
const MAX_CACHED = 256;
const FRAME_VERSION = "1";

function partsOf(registry: Registry, groupVersionPath: string, options: OpenAPIOptions): Parts | null {
  const gv = parseGvPath(groupVersionPath);
  if (!gv) return null;
  const version = options.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
  const key = `${gvIndexPath(gv.group, gv.version)}\u0000${version}\u0000${groupVersionSignature(registry, gv.group, gv.version)}`;
  const cached = documents.get(key);
  if (cached) {
    // Most recently used last.
    documents.delete(key);
    documents.set(key, cached);
    return cached;
  }
  const model = groupVersionModel(registry, gv.group, gv.version);
  if (!model) return null;
  const head = JSON.stringify({ openapi: "3.0.0", info: { title: "Kubernetes", version } });
  const paths = JSON.stringify(pathsV3(model.paths));
  const components: [string, Rendered][] = [];
  for (const [name, s] of model.schemas) components.push([name, renderComponent(name, s)]);
  const hash = contentHash(`${FRAME_VERSION}\u0000${head}\u0000${paths}\u0000${components.map(([n, r]) => `${n}=${r.hash}`).join(",")}`);
  const parts: Parts = { head, paths, components, hash };
  if (documents.size >= MAX_CACHED) documents.delete(documents.keys().next().value!);
  documents.set(key, parts);
  return parts;
}

const SECURITY =
  '"securitySchemes":{"BearerToken":{"type":"apiKey","description":"Bearer Token authentication","name":"authorization","in":"header"}}},"security":[{"BearerToken":[]}]}';

/**
 * The OpenAPI v3 document of one group-version ("api/v1", "apis/apps/v1", with or without a leading
 * slash), or null if the registry serves nothing there. Built once per registry state and memoized.
 */
export function openapiV3Document(registry: Registry, groupVersionPath: string, options: OpenAPIOptions = {}): OpenAPIDocument | null {
  const parts = partsOf(registry, groupVersionPath, options);
  if (!parts) return null;
  parts.body ??= `${parts.head.slice(0, -1)},"paths":${parts.paths},"components":{"schemas":{${parts.components
    .map(([name, r]) => `${JSON.stringify(name)}:${r.json}`)
    .join(",")}},${SECURITY}`;
  return { body: parts.body, hash: parts.hash };
}

/** The hash of a group-version's document without assembling it (what the index needs). */
export function openapiV3Hash(registry: Registry, groupVersionPath: string, options: OpenAPIOptions = {}): string | null {
  return partsOf(registry, groupVersionPath, options)?.hash ?? null;
}

/** GET /openapi/v3: one entry per served group-version, its URL carrying the document's hash. */
export function openapiV3Index(registry: Registry, options: OpenAPIOptions = {}): { paths: Record<string, { serverRelativeURL: string }> } {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  const entries: string[] = [];
  for (const [group, versions] of registry.groups()) for (const v of versions) entries.push(gvIndexPath(group, v));
  entries.sort();
  for (const path of entries) {
    const hash = openapiV3Hash(registry, path, options);
    if (hash) paths[path] = { serverRelativeURL: `/openapi/v3/${path}?hash=${hash}` };
  }
  return { paths };
}
