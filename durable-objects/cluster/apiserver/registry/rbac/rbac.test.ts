import { describe, expect, it } from "vitest";
import { causesOf, cells, created, schemaCausesOf } from "../apps/test-helpers";
import { clusterrolebindings } from "./clusterrolebindings";
import { clusterroles } from "./clusterroles";
import { rolebindings } from "./rolebindings";
import { roles } from "./roles";

describe("rbac", () => {
  it("prints roles with kube's default table: NAME, CREATED AT", () => {
    const role = created(roles, { kind: "Role", apiVersion: "rbac.authorization.k8s.io/v1", metadata: { name: "r" }, rules: [{ verbs: ["get"], apiGroups: [""], resources: ["pods"] }] });
    expect(cells(roles, role)).toEqual({ Name: "r", "Created At": "2025-06-01T11:59:00Z" });
    expect(roles.columns.map((c) => [c.name, c.type])).toEqual([["Name", "string"], ["Created At", "date"]]);
    expect(causesOf(roles, role)).toEqual([]);
    expect(schemaCausesOf(roles, role)).toEqual([]);
  });

  it("writes rules: null for an aggregated ClusterRole and validates its selectors", () => {
    const agg = created(clusterroles, { metadata: { name: "agg" }, aggregationRule: { clusterRoleSelectors: [{ matchLabels: { "rbac.example.com/aggregate-to-edit": "true" } }] } });
    expect(agg.rules).toBeNull();
    expect(causesOf(clusterroles, agg)).toEqual([]);
    expect(causesOf(clusterroles, { ...agg, aggregationRule: {} })).toEqual([
      "aggregationRule.clusterRoleSelectors: Required value: at least one clusterRoleSelector required if aggregationRule is non-nil",
    ]);
  });

  it("validates policy rules with kube's messages", () => {
    const role = created(roles, { metadata: { name: "r" }, rules: [{ apiGroups: [""] }, { verbs: ["get"], nonResourceURLs: ["/healthz"] }] });
    expect(causesOf(roles, role)).toEqual([
      "rules[0].verbs: Required value: verbs must contain at least one value",
      "rules[0].resources: Required value: resource rules must supply at least one resource",
      'rules[1].nonResourceURLs: Invalid value: []string{"/healthz"}: namespaced rules cannot apply to non-resource URLs',
    ]);
  });

  it("prints bindings with the subjects in -o wide", () => {
    const rb = created(rolebindings, {
      metadata: { name: "rb2" },
      subjects: [
        { kind: "User", apiGroup: "rbac.authorization.k8s.io", name: "u" },
        { kind: "User", apiGroup: "rbac.authorization.k8s.io", name: "v" },
        { kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: "g" },
        { kind: "ServiceAccount", name: "sa", namespace: "default" },
      ],
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cr" },
    });
    expect(cells(rolebindings, rb)).toEqual({ Name: "rb2", Role: "ClusterRole/cr", Age: "60s", Users: "u, v", Groups: "g", ServiceAccounts: "default/sa" });
    expect(causesOf(rolebindings, rb)).toEqual([]);
  });

  it("never lets roleRef change", () => {
    const old = created(clusterrolebindings, { metadata: { name: "crb" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" } });
    const next = { ...old, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "edit" } };
    expect(causesOf(clusterrolebindings, next, old)).toEqual([
      'roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"edit"}: cannot change roleRef',
    ]);
  });

  it("needs a namespace for ServiceAccount subjects of ClusterRoleBindings, and only ClusterRoles", () => {
    const crb = created(clusterrolebindings, {
      metadata: { name: "crb" },
      subjects: [{ kind: "ServiceAccount", name: "sa" }],
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "r" },
    });
    expect(causesOf(clusterrolebindings, crb)).toEqual([
      'roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"',
      "subjects[0].namespace: Required value",
    ]);
  });
});
