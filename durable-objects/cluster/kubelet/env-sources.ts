// The values a container's environment takes from ConfigMaps and Secrets (env[].valueFrom.configMapKeyRef
// and secretKeyRef, envFrom), resolved as the kubelet resolves them: once, when the container is created,
// so a later change of the ConfigMap reaches only containers created after it. A reference that cannot be
// resolved (and is not optional) keeps the container from being created: CreateContainerConfigError with
// the kubelet's words.
import type { JsonObject } from "../apiserver/registry/types";
import { asArray, asObject, asString } from "./util";

/** What the references resolved to: envFrom's variables in order, then each env entry's value by name. */
export interface ResolvedEnv {
  envFrom: Array<[string, string]>;
  refs: Record<string, string>;
}

/** A ConfigMap's or Secret's data as strings (a Secret's decoded), or null when it does not exist. */
export type SourceLookup = (kind: "ConfigMap" | "Secret", name: string) => Record<string, string> | null;

const KIND_WORD = { ConfigMap: "configmap", Secret: "secret" } as const;

/** Whether the container takes anything from ConfigMaps or Secrets. */
export function usesEnvSources(container: JsonObject): boolean {
  return asArray(container.envFrom).length > 0 || asArray(container.env).some((e) => asObject(e.valueFrom).configMapKeyRef || asObject(e.valueFrom).secretKeyRef);
}

export function resolveEnvSources(container: JsonObject, namespace: string, lookup: SourceLookup): { env: ResolvedEnv } | { error: string } {
  const env: ResolvedEnv = { envFrom: [], refs: {} };
  for (const source of asArray(container.envFrom)) {
    const [kind, ref] = source.configMapRef ? (["ConfigMap", asObject(source.configMapRef)] as const) : (["Secret", asObject(source.secretRef)] as const);
    const name = asString(ref.name) ?? "";
    const data = lookup(kind, name);
    if (!data) {
      if (ref.optional === true) continue;
      return { error: `${KIND_WORD[kind]} "${name}" not found` };
    }
    const prefix = asString(source.prefix) ?? "";
    for (const [k, v] of Object.entries(data)) env.envFrom.push([`${prefix}${k}`, v]);
  }
  for (const e of asArray(container.env)) {
    const from = asObject(e.valueFrom);
    const [kind, ref] = from.configMapKeyRef ? (["ConfigMap", asObject(from.configMapKeyRef)] as const) : from.secretKeyRef ? (["Secret", asObject(from.secretKeyRef)] as const) : [null, null];
    if (!kind) continue;
    const name = asString(ref.name) ?? "";
    const key = asString(ref.key) ?? "";
    const data = lookup(kind, name);
    if (!data) {
      if (ref.optional === true) continue;
      return { error: `${KIND_WORD[kind]} "${name}" not found` };
    }
    if (!Object.hasOwn(data, key)) {
      if (ref.optional === true) continue;
      return { error: `couldn't find key ${key} in ${kind} ${namespace}/${name}` };
    }
    env.refs[asString(e.name) ?? ""] = data[key]!;
  }
  return { env };
}

/** A SourceLookup over stored objects: a ConfigMap's data and binaryData, a Secret's data decoded from base64. */
export function storedSource(get: (kind: "ConfigMap" | "Secret", name: string) => JsonObject | null): SourceLookup {
  return (kind, name) => {
    const obj = get(kind, name);
    if (!obj) return null;
    const out: Record<string, string> = {};
    if (kind === "ConfigMap") {
      for (const [k, v] of Object.entries(asObject(obj.data))) if (typeof v === "string") out[k] = v;
      for (const [k, v] of Object.entries(asObject(obj.binaryData))) if (typeof v === "string") out[k] = decodeBase64(v);
    } else {
      for (const [k, v] of Object.entries(asObject(obj.data))) if (typeof v === "string") out[k] = decodeBase64(v);
      for (const [k, v] of Object.entries(asObject(obj.stringData))) if (typeof v === "string") out[k] = v;
    }
    return out;
  };
}

function decodeBase64(v: string): string {
  try {
    return new TextDecoder().decode(Uint8Array.from(atob(v), (c) => c.charCodeAt(0)));
  } catch {
    return "";
  }
}
