// core/v1 ConfigMap: keys as IsConfigMapKey allows, at most 1 MiB of data, frozen by `immutable: true`.
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { fieldErr } from "../../validation/field-errors";
import { base64Length, MAX_DATA_SIZE, utf8Length, validateDataKeys, validateImmutableData } from "../../validation/data-keys";
import { modelSchema } from "../../validation/schema";
import { ageColumn, ALL_VERBS, column, nameColumn } from "../define";
import type { JsonObject, ResourceType } from "../types";

const entries = (v: unknown): [string, unknown][] => (typeof v === "object" && v !== null ? Object.entries(v) : []);

export const configmaps: ResourceType = {
  group: "",
  version: "v1",
  kind: "ConfigMap",
  listKind: "ConfigMapList",
  plural: "configmaps",
  singular: "configmap",
  shortNames: ["cm"],
  categories: [],
  namespaced: true,
  verbs: ALL_VERBS,
  subresources: [],
  columns: [
    nameColumn,
    column("Data", (o) => entries(o.data).length + entries(o.binaryData).length, {
      type: "string",
      description: "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'.",
    }),
    ageColumn,
  ],
  topLevelFields: ["data", "binaryData", "immutable"],
  validate(obj, old) {
    const data = entries(obj.data);
    const binary = entries(obj.binaryData);
    const causes = [...validateDataKeys(obj.data, "data"), ...validateDataKeys(obj.binaryData, "binaryData")];
    const binaryKeys = new Set(binary.map(([k]) => k));
    const dataKeys = new Set(data.map(([k]) => k));
    for (const [k] of data) if (binaryKeys.has(k)) causes.push(fieldErr.invalid(`data[${k}]`, k, "duplicate of key present in binaryData"));
    for (const [k] of binary) if (dataKeys.has(k)) causes.push(fieldErr.invalid(`binaryData[${k}]`, k, "duplicate of key present in data"));
    const size = data.reduce((n, [, v]) => n + utf8Length(v), 0) + binary.reduce((n, [, v]) => n + base64Length(v), 0);
    // kube reports the size on the object as a whole (an empty field path).
    if (size > MAX_DATA_SIZE) causes.push(fieldErr.tooLong("", MAX_DATA_SIZE));
    if (old) causes.push(...validateImmutableData(obj, old as JsonObject, ["data", "binaryData"]));
    return causes;
  },
  schema: modelSchema(ConfigMap),
  openapiName: "io.k8s.api.core.v1.ConfigMap",
};
