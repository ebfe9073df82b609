// The OpenAPI definitions of the built-in kinds, generated at install time from kubernetes-models
// (scripts/gen-openapi-schemas.mjs → generated/openapi-definitions.json). Each definition is kept as
// JSON text and parsed on first use, so starting the Durable Object costs nothing and a request
// touches only the definitions it needs.
//
// Stored form (shared by the v2 and v3 renderers): refs are bare definition names ({"$ref":
// "io.k8s.api.core.v1.PodSpec"}, with the field's description beside it); IntOrString, Quantity and
// Time are written as kube-openapi writes them in v2; free-form values have no type.
import generated from "../../../../generated/openapi-definitions.json";
import type { Registry } from "../registry";
import { apiVersionOf, type ResourceType } from "../registry/types";

/** An OpenAPI (v2/v3 common subset) schema. */
export interface Schema {
  description?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: Schema;
  additionalProperties?: Schema | boolean;
  $ref?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  not?: Schema;
  nullable?: boolean;
  default?: unknown;
  [extension: `x-${string}`]: unknown;
}

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

const rawDefinitions: Readonly<Record<string, string>> = generated.definitions;
const kindIndex: Readonly<Record<string, string>> = generated.kinds;

/** Content hash of the generated definitions (changes when kubernetes-models or the generator does). */
export const DEFINITIONS_HASH: string = generated.hash;
/** Where the definitions come from, e.g. "kubernetes-models@4.5.1, …". */
export const DEFINITIONS_SOURCE: string = generated.source;

const parsed = new Map<string, Schema>();

export function hasDefinition(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(rawDefinitions, name);
}

/** A built-in definition, parsed once per isolate. Treat the result as read-only. */
export function definition(name: string): Schema | undefined {
  let s = parsed.get(name);
  if (s) return s;
  if (!hasDefinition(name)) return undefined;
  s = JSON.parse(rawDefinitions[name]!) as Schema;
  parsed.set(name, s);
  return s;
}

/** Every generated definition name (for tests and diagnostics). */
export function definitionNames(): string[] {
  return Object.keys(rawDefinitions);
}

/** Every generated kind: "apps/v1/Deployment" → its definition name. */
export function generatedKinds(): Readonly<Record<string, string>> {
  return kindIndex;
}

/** The definition of a built-in kind by apiVersion/kind ("apps/v1", "Deployment"). */
export function definitionForKind(apiVersion: string, kind: string): string | undefined {
  return kindIndex[`${apiVersion}/${kind}`];
}

/**
 * A ResourceType may carry the OpenAPI v3 schema of a custom resource (a CRD version's
 * openAPIV3Schema); the registry's built-in entries do not need to.
 */
export type ResourceTypeWithSchema = ResourceType & { openapiSchema?: Schema };

/** The definition name a resource type's objects are described by, when it is a built-in one. */
export function builtinDefinitionName(rt: Pick<ResourceType, "group" | "version" | "kind" | "openapiName">): string | undefined {
  if (rt.openapiName && hasDefinition(rt.openapiName)) return rt.openapiName;
  return definitionForKind(apiVersionOf(rt), rt.kind);
}

/**
 * kube's definition name for a custom resource: the reversed group, the version and the kind
 * (stable.example.com/v1 CronTab → com.example.stable.v1.CronTab).
 */
export function customDefinitionName(gvk: GroupVersionKind): string {
  const group = gvk.group.split(".").reverse().join(".");
  return `${group ? `${group}.` : ""}${gvk.version}.${gvk.kind}`;
}

/** The definition names a schema refers to (structurally: a property may well be named "$ref"). */
export function refsOf(schema: Schema | undefined, out: string[] = []): string[] {
  if (!schema || typeof schema !== "object") return out;
  if (typeof schema.$ref === "string") out.push(schema.$ref);
  if (schema.properties) for (const p of Object.values(schema.properties)) refsOf(p, out);
  if (schema.items) refsOf(schema.items, out);
  if (schema.additionalProperties && typeof schema.additionalProperties === "object") refsOf(schema.additionalProperties, out);
  for (const list of [schema.allOf, schema.oneOf, schema.anyOf]) if (list) for (const s of list) refsOf(s, out);
  return out;
}

/** The built-in definitions reachable from `roots` (roots included), sorted by name. */
export function closure(roots: Iterable<string>): string[] {
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (seen.has(name)) continue;
    const s = definition(name);
    if (!s) continue;
    seen.add(name);
    for (const r of refsOf(s)) if (!seen.has(r)) stack.push(r);
  }
  return [...seen].sort();
}

/** Resource types of one group-version, in registration order. */
export function typesOf(registry: Registry, group: string, version: string): ResourceTypeWithSchema[] {
  return registry.all().filter((t) => t.group === group && t.version === version);
}

export const OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
export const LIST_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta";
export const STATUS = "io.k8s.apimachinery.pkg.apis.meta.v1.Status";
export const DELETE_OPTIONS = "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions";
export const WATCH_EVENT = "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent";
export const PATCH = "io.k8s.apimachinery.pkg.apis.meta.v1.Patch";
export const API_RESOURCE_LIST = "io.k8s.apimachinery.pkg.apis.meta.v1.APIResourceList";
export const INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
export const QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";
