// rbac.authorization.k8s.io/v1 ClusterRole: cluster-wide rules, optionally aggregated from other
// ClusterRoles by label (the aggregation controller fills rules).
import { ClusterRole } from "kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole";
import type { StatusCause } from "../../status";
import { fieldErr } from "../../validation/field-errors";
import { invalidSelector, selectorString, validateLabelSelector } from "../../validation/label-selector";
import { modelSchema } from "../../validation/schema";
import { ensure, isObject, list } from "../../validation/values";
import { defineResource } from "../define";
import { createdAtColumns, rbacNameErrors, validateRules } from "./rbac";

export const clusterroles = defineResource({
  group: "rbac.authorization.k8s.io",
  version: "v1",
  kind: "ClusterRole",
  validateName: rbacNameErrors,
  namespaced: false,
  openapiName: "io.k8s.api.rbac.v1.ClusterRole",
  schema: modelSchema(ClusterRole),
  topLevelFields: ["rules", "aggregationRule"],
  columns: createdAtColumns,
  defaults: (obj) => ensure(obj, "rules", null),
  validate(obj) {
    const causes: StatusCause[] = validateRules(obj, false);
    if (isObject(obj.aggregationRule)) {
      const selectors = list(obj.aggregationRule.clusterRoleSelectors);
      const path = "aggregationRule.clusterRoleSelectors";
      if (selectors.length === 0) causes.push(fieldErr.required(path, "at least one clusterRoleSelector required if aggregationRule is non-nil"));
      selectors.forEach((sel, i) => {
        causes.push(...validateLabelSelector(sel, `${path}[${i}]`));
        if (selectorString(sel) === undefined) causes.push(invalidSelector(`${path}[${i}]`, sel, "invalid label selector."));
      });
    }
    return causes;
  },
});
