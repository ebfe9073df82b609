// authorization.k8s.io/v1: SelfSubjectAccessReview, SelfSubjectRulesReview.
// Field numbers from k8s.io/api v0.36.3 authorization/v1/generated.proto; ptr / keep (no `omitempty`) / inline from the
// `json` tags and field types of the Go structs. Fields in Go declaration order.
import { bool, keep, list, msg, ptr, str, type Messages } from "./types";

export const AUTHORIZATION = {
  "authorization.v1.SelfSubjectAccessReview": {
    1: msg("metadata", "meta.v1.ObjectMeta"),
    2: msg("spec", "authorization.v1.SelfSubjectAccessReviewSpec"),
    3: msg("status", "authorization.v1.SubjectAccessReviewStatus"),
  },
  "authorization.v1.SelfSubjectRulesReview": {
    1: msg("metadata", "meta.v1.ObjectMeta"),
    2: msg("spec", "authorization.v1.SelfSubjectRulesReviewSpec"),
    3: msg("status", "authorization.v1.SubjectRulesReviewStatus"),
  },
  "authorization.v1.SelfSubjectAccessReviewSpec": {
    1: ptr(msg("resourceAttributes", "authorization.v1.ResourceAttributes")),
    2: ptr(msg("nonResourceAttributes", "authorization.v1.NonResourceAttributes")),
  },
  "authorization.v1.SubjectAccessReviewStatus": {
    1: keep(bool("allowed")),
    4: bool("denied"),
    2: str("reason"),
    3: str("evaluationError"),
  },
  "authorization.v1.SelfSubjectRulesReviewSpec": {
    1: str("namespace"),
  },
  "authorization.v1.SubjectRulesReviewStatus": {
    1: list(msg("resourceRules", "authorization.v1.ResourceRule")),
    2: list(msg("nonResourceRules", "authorization.v1.NonResourceRule")),
    3: keep(bool("incomplete")),
    4: str("evaluationError"),
  },
  "authorization.v1.ResourceAttributes": {
    1: str("namespace"),
    2: str("verb"),
    3: str("group"),
    4: str("version"),
    5: str("resource"),
    6: str("subresource"),
    7: str("name"),
    8: ptr(msg("fieldSelector", "authorization.v1.FieldSelectorAttributes")),
    9: ptr(msg("labelSelector", "authorization.v1.LabelSelectorAttributes")),
  },
  "authorization.v1.NonResourceAttributes": {
    1: str("path"),
    2: str("verb"),
  },
  "authorization.v1.ResourceRule": {
    1: list(str("verbs")),
    2: list(str("apiGroups")),
    3: list(str("resources")),
    4: list(str("resourceNames")),
  },
  "authorization.v1.NonResourceRule": {
    1: list(str("verbs")),
    2: list(str("nonResourceURLs")),
  },
  "authorization.v1.FieldSelectorAttributes": {
    1: str("rawSelector"),
    2: list(msg("requirements", "meta.v1.FieldSelectorRequirement")),
  },
  "authorization.v1.LabelSelectorAttributes": {
    1: str("rawSelector"),
    2: list(msg("requirements", "meta.v1.LabelSelectorRequirement")),
  },
} satisfies Messages;
