// rbac.authorization.k8s.io/v1: Role, ClusterRole, RoleBinding, ClusterRoleBinding.
// Field numbers from k8s.io/api v0.36.3 rbac/v1/generated.proto; ptr / keep (no `omitempty`) / inline from the
// `json` tags and field types of the Go structs. Fields in Go declaration order.
import { keep, list, msg, ptr, str, type Messages } from "./types";

export const RBAC = {
  "rbac.v1.Role": {
    1: msg("metadata", "meta.v1.ObjectMeta"),
    2: list(msg("rules", "rbac.v1.PolicyRule")),
  },
  "rbac.v1.ClusterRole": {
    1: msg("metadata", "meta.v1.ObjectMeta"),
    2: list(msg("rules", "rbac.v1.PolicyRule")),
    3: ptr(msg("aggregationRule", "rbac.v1.AggregationRule")),
  },
  "rbac.v1.RoleBinding": {
    1: msg("metadata", "meta.v1.ObjectMeta"),
    2: list(msg("subjects", "rbac.v1.Subject")),
    3: msg("roleRef", "rbac.v1.RoleRef"),
  },
  "rbac.v1.ClusterRoleBinding": {
    1: msg("metadata", "meta.v1.ObjectMeta"),
    2: list(msg("subjects", "rbac.v1.Subject")),
    3: msg("roleRef", "rbac.v1.RoleRef"),
  },
  "rbac.v1.PolicyRule": {
    1: list(str("verbs")),
    2: list(str("apiGroups")),
    3: list(str("resources")),
    4: list(str("resourceNames")),
    5: list(str("nonResourceURLs")),
  },
  "rbac.v1.AggregationRule": {
    1: list(msg("clusterRoleSelectors", "meta.v1.LabelSelector")),
  },
  "rbac.v1.Subject": {
    1: keep(str("kind")),
    2: str("apiGroup"),
    3: keep(str("name")),
    4: str("namespace"),
  },
  "rbac.v1.RoleRef": {
    1: keep(str("apiGroup")),
    2: keep(str("kind")),
    3: keep(str("name")),
  },
} satisfies Messages;
