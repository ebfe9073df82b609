// The default ClusterRoles and ClusterRoleBindings a new cluster starts with: the subset of
// plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go (kube 1.33) that users meet — the
// superuser, the user-facing admin/edit/view (aggregated from system:aggregate-to-*), and what
// every authenticated user may do (discovery, health, learning about themselves).
import type { PolicyRule } from "./types";

const READ = ["get", "list", "watch"];
const WRITE = ["create", "delete", "deletecollection", "patch", "update"];
const READ_WRITE = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

const BOOTSTRAP_LABEL = { "kubernetes.io/bootstrapping": "rbac-defaults" };
const AUTOUPDATE = { "rbac.authorization.kubernetes.io/autoupdate": "true" };
const AGGREGATE_TO = (role: string) => ({ [`rbac.authorization.k8s.io/aggregate-to-${role}`]: "true" });

const rule = (verbs: string[], apiGroups: string[], resources: string[]): PolicyRule => ({ apiGroups, resources, verbs });
const urls = (verbs: string[], nonResourceURLs: string[]): PolicyRule => ({ nonResourceURLs, verbs });

type Obj = Record<string, unknown>;

function clusterRole(name: string, rules: PolicyRule[] | null, opts: { labels?: Record<string, string>; aggregateFrom?: string } = {}): Obj {
  const role: Obj = {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRole",
    metadata: { name, labels: { ...BOOTSTRAP_LABEL, ...opts.labels }, annotations: { ...AUTOUPDATE } },
    rules,
  };
  if (opts.aggregateFrom) role.aggregationRule = { clusterRoleSelectors: [{ matchLabels: AGGREGATE_TO(opts.aggregateFrom) }] };
  return role;
}

function clusterRoleBinding(role: string, groups: string[]): Obj {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRoleBinding",
    metadata: { name: role, labels: { ...BOOTSTRAP_LABEL }, annotations: { ...AUTOUPDATE } },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role },
    subjects: groups.map((name) => ({ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name })),
  };
}

export function bootstrapClusterRoles(): Obj[] {
  return [
    clusterRole("admin", null, { aggregateFrom: "admin" }),
    clusterRole("cluster-admin", [rule(["*"], ["*"], ["*"]), urls(["*"], ["*"])]),
    clusterRole("edit", null, { aggregateFrom: "edit", labels: AGGREGATE_TO("admin") }),
    clusterRole(
      "system:aggregate-to-admin",
      [rule(["create"], ["authorization.k8s.io"], ["localsubjectaccessreviews"]), rule(READ_WRITE, ["rbac.authorization.k8s.io"], ["rolebindings", "roles"])],
      { labels: AGGREGATE_TO("admin") },
    ),
    clusterRole(
      "system:aggregate-to-edit",
      [
        rule(READ, [""], ["pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "secrets", "services/proxy"]),
        rule(["impersonate"], [""], ["serviceaccounts"]),
        rule(WRITE, [""], ["pods", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy"]),
        rule(["create"], [""], ["pods/eviction"]),
        rule(WRITE, [""], ["configmaps", "events", "persistentvolumeclaims", "replicationcontrollers", "replicationcontrollers/scale", "secrets", "serviceaccounts", "services", "services/proxy"]),
        rule(["create"], [""], ["serviceaccounts/token"]),
        rule(WRITE, ["apps"], ["daemonsets", "deployments", "deployments/rollback", "deployments/scale", "replicasets", "replicasets/scale", "statefulsets", "statefulsets/scale"]),
        rule(WRITE, ["autoscaling"], ["horizontalpodautoscalers"]),
        rule(WRITE, ["batch"], ["cronjobs", "jobs"]),
        rule(WRITE, ["extensions"], ["daemonsets", "deployments", "deployments/rollback", "deployments/scale", "ingresses", "networkpolicies", "replicasets", "replicasets/scale", "replicationcontrollers/scale"]),
        rule(WRITE, ["policy"], ["poddisruptionbudgets"]),
        rule(WRITE, ["networking.k8s.io"], ["ingresses", "networkpolicies"]),
        rule(READ_WRITE, ["coordination.k8s.io"], ["leases"]),
      ],
      { labels: AGGREGATE_TO("edit") },
    ),
    clusterRole(
      "system:aggregate-to-view",
      [
        rule(READ, [""], ["configmaps", "endpoints", "persistentvolumeclaims", "persistentvolumeclaims/status", "pods", "replicationcontrollers", "replicationcontrollers/scale", "serviceaccounts", "services", "services/status"]),
        rule(READ, [""], ["bindings", "events", "limitranges", "namespaces/status", "pods/log", "pods/status", "replicationcontrollers/status", "resourcequotas", "resourcequotas/status"]),
        rule(READ, [""], ["namespaces"]),
        rule(READ, ["discovery.k8s.io"], ["endpointslices"]),
        rule(READ, ["apps"], ["controllerrevisions", "daemonsets", "daemonsets/status", "deployments", "deployments/scale", "deployments/status", "replicasets", "replicasets/scale", "replicasets/status", "statefulsets", "statefulsets/scale", "statefulsets/status"]),
        rule(READ, ["autoscaling"], ["horizontalpodautoscalers", "horizontalpodautoscalers/status"]),
        rule(READ, ["batch"], ["cronjobs", "cronjobs/status", "jobs", "jobs/status"]),
        rule(READ, ["extensions"], ["daemonsets", "daemonsets/status", "deployments", "deployments/scale", "deployments/status", "ingresses", "ingresses/status", "networkpolicies", "replicasets", "replicasets/scale", "replicasets/status", "replicationcontrollers/scale"]),
        rule(READ, ["policy"], ["poddisruptionbudgets", "poddisruptionbudgets/status"]),
        rule(READ, ["networking.k8s.io"], ["ingresses", "ingresses/status", "networkpolicies"]),
      ],
      { labels: AGGREGATE_TO("view") },
    ),
    clusterRole("system:auth-delegator", [rule(["create"], ["authentication.k8s.io"], ["tokenreviews"]), rule(["create"], ["authorization.k8s.io"], ["subjectaccessreviews"])]),
    clusterRole("system:basic-user", [rule(["create"], ["authorization.k8s.io"], ["selfsubjectaccessreviews", "selfsubjectrulesreviews"]), rule(["create"], ["authentication.k8s.io"], ["selfsubjectreviews"])]),
    clusterRole("system:discovery", [urls(["get"], ["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/"])]),
    // kube-proxy's role (kubeadm binds it to the kube-proxy ServiceAccount).
    clusterRole("system:node-proxier", [
      rule(["list", "watch"], [""], ["services", "endpoints"]),
      rule(READ, [""], ["nodes"]),
      rule(["create", "patch", "update"], ["", "events.k8s.io"], ["events"]),
      rule(["list", "watch"], ["discovery.k8s.io"], ["endpointslices"]),
    ]),
    clusterRole("system:public-info-viewer", [urls(["get"], ["/healthz", "/livez", "/readyz", "/version", "/version/"])]),
    clusterRole("view", null, { aggregateFrom: "view", labels: AGGREGATE_TO("edit") }),
  ];
}

export function bootstrapClusterRoleBindings(): Obj[] {
  return [
    clusterRoleBinding("cluster-admin", ["system:masters"]),
    clusterRoleBinding("system:basic-user", ["system:authenticated"]),
    clusterRoleBinding("system:discovery", ["system:authenticated"]),
    clusterRoleBinding("system:public-info-viewer", ["system:authenticated", "system:unauthenticated"]),
  ];
}
