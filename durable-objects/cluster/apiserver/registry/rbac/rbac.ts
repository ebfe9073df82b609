// What the four rbac.authorization.k8s.io/v1 kinds share: ValidatePolicyRule, subjects and roleRef
// checks, the default Table (NAME, CREATED AT) of roles and the subject columns of bindings.
import type { StatusCause } from "../../status";
import { fieldErr } from "../../validation/field-errors";
import { dns1123Subdomain } from "../../validation/names";
import { pathSegmentErrors } from "../../validation/path-segment";
import { isObject, list, objects, str } from "../../validation/values";
import { at, column, nameColumn } from "../define";
import type { JsonObject, PrinterColumn } from "../types";

export const RBAC_GROUP = "rbac.authorization.k8s.io";

/** RBAC object names only need to be valid path segments ("system:aggregate-to-edit"). */
export const rbacNameErrors = pathSegmentErrors;

/**
 * Roles have no printer in kube: the default table convertor prints NAME and CREATED AT (RFC 3339, UTC).
 */
export const createdAtColumns: PrinterColumn[] = [
  nameColumn,
  column(
    "Created At",
    (o) => {
      const t = at(o, "metadata.creationTimestamp");
      return typeof t === "string" ? new Date(Date.parse(t)).toISOString().replace(/\.\d+Z$/, "Z") : "0001-01-01T00:00:00Z";
    },
    {
      type: "date",
      description:
        "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    },
  ),
];

/** ValidatePolicyRule */
export function validateRules(obj: JsonObject, namespaced: boolean): StatusCause[] {
  const causes: StatusCause[] = [];
  objects(obj.rules).forEach((rule, i) => {
    const path = `rules[${i}]`;
    if (list(rule.verbs).length === 0) causes.push(fieldErr.required(`${path}.verbs`, "verbs must contain at least one value"));
    const urls = list(rule.nonResourceURLs);
    if (urls.length > 0) {
      const shown = `[]string{${urls.map((u) => JSON.stringify(str(u))).join(", ")}}`;
      const invalid = (detail: string): StatusCause => ({ reason: "FieldValueInvalid", field: `${path}.nonResourceURLs`, message: `Invalid value: ${shown}: ${detail}` });
      if (namespaced) causes.push(invalid("namespaced rules cannot apply to non-resource URLs"));
      if (list(rule.apiGroups).length + list(rule.resources).length + list(rule.resourceNames).length > 0) {
        causes.push(invalid("rules cannot apply to both regular resources and non-resource URLs"));
      }
      return;
    }
    if (list(rule.apiGroups).length === 0) causes.push(fieldErr.required(`${path}.apiGroups`, "resource rules must supply at least one api group"));
    if (list(rule.resources).length === 0) causes.push(fieldErr.required(`${path}.resources`, "resource rules must supply at least one resource"));
  });
  return causes;
}

/** roleRef: rbac group, an allowed kind, a name. */
export function validateRoleRef(obj: JsonObject, kinds: string[]): StatusCause[] {
  const ref = isObject(obj.roleRef) ? obj.roleRef : {};
  const causes: StatusCause[] = [];
  if (ref.apiGroup !== RBAC_GROUP) causes.push(fieldErr.notSupported("roleRef.apiGroup", str(ref.apiGroup), [RBAC_GROUP]));
  if (!kinds.includes(str(ref.kind))) causes.push(fieldErr.notSupported("roleRef.kind", str(ref.kind), kinds));
  const name = str(ref.name);
  if (!name) causes.push(fieldErr.required("roleRef.name"));
  else causes.push(...rbacNameErrors(name).map((m) => fieldErr.invalid("roleRef.name", name, m)));
  return causes;
}

/** ValidateRoleBindingSubject for each subject. */
export function validateSubjects(obj: JsonObject, namespaced: boolean): StatusCause[] {
  const causes: StatusCause[] = [];
  objects(obj.subjects).forEach((s, i) => {
    const path = `subjects[${i}]`;
    const name = str(s.name);
    if (!name) causes.push(fieldErr.required(`${path}.name`));
    switch (s.kind) {
      case "ServiceAccount":
        if (name) causes.push(...dns1123Subdomain(name).map((m) => fieldErr.invalid(`${path}.name`, name, m)));
        if (str(s.apiGroup)) causes.push(fieldErr.notSupported(`${path}.apiGroup`, s.apiGroup, [""]));
        if (!namespaced && !str(s.namespace)) causes.push(fieldErr.required(`${path}.namespace`));
        break;
      case "User":
      case "Group":
        if (s.apiGroup !== RBAC_GROUP) causes.push(fieldErr.notSupported(`${path}.apiGroup`, str(s.apiGroup), [RBAC_GROUP]));
        break;
      default:
        causes.push(fieldErr.notSupported(`${path}.kind`, str(s.kind), ["ServiceAccount", "User", "Group"]));
    }
  });
  return causes;
}

/** roleRef cannot change after creation. */
export function roleRefImmutable(obj: JsonObject, old: JsonObject | undefined): StatusCause[] {
  if (!old) return [];
  const ref = (o: JsonObject) => (isObject(o.roleRef) ? o.roleRef : {});
  const [a, b] = [ref(obj), ref(old)];
  if (["apiGroup", "kind", "name"].every((k) => str(a[k]) === str(b[k]))) return [];
  const shown = `rbac.RoleRef{APIGroup:${JSON.stringify(str(a.apiGroup))}, Kind:${JSON.stringify(str(a.kind))}, Name:${JSON.stringify(str(a.name))}}`;
  return [{ reason: "FieldValueInvalid", field: "roleRef", message: `Invalid value: ${shown}: cannot change roleRef` }];
}

/** SubjectsStrings: users, groups and "namespace/name" service accounts, each joined with ", ". */
function subjectsOf(o: JsonObject, kind: string): string {
  return objects(o.subjects)
    .filter((s) => s.kind === kind)
    .map((s) => (kind === "ServiceAccount" ? `${str(s.namespace)}/${str(s.name)}` : str(s.name)))
    .join(", ");
}

/** NAME ROLE AGE + wide USERS GROUPS SERVICEACCOUNTS. */
export function bindingColumns(ageColumn: PrinterColumn, roleRefDescription: string, noun: string): PrinterColumn[] {
  return [
    nameColumn,
    column("Role", (o) => `${str(at(o, "roleRef.kind"))}/${str(at(o, "roleRef.name"))}`, { description: roleRefDescription }),
    ageColumn,
    column("Users", (o) => subjectsOf(o, "User"), { priority: 1, description: `Users in the ${noun}` }),
    column("Groups", (o) => subjectsOf(o, "Group"), { priority: 1, description: `Groups in the ${noun}` }),
    column("ServiceAccounts", (o) => subjectsOf(o, "ServiceAccount"), { priority: 1, description: `ServiceAccounts in the ${noun}` }),
  ];
}
