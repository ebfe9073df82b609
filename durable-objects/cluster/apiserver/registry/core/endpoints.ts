// core/v1 Endpoints: the addresses behind a service, kept by the endpoints controller.
import { Endpoints } from "kubernetes-models/v1/Endpoints";
import { listWithMore } from "../../printing/format";
import type { StatusCause } from "../../status";
import { fieldErr } from "../../validation/field-errors";
import { IP_ERROR, isIP, isIPv6 } from "../../validation/ip";
import { dns1123Label, dns1123Subdomain } from "../../validation/names";
import { validatePortNum, validateProtocol } from "../../validation/ports";
import { modelSchema } from "../../validation/schema";
import { ageColumn, ALL_VERBS, column, nameColumn } from "../define";
import type { JsonObject, ResourceType } from "../types";
import { isObject, objects, str } from "../../validation/values";

/** formatEndpoints: "10.0.0.1:80,10.0.0.2:80 + 1 more...", "<none>" without subsets. */
function endpointsCell(obj: JsonObject): string {
  const subsets = objects(obj.subsets);
  if (subsets.length === 0) return "<none>";
  const list: string[] = [];
  let count = 0;
  for (const ss of subsets) {
    const addresses = objects(ss.addresses).map((a) => str(a.ip));
    const ports = objects(ss.ports);
    if (ports.length === 0) {
      // Headless services may have no ports.
      count += addresses.length;
      list.push(...addresses);
      continue;
    }
    for (const p of ports) {
      count += addresses.length;
      for (const ip of addresses) list.push(isIPv6(ip) ? `[${ip}]:${String(p.port)}` : `${ip}:${String(p.port)}`);
    }
  }
  return listWithMore(list, count);
}

function validateEndpoints(obj: JsonObject): StatusCause[] {
  const causes: StatusCause[] = [];
  objects(obj.subsets).forEach((ss, i) => {
    const path = `subsets[${i}]`;
    const addresses = objects(ss.addresses);
    const notReady = objects(ss.notReadyAddresses);
    if (addresses.length === 0 && notReady.length === 0) causes.push(fieldErr.required(path, "must specify `addresses` or `notReadyAddresses`"));
    for (const [kind, list] of [["addresses", addresses], ["notReadyAddresses", notReady]] as const) {
      list.forEach((a, j) => {
        const p = `${path}.${kind}[${j}]`;
        if (!isIP(str(a.ip))) causes.push(fieldErr.invalid(`${p}.ip`, str(a.ip), IP_ERROR));
        if (str(a.hostname)) causes.push(...dns1123Label(str(a.hostname)).map((m) => fieldErr.invalid(`${p}.hostname`, a.hostname, m)));
        if (str(a.nodeName)) causes.push(...dns1123Subdomain(str(a.nodeName)).map((m) => fieldErr.invalid(`${p}.nodeName`, a.nodeName, m)));
      });
    }
    const ports = objects(ss.ports);
    ports.forEach((port, j) => {
      const p = `${path}.ports[${j}]`;
      if (ports.length > 1 && !str(port.name)) causes.push(fieldErr.required(`${p}.name`));
      else if (str(port.name)) causes.push(...dns1123Label(str(port.name)).map((m) => fieldErr.invalid(`${p}.name`, port.name, m)));
      causes.push(...validatePortNum(port.port, `${p}.port`), ...validateProtocol(port.protocol, `${p}.protocol`));
    });
  });
  return causes;
}

export const endpoints: ResourceType = {
  group: "",
  version: "v1",
  kind: "Endpoints",
  listKind: "EndpointsList",
  plural: "endpoints",
  singular: "endpoints",
  shortNames: ["ep"],
  categories: [],
  namespaced: true,
  verbs: ALL_VERBS,
  subresources: [],
  columns: [
    nameColumn,
    column("Endpoints", endpointsCell, { description: "The set of all endpoints is the union of all subsets." }),
    ageColumn,
  ],
  topLevelFields: ["subsets"],
  defaults(obj) {
    for (const ss of objects(obj.subsets)) for (const p of objects(ss.ports)) if (!p.protocol) p.protocol = "TCP";
  },
  validate: validateEndpoints,
  schema: modelSchema(Endpoints),
  openapiName: "io.k8s.api.core.v1.Endpoints",
  deprecationWarning: "v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice",
};
