// networking.k8s.io/v1 ServiceCIDR (cluster-scoped, GA in 1.33): the ranges Service ClusterIPs come
// from. The API server keeps the one named `kubernetes` (its --service-cluster-ip-range); users may
// add more, which this cluster stores and validates but does not allocate from (the allocator serves
// the default range only: network/service-ranges.ts).
import { ServiceCIDR } from "kubernetes-models/networking.k8s.io/v1/ServiceCIDR";
import type { StatusCause } from "../../status";
import { fieldErr } from "../../validation/field-errors";
import { isIP } from "../../validation/ip";
import { modelSchema } from "../../validation/schema";
import { strings } from "../../validation/values";
import { ageColumn, at, column, defineResource, nameColumn, STATUS } from "../define";

/** A CIDR in canonical form: a valid address and prefix, with no host bits set. */
function cidrErrors(cidr: string): string[] {
  const slash = cidr.indexOf("/");
  const ip = cidr.slice(0, slash);
  const bits = Number(cidr.slice(slash + 1));
  const max = ip.includes(":") ? 128 : 32;
  if (slash < 0 || !isIP(ip) || !/^\d+$/.test(cidr.slice(slash + 1)) || bits > max) {
    return ["must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"];
  }
  if (!ip.includes(":")) {
    const n = ip.split(".").reduce((acc, p) => acc * 256 + Number(p), 0);
    const host = bits === 32 ? 0 : n % 2 ** (32 - bits);
    if (host !== 0) {
      const net = n - host;
      const canonical = [net >>> 24, (net >>> 16) & 255, (net >>> 8) & 255, net & 255].join(".");
      return [`must be in canonical form ("${canonical}/${bits}")`];
    }
  }
  return [];
}

function validateCIDRs(cidrs: string[]): StatusCause[] {
  const path = "spec.cidrs";
  if (cidrs.length === 0) return [fieldErr.required(path)];
  if (cidrs.length > 2) return [fieldErr.tooMany(path, cidrs.length, 2)];
  const causes: StatusCause[] = [];
  cidrs.forEach((c, i) => causes.push(...cidrErrors(c).map((m) => fieldErr.invalid(`${path}[${i}]`, c, m))));
  if (cidrs.length === 2 && causes.length === 0 && cidrs[0]!.includes(":") === cidrs[1]!.includes(":")) {
    causes.push(fieldErr.invalid(path, cidrs, "may specify no more than one IP for each IP family, i.e 192.168.0.0/24 and 2001:db8::/64"));
  }
  return causes;
}

export const servicecidrs = defineResource({
  group: "networking.k8s.io",
  version: "v1",
  kind: "ServiceCIDR",
  plural: "servicecidrs",
  namespaced: false,
  subresources: [STATUS],
  openapiName: "io.k8s.api.networking.v1.ServiceCIDR",
  schema: modelSchema(ServiceCIDR),
  statusOwnedByServer: true,
  columns: [
    nameColumn,
    column("CIDRs", (o) => strings(at(o, "spec.cidrs")).join(","), { description: "CIDRs defines the IP blocks in CIDR notation (e.g. \"192.168.0.0/24\" or \"2001:db8::/64\") from which to assign service cluster IPs. Max of two CIDRs is allowed, one of each IP family. This field is immutable." }),
    ageColumn,
  ],
  validate(obj, old) {
    const cidrs = strings(at(obj, "spec.cidrs"));
    const causes = validateCIDRs(cidrs);
    if (old && JSON.stringify(cidrs) !== JSON.stringify(strings(at(old, "spec.cidrs")))) causes.push(fieldErr.invalid("spec.cidrs", cidrs, "field is immutable"));
    return causes;
  },
});
