// networking.k8s.io/v1 IPAddress (cluster-scoped, GA in 1.33): one object per allocated service IP,
// named by the address in canonical form; the API server writes them as it allocates ClusterIPs
// (network/service-allocator.ts) and removes them when the Service lets its address go.
import { IPAddress } from "kubernetes-models/networking.k8s.io/v1/IPAddress";
import type { StatusCause } from "../../status";
import { fieldErr } from "../../validation/field-errors";
import { IP_ERROR, isIP } from "../../validation/ip";
import { dns1123Label, dns1123Subdomain } from "../../validation/names";
import { modelSchema } from "../../validation/schema";
import { isObject, str } from "../../validation/values";
import { ageColumn, at, column, defineResource, nameColumn } from "../define";
import type { JsonObject } from "../types";

/** How kube prints a parent reference: resource[.group]/[namespace/]name. */
function parentRefCell(o: JsonObject): string {
  const ref = at(o, "spec.parentRef");
  if (!isObject(ref)) return "";
  const group = str(ref.group);
  const ns = str(ref.namespace);
  return `${str(ref.resource).toLowerCase()}${group ? `.${group}` : ""}/${ns ? `${ns}/` : ""}${str(ref.name)}`;
}

/** An IPv4 address with no leading zeros is its own canonical form; IPv6 goes through URL parsing. */
function canonicalIP(ip: string): string {
  if (!ip.includes(":")) return ip.split(".").map((p) => String(Number(p))).join(".");
  try {
    return new URL(`http://[${ip}]/`).hostname.slice(1, -1);
  } catch {
    return ip;
  }
}

function validateName(name: string): string[] {
  if (!isIP(name)) return [IP_ERROR];
  const canonical = canonicalIP(name);
  return canonical === name ? [] : [`must be in canonical form ("${canonical}")`];
}

function validateParentRef(ref: unknown): StatusCause[] {
  const path = "spec.parentRef";
  if (!isObject(ref)) return [fieldErr.required(path)];
  const causes: StatusCause[] = [];
  if (str(ref.group)) causes.push(...dns1123Subdomain(str(ref.group)).map((m) => fieldErr.invalid(`${path}.group`, ref.group, m)));
  if (!str(ref.resource)) causes.push(fieldErr.required(`${path}.resource`));
  if (str(ref.namespace)) causes.push(...dns1123Label(str(ref.namespace)).map((m) => fieldErr.invalid(`${path}.namespace`, ref.namespace, m)));
  if (!str(ref.name)) causes.push(fieldErr.required(`${path}.name`));
  return causes;
}

export const ipaddresses = defineResource({
  group: "networking.k8s.io",
  version: "v1",
  kind: "IPAddress",
  plural: "ipaddresses",
  shortNames: ["ip"],
  namespaced: false,
  openapiName: "io.k8s.api.networking.v1.IPAddress",
  schema: modelSchema(IPAddress),
  topLevelFields: ["spec"],
  columns: [nameColumn, column("ParentRef", parentRefCell, { description: "ParentRef references the resource that an IPAddress is attached to. An IPAddress must reference a parent object." }), ageColumn],
  validateName,
  validate(obj, old) {
    const causes = validateParentRef(at(obj, "spec.parentRef"));
    if (old && JSON.stringify(at(obj, "spec.parentRef")) !== JSON.stringify(at(old, "spec.parentRef"))) {
      causes.push(fieldErr.invalid("spec.parentRef", at(obj, "spec.parentRef"), "field is immutable"));
    }
    return causes;
  },
});
