// apps/v1 ControllerRevision: an immutable snapshot of a StatefulSet's or DaemonSet's template.
import { ControllerRevision } from "kubernetes-models/apps/v1/ControllerRevision";
import type { StatusCause } from "../../status";
import { fieldErr } from "../../validation/field-errors";
import { modelSchema } from "../../validation/schema";
import { ensure, objects, semanticEqual, str } from "../../validation/values";
import { ageColumn, at, column, defineResource, nameColumn } from "../define";
import type { JsonObject } from "../types";

/** "statefulset.apps/web" for the controlling owner (metav1.GetControllerOf), "<none>" without one. */
export function controllerName(obj: JsonObject): string {
  const ref = objects(at(obj, "metadata.ownerReferences")).find((r) => r.controller === true);
  if (!ref) return "<none>";
  const apiVersion = str(ref.apiVersion);
  const group = apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.indexOf("/")) : "";
  const kind = str(ref.kind);
  if (!kind) return str(ref.name);
  return `${(group ? `${kind}.${group}` : kind).toLowerCase()}/${str(ref.name)}`;
}

export const controllerrevisions = defineResource({
  group: "apps",
  version: "v1",
  kind: "ControllerRevision",
  namespaced: true,
  openapiName: "io.k8s.api.apps.v1.ControllerRevision",
  schema: modelSchema(ControllerRevision),
  topLevelFields: ["data", "revision"],
  columns: [
    nameColumn,
    column("Controller", controllerName, { description: "Controller of the object" }),
    column("Revision", (o) => (typeof o.revision === "number" ? o.revision : 0), { description: "revision indicates the revision of the state represented by Data." }),
    ageColumn,
  ],
  defaults(obj) {
    ensure(obj, "revision", 0);
  },
  validate(obj, old) {
    const causes: StatusCause[] = [];
    if (obj.data === undefined || obj.data === null) causes.push(fieldErr.required("data", "data is mandatory"));
    if (typeof obj.revision === "number" && obj.revision < 0) causes.push(fieldErr.invalid("revision", obj.revision, "must be greater than or equal to 0"));
    if (old && !semanticEqual(obj.data, old.data)) {
      causes.push({ reason: "FieldValueInvalid", field: "data", message: "Invalid value: runtime.RawExtension{Raw:[]uint8{…}, Object:runtime.Object(nil)}: field is immutable" });
    }
    return causes;
  },
});
