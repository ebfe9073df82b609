// autoscaling/v1 HorizontalPodAutoscaler: the same objects as autoscaling/v2 (stored as v2), seen
// through the v1 conversion. Validation and printing work on the v2 form, as kube works on the
// internal one, so errors name spec.metrics[…] paths even for v1 requests.
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v1/HorizontalPodAutoscaler";
import { modelSchema } from "../../validation/schema";
import { child, unset } from "../../validation/values";
import { resetStatus } from "../apps/workload";
import { STATUS, defineResource } from "../define";
import type { JsonObject } from "../types";
import { hpaV1ToV2, hpaV2ToV1 } from "./conversion";
import { defaultHPAv2, hpaColumns } from "./horizontalpodautoscalers";
import { validateHPA } from "./validation";

/** A v1 object in its stored (defaulted autoscaling/v2) form. */
export function hpaV1ToStorage(v1: JsonObject): JsonObject {
  const v2 = hpaV1ToV2(v1);
  defaultHPAv2(v2);
  return v2;
}

/** A stored autoscaling/v2 object as autoscaling/v1 serves it. */
export const hpaV1FromStorage = hpaV2ToV1;

export const horizontalpodautoscalersV1 = defineResource({
  group: "autoscaling",
  version: "v1",
  kind: "HorizontalPodAutoscaler",
  namespaced: true,
  shortNames: ["hpa"],
  categories: ["all"],
  subresources: [STATUS],
  storedAs: { group: "autoscaling", plural: "horizontalpodautoscalers", toStorage: (o) => hpaV1ToStorage(o), fromStorage: (o) => hpaV1FromStorage(o) },
  openapiName: "io.k8s.api.autoscaling.v1.HorizontalPodAutoscaler",
  schema: modelSchema(HorizontalPodAutoscaler),
  statusOwnedByServer: true,
  columns: hpaColumns.map((c) => ({ ...c, cell: (o: JsonObject, now: number) => c.cell(hpaV1ToStorage(o), now) })),
  prepareForCreate: resetStatus({ currentReplicas: 0, desiredReplicas: 0 }),
  defaults(obj) {
    const spec = child(obj, "spec");
    if (unset(spec.minReplicas)) spec.minReplicas = 1;
  },
  validate: (obj) => validateHPA(hpaV1ToStorage(obj)),
});
