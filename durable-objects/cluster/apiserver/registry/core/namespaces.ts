// core/v1 Namespace. Deleting one marks it Terminating; the namespace controller empties it and
// removes the "kubernetes" finalizer through the finalize subresource, which removes the object.
import { Namespace } from "kubernetes-models/v1/Namespace";
import { age } from "../../printing/age";
import type { StatusCause } from "../../status";
import { modelSchema } from "../../validation/schema";
import { STATUS } from "../define";
import type { JsonObject, ResourceType } from "../types";

const phase = (obj: JsonObject) => ((obj.status as JsonObject | undefined)?.phase as string | undefined) ?? "";

export const namespaces: ResourceType = {
  group: "",
  version: "v1",
  kind: "Namespace",
  listKind: "NamespaceList",
  plural: "namespaces",
  singular: "namespace",
  shortNames: ["ns"],
  categories: [],
  namespaced: false,
  verbs: ["create", "delete", "get", "list", "patch", "update", "watch"],
  subresources: [{ name: "finalize", verbs: ["update"] }, STATUS],
  columns: [
    { name: "Name", type: "string", format: "name", description: "Name must be unique within a namespace.", priority: 0, cell: (o) => ((o.metadata as JsonObject).name as string) ?? "" },
    { name: "Status", type: "string", description: "The status of the namespace", priority: 0, cell: phase },
    { name: "Age", type: "string", description: "CreationTimestamp is a timestamp representing the server time when this object was created.", priority: 0, cell: (o, now) => age(o, now) },
  ],
  selectableFields: { "status.phase": phase },
  schema: modelSchema(Namespace),
  openapiName: "io.k8s.api.core.v1.Namespace",
  statusOwnedByServer: true,
  pendingFinalizers: (obj) => ((obj.spec as JsonObject | undefined)?.finalizers as string[] | undefined) ?? [],
  returnDeletedObject: true,
  onDeletionMarked(obj) {
    obj.status = { ...((obj.status as JsonObject | undefined) ?? {}), phase: "Terminating" };
  },
  defaults(obj) {
    const metadata = obj.metadata as JsonObject;
    const labels = (metadata.labels as Record<string, string> | undefined) ?? {};
    // Set by kube-apiserver on every namespace, so namespaces are selectable by name.
    labels["kubernetes.io/metadata.name"] = metadata.name as string;
    metadata.labels = labels;
    const spec = (obj.spec as JsonObject | undefined) ?? {};
    if (!Array.isArray(spec.finalizers)) spec.finalizers = ["kubernetes"];
    obj.spec = spec;
  },
  prepareForCreate(obj) {
    obj.status = { phase: "Active" };
    // The strategy's Canonicalize: a name generated after defaulting gets its label too.
    const metadata = obj.metadata as JsonObject;
    metadata.labels = { ...((metadata.labels as Record<string, string> | undefined) ?? {}), "kubernetes.io/metadata.name": metadata.name as string };
  },
  prepareForUpdate(obj, old) {
    // spec.finalizers changes only through the finalize subresource.
    const oldFinalizers = (old.spec as JsonObject | undefined)?.finalizers;
    obj.spec = { ...((obj.spec as JsonObject | undefined) ?? {}) };
    if (oldFinalizers === undefined) delete (obj.spec as JsonObject).finalizers;
    else (obj.spec as JsonObject).finalizers = oldFinalizers;
  },
  validate(obj) {
    const spec = (obj.spec ?? {}) as JsonObject;
    const causes: StatusCause[] = [];
    const finalizers = spec.finalizers;
    if (finalizers !== undefined && (!Array.isArray(finalizers) || finalizers.some((f) => typeof f !== "string"))) {
      causes.push({ reason: "FieldValueInvalid", field: "spec.finalizers", message: "Invalid value: must be a list of finalizer names" });
    }
    return causes;
  },
};
