// apps/v1 ReplicaSet: SetDefaults_ReplicaSet, ValidateReplicaSetSpec and printReplicaSet.
import { ReplicaSet } from "kubernetes-models/apps/v1/ReplicaSet";
import { invalidSelector, selectorString } from "../../validation/label-selector";
import { modelSchema } from "../../validation/schema";
import { child, isObject, unset } from "../../validation/values";
import { containerColumns, count, selectorColumn } from "../../printing/workload-columns";
import { defaultPodTemplateSpec } from "../core/pod-spec-defaults";
import { SCALE, STATUS, ageColumn, column, defineResource, nameColumn } from "../define";
import { validateReplicaSetTemplate } from "./deployments";
import { nonNegative, replicasScale, resetStatus, selectorImmutable, validateSelector } from "./workload";

export const replicasets = defineResource({
  group: "apps",
  version: "v1",
  kind: "ReplicaSet",
  namespaced: true,
  shortNames: ["rs"],
  categories: ["all"],
  subresources: [STATUS, SCALE],
  openapiName: "io.k8s.api.apps.v1.ReplicaSet",
  schema: modelSchema(ReplicaSet),
  generation: true,
  statusOwnedByServer: true,
  scale: replicasScale,
  columns: [
    nameColumn,
    column("Desired", count("spec.replicas"), {
      type: "integer",
      description:
        "Replicas is the number of desired pods. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset",
    }),
    column("Current", count("status.replicas"), {
      type: "integer",
      description: "Replicas is the most recently observed number of non-terminating pods. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset",
    }),
    column("Ready", count("status.readyReplicas"), { type: "integer", description: "The number of non-terminating pods targeted by this ReplicaSet with a Ready Condition." }),
    ageColumn,
    ...containerColumns("spec.template"),
    selectorColumn(
      "spec.selector",
      "Selector is a label query over pods that should match the replica count. If the selector is empty, it is defaulted to the labels present on the pod template. Label keys and values that must match in order to be controlled by this replica set. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors",
    ),
  ],
  // ReplicaSetStatus.replicas has no omitempty.
  prepareForCreate: resetStatus({ replicas: 0 }),
  defaults(obj) {
    const spec = child(obj, "spec");
    if (unset(spec.replicas)) spec.replicas = 1;
    defaultPodTemplateSpec(child(spec, "template"));
  },
  validate(obj, old) {
    const spec = isObject(obj.spec) ? obj.spec : {};
    const causes = [...nonNegative(obj, "spec.replicas"), ...nonNegative(obj, "spec.minReadySeconds")];
    // kube's message says "deployment" here too.
    causes.push(...validateSelector(spec.selector, "spec.selector", "deployment"));
    if (selectorString(spec.selector) === undefined) causes.push(invalidSelector("spec.selector", spec.selector, "invalid label selector"));
    else causes.push(...validateReplicaSetTemplate(spec));
    causes.push(...selectorImmutable(obj, old));
    return causes;
  },
});
