// authorization.k8s.io/v1 access reviews: computed answers, never stored. Until RBAC is enforced
// (the tenancy work), every authenticated user of a cluster may do everything in it, so that is
// what the reviews truthfully say.
import { defineResource } from "../define";
import type { JsonObject, ResourceType } from "../types";

const ALLOWED_REASON = "every authenticated user of this sandbox cluster may do everything in it";

const accessReview = (kind: string, plural: string, namespaced: boolean): ResourceType =>
  defineResource({
    group: "authorization.k8s.io",
    version: "v1",
    kind,
    plural,
    namespaced,
    verbs: ["create"],
    columns: [],
    openapiName: `io.k8s.api.authorization.v1.${kind}`,
    review: (obj) => ({ ...obj, status: { allowed: true, reason: ALLOWED_REASON } }),
  });

export const selfSubjectRulesReviews: ResourceType = defineResource({
  group: "authorization.k8s.io",
  version: "v1",
  kind: "SelfSubjectRulesReview",
  namespaced: false,
  verbs: ["create"],
  columns: [],
  openapiName: "io.k8s.api.authorization.v1.SelfSubjectRulesReview",
  review: (obj): JsonObject => ({
    ...obj,
    status: {
      resourceRules: [{ verbs: ["*"], apiGroups: ["*"], resources: ["*"] }],
      nonResourceRules: [{ verbs: ["*"], nonResourceURLs: ["*"] }],
      incomplete: false,
    },
  }),
});

export const authorizationTypes: ResourceType[] = [
  accessReview("SelfSubjectAccessReview", "selfsubjectaccessreviews", false),
  selfSubjectRulesReviews,
  accessReview("SubjectAccessReview", "subjectaccessreviews", false),
  accessReview("LocalSubjectAccessReview", "localsubjectaccessreviews", true),
];
