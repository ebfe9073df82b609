// The resource types a CustomResourceDefinition defines: one per served version, sharing one storage
// prefix (conversion "None": the same object under each version's apiVersion).
import { age } from "../../printing/age";
import { evaluateJsonPath } from "../../printing/jsonpath";
import { prune, structuralValidator } from "../../validation/structural-schema";
import { ageColumn, column, defineResource, nameColumn, SCALE, STATUS } from "../define";
import type { JsonObject, PrinterColumn, ResourceType } from "../types";

export function customResourceTypes(crd: JsonObject): ResourceType[] {
  const crdName = (crd.metadata as JsonObject).name as string;
  const spec = crd.spec as JsonObject;
  const names = spec.names as JsonObject;
  const kind = names.kind as string;
  const storageVersion = ((spec.versions ?? []) as JsonObject[]).find((v) => v.storage === true)?.name as string | undefined;
  return ((spec.versions ?? []) as JsonObject[])
    .filter((v) => v.served !== false)
    .map((v) => {
      const schema = ((v.schema as JsonObject | undefined)?.openAPIV3Schema ?? { type: "object", "x-kubernetes-preserve-unknown-fields": true }) as JsonObject;
      const validate = structuralValidator(schema);
      const subresources = (v.subresources ?? {}) as JsonObject;
      const scale = subresources.scale as JsonObject | undefined;
      const printerColumns = (v.additionalPrinterColumns ?? []) as JsonObject[];
      const rt = defineResource({
        group: spec.group as string,
        version: v.name as string,
        kind,
        listKind: (names.listKind as string | undefined) ?? `${kind}List`,
        plural: names.plural as string,
        singular: (names.singular as string | undefined) ?? kind.toLowerCase(),
        shortNames: (names.shortNames as string[] | undefined) ?? [],
        categories: (names.categories as string[] | undefined) ?? [],
        namespaced: spec.scope === "Namespaced",
        subresources: [...(subresources.status ? [STATUS] : []), ...(scale ? [SCALE] : [])],
        columns: printerColumns.length > 0 ? [nameColumn, ...printerColumns.map(printerColumn)] : [nameColumn, ageColumn],
        statusOwnedByServer: Boolean(subresources.status),
        generation: true,
        topLevelFields: Object.keys((schema.properties ?? {}) as JsonObject),
        schema: (obj) => ({ causes: validate(obj) }),
        prune: (obj) => prune(obj, schema),
        openapiSchema: schema,
        crd: crdName,
        allowUnconditionalUpdate: false,
      });
      if (storageVersion) rt.storageVersion = storageVersion;
      if (scale) {
        const strip = (p: unknown) => String(p ?? "").replace(/^\./, "");
        rt.scale = {
          specReplicas: strip(scale.specReplicasPath),
          statusReplicas: strip(scale.statusReplicasPath),
          selector: (obj) => {
            if (!scale.labelSelectorPath) return undefined;
            const found = evaluateJsonPath(obj, String(scale.labelSelectorPath))[0];
            return typeof found === "string" ? found : undefined;
          },
        };
      }
      return rt;
    });
}

function printerColumn(c: JsonObject): PrinterColumn {
  const type = (c.type as PrinterColumn["type"]) ?? "string";
  const path = c.jsonPath as string;
  const col = column(
    c.name as string,
    (obj, now) => {
      const found = evaluateJsonPath(obj, path);
      if (found.length === 0) return undefined;
      const v = found[0];
      if (type === "date" && typeof v === "string") return age({ metadata: { creationTimestamp: v } }, now);
      if (v !== null && typeof v === "object") return JSON.stringify(v);
      return v as string | number | boolean;
    },
    { type, priority: (c.priority as number | undefined) ?? 0, description: (c.description as string | undefined) ?? "" },
  );
  if (c.format) col.format = c.format as string;
  return col;
}
