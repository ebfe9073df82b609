// apps/v1 DaemonSet: SetDefaults_DaemonSet, the strategy's template generation (kept in the
// deprecated.daemonset.template.generation annotation in v1), ValidateDaemonSetSpec, printDaemonSet.
import { DaemonSet } from "kubernetes-models/apps/v1/DaemonSet";
import type { StatusCause } from "../../status";
import { fieldErr } from "../../validation/field-errors";
import { intOrPercentValue, invalidIntOrString, isNotMoreThan100Percent, validatePositiveIntOrPercent } from "../../validation/int-or-percent";
import { formatLabels, invalidSelector, selectorIsEmpty, validateLabelSelector } from "../../validation/label-selector";
import { restartPolicyIn, selectorSelectsTemplate, validatePodTemplate } from "../../validation/pod-template";
import { modelSchema } from "../../validation/schema";
import { child, fill, isObject, semanticEqual, str, strMap, unset } from "../../validation/values";
import { containerColumns, count, selectorColumn } from "../../printing/workload-columns";
import { defaultPodTemplateSpec } from "../core/pod-spec-defaults";
import { STATUS, ageColumn, at, column, defineResource, nameColumn } from "../define";
import type { JsonObject } from "../types";
import { nonNegative, resetStatus, selectorImmutable } from "./workload";

export const TEMPLATE_GENERATION = "deprecated.daemonset.template.generation";

const annotations = (obj: JsonObject) => child(child(obj, "metadata"), "annotations");

function validateUpdateStrategy(strategy: JsonObject): StatusCause[] {
  const path = "spec.updateStrategy";
  switch (strategy.type) {
    case "OnDelete":
      return [];
    case "RollingUpdate": {
      const ru = strategy.rollingUpdate;
      if (!isObject(ru)) return [fieldErr.required(`${path}.rollingUpdate`)];
      const p = `${path}.rollingUpdate`;
      const causes = [
        ...validatePositiveIntOrPercent(ru.maxUnavailable, `${p}.maxUnavailable`),
        ...validatePositiveIntOrPercent(ru.maxSurge, `${p}.maxSurge`),
        ...isNotMoreThan100Percent(ru.maxUnavailable, `${p}.maxUnavailable`),
        ...isNotMoreThan100Percent(ru.maxSurge, `${p}.maxSurge`),
      ];
      const unavailable = intOrPercentValue(ru.maxUnavailable) !== 0;
      const surge = intOrPercentValue(ru.maxSurge) !== 0;
      if (unavailable && surge) causes.push(invalidIntOrString(`${p}.maxSurge`, ru.maxSurge, "may not be set when maxUnavailable is non-zero"));
      if (!unavailable && !surge) causes.push(fieldErr.required(`${p}.maxUnavailable`, "cannot be 0 when maxSurge is 0"));
      return causes;
    }
    default: {
      const value = `apps.DaemonSetUpdateStrategy{Type:${JSON.stringify(str(strategy.type))}, RollingUpdate:(*apps.RollingUpdateDaemonSet)(nil)}`;
      return [{ reason: "FieldValueNotSupported", field: path, message: `Unsupported value: ${value}: supported values: "RollingUpdate", "OnDelete"` }];
    }
  }
}

/** SetDefaults_DaemonSet */
function defaultDaemonSet(obj: JsonObject): void {
  const spec = child(obj, "spec");
  const strategy = child(spec, "updateStrategy");
  fill(strategy, "type", "RollingUpdate");
  if (strategy.type === "RollingUpdate") {
    const ru = child(strategy, "rollingUpdate");
    if (ru.maxUnavailable === undefined || ru.maxUnavailable === null) ru.maxUnavailable = 1;
    if (ru.maxSurge === undefined || ru.maxSurge === null) ru.maxSurge = 0;
  }
  if (unset(spec.revisionHistoryLimit)) spec.revisionHistoryLimit = 10;
  defaultPodTemplateSpec(child(spec, "template"));
}

export const daemonsets = defineResource({
  group: "apps",
  version: "v1",
  kind: "DaemonSet",
  namespaced: true,
  shortNames: ["ds"],
  categories: ["all"],
  subresources: [STATUS],
  openapiName: "io.k8s.api.apps.v1.DaemonSet",
  schema: modelSchema(DaemonSet),
  generation: true,
  statusOwnedByServer: true,
  columns: [
    nameColumn,
    column("Desired", count("status.desiredNumberScheduled"), {
      type: "integer",
      description:
        "The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod). More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/",
    }),
    column("Current", count("status.currentNumberScheduled"), {
      type: "integer",
      description:
        "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod. More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/",
    }),
    column("Ready", count("status.numberReady"), {
      type: "integer",
      description: "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.",
    }),
    column("Up-to-date", count("status.updatedNumberScheduled"), { type: "integer", description: "The total number of nodes that are running updated daemon pod" }),
    column("Available", count("status.numberAvailable"), {
      type: "integer",
      description:
        "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)",
    }),
    column("Node Selector", (o) => formatLabels(at(o, "spec.template.spec.nodeSelector")), {
      description:
        "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node. More info: https://kubernetes.io/docs/concepts/configuration/assign-pod-node/",
    }),
    ageColumn,
    ...containerColumns("spec.template"),
    selectorColumn(
      "spec.selector",
      "A label query over pods that are managed by the daemon set. Must match in order to be controlled. If empty, defaulted to labels on Pod template. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors",
    ),
  ],
  prepareForCreate(obj) {
    resetStatus({ currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 })(obj);
    annotations(obj)[TEMPLATE_GENERATION] = "1";
  },
  prepareForUpdate(obj, old) {
    // The template generation counts template changes; clients cannot set it. kube compares
    // defaulted templates, so default a copy before comparing.
    const previous = Number.parseInt(str(strMap(at(old, "metadata.annotations"))[TEMPLATE_GENERATION]), 10) || 0;
    const next = structuredClone(obj);
    defaultDaemonSet(next);
    const changed = !semanticEqual(at(next, "spec.template"), at(old, "spec.template"));
    annotations(obj)[TEMPLATE_GENERATION] = String(changed ? previous + 1 : previous);
  },
  defaults: defaultDaemonSet,
  validate(obj, old) {
    const spec = isObject(obj.spec) ? obj.spec : {};
    const causes = validateLabelSelector(spec.selector, "spec.selector");
    causes.push(...selectorSelectsTemplate(spec.selector, spec.template, "spec.template"));
    if (isObject(spec.selector) && selectorIsEmpty(spec.selector)) causes.push(invalidSelector("spec.selector", spec.selector, "empty selector is invalid for daemonset"));
    causes.push(...validatePodTemplate(spec.template, "spec.template"), ...restartPolicyIn(spec.template, "spec.template", ["Always"]));
    const deadline = at(spec, "template.spec.activeDeadlineSeconds");
    if (deadline !== undefined && deadline !== null) {
      causes.push(fieldErr.invalid("spec.template.spec.activeDeadlineSeconds", deadline, "activeDeadlineSeconds must be nil for daemonset"));
    }
    causes.push(...nonNegative(obj, "spec.minReadySeconds"));
    causes.push(...validateUpdateStrategy(isObject(spec.updateStrategy) ? spec.updateStrategy : {}));
    causes.push(...nonNegative(obj, "spec.revisionHistoryLimit"));
    causes.push(...selectorImmutable(obj, old));
    return causes;
  },
});
