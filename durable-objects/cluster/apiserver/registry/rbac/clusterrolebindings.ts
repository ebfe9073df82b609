// rbac.authorization.k8s.io/v1 ClusterRoleBinding: grants a ClusterRole cluster-wide; the roleRef
// never changes and ServiceAccount subjects need a namespace.
import { ClusterRoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding";
import { modelSchema } from "../../validation/schema";
import { ageColumn, defineResource } from "../define";
import { bindingColumns, rbacNameErrors, roleRefImmutable, validateRoleRef, validateSubjects } from "./rbac";

export const clusterrolebindings = defineResource({
  group: "rbac.authorization.k8s.io",
  version: "v1",
  kind: "ClusterRoleBinding",
  validateName: rbacNameErrors,
  namespaced: false,
  openapiName: "io.k8s.api.rbac.v1.ClusterRoleBinding",
  schema: modelSchema(ClusterRoleBinding),
  topLevelFields: ["subjects", "roleRef"],
  columns: bindingColumns(
    ageColumn,
    "RoleRef can only reference a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error.",
    "clusterRoleBinding",
  ),
  validate: (obj, old) => [...validateRoleRef(obj, ["ClusterRole"]), ...validateSubjects(obj, false), ...roleRefImmutable(obj, old)],
});
