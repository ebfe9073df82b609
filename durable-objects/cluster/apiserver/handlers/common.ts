// Shared steps of the write handlers: error mapping, dry run, the immortal namespaces, admission of metadata.
import { KeyExistsError, KeyNotFoundError, MAX_VALUE_BYTES, RevisionConflictError, ValueTooLargeError } from "../../store/errors";
import type { ResourceRequest } from "../context";
import type { Registry } from "../registry";
import type { JsonObject, ResourceType } from "../registry/types";
import { ApiError, errors } from "../status";
import { unknownFieldPathsForType } from "../openapi/fields";
import { OBJECT_META_FIELDS } from "../validation/object-meta";
import { metadataOf } from "../objects";
import { jsonUnmarshalError } from "../gotypes/decode";
import { measure } from "../decode-limits";

export const gr = (rt: ResourceType) => ({ group: rt.group, resource: rt.plural });

/**
 * An object whose JSON alone passes the store's limit can never be stored: refused as the store would
 * refuse it, before validation and managedFields do their (linear, not free) work on it. Measured
 * without recursing and stopping at the limit.
 */
export function refuseUnstorable(rt: ResourceType, name: string, obj: JsonObject): void {
  if (measure(obj, { bytes: MAX_VALUE_BYTES }).over) translateStoreError(rt, name, new ValueTooLargeError(name, JSON.stringify(obj).length));
}

/** Maps the store's etcd-style failures onto the Status kube-apiserver would send. */
export function translateStoreError(rt: ResourceType, name: string, err: unknown): never {
  if (err instanceof KeyExistsError) throw errors.alreadyExists(gr(rt), name);
  if (err instanceof KeyNotFoundError) throw errors.notFound(gr(rt), name);
  if (err instanceof RevisionConflictError) throw errors.conflict(gr(rt), name);
  if (err instanceof ValueTooLargeError) throw errors.tooLarge(`${gr(rt).resource} "${name}" is too large to store: ${err.bytes} bytes, the limit is ${MAX_VALUE_BYTES}`);
  throw err;
}

export function isDryRun(query: URLSearchParams): boolean {
  const values = query.getAll("dryRun");
  for (const v of values) {
    if (v !== "All") throw errors.badRequest(`dryRun: Unsupported value: "${v}": supported values: "All"`);
  }
  return values.length > 0;
}

export type FieldValidation = "Strict" | "Warn" | "Ignore";

export function fieldValidation(query: URLSearchParams): FieldValidation {
  const v = query.get("fieldValidation") ?? "Warn";
  if (v !== "Strict" && v !== "Warn" && v !== "Ignore") {
    throw errors.badRequest(`fieldValidation: Unsupported value: "${v}": supported values: "Ignore", "Strict", "Warn"`);
  }
  return v;
}

/**
 * Unknown top-level and metadata fields. Deeper schema checks come with the OpenAPI-driven
 * validation of the full API machinery.
 */
export function unknownFields(rt: ResourceType, obj: JsonObject): string[] {
  const deep = unknownFieldPathsForType(rt, obj);
  if (deep) return deep.map((p) => `.${p}`);
  const known = new Set(["apiVersion", "kind", "metadata", ...(rt.topLevelFields ?? ["spec", "status"])]);
  const unknown = Object.keys(obj).filter((k) => !known.has(k)).map((k) => `.${k}`);
  const meta = obj.metadata;
  if (meta && typeof meta === "object") {
    for (const k of Object.keys(meta)) if (!OBJECT_META_FIELDS.has(k)) unknown.push(`.metadata.${k}`);
  }
  return unknown;
}

/** Applies fieldValidation to unknown fields: Strict fails the request, Warn returns warnings. */
export function checkUnknownFields(rt: ResourceType, req: ResourceRequest, obj: JsonObject): string[] {
  const mode = fieldValidation(req.query);
  // Custom resources are pruned whatever the mode; the mode decides what the client hears about it.
  const pruned = rt.prune ? rt.prune(obj) : [];
  if (mode === "Ignore") return [];
  const unknown = rt.prune ? [...pruned, ...unknownFields(rt, obj).filter((f) => f.startsWith(".metadata."))] : unknownFields(rt, obj);
  if (unknown.length === 0) return [];
  if (mode === "Strict") {
    throw new ApiError({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: `${rt.kind} in version "${rt.version}" cannot be handled as a ${rt.kind}: strict decoding error: ${unknown.map((f) => `unknown field "${f.slice(1)}"`).join(", ")}`,
      reason: "BadRequest",
      code: 400,
    });
  }
  return unknown.map((f) => `unknown field "${f.slice(1)}"`);
}

/** Namespaces NamespaceLifecycle admission never lets anyone delete (kube-apiserver's immortal set). */
export const IMMORTAL_NAMESPACES: ReadonlySet<string> = new Set(["default", "kube-system", "kube-public"]);

/** NamespaceLifecycle admission on delete: the immortal namespaces stay, whoever asks (system:masters too). */
export function admitNamespaceDeletion(rt: ResourceType, name: string): void {
  if (rt.group === "" && rt.kind === "Namespace" && IMMORTAL_NAMESPACES.has(name)) {
    throw errors.forbidden(`namespaces "${name}" is forbidden: this namespace may not be deleted`, gr(rt), name);
  }
}

/** Checks apiVersion/kind in the body against the URL's type. */
export function checkTypeMeta(rt: ResourceType, obj: JsonObject, registry?: Registry): void {
  const expected = rt.group ? `${rt.group}/${rt.version}` : rt.version;
  if (registry && !rt.crd) checkDecodable(rt, obj, registry, expected);
  if (obj.apiVersion !== undefined && obj.apiVersion !== expected) {
    throw errors.badRequest(`the API version in the data (${String(obj.apiVersion)}) does not match the expected API version (${expected})`);
  }
  if (obj.kind !== undefined && obj.kind !== rt.kind) {
    throw errors.badRequest(`the kind in the data (${String(obj.kind)}) does not match the expected kind (${rt.kind})`);
  }
  obj.apiVersion = expected;
  obj.kind = rt.kind;
}

/**
 * Decoding into the kind's Go struct: a value of the wrong JSON type is kube's 400, in encoding/json's
 * words ("Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go struct
 * field ObjectMeta.metadata.labels of type map[string]string"). Custom resources take any JSON here.
 */
function checkGoTypes(obj: JsonObject): void {
  const failure = jsonUnmarshalError(obj.apiVersion, obj.kind, obj);
  if (!failure) return;
  const apiVersion = String(obj.apiVersion);
  const version = apiVersion.slice(apiVersion.indexOf("/") + 1);
  throw errors.badRequest(`${String(obj.kind)} in version ${JSON.stringify(version)} cannot be handled as a ${String(obj.kind)}: ${failure}`);
}

/** Where kube's scheme of built-in kinds was made: its name, in "not registered" errors. */
const LEGACY_SCHEME = "k8s.io/kubernetes/pkg/api/legacyscheme/scheme.go:30";

/**
 * How kube's decoder fails a create or update body of another kind than the URL's (a Pod posted to
 * the namespaces collection): it decodes the body's own kind, then cannot convert it into the URL's
 * internal type; a kind it does not know is not registered. The same kind in another served version
 * of the group converts, and then fails the API version check below.
 */
function checkDecodable(rt: ResourceType, obj: JsonObject, registry: Registry, expected: string): void {
  if (typeof obj.kind !== "string" || obj.kind === "") return;
  const apiVersion = typeof obj.apiVersion === "string" && obj.apiVersion !== "" ? obj.apiVersion : expected;
  const version = apiVersion.includes("/") ? apiVersion.slice(apiVersion.indexOf("/") + 1) : apiVersion;
  const prefix = `${obj.kind} in version ${JSON.stringify(version)} cannot be handled as a ${rt.kind}`;
  const known = registry.kind(apiVersion, obj.kind);
  if (!known || known.crd) {
    throw errors.badRequest(`${prefix}: no kind ${JSON.stringify(obj.kind)} is registered for version ${JSON.stringify(apiVersion)} in scheme ${JSON.stringify(LEGACY_SCHEME)}`);
  }
  if (known.kind === rt.kind && internalPackage(known) === internalPackage(rt)) return;
  throw errors.badRequest(`${prefix}: converting (${version}.${obj.kind}) to (${internalPackage(rt)}.${rt.kind}): unknown conversion`);
}

/** The Go package of a group's internal types (core for the legacy group and events.k8s.io). */
function internalPackage(rt: ResourceType): string {
  if (rt.group === "" || rt.group === "events.k8s.io") return "core";
  return rt.group.split(".")[0]!;
}

/** The common start of a create or update: the body as this type's object, dry run, field warnings. */
export function decodeWriteBody(req: ResourceRequest, registry?: Registry) {
  if (!req.body) throw errors.badRequest("the body of the request is empty");
  const obj = req.body as JsonObject;
  const dryRun = isDryRun(req.query);
  checkTypeMeta(req.rt, obj, registry);
  checkGoTypes(obj);
  const warnings = checkUnknownFields(req.rt, req, obj);
  return { obj, meta: metadataOf(obj), dryRun, warnings };
}

/** Whether an object marked for deletion has nothing left holding it. */
export function readyToRemove(rt: ResourceType, obj: JsonObject): boolean {
  const meta = metadataOf(obj);
  if (!meta.deletionTimestamp) return false;
  if (Array.isArray(meta.finalizers) && meta.finalizers.length > 0) return false;
  // A graceful deletion in progress ends with its own grace-0 delete (the kubelet's).
  if (((meta.deletionGracePeriodSeconds as number | undefined) ?? 0) > 0) return false;
  return rt.pendingFinalizers ? rt.pendingFinalizers(obj).length === 0 : true;
}
