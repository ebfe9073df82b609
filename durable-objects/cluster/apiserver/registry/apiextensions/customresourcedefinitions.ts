// apiextensions.k8s.io/v1 CustomResourceDefinition. Serving the custom resources it defines is the
// job of custom-resources.ts (the types) and the crd controller (registry sync, status, cleanup).
import type { StatusCause } from "../../status";
import { dns1123Label, dns1123Subdomain } from "../../validation/names";
import { isSupportedJsonPath } from "../../printing/jsonpath";
import { at, column, defineResource, nameColumn, STATUS } from "../define";
import type { JsonObject, ResourceType } from "../types";

export const CRD_CLEANUP_FINALIZER = "customresourcecleanup.apiextensions.k8s.io";

const names = (crd: JsonObject) => ((crd.spec as JsonObject | undefined)?.names ?? {}) as JsonObject;
const versionsOf = (crd: JsonObject) => (((crd.spec as JsonObject | undefined)?.versions ?? []) as JsonObject[]);

export const customResourceDefinitions: ResourceType = defineResource({
  group: "apiextensions.k8s.io",
  version: "v1",
  kind: "CustomResourceDefinition",
  allowUnconditionalUpdate: false,
  namespaced: false,
  shortNames: ["crd", "crds"],
  categories: ["api-extensions"],
  subresources: [STATUS],
  statusOwnedByServer: true,
  generation: true,
  openapiName: "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition",
  columns: [nameColumn, column("Created At", (o) => at(o, "metadata.creationTimestamp") as string | undefined, { type: "date" })],
  prepareForCreate(obj) {
    const meta = obj.metadata as JsonObject;
    const finalizers = (meta.finalizers as string[] | undefined) ?? [];
    if (!finalizers.includes(CRD_CLEANUP_FINALIZER)) meta.finalizers = [...finalizers, CRD_CLEANUP_FINALIZER];
  },
  defaults(obj) {
    const spec = (obj.spec ?? {}) as JsonObject;
    const n = (spec.names ?? {}) as JsonObject;
    if (typeof n.kind === "string") {
      n.singular ??= n.kind.toLowerCase();
      n.listKind ??= `${n.kind}List`;
    }
    spec.conversion ??= { strategy: "None" };
    for (const v of versionsOf(obj)) {
      for (const c of (v.additionalPrinterColumns ?? []) as JsonObject[]) c.priority ??= 0;
    }
  },
  immutableFields: ["spec.group", "spec.scope"],
  validate: validateCrd,
});

function validateCrd(obj: JsonObject): StatusCause[] {
  const causes: StatusCause[] = [];
  const spec = (obj.spec ?? {}) as JsonObject;
  const n = names(obj);
  const bad = (field: string, value: unknown, message: string) => causes.push({ reason: "FieldValueInvalid", field, message: `Invalid value: ${JSON.stringify(value)}: ${message}` });
  const required = (field: string) => causes.push({ reason: "FieldValueRequired", field, message: "Required value" });

  const group = spec.group;
  if (typeof group !== "string" || !group) required("spec.group");
  else if (dns1123Subdomain(group).length > 0 || !group.includes(".")) bad("spec.group", group, "should be a domain with at least one dot");
  for (const f of ["plural", "kind"] as const) if (typeof n[f] !== "string" || !n[f]) required(`spec.names.${f}`);
  if (typeof n.plural === "string" && dns1123Label(n.plural).length > 0) bad("spec.names.plural", n.plural, dns1123Label(n.plural)[0]!);
  if (typeof n.plural === "string" && typeof group === "string" && (obj.metadata as JsonObject).name !== `${n.plural}.${group}`) {
    bad("metadata.name", (obj.metadata as JsonObject).name, "must be spec.names.plural+\".\"+spec.group");
  }
  if (spec.scope !== "Namespaced" && spec.scope !== "Cluster") {
    causes.push({ reason: "FieldValueNotSupported", field: "spec.scope", message: `Unsupported value: ${JSON.stringify(spec.scope)}: supported values: "Cluster", "Namespaced"` });
  }
  const versions = versionsOf(obj);
  if (versions.length === 0) required("spec.versions");
  const storage = versions.filter((v) => v.storage === true).length;
  if (versions.length > 0 && storage !== 1) bad("spec.versions", versions.map((v) => v.name), "must have exactly one version marked as storage version");
  versions.forEach((v, i) => {
    if (typeof v.name !== "string" || dns1123Label(v.name).length > 0) bad(`spec.versions[${i}].name`, v.name, "must be a DNS-1035 label");
    const schema = (v.schema as JsonObject | undefined)?.openAPIV3Schema;
    if (!schema) required(`spec.versions[${i}].schema.openAPIV3Schema`);
    else if ((schema as JsonObject).type !== "object") bad(`spec.versions[${i}].schema.openAPIV3Schema.type`, (schema as JsonObject).type, 'must be object at the root');
    ((v.additionalPrinterColumns ?? []) as JsonObject[]).forEach((c, j) => {
      if (typeof c.jsonPath !== "string" || !isSupportedJsonPath(c.jsonPath)) bad(`spec.versions[${i}].additionalPrinterColumns[${j}].jsonPath`, c.jsonPath, "must be a simple json path");
    });
  });
  return causes;
}
