// RBAC end to end through the edge Worker: a service account's token is authorized by its
// bindings, tenants act as system:masters, impersonation, access reviews, escalation checks and
// the bootstrap policy with its aggregated roles.
import { runDurableObjectAlarm } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { clusterClient, clusterStub, newCluster, type ClusterClient } from "../../../../worker/test-helpers";

const RBAC = "/apis/rbac.authorization.k8s.io/v1";
const READER = "system:serviceaccount:default:reader";
const READER_GROUPS = '["system:serviceaccounts" "system:serviceaccounts:default" "system:authenticated"]';

async function tokenFor(w: ClusterClient, sa: string): Promise<string> {
  const issued = await w.send("POST", `/api/v1/namespaces/default/serviceaccounts/${sa}/token`, { apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest", spec: {} });
  expect(issued.status, JSON.stringify(issued.body)).toBe(201);
  return issued.body.status.token;
}

function expectForbidden(res: { status: number; body: any }, message: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(403);
  expect(res.body).toMatchObject({ kind: "Status", status: "Failure", reason: "Forbidden", code: 403, message });
}

describe("RBAC authorization", () => {
  let admin: ClusterClient;
  let reader: ClusterClient;

  beforeAll(async () => {
    admin = await newCluster();
    for (const [path, body] of [
      ["/api/v1/namespaces/default/serviceaccounts", { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "reader" } }],
      [`${RBAC}/namespaces/default/roles`, { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: { name: "pod-reader" }, rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get", "list", "watch"] }] }],
      [
        `${RBAC}/namespaces/default/rolebindings`,
        {
          apiVersion: "rbac.authorization.k8s.io/v1",
          kind: "RoleBinding",
          metadata: { name: "read-pods" },
          roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "pod-reader" },
          subjects: [{ kind: "ServiceAccount", name: "reader", namespace: "default" }],
        },
      ],
    ] as const) {
      const res = await admin.send("POST", path, body);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    reader = clusterClient(admin.clusterId, await tokenFor(admin, "reader"));
  });

  it("allows what the bindings grant and forbids the rest, worded as kube-apiserver", async () => {
    expect((await reader.json("/api/v1/namespaces/default/pods")).status).toBe(200);
    expectForbidden(await reader.send("DELETE", "/api/v1/namespaces/default/pods/x"), `pods "x" is forbidden: User "${READER}" cannot delete resource "pods" in API group "" in the namespace "default"`);
    expectForbidden(await reader.json("/api/v1/namespaces/default/secrets"), `secrets is forbidden: User "${READER}" cannot list resource "secrets" in API group "" in the namespace "default"`);
    expectForbidden(await reader.json("/api/v1/namespaces/kube-system/pods"), `pods is forbidden: User "${READER}" cannot list resource "pods" in API group "" in the namespace "kube-system"`);
    expectForbidden(await reader.json("/api/v1/nodes"), `nodes is forbidden: User "${READER}" cannot list resource "nodes" in API group "" at the cluster scope`);
    const log = await reader.json("/api/v1/namespaces/default/pods/x/log");
    expectForbidden(log, `pods "x" is forbidden: User "${READER}" cannot get resource "pods/log" in API group "" in the namespace "default"`);
    expect(log.body.details).toEqual({ name: "x", kind: "pods" });
    const deploy = await reader.json("/apis/apps/v1/namespaces/default/deployments");
    expectForbidden(deploy, `deployments.apps is forbidden: User "${READER}" cannot list resource "deployments" in API group "apps" in the namespace "default"`);
    expect(deploy.body.details).toEqual({ group: "apps", kind: "deployments" });
    expectForbidden(await reader.json("/metrics"), `forbidden: User "${READER}" cannot get path "/metrics"`);
  });

  it("lets every authenticated user discover the API, read /version and the OpenAPI, and learn about itself", async () => {
    for (const path of ["/api", "/apis", "/api/v1", "/apis/apps/v1", "/version", "/healthz", "/openapi/v3"]) {
      expect((await reader.fetch(path)).status, path).toBe(200);
    }
    const ssar = await reader.send("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", {
      apiVersion: "authorization.k8s.io/v1",
      kind: "SelfSubjectAccessReview",
      spec: { resourceAttributes: { namespace: "default", verb: "list", resource: "pods" } },
    });
    expect(ssar.status).toBe(201);
    expect(ssar.body.status).toEqual({ allowed: true, reason: 'RBAC: allowed by RoleBinding "read-pods/default" of Role "pod-reader" to ServiceAccount "reader/default"' });
    const denied = await reader.send("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", {
      apiVersion: "authorization.k8s.io/v1",
      kind: "SelfSubjectAccessReview",
      spec: { resourceAttributes: { namespace: "default", verb: "delete", resource: "pods" } },
    });
    expect(denied.body.status).toEqual({ allowed: false });
    const rules = await reader.send("POST", "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews", { apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectRulesReview", spec: { namespace: "default" } });
    expect(rules.body.status.resourceRules).toContainEqual({ verbs: ["get", "list", "watch"], apiGroups: [""], resources: ["pods"] });
    expect(rules.body.status.nonResourceRules).toContainEqual({ verbs: ["get"], nonResourceURLs: ["/healthz", "/livez", "/readyz", "/version", "/version/"] });
    expect(rules.body.status.incomplete).toBe(false);
  });

  it("answers SubjectAccessReviews about other users", async () => {
    const sar = (spec: object) => admin.send("POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews", { apiVersion: "authorization.k8s.io/v1", kind: "SubjectAccessReview", spec });
    expect((await sar({ user: READER, groups: ["system:serviceaccounts"], resourceAttributes: { namespace: "default", verb: "watch", resource: "pods" } })).body.status.allowed).toBe(true);
    expect((await sar({ user: READER, resourceAttributes: { namespace: "default", verb: "get", resource: "secrets" } })).body.status.allowed).toBe(false);
    expect((await sar({ user: "nobody", groups: ["system:masters"], nonResourceAttributes: { verb: "get", path: "/metrics" } })).body.status.allowed).toBe(true);
    expect((await sar({ resourceAttributes: { verb: "get", resource: "pods" } })).status).toBe(422);
  });

  it("authorizes watches", async () => {
    const res = await reader.fetch("/api/v1/namespaces/kube-system/pods?watch=true");
    expect(res.status).toBe(403);
    expect(((await res.json()) as any).message).toBe(`pods is forbidden: User "${READER}" cannot watch resource "pods" in API group "" in the namespace "kube-system"`);
    const ok = await reader.fetch("/api/v1/namespaces/default/pods?watch=true");
    expect(ok.status).toBe(200);
    await ok.body?.cancel();
  });

  it("impersonates users, groups and service accounts, for those allowed to", async () => {
    const asReader = await admin.json("/api/v1/namespaces/default/secrets", { headers: { "Impersonate-User": READER } });
    expectForbidden(asReader, `secrets is forbidden: User "${READER}" cannot list resource "secrets" in API group "" in the namespace "default"`);
    expect((await admin.json("/api/v1/namespaces/default/pods", { headers: { "Impersonate-User": READER } })).status).toBe(200);
    const who = await admin.send("POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews", { apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" }, { "Impersonate-User": "jane", "Impersonate-Group": "devs, ops", "Impersonate-Uid": "u-1" });
    expect(who.body.status.userInfo).toEqual({ username: "jane", uid: "u-1", groups: ["devs", "ops", "system:authenticated"] });
    const sa = await admin.send("POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews", { apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" }, { "Impersonate-User": READER });
    expect(sa.body.status.userInfo.groups).toEqual(["system:serviceaccounts", "system:serviceaccounts:default", "system:authenticated"]);
    expectForbidden(await reader.json("/api/v1/namespaces/default/pods", { headers: { "Impersonate-User": "jane" } }), `users "jane" is forbidden: User "${READER}" cannot impersonate resource "users" in API group "" at the cluster scope`);
    expect((await admin.json("/api/v1/namespaces", { headers: { "Impersonate-Group": "devs" } })).status).toBe(500);
  });

  it("refuses RBAC writes that grant more than the writer holds, unless it may escalate or bind", async () => {
    // The reader may now create roles and rolebindings in default, but holds nothing else.
    await admin.send("POST", `${RBAC}/namespaces/default/roles`, {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: { name: "role-writer" },
      rules: [{ apiGroups: ["rbac.authorization.k8s.io"], resources: ["roles", "rolebindings"], verbs: ["create", "patch", "update", "get"] }],
    });
    await admin.send("POST", `${RBAC}/namespaces/default/rolebindings`, {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name: "role-writer" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "role-writer" },
      subjects: [{ kind: "ServiceAccount", name: "reader", namespace: "default" }],
    });
    const role = (name: string, resources: string[]) => ({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: { name }, rules: [{ apiGroups: [""], resources, verbs: ["get"] }] });
    const refused = await reader.send("POST", `${RBAC}/namespaces/default/roles`, role("secret-reader", ["secrets"]));
    expectForbidden(
      refused,
      `roles.rbac.authorization.k8s.io "secret-reader" is forbidden: user "${READER}" (groups=${READER_GROUPS}) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["secrets"], Verbs:["get"]}`,
    );
    expect(refused.body.details).toEqual({ name: "secret-reader", group: "rbac.authorization.k8s.io", kind: "roles" });
    expect((await admin.json(`${RBAC}/namespaces/default/roles/secret-reader`)).status).toBe(404);
    // What it holds it may grant; a patch that adds more is refused and leaves the role as it was.
    expect((await reader.send("POST", `${RBAC}/namespaces/default/roles`, role("pods-too", ["pods"]))).status).toBe(201);
    const patch = await reader.fetch(`${RBAC}/namespaces/default/roles/pods-too`, {
      method: "PATCH",
      headers: { "Content-Type": "application/merge-patch+json" },
      body: JSON.stringify({ rules: [{ apiGroups: [""], resources: ["pods", "secrets"], verbs: ["get"] }] }),
    });
    expect(patch.status).toBe(403);
    expect((await admin.json(`${RBAC}/namespaces/default/roles/pods-too`)).body.rules[0].resources).toEqual(["pods"]);
    // Binding a role it does not hold is refused; with `bind` on that role it is allowed.
    const binding = { apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", metadata: { name: "edit-me" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "edit" }, subjects: [{ kind: "User", apiGroup: "rbac.authorization.k8s.io", name: "me" }] };
    const bind = await reader.send("POST", `${RBAC}/namespaces/default/rolebindings`, binding);
    expect(bind.status).toBe(403);
    expect(bind.body.message).toMatch(/^rolebindings\.rbac\.authorization\.k8s\.io "edit-me" is forbidden: user ".*" \(groups=.*\) is attempting to grant RBAC permissions not currently held:\n/);
    await admin.send("POST", `${RBAC}/namespaces/default/roles`, { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: { name: "binder" }, rules: [{ apiGroups: ["rbac.authorization.k8s.io"], resources: ["clusterroles"], verbs: ["bind"], resourceNames: ["edit"] }] });
    await admin.send("POST", `${RBAC}/namespaces/default/rolebindings`, { apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", metadata: { name: "binder" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "binder" }, subjects: [{ kind: "ServiceAccount", name: "reader" }] });
    expect((await reader.send("POST", `${RBAC}/namespaces/default/rolebindings`, binding)).status).toBe(201);
  });
});

describe("bootstrap policy", () => {
  it("creates kube's default roles and bindings, and aggregates admin, edit and view", async () => {
    const w = await newCluster();
    const roles = (await w.json(`${RBAC}/clusterroles?labelSelector=kubernetes.io/bootstrapping=rbac-defaults`)).body.items.map((r: any) => r.metadata.name);
    expect(roles).toEqual(["admin", "cluster-admin", "edit", "system:aggregate-to-admin", "system:aggregate-to-edit", "system:aggregate-to-view", "system:auth-delegator", "system:basic-user", "system:discovery", "system:node-proxier", "system:public-info-viewer", "view"]);
    const bindings = (await w.json(`${RBAC}/clusterrolebindings`)).body.items.map((b: any) => [b.metadata.name, b.subjects.map((s: any) => s.name)]);
    // kube-apiserver's defaults, and the two kubeadm's add-ons bring (kube-proxy's and CoreDNS's).
    expect(bindings).toEqual([
      ["cluster-admin", ["system:masters"]],
      ["kubeadm:node-proxier", ["kube-proxy"]],
      ["system:basic-user", ["system:authenticated"]],
      ["system:coredns", ["coredns"]],
      ["system:discovery", ["system:authenticated"]],
      ["system:public-info-viewer", ["system:authenticated", "system:unauthenticated"]],
    ]);
    const admin = (await w.json(`${RBAC}/clusterroles/cluster-admin`)).body;
    expect(admin.metadata.annotations).toEqual({ "rbac.authorization.kubernetes.io/autoupdate": "true" });
    // The aggregation controller fills view, then edit, then admin: matching roles in name order.
    const rulesOf = async (name: string) => (await w.json(`${RBAC}/clusterroles/${name}`)).body.rules ?? [];
    for (let i = 0; i < 20 && (await rulesOf("admin")).length < 25; i++) await runDurableObjectAlarm(clusterStub(w.clusterId));
    const view = await rulesOf("view");
    const edit = await rulesOf("edit");
    const adminRules = await rulesOf("admin");
    expect(view).toEqual((await rulesOf("system:aggregate-to-view")));
    expect(edit).toEqual([...(await rulesOf("system:aggregate-to-edit")), ...view]);
    expect(adminRules).toEqual([...edit, ...(await rulesOf("system:aggregate-to-admin"))]);
  });
});
