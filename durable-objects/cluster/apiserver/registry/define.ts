// Shorthands for writing registry entries: the defaults kube-apiserver uses for most types, and the
// printer columns every Table has.
import { age } from "../printing/age";
import type { JsonObject, PrinterColumn, ResourceType, Subresource, Verb } from "./types";

export const ALL_VERBS: Verb[] = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
export const STATUS: Subresource = { name: "status", verbs: ["get", "patch", "update"] };
export const SCALE: Subresource = { name: "scale", verbs: ["get", "patch", "update"], kind: { group: "autoscaling", version: "v1", kind: "Scale" } };

type Required = Pick<ResourceType, "group" | "version" | "kind" | "namespaced" | "columns">;

/** An entry with kube's usual defaults: plural = lower-case kind + "s", every verb, no short names. */
export function defineResource(spec: Required & Partial<ResourceType>): ResourceType {
  const lower = spec.kind.toLowerCase();
  return {
    listKind: `${spec.kind}List`,
    plural: `${lower}s`,
    singular: lower,
    shortNames: [],
    categories: [],
    verbs: ALL_VERBS,
    subresources: [],
    ...spec,
  };
}

/** Reads a dotted path ("spec.replicas") from an object. */
export function at(obj: unknown, path: string): unknown {
  let v: unknown = obj;
  for (const part of path.split(".")) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as JsonObject)[part];
  }
  return v;
}

/** Sets a dotted path, creating the maps on the way. */
export function setAt(obj: JsonObject, path: string, value: unknown): void {
  const parts = path.split(".");
  let node = obj;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    node = (next !== null && typeof next === "object" && !Array.isArray(next) ? next : (node[part] = {})) as JsonObject;
  }
  node[parts[parts.length - 1]!] = value;
}

export const nameColumn: PrinterColumn = {
  name: "Name",
  type: "string",
  format: "name",
  description: "Name must be unique within a namespace. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names",
  priority: 0,
  cell: (o) => (at(o, "metadata.name") as string | undefined) ?? "",
};

export const ageColumn: PrinterColumn = {
  name: "Age",
  type: "string",
  description: "CreationTimestamp is a timestamp representing the server time when this object was created.",
  priority: 0,
  cell: (o, now) => age(o, now),
};

/** A column; cells that are undefined print as "<none>", as kubectl does. */
export function column(
  name: string,
  cell: (obj: JsonObject, now: number) => string | number | boolean | undefined,
  opts: { type?: PrinterColumn["type"]; priority?: number; description?: string } = {},
): PrinterColumn {
  return {
    name,
    type: opts.type ?? "string",
    description: opts.description ?? "",
    priority: opts.priority ?? 0,
    cell: (o, now) => cell(o, now) ?? "<none>",
  };
}
