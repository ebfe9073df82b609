// What an OpenAPI document of one group-version says, independent of the OpenAPI version it is
// written in: the component schemas (stored form, see definitions.ts) and the operations of every
// resource path, derived from the registry as kube-apiserver's endpoint installer derives them.
// (Not described: the deprecated /watch/ paths, which no client uses; list operations take watch=true.)
import { supportsStrategicMerge } from "../patch/patch-meta";
import type { Registry } from "../registry";
import { apiVersionOf, type Subresource, type Verb } from "../registry/types";
import {
  API_RESOURCE_LIST,
  builtinDefinitionName,
  closure,
  customDefinitionName,
  definition,
  definitionForKind,
  DELETE_OPTIONS,
  LIST_META,
  OBJECT_META,
  PATCH,
  STATUS,
  typesOf,
  type GroupVersionKind,
  type ResourceTypeWithSchema,
  type Schema,
} from "./definitions";

export type HttpMethod = "get" | "put" | "post" | "patch" | "delete";
export type Action = "get" | "list" | "post" | "put" | "patch" | "delete" | "deletecollection" | "watch" | "watchlist" | "connect";

export interface ParamModel {
  name: string;
  in: "query" | "path";
  type: "string" | "boolean" | "integer";
  description: string;
  required?: boolean;
  uniqueItems?: boolean;
}

export interface OpModel {
  method: HttpMethod;
  action?: Action;
  operationId: string;
  description: string;
  tag: string;
  gvk?: GroupVersionKind;
  params: ParamModel[];
  /**
   * Request body: a definition name; `patch` bodies take the patch media types, strategic merge
   * patch only when `strategic` (built-in kinds: kubectl sends a strategic merge patch exactly when
   * the PATCH operation consumes it, so custom resources must not list it).
   */
  body?: { ref: string; patch?: boolean; strategic?: boolean };
  /** Response schema: a definition name, or a plain string (logs). */
  response?: { ref?: string; string?: boolean };
  codes: number[];
}

export interface PathModel {
  path: string;
  params: ParamModel[];
  ops: OpModel[];
}

export interface GroupVersionModel {
  group: string;
  version: string;
  /** Component schemas by definition name, stored form (refs are bare names). */
  schemas: Map<string, Schema>;
  paths: PathModel[];
}

// ---- parameters (kube's wording, first sentence only: every operation repeats them) ----------------------

const q = (name: string, type: ParamModel["type"], description: string): ParamModel => ({ name, in: "query", type, description, uniqueItems: true });

const P = {
  pretty: q("pretty", "string", "If 'true', then the output is pretty printed."),
  dryRun: q("dryRun", "string", "When present, indicates that modifications should not be persisted. Valid values are: - All: all dry run stages will be processed"),
  fieldManager: q("fieldManager", "string", "fieldManager is a name associated with the actor or entity that is making these changes."),
  fieldManagerApply: q(
    "fieldManager",
    "string",
    "fieldManager is a name associated with the actor or entity that is making these changes. This field is required for apply requests (application/apply-patch) but optional for non-apply patch types (JsonPatch, MergePatch, StrategicMergePatch).",
  ),
  fieldValidation: q(
    "fieldValidation",
    "string",
    "fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: Ignore, Warn (the default), Strict.",
  ),
  force: q("force", "boolean", "Force is going to \"force\" Apply requests. It means user will re-acquire conflicting fields owned by other people. Force flag must be unset for non-apply patch requests."),
  gracePeriodSeconds: q("gracePeriodSeconds", "integer", "The duration in seconds before the object should be deleted. Value must be non-negative integer. The value zero indicates delete immediately."),
  ignoreStoreReadError: q(
    "ignoreStoreReadErrorWithClusterBreakingPotential",
    "boolean",
    "if set to true, it will trigger an unsafe deletion of the resource in case the normal deletion flow fails with a corrupt object error.",
  ),
  orphanDependents: q("orphanDependents", "boolean", "Deprecated: please use the PropagationPolicy, this field will be deprecated in 1.7. Should the dependent objects be orphaned."),
  propagationPolicy: q(
    "propagationPolicy",
    "string",
    "Whether and how garbage collection will be performed. Acceptable values are: 'Orphan' - orphan the dependents; 'Background' - allow the garbage collector to delete the dependents in the background; 'Foreground' - a cascading policy that deletes all dependents in the foreground.",
  ),
  allowWatchBookmarks: q("allowWatchBookmarks", "boolean", "allowWatchBookmarks requests watch events with type \"BOOKMARK\"."),
  continue: q("continue", "string", "The continue option should be set when retrieving more results from the server."),
  fieldSelector: q("fieldSelector", "string", "A selector to restrict the list of returned objects by their fields. Defaults to everything."),
  labelSelector: q("labelSelector", "string", "A selector to restrict the list of returned objects by their labels. Defaults to everything."),
  limit: q("limit", "integer", "limit is a maximum number of responses to return for a list call."),
  resourceVersion: q("resourceVersion", "string", "resourceVersion sets a constraint on what resource versions a request may be served from."),
  resourceVersionMatch: q("resourceVersionMatch", "string", "resourceVersionMatch determines how resourceVersion is applied to list calls."),
  sendInitialEvents: q("sendInitialEvents", "boolean", "`sendInitialEvents=true` may be set together with `watch=true`."),
  timeoutSeconds: q("timeoutSeconds", "integer", "Timeout for the list/watch call."),
  watch: q("watch", "boolean", "Watch for changes to the described resources and return them as a stream of add, update, and remove notifications. Specify resourceVersion."),
  name: (kind: string): ParamModel => ({ name: "name", in: "path", type: "string", description: `name of the ${kind}`, required: true, uniqueItems: true }),
  namespace: { name: "namespace", in: "path", type: "string", description: "object name and auth scope, such as for teams and projects", required: true, uniqueItems: true } as ParamModel,
};

const LIST_PARAMS = [P.allowWatchBookmarks, P.continue, P.fieldSelector, P.labelSelector, P.limit, P.resourceVersion, P.resourceVersionMatch, P.sendInitialEvents, P.timeoutSeconds, P.watch];
const WRITE_PARAMS = [P.dryRun, P.fieldManager, P.fieldValidation];
const PATCH_PARAMS = [P.dryRun, P.fieldManagerApply, P.fieldValidation, P.force];
const DELETE_PARAMS = [P.dryRun, P.gracePeriodSeconds, P.ignoreStoreReadError, P.orphanDependents, P.propagationPolicy];
const DELETE_COLLECTION_PARAMS = [
  P.continue,
  P.dryRun,
  P.fieldSelector,
  P.gracePeriodSeconds,
  P.ignoreStoreReadError,
  P.labelSelector,
  P.limit,
  P.orphanDependents,
  P.propagationPolicy,
  P.resourceVersion,
  P.resourceVersionMatch,
  P.sendInitialEvents,
  P.timeoutSeconds,
];

// ---- names ---------------------------------------------------------------------------------------------

const upperFirst = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

/** "apps" v1 → "AppsV1", "" v1 → "CoreV1", "rbac.authorization.k8s.io" v1 → "RbacAuthorizationV1". */
function gvIdent(group: string, version: string): string {
  const g = group ? group.replace(/\.k8s\.io$/, "").split(/[.-]/).map(upperFirst).join("") : "Core";
  return `${g}${upperFirst(version)}`;
}

/** The tag kube gives a group-version's operations: "apps_v1", "core_v1", "rbacAuthorization_v1". */
function gvTag(group: string, version: string): string {
  if (!group) return `core_${version}`;
  const parts = group.replace(/\.k8s\.io$/, "").split(/[.-]/);
  return `${parts[0]}${parts.slice(1).map(upperFirst).join("")}_${version}`;
}

/** "/api/v1" or "/apis/apps/v1" */
export const gvPrefix = (group: string, version: string) => (group ? `/apis/${group}/${version}` : `/api/${version}`);

/** The key of a group-version in the /openapi/v3 index: "api/v1", "apis/apps/v1". */
export const gvIndexPath = (group: string, version: string) => gvPrefix(group, version).slice(1);

/** "api/v1" / "/apis/apps/v1" → group and version. */
export function parseGvPath(path: string): { group: string; version: string } | null {
  const parts = path.replace(/^\/+|\/+$/g, "").split("/");
  if (parts[0] === "api" && parts.length === 2 && parts[1]) return { group: "", version: parts[1] };
  if (parts[0] === "apis" && parts.length === 3 && parts[1] && parts[2]) return { group: parts[1], version: parts[2] };
  return null;
}

// ---- schemas of one group-version ----------------------------------------------------------------------

const TYPE_META_PROPS = (): Record<string, Schema> => ({
  apiVersion: {
    description:
      "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources",
    type: "string",
  },
  kind: {
    description:
      "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds",
    type: "string",
  },
});

/** The schema of a custom resource kind: its CRD schema (or anything), with kube's apiVersion/kind/metadata. */
function customKindSchema(rt: ResourceTypeWithSchema, gvk: GroupVersionKind): Schema {
  const base: Schema = rt.openapiSchema ? { ...rt.openapiSchema } : { type: "object", "x-kubernetes-preserve-unknown-fields": true };
  base.type ??= "object";
  base.properties = {
    ...TYPE_META_PROPS(),
    metadata: { description: "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata", $ref: OBJECT_META },
    ...(base.properties ?? {}),
  };
  base["x-kubernetes-group-version-kind"] = [gvk];
  return base;
}

function customListSchema(itemName: string, listGvk: GroupVersionKind): Schema {
  return {
    description: `${listGvk.kind} is a list of ${itemName.slice(itemName.lastIndexOf(".") + 1)}`,
    type: "object",
    properties: {
      ...TYPE_META_PROPS(),
      items: { description: `List of ${itemName.slice(itemName.lastIndexOf(".") + 1).toLowerCase()}s.`, type: "array", items: { $ref: itemName } },
      metadata: { description: "Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds", $ref: LIST_META },
    },
    required: ["items"],
    "x-kubernetes-group-version-kind": [listGvk],
  };
}

interface KindNames {
  rt: ResourceTypeWithSchema;
  gvk: GroupVersionKind;
  kindDef: string;
  listDef?: string;
}

/** Schemas and definition names of a group-version's kinds (custom ones synthesized). */
function kindsOf(types: ResourceTypeWithSchema[], schemas: Map<string, Schema>, roots: Set<string>): KindNames[] {
  const out: KindNames[] = [];
  for (const rt of types) {
    const gvk = { group: rt.group, version: rt.version, kind: rt.kind };
    const listGvk = { ...gvk, kind: rt.listKind };
    const builtin = rt.openapiSchema ? undefined : builtinDefinitionName(rt);
    if (builtin) {
      roots.add(builtin);
      const listDef = definitionForKind(apiVersionOf(rt), rt.listKind);
      if (listDef) roots.add(listDef);
      out.push({ rt, gvk, kindDef: builtin, ...(listDef ? { listDef } : {}) });
    } else {
      const kindDef = customDefinitionName(gvk);
      const listDef = customDefinitionName(listGvk);
      schemas.set(kindDef, customKindSchema(rt, gvk));
      schemas.set(listDef, customListSchema(kindDef, listGvk));
      roots.add(OBJECT_META).add(LIST_META);
      out.push({ rt, gvk, kindDef, listDef });
    }
  }
  return out;
}

// ---- operations ----------------------------------------------------------------------------------------

/** Subresources that stream or tunnel rather than speak an object. */
const STREAMING = new Set(["log", "exec", "attach", "portforward", "proxy"]);
const CONNECT = new Set(["exec", "attach", "portforward", "proxy"]);

/**
 * What a subresource speaks: its own kind (scale → autoscaling/v1 Scale), text (log, exec, …) or
 * the resource's kind (status, finalize, ephemeralcontainers, resize).
 */
function subresourceKind(k: KindNames, sub: Subresource): { gvk: GroupVersionKind; def?: string } {
  if (sub.kind) {
    const apiVersion = sub.kind.group ? `${sub.kind.group}/${sub.kind.version}` : sub.kind.version;
    const def = definitionForKind(apiVersion, sub.kind.kind);
    return { gvk: { ...sub.kind }, ...(def ? { def } : {}) };
  }
  if (STREAMING.has(sub.name)) return { gvk: k.gvk };
  return { gvk: k.gvk, def: k.kindDef };
}

const has = (verbs: readonly Verb[], v: Verb) => verbs.includes(v);

function resourcePaths(k: KindNames, prefix: string, group: string, version: string): PathModel[] {
  const { rt, gvk, kindDef, listDef } = k;
  const ident = gvIdent(group, version);
  const tag = gvTag(group, version);
  const scope = rt.namespaced ? "Namespaced" : "";
  const kind = rt.kind;
  const base = rt.namespaced ? `${prefix}/namespaces/{namespace}/${rt.plural}` : `${prefix}/${rt.plural}`;
  const scopeParams = rt.namespaced ? [P.namespace, P.pretty] : [P.pretty];
  const named = [P.name(kind), ...(rt.namespaced ? [P.namespace] : []), P.pretty];
  const op = (o: Omit<OpModel, "tag" | "gvk"> & { gvk?: GroupVersionKind }): OpModel => ({ tag, gvk, ...o });
  const patchBody = { ref: PATCH, patch: true, strategic: supportsStrategicMerge(`${apiVersionOf(rt)}/${rt.kind}`) };
  const paths: PathModel[] = [];

  const collection: OpModel[] = [];
  if (has(rt.verbs, "list"))
    collection.push(op({ method: "get", action: "list", operationId: `list${ident}${scope}${kind}`, description: `list or watch objects of kind ${kind}`, params: LIST_PARAMS, response: { ...(listDef ? { ref: listDef } : {}) }, codes: [200] }));
  if (has(rt.verbs, "create"))
    collection.push(op({ method: "post", action: "post", operationId: `create${ident}${scope}${kind}`, description: `create ${article(kind)}`, params: WRITE_PARAMS, body: { ref: kindDef }, response: { ref: kindDef }, codes: [200, 201, 202] }));
  if (has(rt.verbs, "deletecollection"))
    collection.push(op({ method: "delete", action: "deletecollection", operationId: `delete${ident}Collection${scope}${kind}`, description: `delete collection of ${kind}`, params: DELETE_COLLECTION_PARAMS, body: { ref: DELETE_OPTIONS }, response: { ref: STATUS }, codes: [200] }));
  if (collection.length > 0) paths.push({ path: base, params: scopeParams, ops: collection });

  const item: OpModel[] = [];
  if (has(rt.verbs, "get")) item.push(op({ method: "get", action: "get", operationId: `read${ident}${scope}${kind}`, description: `read the specified ${kind}`, params: [], response: { ref: kindDef }, codes: [200] }));
  if (has(rt.verbs, "update"))
    item.push(op({ method: "put", action: "put", operationId: `replace${ident}${scope}${kind}`, description: `replace the specified ${kind}`, params: WRITE_PARAMS, body: { ref: kindDef }, response: { ref: kindDef }, codes: [200, 201] }));
  if (has(rt.verbs, "patch"))
    item.push(op({ method: "patch", action: "patch", operationId: `patch${ident}${scope}${kind}`, description: `partially update the specified ${kind}`, params: PATCH_PARAMS, body: patchBody, response: { ref: kindDef }, codes: [200, 201] }));
  if (has(rt.verbs, "delete"))
    item.push(op({ method: "delete", action: "delete", operationId: `delete${ident}${scope}${kind}`, description: `delete ${article(kind)}`, params: DELETE_PARAMS, body: { ref: DELETE_OPTIONS }, response: { ref: rt.returnDeletedObject ? kindDef : STATUS }, codes: [200, 202] }));
  if (item.length > 0) paths.push({ path: `${base}/{name}`, params: named, ops: item });

  for (const sub of rt.subresources) {
    const { gvk: subGvk, def } = subresourceKind(k, sub);
    const name = upperFirst(sub.name);
    const ops: OpModel[] = [];
    const connect = CONNECT.has(sub.name);
    const response = def ? { ref: def } : { string: true };
    for (const verb of sub.verbs) {
      if (connect) {
        const method: HttpMethod = verb === "create" ? "post" : "get";
        if (ops.some((o) => o.method === method)) continue;
        ops.push(op({ method, action: "connect", operationId: `connect${upperFirst(method)}${ident}${scope}${kind}${name}`, description: `connect ${upperFirst(method).toUpperCase()} requests to ${sub.name} of ${kind}`, params: [], response: { string: true }, codes: [200], gvk: subGvk }));
      } else if (verb === "get") {
        ops.push(op({ method: "get", action: "get", operationId: `read${ident}${scope}${kind}${name}`, description: `read ${sub.name} of the specified ${kind}`, params: [], response, codes: [200], gvk: subGvk }));
      } else if (verb === "update") {
        ops.push(op({ method: "put", action: "put", operationId: `replace${ident}${scope}${kind}${name}`, description: `replace ${sub.name} of the specified ${kind}`, params: WRITE_PARAMS, ...(def ? { body: { ref: def } } : {}), response, codes: [200, 201], gvk: subGvk }));
      } else if (verb === "patch") {
        ops.push(op({ method: "patch", action: "patch", operationId: `patch${ident}${scope}${kind}${name}`, description: `partially update ${sub.name} of the specified ${kind}`, params: PATCH_PARAMS, body: patchBody, response, codes: [200, 201], gvk: subGvk }));
      } else if (verb === "create") {
        ops.push(op({ method: "post", action: "post", operationId: `create${ident}${scope}${kind}${name}`, description: `create ${sub.name} of ${article(kind)}`, params: WRITE_PARAMS, ...(def ? { body: { ref: def } } : {}), response, codes: [200, 201, 202], gvk: subGvk }));
      }
    }
    if (ops.length > 0) paths.push({ path: `${base}/{name}/${sub.name}`, params: [P.name(kind), ...(rt.namespaced ? [P.namespace] : []), P.pretty], ops });
  }

  if (has(rt.verbs, "list") && rt.namespaced) {
    paths.push({
      path: `${prefix}/${rt.plural}`,
      params: [...LIST_PARAMS, P.pretty].sort(byName),
      ops: [op({ method: "get", action: "list", operationId: `list${ident}${kind}ForAllNamespaces`, description: `list or watch objects of kind ${kind}`, params: [], response: { ...(listDef ? { ref: listDef } : {}) }, codes: [200] })],
    });
  }
  return paths;
}

const byName = (a: ParamModel, b: ParamModel) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const article = (kind: string) => (/^[AEIOU]/.test(kind) ? `an ${kind}` : `a ${kind}`);

/** The model of one group-version's document, or null when the registry serves nothing there. */
export function groupVersionModel(registry: Registry, group: string, version: string): GroupVersionModel | null {
  const types = typesOf(registry, group, version);
  if (types.length === 0) return null;
  const schemas = new Map<string, Schema>();
  const roots = new Set<string>([STATUS, DELETE_OPTIONS, PATCH, API_RESOURCE_LIST]);
  const kinds = kindsOf(types, schemas, roots);
  const prefix = gvPrefix(group, version);
  const paths: PathModel[] = [
    {
      path: `${prefix}/`,
      params: [],
      ops: [{ method: "get", operationId: `get${gvIdent(group, version)}APIResources`, description: "get available resources", tag: gvTag(group, version), params: [], response: { ref: API_RESOURCE_LIST }, codes: [200] }],
    },
  ];
  for (const k of kinds) {
    for (const sub of k.rt.subresources) {
      const def = subresourceKind(k, sub).def;
      if (def) roots.add(def);
    }
    paths.push(...resourcePaths(k, prefix, group, version));
  }
  for (const name of closure(roots)) schemas.set(name, definition(name)!);
  paths.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { group, version, schemas: new Map([...schemas].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))), paths };
}

const typeIds = new WeakMap<object, number>();
let nextTypeId = 1;

/**
 * A cheap fingerprint of what a group-version's document is built from, for memoizing documents:
 * the identities of its resource types (registry entries are replaced, not mutated, when a CRD
 * changes), so a CRD's schema is never serialized just to find out nothing changed.
 */
export function groupVersionSignature(registry: Registry, group: string, version: string): string {
  return typesOf(registry, group, version)
    .map((t) => {
      let id = typeIds.get(t);
      if (id === undefined) typeIds.set(t, (id = nextTypeId++));
      return id;
    })
    .join(",");
}
