// OpenAPI v2 (Swagger 2.0): GET /openapi/v2, one document for every served group-version, as JSON or
// as the gnostic protobuf kubectl asks for (v2-protobuf.ts). kubectl 1.27/1.28 need it for apply,
// diff, create -f and explain; newer ones read its patch metadata during client-side apply.
// Written the way kube-openapi writes v2: plain $ref with the field's description beside it (its
// proto parser ignores allOf), IntOrString as string/int-or-string, Quantity as string.
import type { Registry } from "../registry";
import type { Schema } from "./definitions";
import { contentHash } from "./hash";
import { groupVersionModel, groupVersionSignature, type OpModel, type ParamModel, type PathModel } from "./model";
import { patchExtensionsOf } from "./patch-extensions";
import { DEFAULT_KUBERNETES_VERSION, type OpenAPIOptions } from "./v3";

const REF_PREFIX = "#/definitions/";
const STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
const PATCH_TYPES = ["application/apply-patch+yaml", "application/json-patch+json", "application/merge-patch+json", STRATEGIC_MERGE_PATCH];
const PRODUCES = ["application/json", "application/yaml", "application/vnd.kubernetes.protobuf"];
const STATUS_TEXT: Record<number, string> = { 200: "OK", 201: "Created", 202: "Accepted", 401: "Unauthorized" };

/** A stored-form schema in Swagger 2.0 form, acceptable to kube-openapi's proto model parser. */
export function toV2Schema(s: Schema, defName?: string): Schema {
  if (typeof s.$ref === "string") {
    const { $ref, ...rest } = s;
    // kube-openapi rejects a $ref with a type or properties beside it.
    const { type: _t, properties: _p, ...kept } = rest;
    return { $ref: REF_PREFIX + $ref, ...kept };
  }
  const out: Schema = { ...s };
  // Keywords Swagger 2.0 does not have (CRD schemas may use them).
  delete out.oneOf;
  delete out.anyOf;
  delete out.not;
  delete out.nullable;
  if (out.allOf) {
    // Only a single-ref allOf survives (as a plain $ref); anything else is dropped, as kube does for CRDs.
    const only = out.allOf.length === 1 ? out.allOf[0] : undefined;
    delete out.allOf;
    if (only && typeof only.$ref === "string" && !out.type && !out.properties) return { ...toV2Schema(only), ...out };
  }
  if (out["x-kubernetes-int-or-string"] === true && out.format !== "int-or-string") delete out.type;
  if (Array.isArray(out.type)) delete out.type;
  if (s.properties) {
    const ext = defName ? patchExtensionsOf(defName) : undefined;
    const props: Record<string, Schema> = {};
    for (const [name, p] of Object.entries(s.properties)) {
      const v2 = toV2Schema(p);
      const e = ext?.get(name);
      props[name] = e ? { ...v2, ...e } : v2;
    }
    out.properties = props;
  }
  if (s.items && typeof s.items === "object" && !Array.isArray(s.items)) out.items = toV2Schema(s.items);
  else if (out.type === "array") delete out.type; // an array without one item schema: arbitrary
  if (s.additionalProperties && typeof s.additionalProperties === "object") out.additionalProperties = toV2Schema(s.additionalProperties);
  return out;
}

function paramV2(p: ParamModel) {
  return {
    ...(p.uniqueItems ? { uniqueItems: true } : {}),
    type: p.type,
    description: p.description,
    name: p.name,
    in: p.in,
    ...(p.required ? { required: true } : {}),
  };
}

function opV2(op: OpModel) {
  const parameters: unknown[] = [];
  if (op.body) parameters.push({ name: "body", in: "body", required: true, schema: { $ref: REF_PREFIX + op.body.ref } });
  parameters.push(...op.params.map(paramV2));
  const schema = op.response?.ref ? { $ref: REF_PREFIX + op.response.ref } : op.response?.string ? { type: "string" } : undefined;
  const responses: Record<string, unknown> = {};
  for (const code of op.codes) responses[String(code)] = { description: STATUS_TEXT[code] ?? "OK", ...(schema ? { schema } : {}) };
  responses["401"] = { description: "Unauthorized" };
  const out: Record<string, unknown> = {
    description: op.description,
    consumes: op.body?.patch ? PATCH_TYPES.filter((t) => op.body!.strategic || t !== STRATEGIC_MERGE_PATCH) : ["*/*"],
    produces: op.response?.string ? ["*/*"] : PRODUCES,
    schemes: ["https"],
    tags: [op.tag],
    operationId: op.operationId,
    ...(parameters.length > 0 ? { parameters } : {}),
    responses,
  };
  if (op.action) out["x-kubernetes-action"] = op.action;
  if (op.gvk) out["x-kubernetes-group-version-kind"] = { group: op.gvk.group, kind: op.gvk.kind, version: op.gvk.version };
  return out;
}

function addPaths(out: Record<string, Record<string, unknown>>, paths: PathModel[]) {
  for (const p of paths) {
    const item: Record<string, unknown> = {};
    for (const op of p.ops) item[op.method] = opV2(op);
    if (p.params.length > 0) item.parameters = p.params.map(paramV2);
    out[p.path] = item;
  }
}

export interface SwaggerDocument {
  swagger: "2.0";
  info: { title: string; version: string };
  paths: Record<string, Record<string, unknown>>;
  definitions: Record<string, Schema>;
  securityDefinitions: Record<string, unknown>;
  security: Record<string, string[]>[];
}

/** v2 forms of component schemas, by their stored-form object (built-in ones live as long as the isolate). */
const v2Forms = new WeakMap<Schema, Schema>();
export interface SwaggerResult {
  doc: SwaggerDocument;
  /** The document as JSON text. */
  json: string;
  /** Content hash of `json` (the ETag). */
  hash: string;
  /** The gnostic protobuf encoding, filled in on first use. */
  protobuf?: Uint8Array;
}

/** Built documents by Kubernetes version and registry signature (a few, LRU: DOs of one isolate may differ in CRDs). */
const built = new Map<string, SwaggerResult>();
const MAX_CACHED = 8;

/** The Swagger 2.0 document of everything the registry serves (memoized per registry state). */
export function openapiV2(registry: Registry, options: OpenAPIOptions = {}): SwaggerResult {
  const version = options.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
  const gvs: [string, string][] = [];
  for (const [group, versions] of registry.groups()) for (const v of versions) gvs.push([group, v]);
  const signature = `${version}\u0000${gvs.map(([g, v]) => `${g}/${v}:${groupVersionSignature(registry, g, v)}`).join("\u0000")}`;
  const hit = built.get(signature);
  if (hit) {
    built.delete(signature);
    built.set(signature, hit);
    return hit;
  }

  const paths: Record<string, Record<string, unknown>> = {};
  const all = new Map<string, Schema>();
  for (const [group, v] of gvs) {
    const model = groupVersionModel(registry, group, v);
    if (!model) continue;
    addPaths(paths, model.paths);
    for (const [name, s] of model.schemas) if (!all.has(name)) all.set(name, s);
  }
  const definitions: Record<string, Schema> = {};
  for (const name of [...all.keys()].sort()) {
    const stored = all.get(name)!;
    let v2 = v2Forms.get(stored);
    if (!v2) v2Forms.set(stored, (v2 = toV2Schema(stored, name)));
    definitions[name] = v2;
  }
  const sortedPaths = Object.fromEntries(Object.entries(paths).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const doc: SwaggerDocument = {
    swagger: "2.0",
    info: { title: "Kubernetes", version },
    paths: sortedPaths,
    definitions,
    securityDefinitions: { BearerToken: { description: "Bearer Token authentication", type: "apiKey", name: "authorization", in: "header" } },
    security: [{ BearerToken: [] }],
  };
  const json = JSON.stringify(doc);
  const result: SwaggerResult = { doc, json, hash: contentHash(json) };
  if (built.size >= MAX_CACHED) built.delete(built.keys().next().value!);
  built.set(signature, result);
  return result;
}
