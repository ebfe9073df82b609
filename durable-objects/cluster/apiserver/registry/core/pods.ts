// core/v1 Pod. Created Pending with its QoS class; the spec is fixed after creation except the few
// fields pod-update.ts allows. DELETE answers with the pod (kube's graceful deletion).
import { Pod } from "kubernetes-models/v1/Pod";
import { summarizePod, podIP, readinessGates, type PodSummary } from "../../printing/pods";
import { fieldErr } from "../../validation/field-errors";
import { validatePodSpec } from "../../validation/pod-spec";
import { modelSchema } from "../../validation/schema";
import { ageColumn, ALL_VERBS, at, column, nameColumn, STATUS } from "../define";
import type { JsonObject, ResourceType, Subresource } from "../types";
import { podQOS } from "./pod-qos";
import { defaultPod } from "./pod-spec-defaults";
import { podGracePeriod } from "./pod-deletion";
import { validatePodUpdate } from "./pod-update";
import { isObject } from "../../validation/values";

const str = (v: unknown) => (typeof v === "string" ? v : undefined);

// The three summary cells come from one pass over the container statuses.
const summaries = new WeakMap<JsonObject, { now: number; summary: PodSummary }>();
function summary(pod: JsonObject, now: number): PodSummary {
  const hit = summaries.get(pod);
  if (hit && hit.now === now) return hit.summary;
  const s = summarizePod(pod, now);
  summaries.set(pod, { now, summary: s });
  return s;
}

const core = (kind: string) => ({ group: "", version: "v1", kind });
const PROXY_VERBS: Subresource["verbs"] = ["create", "delete", "get", "patch", "update"];

/** As real discovery lists them; the handlers of the special ones live elsewhere. */
const subresources: Subresource[] = [
  { name: "attach", verbs: ["create", "get"], kind: core("PodAttachOptions") },
  { name: "binding", verbs: ["create"], kind: core("Binding") },
  { name: "ephemeralcontainers", verbs: ["get", "patch", "update"] },
  { name: "eviction", verbs: ["create"], kind: { group: "policy", version: "v1", kind: "Eviction" } },
  { name: "exec", verbs: ["create", "get"], kind: core("PodExecOptions") },
  { name: "log", verbs: ["get"] },
  { name: "portforward", verbs: ["create", "get"], kind: core("PodPortForwardOptions") },
  { name: "proxy", verbs: PROXY_VERBS, kind: core("PodProxyOptions") },
  { name: "resize", verbs: ["get", "patch", "update"] },
  STATUS,
];

export const pods: ResourceType = {
  group: "",
  version: "v1",
  kind: "Pod",
  listKind: "PodList",
  plural: "pods",
  singular: "pod",
  shortNames: ["po"],
  categories: ["all"],
  namespaced: true,
  verbs: ALL_VERBS,
  subresources,
  columns: [
    nameColumn,
    column("Ready", (o, now) => summary(o, now).ready, { description: "The aggregate readiness state of this pod for accepting traffic." }),
    column("Status", (o, now) => summary(o, now).status, { description: "The aggregate status of the containers in this pod." }),
    column("Restarts", (o, now) => summary(o, now).restarts, {
      description: "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.",
    }),
    ageColumn,
    column("IP", podIP, { priority: 1, description: "podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated." }),
    column("Node", (o) => str(at(o, "spec.nodeName")) || undefined, {
      priority: 1,
      description: "NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName.",
    }),
    column("Nominated Node", (o) => str(at(o, "status.nominatedNodeName")) || undefined, {
      priority: 1,
      description: "nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods.",
    }),
    column("Readiness Gates", readinessGates, {
      priority: 1,
      description: "If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its containers are ready AND all conditions specified in the readiness gates have status equal to \"True\"",
    }),
  ],
  selectableFields: {
    "spec.nodeName": (o) => str(at(o, "spec.nodeName")),
    "spec.restartPolicy": (o) => str(at(o, "spec.restartPolicy")),
    "spec.schedulerName": (o) => str(at(o, "spec.schedulerName")),
    "spec.serviceAccountName": (o) => str(at(o, "spec.serviceAccountName")),
    "spec.hostNetwork": (o) => String(at(o, "spec.hostNetwork") === true),
    "status.phase": (o) => str(at(o, "status.phase")),
    "status.podIP": (o) => podIP(o),
    "status.nominatedNodeName": (o) => str(at(o, "status.nominatedNodeName")),
  },
  prepareForCreate(obj) {
    const spec = isObject(obj.spec) ? obj.spec : {};
    const status: JsonObject = { phase: "Pending", qosClass: podQOS(spec) };
    if (Array.isArray(spec.schedulingGates) && spec.schedulingGates.length > 0) {
      status.conditions = [
        { type: "PodScheduled", status: "False", lastProbeTime: null, lastTransitionTime: null, reason: "SchedulingGated", message: "Scheduling is blocked due to non-empty scheduling gates" },
      ];
    }
    obj.status = status;
  },
  defaults(obj) {
    defaultPod(obj);
  },
  validate(obj, old) {
    const spec = isObject(obj.spec) ? obj.spec : {};
    const causes = validatePodSpec(spec, "spec");
    if (!old) {
      if (Array.isArray(spec.ephemeralContainers) && spec.ephemeralContainers.length > 0) {
        causes.push(fieldErr.forbidden("spec.ephemeralContainers", "cannot be set on create"));
      }
      return causes;
    }
    return [...causes, ...validatePodUpdate(obj, old)];
  },
  schema: modelSchema(Pod),
  openapiName: "io.k8s.api.core.v1.Pod",
  // Since 1.33 kube-apiserver keeps metadata.generation on pods (1 on create, +1 per spec change).
  generation: true,
  statusOwnedByServer: true,
  returnDeletedObject: true,
  gracePeriod: podGracePeriod,
};
