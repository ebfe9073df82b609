// The static pod manifests kubeadm writes to the control-plane node's /etc/kubernetes/manifests (kube
// 1.33's, with the flags that describe this cluster: its ranges, its address). The kubelet runs them
// without the API server and shows each as a mirror pod (static-pods.ts).
import type { JsonObject } from "../apiserver/registry/types";
import { POD_NETWORK } from "../network/ipam";
import { SERVICE_CIDR } from "../network/service-ranges";

const PKI = "/etc/kubernetes/pki";
const ETCD_IMAGE = "registry.k8s.io/etcd:3.5.21-0";

const hostPath = (name: string, path: string, type: string) => ({ name, hostPath: { path, type } });
const mount = (name: string, mountPath: string, readOnly = true) => ({ name, mountPath, ...(readOnly ? { readOnly } : {}) });

/** The probes kubeadm gives a component that serves health over HTTPS (or HTTP for etcd's metrics port). */
function probes(host: string, port: number, scheme: "HTTP" | "HTTPS", live: string, ready?: string): JsonObject {
  const get = (path: string) => ({ host, path, port, scheme });
  return {
    livenessProbe: { failureThreshold: 8, httpGet: get(live), initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 15 },
    ...(ready ? { readinessProbe: { failureThreshold: 3, httpGet: get(ready), periodSeconds: 1, timeoutSeconds: 15 } } : {}),
    startupProbe: { failureThreshold: 24, httpGet: get(live), initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 15 },
  };
}

function staticPod(component: string, image: string, command: string[], extra: { annotations?: Record<string, string>; probes: JsonObject; cpu: string; memory?: string; volumes: JsonObject[]; mounts: JsonObject[] }): JsonObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: component,
      namespace: "kube-system",
      labels: { component, tier: "control-plane" },
      ...(extra.annotations ? { annotations: extra.annotations } : {}),
    },
    spec: {
      containers: [
        {
          name: component,
          image,
          imagePullPolicy: "IfNotPresent",
          command,
          ...extra.probes,
          resources: { requests: { cpu: extra.cpu, ...(extra.memory ? { memory: extra.memory } : {}) } },
          volumeMounts: extra.mounts,
        },
      ],
      hostNetwork: true,
      priority: 2000001000,
      priorityClassName: "system-node-critical",
      securityContext: { seccompProfile: { type: "RuntimeDefault" } },
      volumes: extra.volumes,
    },
  };
}

const certVolumes = [hostPath("ca-certs", "/etc/ssl/certs", "DirectoryOrCreate"), hostPath("k8s-certs", PKI, "DirectoryOrCreate")];
const certMounts = [mount("ca-certs", "/etc/ssl/certs"), mount("k8s-certs", PKI)];

/** kubeadm's four control-plane manifests for a node at `ip`, for the cluster's `kubernetesVersion`. */
export function controlPlaneManifests(ip: string, kubernetesVersion: string): JsonObject[] {
  const image = (component: string) => `registry.k8s.io/${component}:${kubernetesVersion}`;
  return [
    staticPod(
      "etcd",
      ETCD_IMAGE,
      [
        "etcd",
        `--advertise-client-urls=https://${ip}:2379`,
        `--cert-file=${PKI}/etcd/server.crt`,
        "--client-cert-auth=true",
        "--data-dir=/var/lib/etcd",
        "--experimental-initial-corrupt-check=true",
        "--experimental-watch-progress-notify-interval=5s",
        `--initial-advertise-peer-urls=https://${ip}:2380`,
        `--initial-cluster=control-plane=https://${ip}:2380`,
        `--key-file=${PKI}/etcd/server.key`,
        `--listen-client-urls=https://127.0.0.1:2379,https://${ip}:2379`,
        "--listen-metrics-urls=http://127.0.0.1:2381",
        `--listen-peer-urls=https://${ip}:2380`,
        "--name=control-plane",
        `--peer-cert-file=${PKI}/etcd/peer.crt`,
        "--peer-client-cert-auth=true",
        `--peer-key-file=${PKI}/etcd/peer.key`,
        `--peer-trusted-ca-file=${PKI}/etcd/ca.crt`,
        "--snapshot-count=10000",
        `--trusted-ca-file=${PKI}/etcd/ca.crt`,
      ],
      {
        annotations: { "kubeadm.kubernetes.io/etcd.advertise-client-urls": `https://${ip}:2379` },
        probes: probes("127.0.0.1", 2381, "HTTP", "/livez", "/readyz"),
        cpu: "100m",
        memory: "100Mi",
        volumes: [hostPath("etcd-certs", `${PKI}/etcd`, "DirectoryOrCreate"), hostPath("etcd-data", "/var/lib/etcd", "DirectoryOrCreate")],
        mounts: [mount("etcd-data", "/var/lib/etcd", false), mount("etcd-certs", `${PKI}/etcd`, false)],
      },
    ),
    staticPod(
      "kube-apiserver",
      image("kube-apiserver"),
      [
        "kube-apiserver",
        `--advertise-address=${ip}`,
        "--allow-privileged=true",
        "--authorization-mode=Node,RBAC",
        `--client-ca-file=${PKI}/ca.crt`,
        "--enable-admission-plugins=NodeRestriction",
        "--enable-bootstrap-token-auth=true",
        `--etcd-cafile=${PKI}/etcd/ca.crt`,
        `--etcd-certfile=${PKI}/apiserver-etcd-client.crt`,
        `--etcd-keyfile=${PKI}/apiserver-etcd-client.key`,
        "--etcd-servers=https://127.0.0.1:2379",
        "--runtime-config=",
        "--secure-port=6443",
        "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
        `--service-account-key-file=${PKI}/sa.pub`,
        `--service-account-signing-key-file=${PKI}/sa.key`,
        `--service-cluster-ip-range=${SERVICE_CIDR}`,
        `--tls-cert-file=${PKI}/apiserver.crt`,
        `--tls-private-key-file=${PKI}/apiserver.key`,
      ],
      {
        annotations: { "kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint": `${ip}:6443` },
        probes: probes(ip, 6443, "HTTPS", "/livez", "/readyz"),
        cpu: "250m",
        volumes: certVolumes,
        mounts: certMounts,
      },
    ),
    staticPod(
      "kube-controller-manager",
      image("kube-controller-manager"),
      [
        "kube-controller-manager",
        "--allocate-node-cidrs=true",
        "--authentication-kubeconfig=/etc/kubernetes/controller-manager.conf",
        "--authorization-kubeconfig=/etc/kubernetes/controller-manager.conf",
        "--bind-address=127.0.0.1",
        `--client-ca-file=${PKI}/ca.crt`,
        `--cluster-cidr=${POD_NETWORK}`,
        "--cluster-name=kubedo",
        `--cluster-signing-cert-file=${PKI}/ca.crt`,
        `--cluster-signing-key-file=${PKI}/ca.key`,
        "--controllers=*,bootstrapsigner,tokencleaner",
        "--kubeconfig=/etc/kubernetes/controller-manager.conf",
        "--leader-elect=true",
        `--root-ca-file=${PKI}/ca.crt`,
        `--service-account-private-key-file=${PKI}/sa.key`,
        `--service-cluster-ip-range=${SERVICE_CIDR}`,
        "--use-service-account-credentials=true",
      ],
      {
        probes: probes("127.0.0.1", 10257, "HTTPS", "/healthz"),
        cpu: "200m",
        volumes: [...certVolumes, hostPath("kubeconfig", "/etc/kubernetes/controller-manager.conf", "FileOrCreate")],
        mounts: [...certMounts, mount("kubeconfig", "/etc/kubernetes/controller-manager.conf")],
      },
    ),
    staticPod(
      "kube-scheduler",
      image("kube-scheduler"),
      [
        "kube-scheduler",
        "--authentication-kubeconfig=/etc/kubernetes/scheduler.conf",
        "--authorization-kubeconfig=/etc/kubernetes/scheduler.conf",
        "--bind-address=127.0.0.1",
        "--kubeconfig=/etc/kubernetes/scheduler.conf",
        "--leader-elect=true",
      ],
      {
        probes: probes("127.0.0.1", 10259, "HTTPS", "/livez", "/readyz"),
        cpu: "100m",
        volumes: [hostPath("kubeconfig", "/etc/kubernetes/scheduler.conf", "FileOrCreate")],
        mounts: [mount("kubeconfig", "/etc/kubernetes/scheduler.conf")],
      },
    ),
  ];
}
