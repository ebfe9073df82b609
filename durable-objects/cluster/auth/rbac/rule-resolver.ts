// Which rules apply to a user in a namespace: DefaultRuleResolver from
// pkg/registry/rbac/validation/rule.go. ClusterRoleBindings first, then the namespace's RoleBindings;
// a visitor sees each rule with where it came from and may stop the walk.
import type { UserInfo } from "../../apiserver/context";
import type { PolicyRule, RbacObjects, RoleRef, Subject } from "./types";

export const RBAC_GROUP = "rbac.authorization.k8s.io";

/** Where a rule came from, worded as kube's binding describers word it (reasons of allowed requests). */
export type RuleSource = { toString(): string };

export type RuleVisitor = (source: RuleSource | null, rule: PolicyRule | null, err: Error | null) => boolean;

/** The errors a missing role gives (its lister's NotFound, singular resource as kube words it). */
export class RoleNotFound extends Error {
  constructor(readonly resource: "role" | "clusterrole", readonly roleName: string) {
    super(`${resource}.${RBAC_GROUP} "${roleName}" not found`);
  }
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

export function policyRules(v: unknown): PolicyRule[] {
  if (!Array.isArray(v)) return [];
  return v.map((r: Record<string, unknown>) => {
    const rule: PolicyRule = { verbs: strings(r.verbs) };
    for (const k of ["apiGroups", "resources", "resourceNames", "nonResourceURLs"] as const) if (Array.isArray(r[k])) rule[k] = strings(r[k]);
    return rule;
  });
}

function subjects(binding: Record<string, unknown>): Subject[] {
  return Array.isArray(binding.subjects) ? (binding.subjects as Subject[]) : [];
}

function roleRefOf(binding: Record<string, unknown>): RoleRef {
  const r = (binding.roleRef ?? {}) as Partial<RoleRef>;
  return { apiGroup: r.apiGroup ?? "", kind: r.kind ?? "", name: r.name ?? "" };
}

const metaOf = (o: Record<string, unknown>) => (o.metadata ?? {}) as { name?: string; namespace?: string };

export function appliesToUser(user: UserInfo, s: Subject, namespace: string): boolean {
  switch (s.kind) {
    case "User":
      return user.username === s.name;
    case "Group":
      return user.groups.includes(s.name);
    case "ServiceAccount": {
      // A RoleBinding's service account subject defaults to the binding's namespace.
      const ns = s.namespace || namespace;
      return ns !== "" && user.username === `system:serviceaccount:${ns}:${s.name}`;
    }
    default:
      return false;
  }
}

function describeSubject(s: Subject, bindingNamespace: string): string {
  if (s.kind === "ServiceAccount") return `${s.kind} ${JSON.stringify(`${s.name}/${s.namespace || bindingNamespace}`)}`;
  return `${s.kind} ${JSON.stringify(s.name)}`;
}

export class RuleResolver {
  constructor(private readonly objects: RbacObjects) {}

  /** The rules a role reference grants (a RoleBinding may reference a Role of its own namespace or a ClusterRole). */
  getRoleReferenceRules(ref: RoleRef, namespace: string): PolicyRule[] {
    if (ref.kind === "Role") {
      const role = this.objects.role(namespace, ref.name);
      if (!role) throw new RoleNotFound("role", ref.name);
      return policyRules(role.rules);
    }
    if (ref.kind === "ClusterRole") {
      const role = this.objects.clusterRole(ref.name);
      if (!role) throw new RoleNotFound("clusterrole", ref.name);
      return policyRules(role.rules);
    }
    throw new Error(`unsupported role reference kind: ${JSON.stringify(ref.kind)}`);
  }

  visitRulesFor(user: UserInfo, namespace: string, visit: RuleVisitor): void {
    for (const b of this.objects.clusterRoleBindings()) {
      const subject = subjects(b).find((s) => appliesToUser(user, s, ""));
      if (!subject) continue;
      const ref = roleRefOf(b);
      let rules: PolicyRule[];
      try {
        rules = this.getRoleReferenceRules(ref, "");
      } catch (err) {
        if (!visit(null, null, err as Error)) return;
        continue;
      }
      const source = { toString: () => `ClusterRoleBinding ${JSON.stringify(metaOf(b).name ?? "")} of ${ref.kind} ${JSON.stringify(ref.name)} to ${describeSubject(subject, "")}` };
      for (const rule of rules) if (!visit(source, rule, null)) return;
    }
    if (!namespace) return;
    for (const b of this.objects.roleBindings(namespace)) {
      const subject = subjects(b).find((s) => appliesToUser(user, s, namespace));
      if (!subject) continue;
      const ref = roleRefOf(b);
      let rules: PolicyRule[];
      try {
        rules = this.getRoleReferenceRules(ref, namespace);
      } catch (err) {
        if (!visit(null, null, err as Error)) return;
        continue;
      }
      const name = `${metaOf(b).name ?? ""}/${namespace}`;
      const source = { toString: () => `RoleBinding ${JSON.stringify(name)} of ${ref.kind} ${JSON.stringify(ref.name)} to ${describeSubject(subject, namespace)}` };
      for (const rule of rules) if (!visit(source, rule, null)) return;
    }
  }

  /** Every rule that applies, and the errors met on the way (the list is then incomplete). */
  rulesFor(user: UserInfo, namespace: string): { rules: PolicyRule[]; errors: Error[] } {
    const rules: PolicyRule[] = [];
    const errors: Error[] = [];
    this.visitRulesFor(user, namespace, (_s, rule, err) => {
      if (rule) rules.push(rule);
      if (err) errors.push(err);
      return true;
    });
    return { rules, errors };
  }
}
