// CoreDNS as kubeadm installs it (kind's clusters have the same objects): the `coredns` ConfigMap with
// its Corefile, the ServiceAccount and its ClusterRole/Binding `system:coredns`, the Deployment of two
// replicas labelled `k8s-app: kube-dns`, and the `kube-dns` Service at the range's tenth address.
import type { JsonObject } from "../apiserver/registry/types";
import { DNS_SERVICE_IP } from "../network/service-ranges";
import type { Addon } from "./types";

export const COREDNS_IMAGE = "registry.k8s.io/coredns/coredns:v1.12.0";

/** kubeadm's Corefile for the cluster domain cluster.local. */
export const COREFILE = `.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30
    loop
    reload
    loadbalance
}
`;

/** What CoreDNS's reload plugin logs at start: the SHA-512 of the Corefile above (checked by a test). */
export const COREFILE_SHA512 = "ad35f5b8c9422d3bf6e81fd6959e355e3a22e74aa45cd82ce40827acbfa574c71b4c171e353ca4b7a7e9a2c5958e006000e3d669082b7f929fb1ec0203ad52f6";

const NS = "kube-system";
const LABELS = { "k8s-app": "kube-dns" };

const clusterRole: JsonObject = {
  apiVersion: "rbac.authorization.k8s.io/v1",
  kind: "ClusterRole",
  metadata: { name: "system:coredns" },
  rules: [
    { apiGroups: [""], resources: ["endpoints", "services", "pods", "namespaces"], verbs: ["list", "watch"] },
    { apiGroups: [""], resources: ["nodes"], verbs: ["get"] },
    { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: ["list", "watch"] },
  ],
};

const clusterRoleBinding: JsonObject = {
  apiVersion: "rbac.authorization.k8s.io/v1",
  kind: "ClusterRoleBinding",
  metadata: { name: "system:coredns" },
  roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "system:coredns" },
  subjects: [{ kind: "ServiceAccount", name: "coredns", namespace: NS }],
};

const deployment: JsonObject = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "coredns", namespace: NS, labels: LABELS },
  spec: {
    replicas: 2,
    selector: { matchLabels: LABELS },
    strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1 } },
    template: {
      metadata: { labels: LABELS },
      spec: {
        affinity: {
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: 100, podAffinityTerm: { labelSelector: { matchExpressions: [{ key: "k8s-app", operator: "In", values: ["kube-dns"] }] }, topologyKey: "kubernetes.io/hostname" } },
            ],
          },
        },
        containers: [
          {
            name: "coredns",
            image: COREDNS_IMAGE,
            imagePullPolicy: "IfNotPresent",
            args: ["-conf", "/etc/coredns/Corefile"],
            ports: [
              { name: "dns", containerPort: 53, protocol: "UDP" },
              { name: "dns-tcp", containerPort: 53, protocol: "TCP" },
              { name: "metrics", containerPort: 9153, protocol: "TCP" },
              { name: "liveness-probe", containerPort: 8080, protocol: "TCP" },
              { name: "readiness-probe", containerPort: 8181, protocol: "TCP" },
            ],
            livenessProbe: { httpGet: { path: "/health", port: 8080, scheme: "HTTP" }, initialDelaySeconds: 60, timeoutSeconds: 5, successThreshold: 1, failureThreshold: 5 },
            readinessProbe: { httpGet: { path: "/ready", port: 8181, scheme: "HTTP" }, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 },
            resources: { limits: { memory: "170Mi" }, requests: { cpu: "100m", memory: "70Mi" } },
            securityContext: { allowPrivilegeEscalation: false, capabilities: { add: ["NET_BIND_SERVICE"], drop: ["ALL"] }, readOnlyRootFilesystem: true },
            volumeMounts: [{ name: "config-volume", mountPath: "/etc/coredns", readOnly: true }],
          },
        ],
        dnsPolicy: "Default",
        nodeSelector: { "kubernetes.io/os": "linux" },
        priorityClassName: "system-cluster-critical",
        serviceAccountName: "coredns",
        tolerations: [
          { key: "CriticalAddonsOnly", operator: "Exists" },
          { key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" },
        ],
        volumes: [{ name: "config-volume", configMap: { name: "coredns", items: [{ key: "Corefile", path: "Corefile" }] } }],
      },
    },
  },
};

const service: JsonObject = {
  apiVersion: "v1",
  kind: "Service",
  metadata: {
    name: "kube-dns",
    namespace: NS,
    labels: { ...LABELS, "kubernetes.io/cluster-service": "true", "kubernetes.io/name": "CoreDNS" },
    annotations: { "prometheus.io/port": "9153", "prometheus.io/scrape": "true" },
  },
  spec: {
    selector: LABELS,
    clusterIP: DNS_SERVICE_IP,
    ports: [
      { name: "dns", port: 53, protocol: "UDP", targetPort: 53 },
      { name: "dns-tcp", port: 53, protocol: "TCP", targetPort: 53 },
      { name: "metrics", port: 9153, protocol: "TCP", targetPort: 9153 },
    ],
  },
};

export const coreDNS: Addon = {
  name: "CoreDNS",
  objects: () => [
    { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "coredns", namespace: NS }, data: { Corefile: COREFILE } },
    { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "coredns", namespace: NS } },
    clusterRole,
    clusterRoleBinding,
    structuredClone(deployment),
    structuredClone(service),
  ],
};
