// Server-side printing: meta.k8s.io Table built from the registry's printer columns.
import type { JsonObject, ResourceType } from "../registry/types";

export type IncludeObject = "None" | "Metadata" | "Object";

export interface TableFormat {
  version: "v1" | "v1beta1";
  includeObject: IncludeObject;
}

export function columnDefinitions(rt: ResourceType) {
  return rt.columns.map(({ name, type, format, description, priority }) => ({ name, type, format: format ?? "", description, priority }));
}

function rowObject(obj: JsonObject, include: IncludeObject): JsonObject | undefined {
  if (include === "None") return undefined;
  if (include === "Object") return obj;
  const { managedFields: _drop, ...metadata } = (obj.metadata ?? {}) as JsonObject;
  return { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata };
}

export function tableRow(rt: ResourceType, obj: JsonObject, now: number, include: IncludeObject) {
  const row: JsonObject = { cells: rt.columns.map((c) => c.cell(obj, now)) };
  const object = rowObject(obj, include);
  if (object) row.object = object;
  return row;
}

export function toTable(rt: ResourceType, objects: JsonObject[], listMeta: JsonObject, now: number, format: TableFormat): JsonObject {
  return {
    kind: "Table",
    apiVersion: `meta.k8s.io/${format.version}`,
    metadata: listMeta,
    columnDefinitions: columnDefinitions(rt),
    rows: objects.map((o) => tableRow(rt, o, now, format.includeObject)),
  };
}
