// The cluster's authorizer chain, as kube-apiserver builds it with --authorization-mode=RBAC:
// members of system:masters are allowed everything (the privileged-groups authorizer), then RBAC
// (plugin/pkg/auth/authorizer/rbac/rbac.go). Nothing denies outright; "no opinion" is a denial.
import type { UserInfo } from "../../apiserver/context";
import { ruleAllows } from "./evaluation-helpers";
import { RuleResolver } from "./rule-resolver";
import type { Attributes, Decision, PolicyRule, RbacObjects } from "./types";

export const SYSTEM_MASTERS = "system:masters";

export interface AuthorizerDecision {
  decision: Decision;
  reason: string;
}

export interface ResourceRuleInfo {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  resourceNames?: string[];
}

export interface NonResourceRuleInfo {
  verbs: string[];
  nonResourceURLs: string[];
}

export interface UserRules {
  resourceRules: ResourceRuleInfo[];
  nonResourceRules: NonResourceRuleInfo[];
  incomplete: boolean;
  evaluationError?: string;
}

/** utilerrors.NewAggregate(errs).Error(): one message, or "[a, b]". */
export function aggregate(errors: Error[]): string {
  return errors.length === 1 ? errors[0]!.message : `[${errors.map((e) => e.message).join(", ")}]`;
}

export class RbacAuthorizer {
  readonly resolver: RuleResolver;

  constructor(objects: RbacObjects) {
    this.resolver = new RuleResolver(objects);
  }

  authorize(a: Attributes): AuthorizerDecision {
    if (a.user.groups.includes(SYSTEM_MASTERS)) return { decision: "allow", reason: "" };
    let reason = "";
    const errors: Error[] = [];
    let allowed = false;
    this.resolver.visitRulesFor(a.user, a.namespace, (source, rule, err) => {
      if (rule && ruleAllows(a, rule)) {
        allowed = true;
        reason = `RBAC: allowed by ${String(source)}`;
        return false;
      }
      if (err) errors.push(err);
      return true;
    });
    if (allowed) return { decision: "allow", reason };
    return { decision: "no-opinion", reason: errors.length > 0 ? `RBAC: ${aggregate(errors)}` : "" };
  }

  /** What SelfSubjectRulesReview reports: the privileged groups' rules, then RBAC's. */
  rulesFor(user: UserInfo, namespace: string): UserRules {
    const out: UserRules = { resourceRules: [], nonResourceRules: [], incomplete: false };
    if (user.groups.includes(SYSTEM_MASTERS)) {
      out.resourceRules.push({ verbs: ["*"], apiGroups: ["*"], resources: ["*"] });
      out.nonResourceRules.push({ verbs: ["*"], nonResourceURLs: ["*"] });
    }
    const { rules, errors } = this.resolver.rulesFor(user, namespace);
    for (const r of rules) {
      if ((r.resources ?? []).length > 0) {
        const info: ResourceRuleInfo = { verbs: r.verbs, apiGroups: r.apiGroups ?? [], resources: r.resources ?? [] };
        if ((r.resourceNames ?? []).length > 0) info.resourceNames = r.resourceNames!;
        out.resourceRules.push(info);
      }
      if ((r.nonResourceURLs ?? []).length > 0) out.nonResourceRules.push({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs! });
    }
    if (errors.length > 0) {
      out.incomplete = true;
      out.evaluationError = aggregate(errors);
    }
    return out;
  }

  /** The rules a user holds in a namespace (ConfirmNoEscalation's owner rules). */
  rulesHeld(user: UserInfo, namespace: string): { rules: PolicyRule[]; errors: Error[] } {
    return this.resolver.rulesFor(user, namespace);
  }
}
