// discovery.k8s.io/v1 EndpointSlice (fields at the top level): port defaults, ValidateEndpointSlice
// and printEndpointSlice (ADDRESSTYPE PORTS ENDPOINTS). Any change but metadata, or a label change,
// is a new generation.
import { EndpointSlice } from "kubernetes-models/discovery.k8s.io/v1/EndpointSlice";
import type { StatusCause } from "../../status";
import { fieldErr } from "../../validation/field-errors";
import { validateLabels } from "../../validation/label-selector";
import { dns1123Label, dns1123Subdomain, qualifiedName } from "../../validation/names";
import { modelSchema } from "../../validation/schema";
import { ensure, isObject, list, num, objects, semanticEqual, str } from "../../validation/values";
import { ageColumn, at, column, defineResource, nameColumn } from "../define";
import type { JsonObject } from "../types";

const ADDRESS_TYPES = ["FQDN", "IPv4", "IPv6"];
const PROTOCOLS = ["SCTP", "TCP", "UDP"];
const MAX_ENDPOINTS = 1000;
const MAX_ADDRESSES = 100;
const MAX_PORTS = 100;
const MAX_SHOWN = 3;

/** listWithMoreString: up to three items, "<unset>" when none. */
function listWithMore(items: string[]): string {
  if (items.length === 0) return "<unset>";
  const shown = items.slice(0, MAX_SHOWN).join(",");
  return items.length > MAX_SHOWN ? `${shown} + ${items.length - MAX_SHOWN} more...` : shown;
}

const portCell = (o: JsonObject) => listWithMore(objects(o.ports).map((p) => (typeof p.port === "number" ? String(p.port) : typeof p.name === "string" ? p.name : "*")));
const endpointsCell = (o: JsonObject) => listWithMore(objects(o.endpoints).flatMap((e) => list(e.addresses).map(str)));

function ipv4Errors(address: string, path: string): StatusCause[] {
  const parts = address.split(".");
  const valid = parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
  if (!valid) return [fieldErr.invalid(path, address, "must be a valid IPv4 address")];
  const [a, b, c] = parts.map(Number) as [number, number, number];
  if (a === 127) return [fieldErr.invalid(path, address, "may not be in the loopback range (127.0.0.0/8, ::1/128)")];
  if (a === 169 && b === 254) return [fieldErr.invalid(path, address, "may not be in the link-local range (169.254.0.0/16, fe80::/10)")];
  if (a === 224 && b === 0 && c === 0) return [fieldErr.invalid(path, address, "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)")];
  if (address === "0.0.0.0") return [fieldErr.invalid(path, address, "may not be unspecified (0.0.0.0, ::)")];
  return [];
}

function ipv6Errors(address: string, path: string): StatusCause[] {
  let ok = address.includes(":") && /^[0-9A-Fa-f:.]+$/.test(address);
  try {
    if (ok) new URL(`http://[${address}]/`);
  } catch {
    ok = false;
  }
  if (!ok) return [fieldErr.invalid(path, address, "must be a valid IPv6 address")];
  const lower = address.toLowerCase();
  if (lower === "::1") return [fieldErr.invalid(path, address, "may not be in the loopback range (127.0.0.0/8, ::1/128)")];
  if (lower === "::") return [fieldErr.invalid(path, address, "may not be unspecified (0.0.0.0, ::)")];
  if (/^fe[89ab]/.test(lower)) return [fieldErr.invalid(path, address, "may not be in the link-local range (169.254.0.0/16, fe80::/10)")];
  return [];
}

/** IsFullyQualifiedDomainName */
function fqdnErrors(address: string, path: string): StatusCause[] {
  if (!address) return [fieldErr.required(path)];
  const name = address.endsWith(".") ? address.slice(0, -1) : address;
  const errs = dns1123Subdomain(name);
  if (errs.length > 0) return [fieldErr.invalid(path, name, errs.join(","))];
  const labels = name.split(".");
  if (labels.length < 2) return [fieldErr.invalid(path, name, "should be a domain with at least two segments separated by dots")];
  for (const label of labels) {
    const labelErrs = dns1123Label(label);
    if (labelErrs.length > 0) return [fieldErr.invalid(path, label, labelErrs.join(","))];
  }
  return [];
}

function validateEndpoints(o: JsonObject): StatusCause[] {
  const endpoints = objects(o.endpoints);
  if (endpoints.length > MAX_ENDPOINTS) return [fieldErr.tooMany("endpoints", endpoints.length, MAX_ENDPOINTS)];
  const causes: StatusCause[] = [];
  endpoints.forEach((e, i) => {
    const path = `endpoints[${i}]`;
    const addresses = list(e.addresses).map(str);
    if (addresses.length === 0) causes.push(fieldErr.required(`${path}.addresses`, "must contain at least 1 address"));
    else if (addresses.length > MAX_ADDRESSES) causes.push(fieldErr.tooMany(`${path}.addresses`, addresses.length, MAX_ADDRESSES));
    addresses.forEach((a, j) => {
      const p = `${path}.addresses[${j}]`;
      if (o.addressType === "IPv4") causes.push(...ipv4Errors(a, p));
      else if (o.addressType === "IPv6") causes.push(...ipv6Errors(a, p));
      else if (o.addressType === "FQDN") causes.push(...fqdnErrors(a, p));
    });
    if (typeof e.nodeName === "string") causes.push(...dns1123Subdomain(e.nodeName).map((m) => fieldErr.invalid(`${path}.nodeName`, e.nodeName, m)));
    causes.push(...validateLabels(e.deprecatedTopology, `${path}.deprecatedTopology`));
    if (typeof e.hostname === "string") causes.push(...dns1123Label(e.hostname).map((m) => fieldErr.invalid(`${path}.hostname`, e.hostname, m)));
  });
  return causes;
}

function validatePorts(o: JsonObject): StatusCause[] {
  const ports = objects(o.ports);
  if (ports.length > MAX_PORTS) return [fieldErr.tooMany("ports", ports.length, MAX_PORTS)];
  const causes: StatusCause[] = [];
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const path = `ports[${i}]`;
    const name = str(p.name);
    if (name) causes.push(...dns1123Label(name).map((m) => fieldErr.invalid(`${path}.name`, name, m)));
    if (names.has(name)) causes.push(fieldErr.duplicate(`${path}.name`, name));
    names.add(name);
    if (p.protocol === undefined || p.protocol === null) causes.push(fieldErr.required(`${path}.protocol`));
    else if (!PROTOCOLS.includes(str(p.protocol))) causes.push(fieldErr.notSupported(`${path}.protocol`, p.protocol, PROTOCOLS));
    if (typeof p.appProtocol === "string") causes.push(...qualifiedName(p.appProtocol).map((m) => fieldErr.invalid(`${path}.appProtocol`, p.appProtocol, m)));
  });
  return causes;
}

export const endpointslices = defineResource({
  group: "discovery.k8s.io",
  version: "v1",
  kind: "EndpointSlice",
  namespaced: true,
  openapiName: "io.k8s.api.discovery.v1.EndpointSlice",
  schema: modelSchema(EndpointSlice),
  generation: true,
  topLevelFields: ["addressType", "endpoints", "ports"],
  columns: [
    nameColumn,
    column("AddressType", (o) => str(o.addressType), {
      description:
        "addressType specifies the type of address carried by this EndpointSlice. All addresses in this slice must be the same type. This field is immutable after creation. The following address types are currently supported: * IPv4: Represents an IPv4 Address. * IPv6: Represents an IPv6 Address. * FQDN: Represents a Fully Qualified Domain Name.",
    }),
    column("Ports", portCell, {
      description:
        'ports specifies the list of network ports exposed by each endpoint in this slice. Each port must have a unique name. When ports is empty, it indicates that there are no defined ports. When a port is defined with a nil port value, it indicates "all ports". Each slice may include a maximum of 100 ports.',
    }),
    column("Endpoints", endpointsCell, { description: "endpoints is a list of unique endpoints in this slice. Each slice may include a maximum of 1000 endpoints." }),
    ageColumn,
  ],
  prepareForUpdate(obj, old) {
    // The strategy also counts label changes as a new generation.
    if (!semanticEqual(at(obj, "metadata.labels"), at(old, "metadata.labels"))) (obj.metadata as JsonObject).generation = num(at(old, "metadata.generation")) + 1;
  },
  defaults(obj) {
    ensure(obj, "addressType", "");
    ensure(obj, "endpoints", null);
    ensure(obj, "ports", null);
    for (const port of objects(obj.ports)) {
      if (port.name === undefined || port.name === null) port.name = "";
      if (port.protocol === undefined || port.protocol === null) port.protocol = "TCP";
    }
  },
  validate(obj, old) {
    const causes: StatusCause[] = [];
    const type = str(obj.addressType);
    if (!type) causes.push(fieldErr.required("addressType"));
    else if (!ADDRESS_TYPES.includes(type)) causes.push(fieldErr.notSupported("addressType", type, ADDRESS_TYPES));
    causes.push(...validateEndpoints(obj), ...validatePorts(obj));
    if (old && obj.addressType !== old.addressType) causes.push(fieldErr.invalid("addressType", obj.addressType ?? "", "field is immutable"));
    return causes;
  },
});
