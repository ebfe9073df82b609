// rbac.authorization.k8s.io/v1 RoleBinding: grants a Role or ClusterRole in one namespace; the
// roleRef never changes. Printed as NAME ROLE AGE (+ USERS GROUPS SERVICEACCOUNTS).
import { RoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding";
import { modelSchema } from "../../validation/schema";
import { ageColumn, defineResource } from "../define";
import { bindingColumns, rbacNameErrors, roleRefImmutable, validateRoleRef, validateSubjects } from "./rbac";

export const rolebindings = defineResource({
  group: "rbac.authorization.k8s.io",
  version: "v1",
  kind: "RoleBinding",
  validateName: rbacNameErrors,
  namespaced: true,
  openapiName: "io.k8s.api.rbac.v1.RoleBinding",
  schema: modelSchema(RoleBinding),
  topLevelFields: ["subjects", "roleRef"],
  columns: bindingColumns(
    ageColumn,
    "RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error.",
    "roleBinding",
  ),
  validate: (obj, old) => [...validateRoleRef(obj, ["Role", "ClusterRole"]), ...validateSubjects(obj, true), ...roleRefImmutable(obj, old)],
});
