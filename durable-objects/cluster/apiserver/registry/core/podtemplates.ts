// core/v1 PodTemplate: a named pod template. Its generation counts template changes.
import { PodTemplate } from "kubernetes-models/v1/PodTemplate";
import { containerCells } from "../../printing/workload-columns";
import { formatLabels } from "../../validation/label-selector";
import { validatePodTemplate } from "../../validation/pod-template";
import { modelSchema } from "../../validation/schema";
import { ALL_VERBS, at, column, nameColumn } from "../define";
import type { JsonObject, ResourceType } from "../types";
import { defaultPodTemplateSpec } from "./pod-spec-defaults";
import { isObject } from "../../validation/values";

const defaultTemplate = (obj: JsonObject) => {
  const template = isObject(obj.template) ? obj.template : (obj.template = {});
  defaultPodTemplateSpec(template);
};

export const podtemplates: ResourceType = {
  group: "",
  version: "v1",
  kind: "PodTemplate",
  listKind: "PodTemplateList",
  plural: "podtemplates",
  singular: "podtemplate",
  shortNames: [],
  categories: [],
  namespaced: true,
  verbs: ALL_VERBS,
  subresources: [],
  columns: [
    nameColumn,
    column("Containers", (o) => containerCells(at(o, "template")).names, { description: "Names of each container in the template." }),
    column("Images", (o) => containerCells(at(o, "template")).images, { description: "Images referenced by each container in the template." }),
    column("Pod Labels", (o) => formatLabels(at(o, "template.metadata.labels")), { description: "The labels for the pod template." }),
  ],
  topLevelFields: ["template"],
  defaults: defaultTemplate,
  validate: (obj) => validatePodTemplate(obj.template, "template"),
  schema: modelSchema(PodTemplate),
  openapiName: "io.k8s.api.core.v1.PodTemplate",
  generation: true,
  returnDeletedObject: true,
};
