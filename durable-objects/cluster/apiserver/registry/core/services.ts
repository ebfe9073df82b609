// core/v1 Service. Defaults as SetDefaults_Service plus the IP-family fields the allocator fills; the
// cluster IP and node ports themselves are allocated in the write's transaction (network/service-allocator.ts).
import { Service } from "kubernetes-models/v1/Service";
import type { StatusCause } from "../../status";
import { fieldErr, goValue } from "../../validation/field-errors";
import { dns1035Label } from "../../validation/dns-names";
import { IP_ERROR, isIP, isIPv6 } from "../../validation/ip";
import { dns1123Label, dns1123Subdomain } from "../../validation/names";
import { formatLabels, validateLabels } from "../../validation/label-selector";
import { validatePortNum, validatePortNumOrName, validateProtocol } from "../../validation/ports";
import { modelSchema } from "../../validation/schema";
import { allocateServiceAddresses } from "../../../network/service-allocator";
import { NODE_PORT_RANGE } from "../../../network/service-ranges";
import { ageColumn, ALL_VERBS, at, column, nameColumn, STATUS } from "../define";
import type { JsonObject, ResourceType } from "../types";
import { isObject, objects, str, strings } from "../../validation/values";

const TYPES = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
const specOf = (o: JsonObject): JsonObject => (isObject(o.spec) ? o.spec : {});
const needsNodePort = (spec: JsonObject) => spec.type === "NodePort" || spec.type === "LoadBalancer";

function externalIP(svc: JsonObject): string {
  const spec = specOf(svc);
  const externalIPs = strings(spec.externalIPs);
  switch (spec.type) {
    case "ClusterIP":
    case "NodePort":
      return externalIPs.length > 0 ? externalIPs.join(",") : "<none>";
    case "LoadBalancer": {
      const ingress = objects(at(svc, "status.loadBalancer.ingress"));
      const lb = [...new Set(ingress.map((i) => str(i.ip) || str(i.hostname)).filter(Boolean))].sort();
      const all = [...lb, ...externalIPs];
      return all.length > 0 ? all.join(",") : "<pending>";
    }
    case "ExternalName":
      return str(spec.externalName);
  }
  return "<unknown>";
}

function portsCell(svc: JsonObject): string {
  const ports = objects(specOf(svc).ports).map((p) => {
    const nodePort = typeof p.nodePort === "number" && p.nodePort > 0 ? `:${p.nodePort}` : "";
    return `${String(p.port ?? 0)}${nodePort}/${str(p.protocol)}`;
  });
  return ports.length > 0 ? ports.join(",") : "<none>";
}

/** clusterIP and clusterIPs[0] name the same address; whichever is given fills the other. */
function normalizeClusterIPs(spec: JsonObject): void {
  const ips = strings(spec.clusterIPs);
  if (str(spec.clusterIP) && ips.length === 0) spec.clusterIPs = [spec.clusterIP];
  else if (!str(spec.clusterIP) && ips.length > 0) spec.clusterIP = ips[0];
}

function defaultService(obj: JsonObject): void {
  const spec = (obj.spec = specOf(obj));
  if (!spec.type) spec.type = "ClusterIP";
  if (!spec.sessionAffinity) spec.sessionAffinity = "None";
  if (spec.sessionAffinity === "None") delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === "ClientIP" && typeof at(spec, "sessionAffinityConfig.clientIP.timeoutSeconds") !== "number") {
    spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
  }
  for (const p of objects(spec.ports)) {
    if (!p.protocol) p.protocol = "TCP";
    if (p.targetPort === undefined || p.targetPort === null || p.targetPort === 0 || p.targetPort === "") p.targetPort = p.port;
  }
  const externallyAccessible = needsNodePort(spec) || (spec.type === "ClusterIP" && strings(spec.externalIPs).length > 0);
  if (externallyAccessible && !spec.externalTrafficPolicy) spec.externalTrafficPolicy = "Cluster";
  if (spec.internalTrafficPolicy == null && spec.type !== "ExternalName") spec.internalTrafficPolicy = "Cluster";
  if (spec.type === "LoadBalancer" && typeof spec.allocateLoadBalancerNodePorts !== "boolean") spec.allocateLoadBalancerNodePorts = true;
  if (spec.type !== "ExternalName") {
    normalizeClusterIPs(spec);
    if (strings(spec.ipFamilies).length === 0) {
      // Headless services without a selector may front endpoints of either family.
      const selectorless = spec.clusterIP === "None" && Object.keys(isObject(spec.selector) ? spec.selector : {}).length === 0;
      const primary = isIPv6(str(spec.clusterIP)) ? "IPv6" : "IPv4";
      spec.ipFamilies = selectorless ? [primary, primary === "IPv4" ? "IPv6" : "IPv4"] : [primary];
      if (!spec.ipFamilyPolicy) spec.ipFamilyPolicy = selectorless ? "RequireDualStack" : "SingleStack";
    } else if (!spec.ipFamilyPolicy) spec.ipFamilyPolicy = strings(spec.ipFamilies).length > 1 ? "RequireDualStack" : "SingleStack";
  }
  // ServiceStatus.LoadBalancer is a struct: kube always writes it.
  const status = (obj.status = isObject(obj.status) ? obj.status : {});
  if (!isObject(status.loadBalancer)) status.loadBalancer = {};
}

/** An update: keep what was allocated and was left out, drop what the new type no longer has. */
function prepareServiceUpdate(obj: JsonObject, old: JsonObject): void {
  keepAllocated(obj, old);
  dropTypeDependentFields(obj, old);
}

/**
 * dropTypeDependentFields: a type change takes away the allocated values the new type cannot have,
 * as long as the client did not change them itself (then validation says why they are wrong).
 */
function dropTypeDependentFields(obj: JsonObject, old: JsonObject): void {
  const spec = specOf(obj);
  const oldSpec = specOf(old);
  if (spec.type === oldSpec.type) return;
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  if (spec.type === "ExternalName" && same(spec.clusterIPs, oldSpec.clusterIPs)) {
    for (const f of ["clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy", "internalTrafficPolicy"]) delete spec[f];
  }
  if (!needsNodePort(spec)) {
    const oldPorts = new Map(objects(oldSpec.ports).map((p) => [`${String(p.port)}/${str(p.protocol)}`, p.nodePort]));
    for (const p of objects(spec.ports)) if (p.nodePort !== undefined && p.nodePort === oldPorts.get(`${String(p.port)}/${str(p.protocol)}`)) delete p.nodePort;
  }
  if (spec.type !== "LoadBalancer") {
    if (same(spec.allocateLoadBalancerNodePorts, oldSpec.allocateLoadBalancerNodePorts)) delete spec.allocateLoadBalancerNodePorts;
    if (same(spec.healthCheckNodePort, oldSpec.healthCheckNodePort)) delete spec.healthCheckNodePort;
    if (same(spec.loadBalancerClass, oldSpec.loadBalancerClass)) delete spec.loadBalancerClass;
  }
  const external = needsNodePort(spec) || strings(spec.externalIPs).length > 0;
  if (!external && same(spec.externalTrafficPolicy, oldSpec.externalTrafficPolicy)) delete spec.externalTrafficPolicy;
}

/** patchAllocatedValues: an update that leaves out what was allocated keeps it. */
function keepAllocated(obj: JsonObject, old: JsonObject): void {
  const spec = specOf(obj);
  const oldSpec = specOf(old);
  if (spec.type !== "ExternalName" && oldSpec.type !== "ExternalName") {
    if (!str(spec.clusterIP) && str(oldSpec.clusterIP)) spec.clusterIP = oldSpec.clusterIP;
    if (strings(spec.clusterIPs).length === 0 && strings(oldSpec.clusterIPs).length > 0 && spec.clusterIP === oldSpec.clusterIP) {
      spec.clusterIPs = oldSpec.clusterIPs;
      if (spec.ipFamilies === undefined) spec.ipFamilies = oldSpec.ipFamilies;
      if (spec.ipFamilyPolicy === undefined) spec.ipFamilyPolicy = oldSpec.ipFamilyPolicy;
    }
  }
  if (needsNodePort(spec) && needsNodePort(oldSpec)) {
    const inNew = new Set(objects(spec.ports).map((p) => p.nodePort).filter(Boolean));
    const byName = new Map(objects(oldSpec.ports).map((p) => [str(p.name), p.nodePort]));
    for (const p of objects(spec.ports)) {
      const oldValue = byName.get(str(p.name));
      if (!p.nodePort && oldValue && !inNew.has(oldValue)) p.nodePort = oldValue;
    }
    if (!spec.healthCheckNodePort && oldSpec.healthCheckNodePort) spec.healthCheckNodePort = oldSpec.healthCheckNodePort;
  }
}

function validatePorts(spec: JsonObject): StatusCause[] {
  const causes: StatusCause[] = [];
  const ports = objects(spec.ports);
  const headless = spec.clusterIP === "None";
  if (ports.length === 0 && !headless && spec.type !== "ExternalName") causes.push(fieldErr.required("spec.ports"));
  const names = new Set<string>();
  const seen = new Set<string>();
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    const path = `spec.ports[${i}]`;
    const name = str(p.name);
    if (ports.length > 1 && !name) causes.push(fieldErr.required(`${path}.name`));
    else if (name) {
      causes.push(...dns1123Label(name).map((m) => fieldErr.invalid(`${path}.name`, name, m)));
      if (names.has(name)) causes.push(fieldErr.duplicate(`${path}.name`, name));
      names.add(name);
    }
    causes.push(...validatePortNum(p.port, `${path}.port`));
    causes.push(...validateProtocol(p.protocol, `${path}.protocol`));
    causes.push(...validatePortNumOrName(p.targetPort, `${path}.targetPort`));
    const nodePort = typeof p.nodePort === "number" ? p.nodePort : 0;
    if (nodePort !== 0) {
      if (!needsNodePort(spec)) causes.push(fieldErr.forbidden(`${path}.nodePort`, `may not be used when \`type\` is '${str(spec.type)}'`));
      else if (nodePort < NODE_PORT_RANGE.first || nodePort > NODE_PORT_RANGE.last) {
        causes.push(fieldErr.invalid(`${path}.nodePort`, nodePort, `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_RANGE.first}-${NODE_PORT_RANGE.last}`));
      }
      const key = `${nodePort}/${str(p.protocol)}`;
      if (nodePorts.has(key)) causes.push(fieldErr.duplicate(`${path}.nodePort`, nodePort));
      nodePorts.add(key);
    }
    const key = `${String(p.port)}/${str(p.protocol)}`;
    if (seen.has(key)) {
      const goStruct = `core.ServicePort{Name:"", Protocol:${goValue(str(p.protocol))}, AppProtocol:(*string)(nil), Port:${String(p.port)}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`;
      causes.push({ reason: "FieldValueDuplicate", field: path, message: `Duplicate value: ${goStruct}` });
    }
    seen.add(key);
  });
  return causes;
}

function validateService(obj: JsonObject, old?: JsonObject): StatusCause[] {
  const spec = specOf(obj);
  const causes: StatusCause[] = [];
  // Service names are DNS-1035 labels. The generic check allows subdomains and reports those itself.
  const name = str(at(obj, "metadata.name"));
  if (name && dns1123Subdomain(name).length === 0) causes.push(...dns1035Label(name).map((m) => fieldErr.invalid("metadata.name", name, m)));
  causes.push(...validatePorts(spec));
  if (!TYPES.includes(str(spec.type))) causes.push(fieldErr.notSupported("spec.type", spec.type, TYPES));
  if (!["ClientIP", "None"].includes(str(spec.sessionAffinity))) causes.push(fieldErr.notSupported("spec.sessionAffinity", spec.sessionAffinity, ["ClientIP", "None"]));
  if (spec.type === "ExternalName") {
    const name = str(spec.externalName).replace(/\.$/, "");
    if (!name) causes.push(fieldErr.required("spec.externalName"));
    else causes.push(...dns1123Subdomain(name).map((m) => fieldErr.invalid("spec.externalName", spec.externalName, m)));
  }
  strings(spec.clusterIPs).forEach((ip, i) => {
    if (ip !== "None" && !isIP(ip)) causes.push(fieldErr.invalid(`spec.clusterIPs[${i}]`, ip, IP_ERROR));
  });
  strings(spec.externalIPs).forEach((ip, i) => {
    if (!isIP(ip)) causes.push(fieldErr.invalid(`spec.externalIPs[${i}]`, ip, IP_ERROR));
  });
  if (spec.internalTrafficPolicy != null && !["Cluster", "Local"].includes(str(spec.internalTrafficPolicy))) {
    causes.push(fieldErr.notSupported("spec.internalTrafficPolicy", spec.internalTrafficPolicy, ["Cluster", "Local"]));
  }
  causes.push(...validateLabels(spec.selector, "spec.selector"));
  if (old) {
    const oldSpec = specOf(old);
    const [ip, oldIP] = [strings(spec.clusterIPs)[0], strings(oldSpec.clusterIPs)[0]];
    const fromOrToExternalName = spec.type === "ExternalName" || oldSpec.type === "ExternalName";
    if (!fromOrToExternalName && oldIP && ip !== oldIP) causes.push(fieldErr.invalid("spec.clusterIPs[0]", spec.clusterIPs, "may not change once set"));
  }
  return causes;
}

export const services: ResourceType = {
  group: "",
  version: "v1",
  kind: "Service",
  listKind: "ServiceList",
  plural: "services",
  singular: "service",
  shortNames: ["svc"],
  categories: ["all"],
  namespaced: true,
  verbs: ALL_VERBS,
  subresources: [{ name: "proxy", verbs: ["create", "delete", "get", "patch", "update"], kind: { group: "", version: "v1", kind: "ServiceProxyOptions" } }, STATUS],
  columns: [
    nameColumn,
    column("Type", (o) => str(at(o, "spec.type")), { description: "type determines how the Service is exposed." }),
    column("Cluster-IP", (o) => strings(at(o, "spec.clusterIPs"))[0], { description: "clusterIP is the IP address of the service and is usually assigned randomly." }),
    column("External-IP", externalIP, { description: "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service." }),
    column("Port(s)", portsCell, { description: "The list of ports that are exposed by this service." }),
    ageColumn,
    column("Selector", (o) => formatLabels(at(o, "spec.selector")), {
      priority: 1,
      description: "Route service traffic to pods with label keys and values matching this selector.",
    }),
  ],
  selectableFields: {
    "spec.clusterIP": (o) => str(at(o, "spec.clusterIP")),
    "spec.type": (o) => str(at(o, "spec.type")),
  },
  prepareForCreate(obj) {
    obj.status = { loadBalancer: {} };
  },
  prepareForUpdate: prepareServiceUpdate,
  allocate: allocateServiceAddresses,
  defaults: defaultService,
  validate: validateService,
  schema: modelSchema(Service),
  openapiName: "io.k8s.api.core.v1.Service",
  statusOwnedByServer: true,
  returnDeletedObject: true,
};
