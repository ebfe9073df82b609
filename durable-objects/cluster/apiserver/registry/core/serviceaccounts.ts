// core/v1 ServiceAccount. Tokens come from its token subresource (authentication.k8s.io/v1 TokenRequest).
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { modelSchema } from "../../validation/schema";
import { ageColumn, ALL_VERBS, column, nameColumn } from "../define";
import type { ResourceType } from "../types";

export const serviceaccounts: ResourceType = {
  group: "",
  version: "v1",
  kind: "ServiceAccount",
  listKind: "ServiceAccountList",
  plural: "serviceaccounts",
  singular: "serviceaccount",
  shortNames: ["sa"],
  categories: [],
  namespaced: true,
  verbs: ALL_VERBS,
  subresources: [{ name: "token", verbs: ["create"], kind: { group: "authentication.k8s.io", version: "v1", kind: "TokenRequest" } }],
  columns: [
    nameColumn,
    column("Secrets", (o) => (Array.isArray(o.secrets) ? o.secrets.length : 0), {
      description: "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.",
    }),
    ageColumn,
  ],
  topLevelFields: ["secrets", "imagePullSecrets", "automountServiceAccountToken"],
  schema: modelSchema(ServiceAccount),
  openapiName: "io.k8s.api.core.v1.ServiceAccount",
  returnDeletedObject: true,
};
