// core/v1 Secret: type Opaque by default, stringData folded into data (it is write-only), the keys
// each well-known type needs, at most 1 MiB, frozen by `immutable: true`; the type never changes.
import { Secret } from "kubernetes-models/v1/Secret";
import type { StatusCause } from "../../status";
import { base64Length, MAX_DATA_SIZE, validateDataKeys, validateImmutableData } from "../../validation/data-keys";
import { fieldErr } from "../../validation/field-errors";
import { modelSchema } from "../../validation/schema";
import { ageColumn, ALL_VERBS, at, column, nameColumn } from "../define";
import type { JsonObject, ResourceType } from "../types";
import { isObject } from "../../validation/values";

/** Keys each well-known secret type must carry (all of them, or for basic-auth either one). */
const REQUIRED_KEYS: Record<string, string[]> = {
  "kubernetes.io/dockercfg": [".dockercfg"],
  "kubernetes.io/dockerconfigjson": [".dockerconfigjson"],
  "kubernetes.io/ssh-auth": ["ssh-privatekey"],
  "kubernetes.io/tls": ["tls.crt", "tls.key"],
};
const JSON_KEYS: Record<string, string> = { "kubernetes.io/dockercfg": ".dockercfg", "kubernetes.io/dockerconfigjson": ".dockerconfigjson" };

function base64Encode(text: string): string {
  let binary = "";
  for (const b of new TextEncoder().encode(text)) binary += String.fromCharCode(b);
  return btoa(binary);
}

function decode(value: unknown): string | undefined {
  try {
    return typeof value === "string" ? new TextDecoder().decode(Uint8Array.from(atob(value), (c) => c.charCodeAt(0))) : undefined;
  } catch {
    return undefined;
  }
}

function validateSecret(obj: JsonObject, old?: JsonObject): StatusCause[] {
  const data = isObject(obj.data) ? obj.data : {};
  const type = typeof obj.type === "string" ? obj.type : "";
  const causes = validateDataKeys(data, "data");
  const size = Object.values(data).reduce<number>((n, v) => n + base64Length(v), 0);
  if (size > MAX_DATA_SIZE) causes.push(fieldErr.tooLong("data", MAX_DATA_SIZE));
  const annotations = at(obj, "metadata.annotations");
  if (type === "kubernetes.io/service-account-token" && !(isObject(annotations) && annotations["kubernetes.io/service-account.name"])) {
    causes.push(fieldErr.required("metadata.annotations[kubernetes.io/service-account.name]"));
  }
  if (type === "kubernetes.io/basic-auth" && !("username" in data) && !("password" in data)) {
    causes.push(fieldErr.required("data[username]"), fieldErr.required("data[password]"));
  }
  const missing = (REQUIRED_KEYS[type] ?? []).filter((k) => !(k in data) || (k === "ssh-privatekey" && !data[k]));
  causes.push(...missing.map((k) => fieldErr.required(`data[${k}]`)));
  const jsonKey = JSON_KEYS[type];
  if (jsonKey && jsonKey in data) {
    try {
      const parsed: unknown = JSON.parse(decode(data[jsonKey]) ?? "");
      if (!isObject(parsed)) throw new Error(`json: cannot unmarshal ${Array.isArray(parsed) ? "array" : typeof parsed} into Go value of type map[string]interface {}`);
    } catch (err) {
      const message = err instanceof SyntaxError ? "invalid character looking for beginning of value" : (err as Error).message;
      causes.push(fieldErr.invalid(`data[${jsonKey}]`, "<secret contents redacted>", message));
    }
  }
  if (old) causes.push(...validateImmutableData(obj, old, ["data"]));
  return causes;
}

export const secrets: ResourceType = {
  group: "",
  version: "v1",
  kind: "Secret",
  listKind: "SecretList",
  plural: "secrets",
  singular: "secret",
  shortNames: [],
  categories: [],
  namespaced: true,
  verbs: ALL_VERBS,
  subresources: [],
  columns: [
    nameColumn,
    column("Type", (o) => (typeof o.type === "string" ? o.type : ""), { description: "Used to facilitate programmatic handling of secret data." }),
    column("Data", (o) => (isObject(o.data) ? Object.keys(o.data).length : 0), {
      description: "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'.",
    }),
    ageColumn,
  ],
  topLevelFields: ["data", "stringData", "type", "immutable"],
  selectableFields: { type: (o) => (typeof o.type === "string" ? o.type : "") },
  defaults(obj) {
    if (!obj.type) obj.type = "Opaque";
    if (isObject(obj.stringData)) {
      const data = isObject(obj.data) ? obj.data : {};
      for (const [k, v] of Object.entries(obj.stringData)) data[k] = base64Encode(String(v));
      obj.data = data;
    }
    delete obj.stringData;
  },
  validate: validateSecret,
  immutableFields: ["type"],
  schema: modelSchema(Secret),
  openapiName: "io.k8s.api.core.v1.Secret",
};
