// core/v1 Node (cluster-scoped). Its status belongs to the kubelet model; STATUS prints the Ready
// condition, ROLES the node-role.kubernetes.io/* labels.
import { Node } from "kubernetes-models/v1/Node";
import type { StatusCause } from "../../status";
import { fieldErr } from "../../validation/field-errors";
import { labelValue, qualifiedName } from "../../validation/names";
import { canonicalizeResourceList } from "../../validation/quantity";
import { modelSchema } from "../../validation/schema";
import { ageColumn, ALL_VERBS, at, column, nameColumn, STATUS } from "../define";
import type { JsonObject, ResourceType } from "../types";
import { isObject, objects, str } from "../../validation/values";

const EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"];
const ROLE_PREFIX = "node-role.kubernetes.io/";

function statusCell(node: JsonObject): string {
  const ready = objects(at(node, "status.conditions")).find((c) => c.type === "Ready");
  const status = [ready ? (ready.status === "True" ? "Ready" : "NotReady") : "Unknown"];
  if (at(node, "spec.unschedulable") === true) status.push("SchedulingDisabled");
  return status.join(",");
}

function rolesCell(node: JsonObject): string {
  const labels = at(node, "metadata.labels");
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(isObject(labels) ? labels : {})) {
    if (k.startsWith(ROLE_PREFIX) && k.length > ROLE_PREFIX.length) roles.add(k.slice(ROLE_PREFIX.length));
    else if (k === "kubernetes.io/role" && str(v)) roles.add(str(v));
  }
  return roles.size > 0 ? [...roles].sort().join(",") : "<none>";
}

const address = (type: string) => (node: JsonObject) => str(objects(at(node, "status.addresses")).find((a) => a.type === type)?.address) || "<none>";
const nodeInfo = (key: string) => (node: JsonObject) => str(at(node, `status.nodeInfo.${key}`)) || "<unknown>";

function validateTaints(node: JsonObject): StatusCause[] {
  const causes: StatusCause[] = [];
  const seen = new Set<string>();
  objects(at(node, "spec.taints")).forEach((t, i) => {
    const path = `spec.taints[${i}]`;
    causes.push(...qualifiedName(str(t.key)).map((m) => fieldErr.invalid(`${path}.key`, str(t.key), m)));
    const valueErrs = labelValue(str(t.value));
    if (valueErrs.length > 0) causes.push(fieldErr.invalid(`${path}.value`, str(t.value), valueErrs.join(";")));
    if (!str(t.effect)) causes.push(fieldErr.required(`${path}.effect`));
    else if (!EFFECTS.includes(str(t.effect))) causes.push(fieldErr.notSupported(`${path}.effect`, t.effect, EFFECTS));
    const key = `${str(t.key)}\u0000${str(t.effect)}`;
    if (seen.has(key)) causes.push({ reason: "FieldValueDuplicate", field: path, message: `Duplicate value: ${JSON.stringify(t)}: taints must be unique by key and effect pair` });
    seen.add(key);
  });
  return causes;
}

function validateNodeUpdate(node: JsonObject, old: JsonObject): StatusCause[] {
  const causes: StatusCause[] = [];
  const cidrs = at(node, "spec.podCIDRs");
  const oldCidrs = at(old, "spec.podCIDRs");
  if (Array.isArray(oldCidrs) && oldCidrs.length > 0 && JSON.stringify(cidrs) !== JSON.stringify(oldCidrs)) {
    causes.push(fieldErr.forbidden("spec.podCIDRs", 'node updates may not change podCIDR except from "" to valid'));
  }
  const providerID = str(at(old, "spec.providerID"));
  if (providerID && providerID !== str(at(node, "spec.providerID"))) {
    causes.push(fieldErr.forbidden("spec.providerID", 'node updates may not change providerID except from "" to valid'));
  }
  return causes;
}

export const nodes: ResourceType = {
  group: "",
  version: "v1",
  kind: "Node",
  listKind: "NodeList",
  plural: "nodes",
  singular: "node",
  shortNames: ["no"],
  categories: [],
  namespaced: false,
  verbs: ALL_VERBS,
  subresources: [{ name: "proxy", verbs: ["create", "delete", "get", "patch", "update"], kind: { group: "", version: "v1", kind: "NodeProxyOptions" } }, STATUS],
  columns: [
    nameColumn,
    column("Status", statusCell, { description: "The status of the node" }),
    column("Roles", rolesCell, { description: "The roles of the node" }),
    ageColumn,
    column("Version", (o) => str(at(o, "status.nodeInfo.kubeletVersion")), { description: "Kubelet Version reported by the node." }),
    column("Internal-IP", address("InternalIP"), { priority: 1, description: "List of addresses reachable to the node." }),
    column("External-IP", address("ExternalIP"), { priority: 1, description: "List of addresses reachable to the node." }),
    column("OS-Image", nodeInfo("osImage"), { priority: 1, description: "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy))." }),
    column("Kernel-Version", nodeInfo("kernelVersion"), { priority: 1, description: "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64)." }),
    column("Container-Runtime", nodeInfo("containerRuntimeVersion"), {
      priority: 1,
      description: "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).",
    }),
  ],
  selectableFields: { "spec.unschedulable": (o) => String(at(o, "spec.unschedulable") === true) },
  defaults(obj) {
    const spec = isObject(obj.spec) ? obj.spec : (obj.spec = {});
    // v1 keeps podCIDR and podCIDRs[0] in step.
    if (str(spec.podCIDR) && !Array.isArray(spec.podCIDRs)) spec.podCIDRs = [spec.podCIDR];
    else if (!str(spec.podCIDR) && Array.isArray(spec.podCIDRs) && spec.podCIDRs.length > 0) spec.podCIDR = spec.podCIDRs[0];
    if (!isObject(obj.status)) return;
    canonicalizeResourceList(obj.status.capacity);
    if (!isObject(obj.status.allocatable) && isObject(obj.status.capacity)) obj.status.allocatable = { ...obj.status.capacity };
    canonicalizeResourceList(obj.status.allocatable);
  },
  validate(obj, old) {
    return [...validateTaints(obj), ...(old ? validateNodeUpdate(obj, old) : [])];
  },
  schema: modelSchema(Node),
  openapiName: "io.k8s.api.core.v1.Node",
  statusOwnedByServer: true,
  createKeepsStatus: true,
};
