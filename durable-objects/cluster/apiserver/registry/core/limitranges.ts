// core/v1 LimitRange. kube has no printer for it: tables use the default NAME / CREATED AT columns.
import { LimitRange } from "kubernetes-models/v1/LimitRange";
import type { StatusCause } from "../../status";
import { fieldErr } from "../../validation/field-errors";
import { canonicalizeResourceList, parseQuantity } from "../../validation/quantity";
import { modelSchema } from "../../validation/schema";
import { ALL_VERBS, at, nameColumn } from "../define";
import type { JsonObject, ResourceType } from "../types";
import { isObject, objects } from "../../validation/values";

const map = (v: unknown): JsonObject => (isObject(v) ? v : {});

const LIMIT_TYPES = ["Container", "Pod", "PersistentVolumeClaim"];
const LISTS = ["max", "min", "default", "defaultRequest", "maxLimitRequestRatio"];

/** SetDefaults_LimitRangeItem: a Container item's default limit falls back to max, its default request to the limit, then min. */
function defaultItem(item: JsonObject): void {
  if (item.type === "Container") {
    const def = (item.default = map(item.default));
    const req = (item.defaultRequest = map(item.defaultRequest));
    for (const [k, v] of Object.entries(map(item.max))) if (!(k in def)) def[k] = v;
    for (const [k, v] of Object.entries(def)) if (!(k in req)) req[k] = v;
    for (const [k, v] of Object.entries(map(item.min))) if (!(k in req)) req[k] = v;
  }
  for (const list of LISTS) canonicalizeResourceList(item[list]);
}

/** Pairs that must be ordered (lower ≤ upper), with kube's wording. */
const ORDER: [lower: string, upper: string, field: string, text: (lo: string, hi: string) => string][] = [
  ["min", "max", "min", (lo, hi) => `min value ${lo} is greater than max value ${hi}`],
  ["min", "defaultRequest", "defaultRequest", (lo, hi) => `min value ${lo} is greater than default request value ${hi}`],
  ["defaultRequest", "max", "defaultRequest", (lo, hi) => `default request value ${lo} is greater than max value ${hi}`],
  ["defaultRequest", "default", "defaultRequest", (lo, hi) => `default request value ${lo} is greater than default limit value ${hi}`],
  ["min", "default", "default", (lo, hi) => `min value ${lo} is greater than default value ${hi}`],
  ["default", "max", "default", (lo, hi) => `default value ${lo} is greater than max value ${hi}`],
];

function validateLimitRange(obj: JsonObject): StatusCause[] {
  const causes: StatusCause[] = [];
  objects(at(obj, "spec.limits")).forEach((item, i) => {
    const path = `spec.limits[${i}]`;
    if (!LIMIT_TYPES.includes(String(item.type))) causes.push(fieldErr.notSupported(`${path}.type`, item.type, LIMIT_TYPES));
    if (item.type === "Pod") {
      for (const f of ["default", "defaultRequest"]) {
        if (Object.keys(map(item[f])).length > 0) causes.push(fieldErr.forbidden(`${path}.${f}`, "may not be specified when `type` is 'Pod'"));
      }
    }
    const keys = new Set(LISTS.flatMap((l) => Object.keys(map(item[l]))));
    for (const k of keys) {
      for (const [lower, upper, field, text] of ORDER) {
        const lo = map(item[lower])[k];
        const hi = map(item[upper])[k];
        if (lo === undefined || hi === undefined) continue;
        if ((parseQuantity(lo) ?? 0) > (parseQuantity(hi) ?? 0)) {
          causes.push(fieldErr.invalid(`${path}.${field}[${k}]`, String(field === lower ? lo : hi), text(String(lo), String(hi))));
        }
      }
    }
  });
  return causes;
}

export const limitranges: ResourceType = {
  group: "",
  version: "v1",
  kind: "LimitRange",
  listKind: "LimitRangeList",
  plural: "limitranges",
  singular: "limitrange",
  shortNames: ["limits"],
  categories: [],
  namespaced: true,
  verbs: ALL_VERBS,
  subresources: [],
  columns: [
    nameColumn,
    {
      name: "Created At",
      type: "date",
      description: "CreationTimestamp is a timestamp representing the server time when this object was created.",
      priority: 0,
      cell: (o) => {
        const t = at(o, "metadata.creationTimestamp");
        return typeof t === "string" ? new Date(t).toISOString().replace(/\.\d{3}Z$/, "Z") : "0001-01-01T00:00:00Z";
      },
    },
  ],
  topLevelFields: ["spec"],
  defaults(obj) {
    for (const item of objects(at(obj, "spec.limits"))) defaultItem(item);
  },
  validate: validateLimitRange,
  schema: modelSchema(LimitRange),
  openapiName: "io.k8s.api.core.v1.LimitRange",
};
