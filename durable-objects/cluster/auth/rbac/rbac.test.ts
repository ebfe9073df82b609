import { describe, expect, it } from "vitest";
import { RbacAuthorizer } from "./authorizer";
import { confirmNoEscalation } from "./escalation";
import { ruleAllows } from "./evaluation-helpers";
import { forbidden } from "./forbidden";
import { compactRules, compactString, covers } from "./policy-comparator";
import { nonResourceAttributes, resourceAttributes, type PolicyRule, type RbacObjects } from "./types";

const user = { username: "system:serviceaccount:default:reader", groups: ["system:serviceaccounts", "system:serviceaccounts:default", "system:authenticated"] };
const res = (verb: string, resource: string, extra: { group?: string; sub?: string; name?: string; ns?: string } = {}) =>
  resourceAttributes(user, { verb, resource, apiGroup: extra.group ?? "", subresource: extra.sub ?? "", name: extra.name ?? "", namespace: extra.ns ?? "default" });

describe("RuleAllows", () => {
  const cases: [string, PolicyRule, ReturnType<typeof res>, boolean][] = [
    ["exact", { verbs: ["get"], apiGroups: [""], resources: ["pods"] }, res("get", "pods"), true],
    ["other verb", { verbs: ["get"], apiGroups: [""], resources: ["pods"] }, res("list", "pods"), false],
    ["verb *", { verbs: ["*"], apiGroups: [""], resources: ["pods"] }, res("deletecollection", "pods"), true],
    ["other group", { verbs: ["get"], apiGroups: [""], resources: ["deployments"] }, res("get", "deployments", { group: "apps" }), false],
    ["group *", { verbs: ["get"], apiGroups: ["*"], resources: ["deployments"] }, res("get", "deployments", { group: "apps" }), true],
    ["resource * covers subresources", { verbs: ["get"], apiGroups: [""], resources: ["*"] }, res("get", "pods", { sub: "log" }), true],
    ["resource alone does not cover its subresource", { verbs: ["get"], apiGroups: [""], resources: ["pods"] }, res("get", "pods", { sub: "log" }), false],
    ["pods/log", { verbs: ["get"], apiGroups: [""], resources: ["pods/log"] }, res("get", "pods", { sub: "log" }), true],
    ["*/scale", { verbs: ["patch"], apiGroups: ["apps"], resources: ["*/scale"] }, res("patch", "deployments", { group: "apps", sub: "scale" }), true],
    ["*/scale is not */status", { verbs: ["patch"], apiGroups: ["apps"], resources: ["*/scale"] }, res("patch", "deployments", { group: "apps", sub: "status" }), false],
    ["resourceNames match", { verbs: ["get"], apiGroups: [""], resources: ["pods"], resourceNames: ["a"] }, res("get", "pods", { name: "a" }), true],
    ["resourceNames miss", { verbs: ["get"], apiGroups: [""], resources: ["pods"], resourceNames: ["a"] }, res("get", "pods", { name: "b" }), false],
    ["resourceNames never match a list", { verbs: ["list"], apiGroups: [""], resources: ["pods"], resourceNames: ["a"] }, res("list", "pods"), false],
  ];
  it.each(cases)("%s", (_name, rule, attrs, allowed) => expect(ruleAllows(attrs, rule)).toBe(allowed));

  it("matches non-resource URLs exactly, by trailing * and by *", () => {
    const get = (path: string) => nonResourceAttributes(user, "get", path);
    expect(ruleAllows(get("/version"), { verbs: ["get"], nonResourceURLs: ["/version"] })).toBe(true);
    expect(ruleAllows(get("/apis/apps/v1"), { verbs: ["get"], nonResourceURLs: ["/apis/*"] })).toBe(true);
    expect(ruleAllows(get("/apis"), { verbs: ["get"], nonResourceURLs: ["/apis/*"] })).toBe(false);
    expect(ruleAllows(get("/metrics"), { verbs: ["*"], nonResourceURLs: ["*"] })).toBe(true);
    expect(ruleAllows(nonResourceAttributes(user, "post", "/version"), { verbs: ["get"], nonResourceURLs: ["/version"] })).toBe(false);
    // A resource rule never grants a path.
    expect(ruleAllows(get("/version"), { verbs: ["*"], apiGroups: ["*"], resources: ["*"] })).toBe(false);
  });
});

const meta = (name: string, namespace?: string) => ({ name, ...(namespace ? { namespace } : {}) });
function objects(o: { crbs?: object[]; rbs?: object[]; crs?: object[]; roles?: object[] }): RbacObjects {
  const all = (l: object[] | undefined) => (l ?? []) as Record<string, any>[];
  return {
    clusterRoleBindings: () => all(o.crbs),
    roleBindings: (ns) => all(o.rbs).filter((b) => b.metadata.namespace === ns),
    clusterRole: (name) => all(o.crs).find((r) => r.metadata.name === name),
    role: (ns, name) => all(o.roles).find((r) => r.metadata.name === name && r.metadata.namespace === ns),
  };
}
const podReader = { metadata: meta("pod-reader", "default"), rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get", "list", "watch"] }] };
const readerBinding = {
  metadata: meta("read-pods", "default"),
  roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "pod-reader" },
  subjects: [{ kind: "ServiceAccount", name: "reader" }],
};

describe("RbacAuthorizer", () => {
  const authz = new RbacAuthorizer(
    objects({
      roles: [podReader],
      rbs: [readerBinding],
      crs: [{ metadata: meta("node-reader"), rules: [{ apiGroups: [""], resources: ["nodes"], verbs: ["get"] }] }],
      crbs: [{ metadata: meta("nodes"), roleRef: { kind: "ClusterRole", name: "node-reader" }, subjects: [{ kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: "system:serviceaccounts:default" }] }],
    }),
  );

  it("allows through a RoleBinding's service account subject (defaulting to the binding's namespace)", () => {
    expect(authz.authorize(res("list", "pods"))).toEqual({ decision: "allow", reason: 'RBAC: allowed by RoleBinding "read-pods/default" of Role "pod-reader" to ServiceAccount "reader/default"' });
    expect(authz.authorize(res("list", "pods", { ns: "kube-system" })).decision).toBe("no-opinion");
    expect(authz.authorize(res("delete", "pods", { name: "x" })).decision).toBe("no-opinion");
  });

  it("allows through a ClusterRoleBinding's group subject", () => {
    expect(authz.authorize(res("get", "nodes", { ns: "" })).reason).toBe('RBAC: allowed by ClusterRoleBinding "nodes" of ClusterRole "node-reader" to Group "system:serviceaccounts:default"');
  });

  it("says which role is missing when it denies", () => {
    const broken = new RbacAuthorizer(objects({ rbs: [{ ...readerBinding, roleRef: { ...readerBinding.roleRef, name: "gone" } }] }));
    expect(broken.authorize(res("list", "pods"))).toEqual({ decision: "no-opinion", reason: 'RBAC: role.rbac.authorization.k8s.io "gone" not found' });
  });

  it("allows system:masters everything", () => {
    const admin = { username: "u", groups: ["system:masters"] };
    expect(new RbacAuthorizer(objects({})).authorize(resourceAttributes(admin, { verb: "delete", resource: "nodes" })).decision).toBe("allow");
  });

  it("lists the rules a user holds (SelfSubjectRulesReview)", () => {
    expect(authz.rulesFor(user, "default")).toEqual({
      resourceRules: [
        { verbs: ["get"], apiGroups: [""], resources: ["nodes"] },
        { verbs: ["get", "list", "watch"], apiGroups: [""], resources: ["pods"] },
      ],
      nonResourceRules: [],
      incomplete: false,
    });
  });
});

describe("forbidden messages", () => {
  it("words denials as kube-apiserver does", () => {
    expect(forbidden(res("list", "pods"), "").status.message).toBe('pods is forbidden: User "system:serviceaccount:default:reader" cannot list resource "pods" in API group "" in the namespace "default"');
    const log = forbidden(res("get", "pods", { sub: "log", name: "x" }), "");
    expect(log.status.message).toBe('pods "x" is forbidden: User "system:serviceaccount:default:reader" cannot get resource "pods/log" in API group "" in the namespace "default"');
    expect(log.status.details).toEqual({ name: "x", kind: "pods" });
    const deploy = forbidden(res("list", "deployments", { group: "apps", ns: "" }), "");
    expect(deploy.status.message).toBe('deployments.apps is forbidden: User "system:serviceaccount:default:reader" cannot list resource "deployments" in API group "apps" at the cluster scope');
    expect(deploy.status.details).toEqual({ group: "apps", kind: "deployments" });
    expect(forbidden(nonResourceAttributes(user, "get", "/metrics"), "").status.message).toBe('forbidden: User "system:serviceaccount:default:reader" cannot get path "/metrics"');
  });
});

describe("escalation", () => {
  it("covers rules by breakdown, with */subresource and URL prefixes", () => {
    expect(covers([{ verbs: ["*"], apiGroups: ["*"], resources: ["*"] }], [{ verbs: ["get"], apiGroups: ["apps"], resources: ["deployments/scale"] }]).covered).toBe(true);
    expect(covers([{ verbs: ["get"], apiGroups: [""], resources: ["*/log"] }], [{ verbs: ["get"], apiGroups: [""], resources: ["pods/log"] }]).covered).toBe(true);
    expect(covers([{ verbs: ["get"], nonResourceURLs: ["/apis/*"] }], [{ verbs: ["get"], nonResourceURLs: ["/apis/apps"] }]).covered).toBe(true);
    const { covered, missing } = covers([{ verbs: ["get"], apiGroups: [""], resources: ["pods"] }], [{ verbs: ["get", "list"], apiGroups: [""], resources: ["pods", "secrets"] }]);
    expect(covered).toBe(false);
    expect(compactRules(missing).map(compactString).sort()).toEqual(['{APIGroups:[""], Resources:["pods"], Verbs:["list"]}', '{APIGroups:[""], Resources:["secrets"], Verbs:["get" "list"]}']);
  });

  it("names the permissions not held", () => {
    const authz = new RbacAuthorizer(objects({ roles: [podReader], rbs: [readerBinding] }));
    expect(confirmNoEscalation(authz, user, "default", [{ verbs: ["get"], apiGroups: [""], resources: ["pods"] }])).toBeNull();
    expect(confirmNoEscalation(authz, user, "default", [{ verbs: ["get"], apiGroups: [""], resources: ["secrets"] }])).toBe(
      'user "system:serviceaccount:default:reader" (groups=["system:serviceaccounts" "system:serviceaccounts:default" "system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["secrets"], Verbs:["get"]}',
    );
  });
});
