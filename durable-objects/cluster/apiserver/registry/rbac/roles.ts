// rbac.authorization.k8s.io/v1 Role: namespaced rules; printed by kube's default table (NAME, CREATED AT).
import { Role } from "kubernetes-models/rbac.authorization.k8s.io/v1/Role";
import { modelSchema } from "../../validation/schema";
import { ensure } from "../../validation/values";
import { defineResource } from "../define";
import { createdAtColumns, rbacNameErrors, validateRules } from "./rbac";

export const roles = defineResource({
  group: "rbac.authorization.k8s.io",
  version: "v1",
  kind: "Role",
  validateName: rbacNameErrors,
  namespaced: true,
  openapiName: "io.k8s.api.rbac.v1.Role",
  schema: modelSchema(Role),
  topLevelFields: ["rules"],
  columns: createdAtColumns,
  // Role.rules has no omitempty: a Role without rules is written with "rules": null.
  defaults: (obj) => ensure(obj, "rules", null),
  validate: (obj) => validateRules(obj, true),
});
