// Priority (kube's priority plugin): a pod's priorityClassName resolves to the class's value and
// preemption policy, which the pod may not set itself; a pod without a class gets the cluster's
// global default class, if there is one (else priority 0). Only one PriorityClass may be the global
// default. The two system classes are the API server's own (systemPriorityClasses).
import { storagePrefix } from "../registry";
import type { JsonObject } from "../registry/types";
import { SYSTEM_PRIORITY_CLASSES } from "../registry/scheduling/priorityclasses";
import { mapOf, str } from "../validation/values";
import { isResource, type AdmissionPlugin, type AdmissionRequest } from "./chain";
import { forbidden } from "./errors";
import { listCached } from "./listers";

const DEFAULT_PREEMPTION = "PreemptLowerPriority";

/** The PriorityClasses kube-apiserver creates at start (its scheduling post-start hook). */
export const SYSTEM_CLASS_OBJECTS: JsonObject[] = [
  ["system-node-critical", "Used for system critical pods that must not be moved from their current node."],
  ["system-cluster-critical", "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary."],
].map(([name, description]) => ({
  apiVersion: "scheduling.k8s.io/v1",
  kind: "PriorityClass",
  metadata: { name },
  value: SYSTEM_PRIORITY_CLASSES[name!],
  description,
  preemptionPolicy: DEFAULT_PREEMPTION,
}));

function classes(req: AdmissionRequest): JsonObject[] {
  const rt = req.ctx.registry.resource("scheduling.k8s.io", "v1", "priorityclasses")!;
  return listCached(req.ctx.store, storagePrefix(rt));
}

/** The global default class: the one marked so (the lowest value if several slipped in). */
function globalDefault(all: JsonObject[]): JsonObject | undefined {
  return all.filter((c) => c.globalDefault === true).sort((a, b) => Number(a.value) - Number(b.value))[0];
}

function admitPod(req: AdmissionRequest): void {
  const spec = mapOf(req.obj.spec);
  req.obj.spec = spec;
  const all = classes(req);
  let name = str(spec.priorityClassName);
  let priority = 0;
  let policy = DEFAULT_PREEMPTION;
  if (!name) {
    const def = globalDefault(all);
    if (def) {
      name = str(mapOf(def.metadata).name);
      priority = Number(def.value);
      policy = str(def.preemptionPolicy) || DEFAULT_PREEMPTION;
    }
  } else {
    const pc = all.find((c) => mapOf(c.metadata).name === name);
    if (!pc) throw forbidden(req, `no PriorityClass with name ${name} was found`);
    priority = Number(pc.value);
    policy = str(pc.preemptionPolicy) || DEFAULT_PREEMPTION;
  }
  if (typeof spec.priority === "number" && spec.priority !== priority) {
    throw forbidden(req, `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`);
  }
  if (typeof spec.preemptionPolicy === "string" && spec.preemptionPolicy !== policy) {
    throw forbidden(req, `the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${policy} from the given PriorityClass name`);
  }
  if (name) spec.priorityClassName = name;
  spec.priority = priority;
  spec.preemptionPolicy = policy;
}

function validateClass(req: AdmissionRequest): void {
  if (req.obj.globalDefault !== true) return;
  const other = classes(req).find((c) => c.globalDefault === true && mapOf(c.metadata).name !== req.name);
  if (other) throw forbidden(req, `PriorityClass ${str(mapOf(other.metadata).name)} is already marked as default. Only one default can exist`);
}

export const priorityPlugin: AdmissionPlugin = {
  name: "Priority",
  admit(req) {
    if (!isResource(req, "", "pods")) return;
    if (req.operation === "CREATE") admitPod(req);
    else if (req.old) {
      // An update that leaves them out keeps what the pod was admitted with.
      const [spec, old] = [mapOf(req.obj.spec), mapOf(req.old.spec)];
      if (spec.priority === undefined && old.priority !== undefined) spec.priority = old.priority;
      if (spec.preemptionPolicy === undefined && old.preemptionPolicy !== undefined) spec.preemptionPolicy = old.preemptionPolicy;
    }
  },
  validate(req) {
    if (isResource(req, "scheduling.k8s.io", "priorityclasses")) validateClass(req);
  },
};
