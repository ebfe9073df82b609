// A resource type, described once. Discovery, routing, storage keys, Table printing,
// validation and OpenAPI are all derived from these entries; adding a resource is adding an entry.
import type { ApiContext } from "../context";
import type { StatusCause } from "../status";

export type JsonObject = Record<string, unknown>;

export type Verb = "create" | "delete" | "deletecollection" | "get" | "list" | "patch" | "update" | "watch";

export interface PrinterColumn {
  name: string;
  type: "string" | "integer" | "number" | "boolean" | "date";
  format?: string;
  description: string;
  /** 0: always shown; 1: only with -o wide. */
  priority: number;
  /** The cell for one object at cluster time `now` (ms). */
  cell(obj: JsonObject, now: number): string | number | boolean;
}

export interface Subresource {
  name: string;
  verbs: Verb[];
  /** The kind the subresource speaks, when not the resource's own (e.g. autoscaling/v1 Scale). */
  kind?: { group: string; version: string; kind: string };
}

/** What schema validation (kubernetes-models) found: type errors are 400s, the rest 422 causes. */
export interface SchemaFindings {
  /** A value of the wrong JSON type: kube fails decoding with 400 BadRequest and this text. */
  decodeError?: string;
  causes: StatusCause[];
}

/** Where a type keeps what its scale subresource (autoscaling/v1 Scale) reads and writes. */
export interface ScaleSpec {
  /** Dotted path of the desired replicas, e.g. "spec.replicas". */
  specReplicas: string;
  /** Dotted path of the observed replicas, e.g. "status.replicas". */
  statusReplicas: string;
  /** The label selector as a string for Scale status.selector (e.g. from spec.selector). */
  selector?(obj: JsonObject): string | undefined;
}

export interface ResourceType {
  group: string;
  version: string;
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  shortNames: string[];
  categories: string[];
  namespaced: boolean;
  verbs: Verb[];
  subresources: Subresource[];
  columns: PrinterColumn[];
  /** Field selector keys beyond metadata.name / metadata.namespace, with how to read them. */
  selectableFields?: Record<string, (obj: JsonObject) => string | undefined>;
  /** Fills in what kube-apiserver defaults on create and update. */
  defaults?(obj: JsonObject): void;
  /** Resets what a main-resource update may not change (kube's PrepareForUpdate), after system fields. */
  prepareForUpdate?(obj: JsonObject, old: JsonObject): void;
  /** Type-specific validation on create (and on update with `old`). Returns field causes. */
  validate?(obj: JsonObject, old?: JsonObject): StatusCause[];
  /** The rule for metadata.name (default: a DNS-1123 subdomain; namespaces: a label). */
  validateName?(name: string): string[];
  /** Structural validation from the type's schema (kubernetes-models validators for built-in kinds). */
  schema?(obj: JsonObject): SchemaFindings;
  /**
   * Removes fields the type's schema does not have and returns their paths (".spec.x"); custom
   * resources prune this way, and fieldValidation decides whether that is an error or a warning.
   */
  prune?(obj: JsonObject): string[];
  /** Served from a CustomResourceDefinition (by its name). */
  crd?: string;
  /**
   * false: an update must name the resourceVersion it read (kube's AllowUnconditionalUpdate; custom
   * resources and CRDs). Default true: no resourceVersion (or "0") updates whatever is stored.
   */
  allowUnconditionalUpdate?: boolean;
  /** A custom resource's storage version (the CRD version with `storage: true`). */
  storageVersion?: string;
  /** Dotted field paths that may not change once set (e.g. "spec.selector" of a Deployment). */
  immutableFields?: string[];
  /** Resets server-owned fields on create (kube's PrepareForCreate), before defaulting. */
  prepareForCreate?(obj: JsonObject): void;
  /**
   * Storage-side work of a main-resource write, after validation and inside the write's transaction
   * (kube's BeginCreate / BeginUpdate): a Service's ClusterIP and node ports. `old`: the stored object
   * on an update. A dry run fills in values and reserves nothing.
   */
  allocate?(ctx: ApiContext, obj: JsonObject, old: JsonObject | undefined, dryRun: boolean): void;
  /** Present when the type has a scale subresource. */
  scale?: ScaleSpec;
  /** OpenAPI definition name, e.g. "io.k8s.api.apps.v1.Deployment". */
  openapiName?: string;
  /** The schema itself, for types that bring their own (custom resources). */
  openapiSchema?: JsonObject;
  /**
   * Another version's storage holds these objects (autoscaling/v1 HPAs are stored as v2;
   * events.k8s.io events are core events): where, and how to convert to and from it.
   */
  storedAs?: { group: string; plural: string; toStorage(obj: JsonObject): JsonObject; fromStorage(obj: JsonObject): JsonObject };
  /** Whether metadata.generation is kept (1 on create, +1 on every spec change). */
  generation?: boolean;
  /**
   * The type has a status subresource: a main-resource write keeps the old status (create starts
   * from none), and only …/status writes change it.
   */
  statusOwnedByServer?: boolean;
  /** Top-level fields besides apiVersion/kind/metadata (default: spec, status). */
  topLevelFields?: string[];
  /** Finalizers outside metadata.finalizers that also hold a deleted object (a namespace's spec.finalizers). */
  pendingFinalizers?(obj: JsonObject): string[];
  /** The status a create may bring is kept (a kubelet registering its Node), not reset. */
  createKeepsStatus?: boolean;
  /**
   * Graceful deletion: how many seconds the object may take to go (0: remove now), given the
   * gracePeriodSeconds the request asked for. Pods wait for their kubelet this way.
   */
  gracePeriod?(obj: JsonObject, requested?: number): number;
  /** Called on the copy of an object being marked for deletion (e.g. a namespace turns Terminating). */
  onDeletionMarked?(obj: JsonObject): void;
  /**
   * A create-only type that is computed, never stored (access reviews, whoami): the create answers
   * with what this returns.
   */
  review?(obj: JsonObject, user: { username: string; uid?: string; groups: string[] }, namespace: string | undefined, ctx: ApiContext): JsonObject;
  /** kube's deprecation warning for the type, sent as a `Warning: 299` header on every request to it. */
  deprecationWarning?: string;
  /** Whether DELETE answers with the deleted object (true) or a Success Status (false). */
  returnDeletedObject?: boolean;
}

export const apiVersionOf = (rt: Pick<ResourceType, "group" | "version">) => (rt.group ? `${rt.group}/${rt.version}` : rt.version);
