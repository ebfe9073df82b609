// labelSelector + fieldSelector of a request, compiled once into a predicate over stored objects.
import type { JsonObject, ResourceType } from "../registry/types";
import { errors } from "../status";
import { FieldSelectorParseError, parseFieldSelector, type FieldRequirement } from "./fields";
import { matchesLabels, parseLabelSelector, SelectorParseError, type LabelSelector } from "./labels";

export interface ObjectFilter {
  /** True when there is nothing to filter on. */
  everything: boolean;
  /** metadata.name=X: the only object that can match (lets a watch skip other keys). */
  name?: string;
  matches(obj: JsonObject): boolean;
}

const meta = (o: JsonObject) => (o.metadata ?? {}) as JsonObject;

export function compileSelectors(rt: ResourceType, query: URLSearchParams): ObjectFilter {
  let labels: LabelSelector;
  let fields: FieldRequirement[];
  try {
    labels = parseLabelSelector(query.get("labelSelector") ?? "");
  } catch (err) {
    if (err instanceof SelectorParseError) throw errors.badRequest(`unable to parse requirement: ${err.message}`);
    throw err;
  }
  try {
    fields = parseFieldSelector(query.get("fieldSelector") ?? "");
  } catch (err) {
    if (err instanceof FieldSelectorParseError) throw errors.badRequest(err.message);
    throw err;
  }
  const readers: ((o: JsonObject) => string | undefined)[] = fields.map((req) => {
    if (req.field === "metadata.name") return (o) => meta(o).name as string | undefined;
    if (req.field === "metadata.namespace" && rt.namespaced) return (o) => meta(o).namespace as string | undefined;
    const reader = rt.selectableFields?.[req.field];
    if (!reader) throw errors.badRequest(`field label not supported: ${req.field}`);
    return reader;
  });
  const nameReq = fields.find((f) => f.field === "metadata.name" && f.op === "=");
  const filter: ObjectFilter = {
    everything: labels.length === 0 && fields.length === 0,
    matches: (obj) =>
      matchesLabels(labels, meta(obj).labels as Record<string, string> | undefined) &&
      fields.every((f, i) => {
        const v = readers[i]!(obj) ?? "";
        return f.op === "=" ? v === f.value : v !== f.value;
      }),
  };
  if (nameReq) filter.name = nameReq.value;
  return filter;
}
