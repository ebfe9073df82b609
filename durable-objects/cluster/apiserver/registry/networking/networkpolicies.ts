// networking.k8s.io/v1 NetworkPolicy (no status since 1.28): SetDefaults_NetworkPolicy (policyTypes,
// TCP ports), ValidateNetworkPolicySpec and printNetworkPolicy (POD-SELECTOR).
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import type { StatusCause } from "../../status";
import { fieldErr } from "../../validation/field-errors";
import { formatLabelSelector, validateLabelSelector } from "../../validation/label-selector";
import { portNameErrors, portNumErrors } from "../../validation/ports";
import { modelSchema } from "../../validation/schema";
import { child, isObject, list, objects, str } from "../../validation/values";
import { ageColumn, at, column, defineResource, nameColumn } from "../define";
import type { JsonObject } from "../types";

const PROTOCOLS = ["TCP", "UDP", "SCTP"];
const CIDR_V4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

function validCIDR(cidr: string): boolean {
  const v4 = CIDR_V4.exec(cidr);
  if (v4) return v4.slice(1, 5).every((p) => Number(p) <= 255) && Number(v4[5]) <= 32;
  const [addr, bits, extra] = cidr.split("/");
  if (extra !== undefined || !addr?.includes(":") || !/^\d{1,3}$/.test(bits ?? "") || Number(bits) > 128) return false;
  try {
    new URL(`http://[${addr}]/`);
    return true;
  } catch {
    return false;
  }
}

function validatePort(port: JsonObject, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  if (port.protocol !== undefined && port.protocol !== null && !PROTOCOLS.includes(str(port.protocol))) {
    causes.push(fieldErr.notSupported(`${path}.protocol`, port.protocol, PROTOCOLS));
  }
  const endPort = port.endPort;
  const hasEnd = typeof endPort === "number";
  if (typeof port.port === "number") {
    causes.push(...portNumErrors(port.port).map((m) => fieldErr.invalid(`${path}.port`, port.port, m)));
    if (hasEnd) {
      if (endPort < port.port) causes.push(fieldErr.invalid(`${path}.endPort`, port.port, "must be greater than or equal to `port`"));
      causes.push(...portNumErrors(endPort).map((m) => fieldErr.invalid(`${path}.endPort`, endPort, m)));
    }
  } else if (typeof port.port === "string") {
    if (hasEnd) causes.push(fieldErr.invalid(`${path}.endPort`, endPort, "may not be specified when `port` is non-numeric"));
    causes.push(...portNameErrors(port.port).map((m) => fieldErr.invalid(`${path}.port`, port.port, m)));
  } else if (hasEnd) {
    causes.push(fieldErr.invalid(`${path}.endPort`, endPort, "may not be specified when `port` is not specified"));
  }
  return causes;
}

function validatePeer(peer: JsonObject, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  let peers = 0;
  for (const key of ["podSelector", "namespaceSelector"]) {
    if (!isObject(peer[key])) continue;
    peers++;
    causes.push(...validateLabelSelector(peer[key], `${path}.${key}`));
  }
  if (isObject(peer.ipBlock)) {
    peers++;
    const cidr = str(peer.ipBlock.cidr);
    const p = `${path}.ipBlock`;
    if (!cidr) causes.push(fieldErr.required(`${p}.cidr`));
    else if (!validCIDR(cidr)) causes.push(fieldErr.invalid(`${p}.cidr`, cidr, "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"));
    list(peer.ipBlock.except).forEach((e, i) => {
      if (!validCIDR(str(e))) causes.push(fieldErr.invalid(`${p}.except[${i}]`, e, "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"));
    });
  }
  if (peers === 0) causes.push(fieldErr.required(path, "must specify a peer"));
  else if (peers > 1 && isObject(peer.ipBlock)) causes.push(fieldErr.forbidden(path, "may not specify both ipBlock and another peer"));
  return causes;
}

export const networkpolicies = defineResource({
  group: "networking.k8s.io",
  version: "v1",
  kind: "NetworkPolicy",
  plural: "networkpolicies",
  namespaced: true,
  shortNames: ["netpol"],
  openapiName: "io.k8s.api.networking.v1.NetworkPolicy",
  schema: modelSchema(NetworkPolicy),
  generation: true,
  topLevelFields: ["spec"],
  columns: [
    nameColumn,
    column("Pod-Selector", (o) => formatLabelSelector(at(o, "spec.podSelector") ?? {}), {
      description:
        "Selects the pods to which this NetworkPolicy object applies.  The array of ingress rules is applied to any pods selected by this field. Multiple network policies can select the same set of pods.  In this case, the ingress rules for each are combined additively. This field is NOT optional and follows standard label selector semantics. An empty podSelector matches all pods in this namespace.",
    }),
    ageColumn,
  ],
  defaults(obj) {
    const spec = child(obj, "spec");
    child(spec, "podSelector");
    if (list(spec.policyTypes).length === 0) spec.policyTypes = list(spec.egress).length > 0 ? ["Ingress", "Egress"] : ["Ingress"];
    for (const rule of [...objects(spec.ingress), ...objects(spec.egress)]) {
      for (const port of objects(rule.ports)) if (port.protocol === undefined || port.protocol === null) port.protocol = "TCP";
    }
  },
  validate(obj) {
    const spec = isObject(obj.spec) ? obj.spec : {};
    const causes = validateLabelSelector(spec.podSelector, "spec.podSelector");
    for (const [dir, peersKey] of [["ingress", "from"], ["egress", "to"]] as const) {
      objects(spec[dir]).forEach((rule, i) => {
        const path = `spec.${dir}[${i}]`;
        objects(rule.ports).forEach((port, j) => causes.push(...validatePort(port, `${path}.ports[${j}]`)));
        objects(rule[peersKey]).forEach((peer, j) => causes.push(...validatePeer(peer, `${path}.${peersKey}[${j}]`)));
      });
    }
    const types = list(spec.policyTypes);
    if (types.length > 2) {
      causes.push({ reason: "FieldValueInvalid", field: "spec.policyTypes", message: `Invalid value: &[]networking.PolicyType{${types.map((t) => JSON.stringify(str(t))).join(", ")}}: may not specify more than two policyTypes` });
    } else {
      types.forEach((t, i) => {
        if (t !== "Ingress" && t !== "Egress") causes.push(fieldErr.notSupported(`spec.policyTypes[${i}]`, t, ["Ingress", "Egress"]));
      });
    }
    return causes;
  },
});
