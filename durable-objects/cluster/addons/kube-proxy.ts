// kube-proxy as kubeadm installs it: its ConfigMap (the KubeProxyConfiguration and an in-cluster
// kubeconfig), ServiceAccount, the binding of `system:node-proxier` to it, and the DaemonSet that runs
// one proxy per node on the host network, the control-plane node included (it tolerates every taint).
import type { JsonObject } from "../apiserver/registry/types";
import { POD_NETWORK } from "../network/ipam";
import { API_SERVER_ADDRESS } from "../network/service-ranges";
import type { Addon } from "./types";

const NS = "kube-system";
const LABELS = { "k8s-app": "kube-proxy" };

/** The KubeProxyConfiguration kubeadm writes (the fields it sets; kube-proxy defaults the rest). */
const CONFIG = `apiVersion: kubeproxy.config.k8s.io/v1alpha1
bindAddress: 0.0.0.0
clientConnection:
  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf
clusterCIDR: ${POD_NETWORK}
conntrack:
  maxPerCore: 0
healthzBindAddress: ""
iptables:
  masqueradeAll: false
kind: KubeProxyConfiguration
metricsBindAddress: ""
mode: iptables
`;

const KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
    server: https://${API_SERVER_ADDRESS}:6443
  name: default
contexts:
- context:
    cluster: default
    namespace: default
    user: default
  name: default
current-context: default
users:
- name: default
  user:
    tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token
`;

function daemonSet(kubernetesVersion: string): JsonObject {
  return {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { name: "kube-proxy", namespace: NS, labels: LABELS },
    spec: {
      selector: { matchLabels: LABELS },
      updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
      template: {
        metadata: { labels: LABELS },
        spec: {
          containers: [
            {
              name: "kube-proxy",
              image: `registry.k8s.io/kube-proxy:${kubernetesVersion}`,
              imagePullPolicy: "IfNotPresent",
              command: ["/usr/local/bin/kube-proxy", "--config=/var/lib/kube-proxy/config.conf", "--hostname-override=$(NODE_NAME)"],
              env: [{ name: "NODE_NAME", valueFrom: { fieldRef: { apiVersion: "v1", fieldPath: "spec.nodeName" } } }],
              securityContext: { privileged: true },
              volumeMounts: [
                { name: "kube-proxy", mountPath: "/var/lib/kube-proxy" },
                { name: "xtables-lock", mountPath: "/run/xtables.lock" },
                { name: "lib-modules", mountPath: "/lib/modules", readOnly: true },
              ],
            },
          ],
          hostNetwork: true,
          nodeSelector: { "kubernetes.io/os": "linux" },
          priorityClassName: "system-node-critical",
          serviceAccountName: "kube-proxy",
          tolerations: [{ operator: "Exists" }],
          volumes: [
            { name: "kube-proxy", configMap: { name: "kube-proxy" } },
            { name: "xtables-lock", hostPath: { path: "/run/xtables.lock", type: "FileOrCreate" } },
            { name: "lib-modules", hostPath: { path: "/lib/modules" } },
          ],
        },
      },
    },
  };
}

export const kubeProxy: Addon = {
  name: "kube-proxy",
  objects: (kubernetesVersion) => [
    { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "kube-proxy", namespace: NS, labels: { app: "kube-proxy" } }, data: { "config.conf": CONFIG, "kubeconfig.conf": KUBECONFIG } },
    { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "kube-proxy", namespace: NS } },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: "kubeadm:node-proxier" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "system:node-proxier" },
      subjects: [{ kind: "ServiceAccount", name: "kube-proxy", namespace: NS }],
    },
    daemonSet(kubernetesVersion),
  ],
};
