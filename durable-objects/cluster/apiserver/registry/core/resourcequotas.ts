// core/v1 ResourceQuota. The quota controller fills status.hard and status.used; REQUEST and LIMIT
// print them as "used/hard" per resource.
import { ResourceQuota } from "kubernetes-models/v1/ResourceQuota";
import type { StatusCause } from "../../status";
import { fieldErr } from "../../validation/field-errors";
import { qualifiedName } from "../../validation/names";
import { canonicalizeResourceList, parseQuantity } from "../../validation/quantity";
import { modelSchema } from "../../validation/schema";
import { ageColumn, ALL_VERBS, at, column, nameColumn, STATUS } from "../define";
import type { JsonObject, ResourceType } from "../types";
import { isObject } from "../../validation/values";

const map = (v: unknown): JsonObject => (isObject(v) ? v : {});

const SCOPES = ["BestEffort", "CrossNamespacePodAffinity", "NotBestEffort", "NotTerminating", "PriorityClass", "Terminating", "VolumeAttributesClass"];

/** "requests.cpu: 0/1, pods: 2/10", from status; `limits.*` resources go to the LIMIT column. */
function usage(obj: JsonObject, limits: boolean): string {
  const hard = map(at(obj, "status.hard"));
  const used = map(at(obj, "status.used"));
  return Object.keys(hard)
    .sort()
    .filter((r) => (r.split(".")[0] === "limits" && r.includes(".")) === limits)
    .map((r) => `${r}: ${String(used[r] ?? "0")}/${String(hard[r])}`)
    .join(", ");
}

function validateQuota(obj: JsonObject): StatusCause[] {
  const causes: StatusCause[] = [];
  for (const [k, v] of Object.entries(map(at(obj, "spec.hard")))) {
    const path = `spec.hard[${k}]`;
    causes.push(...qualifiedName(k).map((m) => fieldErr.invalid(path, k, m)));
    const value = parseQuantity(v);
    if (value !== undefined && value < 0) causes.push(fieldErr.invalid(path, String(v), "must be greater than or equal to 0"));
  }
  const scopes = at(obj, "spec.scopes");
  (Array.isArray(scopes) ? scopes : []).forEach((s) => {
    if (!SCOPES.includes(String(s))) causes.push(fieldErr.notSupported("spec.scopes", s, SCOPES));
  });
  return causes;
}

export const resourcequotas: ResourceType = {
  group: "",
  version: "v1",
  kind: "ResourceQuota",
  listKind: "ResourceQuotaList",
  plural: "resourcequotas",
  singular: "resourcequota",
  shortNames: ["quota"],
  categories: [],
  namespaced: true,
  verbs: ALL_VERBS,
  subresources: [STATUS],
  // Since 1.33 AGE is the last column (it used to come second).
  columns: [
    nameColumn,
    column("Request", (o) => usage(o, false), { description: "Request represents a minimum amount of cpu/memory that a container may consume." }),
    column("Limit", (o) => usage(o, true), {
      description: "Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.",
    }),
    ageColumn,
  ],
  prepareForCreate(obj) {
    obj.status = {};
  },
  defaults(obj) {
    canonicalizeResourceList(at(obj, "spec.hard"));
    canonicalizeResourceList(at(obj, "status.hard"));
    canonicalizeResourceList(at(obj, "status.used"));
  },
  validate: validateQuota,
  schema: modelSchema(ResourceQuota),
  openapiName: "io.k8s.api.core.v1.ResourceQuota",
  statusOwnedByServer: true,
  returnDeletedObject: true,
};
