// networking.k8s.io/v1 Ingress: ValidateIngressCreate / ValidateIngressSpec (hosts, paths and their
// pathType, backends) and printIngress (CLASS HOSTS ADDRESS PORTS).
import { Ingress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import type { StatusCause } from "../../status";
import { dns1035Label, isIP, wildcardDNS1123Subdomain } from "../../validation/dns-names";
import { fieldErr } from "../../validation/field-errors";
import { dns1123Subdomain } from "../../validation/names";
import { pathSegmentErrors } from "../../validation/path-segment";
import { portNameErrors, portNumErrors } from "../../validation/ports";
import { modelSchema } from "../../validation/schema";
import { child, isObject, list, objects, str } from "../../validation/values";
import { resetStatus } from "../apps/workload";
import { STATUS, ageColumn, at, column, defineResource, nameColumn } from "../define";
import type { JsonObject } from "../types";

const PATH_TYPES = ["Exact", "ImplementationSpecific", "Prefix"];
const INVALID_SEQUENCES = ["//", "/./", "/../", "%2f", "%2F"];
const INVALID_SUFFIXES = ["/..", "/."];
const CLASS_ANNOTATION = "kubernetes.io/ingress.class";

const invalidEach = (path: string, value: string, messages: string[]) => messages.map((m) => fieldErr.invalid(path, value, m));

/** formatHosts: up to three hosts, "*" when no rule has one. */
export function formatHosts(rules: unknown): string {
  const all = objects(rules);
  const hosts: string[] = [];
  let more = false;
  for (const rule of all) {
    if (hosts.length === 3) more = true;
    if (!more && str(rule.host)) hosts.push(str(rule.host));
  }
  if (hosts.length === 0) return "*";
  return more ? `${hosts.join(",")} + ${all.length - 3} more...` : hosts.join(",");
}

/** ingressLoadBalancerStatusStringer (wide: the server always prints wide): sorted, unique. */
export function loadBalancerAddresses(status: unknown): string {
  const set = new Set<string>();
  for (const ing of objects(at(status, "loadBalancer.ingress"))) {
    if (str(ing.ip)) set.add(str(ing.ip));
    else if (str(ing.hostname)) set.add(str(ing.hostname));
  }
  return [...set].sort().join(",");
}

/** validateIngressTypedLocalObjectReference */
export function validateTypedReference(ref: JsonObject, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  if (typeof ref.apiGroup === "string") causes.push(...invalidEach(`${path}.apiGroup`, ref.apiGroup, dns1123Subdomain(ref.apiGroup)));
  for (const key of ["kind", "name"]) {
    const value = str(ref[key]);
    if (!value) causes.push(fieldErr.required(`${path}.${key}`, `${key} is required`));
    else causes.push(...invalidEach(`${path}.${key}`, value, pathSegmentErrors(value)));
  }
  return causes;
}

function validateBackend(backend: unknown, path: string): StatusCause[] {
  const b = isObject(backend) ? backend : {};
  const hasResource = isObject(b.resource);
  const service = b.service;
  if (hasResource && isObject(service)) return [fieldErr.invalid(path, "", "cannot set both resource and service backends")];
  if (hasResource) return validateTypedReference(b.resource as JsonObject, `${path}.resource`);
  if (!isObject(service)) return [fieldErr.invalid(path, "", "resource or service backend is required")];
  const causes: StatusCause[] = [];
  const name = str(service.name);
  if (!name) causes.push(fieldErr.required(`${path}.service.name`));
  else causes.push(...invalidEach(`${path}.service.name`, name, dns1035Label(name)));
  const port = isObject(service.port) ? service.port : {};
  const portName = str(port.name);
  const portNumber = typeof port.number === "number" ? port.number : 0;
  if (portName && portNumber) causes.push(fieldErr.invalid(path, "", "cannot set both port name & port number"));
  else if (portName) causes.push(...invalidEach(`${path}.service.port.name`, portName, portNameErrors(portName)));
  else if (portNumber) causes.push(...portNumErrors(portNumber).map((m) => fieldErr.invalid(`${path}.service.port.number`, portNumber, m)));
  else causes.push(fieldErr.required(path, "port name or number is required"));
  return causes;
}

function validatePath(p: JsonObject, path: string): StatusCause[] {
  const pathType = p.pathType;
  if (pathType === undefined || pathType === null) return [fieldErr.required(`${path}.pathType`, "pathType must be specified")];
  const value = str(p.path);
  const causes: StatusCause[] = [];
  if (pathType === "Exact" || pathType === "Prefix") {
    if (!value.startsWith("/")) causes.push(fieldErr.invalid(`${path}.path`, value, "must be an absolute path"));
    if (value) {
      for (const seq of INVALID_SEQUENCES) if (value.includes(seq)) causes.push(fieldErr.invalid(`${path}.path`, value, `must not contain '${seq}'`));
      for (const suffix of INVALID_SUFFIXES) if (value.endsWith(suffix)) causes.push(fieldErr.invalid(`${path}.path`, value, `cannot end with '${suffix}'`));
    }
  } else if (pathType === "ImplementationSpecific") {
    if (value && !value.startsWith("/")) causes.push(fieldErr.invalid(`${path}.path`, value, "must be an absolute path"));
  } else {
    causes.push(fieldErr.notSupported(`${path}.pathType`, pathType, PATH_TYPES));
  }
  causes.push(...validateBackend(p.backend, `${path}.backend`));
  return causes;
}

function validateRules(rules: JsonObject[]): StatusCause[] {
  const causes: StatusCause[] = [];
  rules.forEach((rule, i) => {
    const path = `spec.rules[${i}]`;
    const host = str(rule.host);
    if (host) {
      if (isIP(host)) causes.push(fieldErr.invalid(`${path}.host`, host, "must be a DNS name, not an IP address"));
      causes.push(...invalidEach(`${path}.host`, host, host.includes("*") ? wildcardDNS1123Subdomain(host) : dns1123Subdomain(host)));
    }
    if (isObject(rule.http)) {
      const paths = list(rule.http.paths);
      if (paths.length === 0) causes.push(fieldErr.required(`${path}.http.paths`));
      paths.forEach((p, j) => causes.push(...validatePath(isObject(p) ? p : {}, `${path}.http.paths[${j}]`)));
    }
  });
  return causes;
}

function validateTLS(tls: JsonObject[]): StatusCause[] {
  const causes: StatusCause[] = [];
  tls.forEach((t, i) => {
    list(t.hosts).forEach((h, j) => {
      const host = str(h);
      causes.push(...invalidEach(`spec.tls[${i}].hosts[${j}]`, host, host.includes("*") ? wildcardDNS1123Subdomain(host) : dns1123Subdomain(host)));
    });
    const secret = str(t.secretName);
    if (secret) causes.push(...invalidEach(`spec.tls[${i}].secretName`, secret, dns1123Subdomain(secret)));
  });
  return causes;
}

export const ingresses = defineResource({
  group: "networking.k8s.io",
  version: "v1",
  kind: "Ingress",
  plural: "ingresses",
  namespaced: true,
  shortNames: ["ing"],
  subresources: [STATUS],
  openapiName: "io.k8s.api.networking.v1.Ingress",
  schema: modelSchema(Ingress),
  generation: true,
  statusOwnedByServer: true,
  columns: [
    nameColumn,
    column("Class", (o) => (typeof at(o, "spec.ingressClassName") === "string" ? str(at(o, "spec.ingressClassName")) : "<none>"), {
      description: "The name of the IngressClass resource that should be used for additional configuration",
    }),
    column("Hosts", (o) => formatHosts(at(o, "spec.rules")), { description: "Hosts that incoming requests are matched against before the ingress rule" }),
    column("Address", (o) => loadBalancerAddresses(o.status), { description: "Address is a list containing ingress points for the load-balancer" }),
    column("Ports", (o) => (list(at(o, "spec.tls")).length > 0 ? "80, 443" : "80"), { description: "Ports of TLS configurations that open" }),
    ageColumn,
  ],
  prepareForCreate: resetStatus({ loadBalancer: {} }),
  defaults(obj) {
    child(obj, "spec");
  },
  validate(obj, old) {
    const spec = isObject(obj.spec) ? obj.spec : {};
    const causes: StatusCause[] = [];
    const rules = objects(spec.rules);
    if (rules.length === 0 && !isObject(spec.defaultBackend)) {
      const shown = Array.isArray(spec.rules) ? "[]networking.IngressRule{}" : "[]networking.IngressRule(nil)";
      causes.push({ reason: "FieldValueInvalid", field: "spec", message: `Invalid value: ${shown}: either \`defaultBackend\` or \`rules\` must be specified` });
    }
    if (isObject(spec.defaultBackend)) causes.push(...validateBackend(spec.defaultBackend, "spec.defaultBackend"));
    causes.push(...validateRules(rules), ...validateTLS(objects(spec.tls)));
    if (typeof spec.ingressClassName === "string") causes.push(...invalidEach("spec.ingressClassName", spec.ingressClassName, dns1123Subdomain(spec.ingressClassName)));
    const annotation = (at(obj, "metadata.annotations") as Record<string, unknown> | undefined)?.[CLASS_ANNOTATION];
    if (!old && typeof annotation === "string" && typeof spec.ingressClassName === "string" && annotation !== spec.ingressClassName) {
      causes.push(fieldErr.invalid(`annotations.${CLASS_ANNOTATION}`, annotation, "must match `ingressClassName` when both are specified"));
    }
    return causes;
  },
});
