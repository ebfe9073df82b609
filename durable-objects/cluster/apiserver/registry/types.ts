// A resource type, described once. Discovery, routing, storage keys, Table printing and
// (next) OpenAPI are all derived from these entries; adding a resource is adding an entry.
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
  /** Whether metadata.generation is kept (1 on create, +1 on every spec change). */
  generation?: boolean;
  /** Status is written by the server (status subresource / controllers): a main-resource update keeps the old status. */
  statusOwnedByServer?: boolean;
  /** Top-level fields besides apiVersion/kind/metadata (default: spec, status). */
  topLevelFields?: string[];
  /** Finalizers outside metadata.finalizers that also hold a deleted object (a namespace's spec.finalizers). */
  pendingFinalizers?(obj: JsonObject): string[];
  /** Called on the copy of an object being marked for deletion (e.g. a namespace turns Terminating). */
  onDeletionMarked?(obj: JsonObject): void;
  /** Whether DELETE answers with the deleted object (true) or a Success Status (false). */
  returnDeletedObject?: boolean;
}

export const apiVersionOf = (rt: Pick<ResourceType, "group" | "version">) => (rt.group ? `${rt.group}/${rt.version}` : rt.version);
