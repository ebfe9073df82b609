// The images kubeadm runs a cluster's own components from (kind does the same): etcd and the control
// plane as static pods, kube-proxy and CoreDNS as add-ons. Start-up lines follow each program's log
// format (klog's header, etcd's zap JSON, CoreDNS's banner) with the messages those versions print at
// start; they are format only, not captures. Ports are where each listens (host network for all but
// CoreDNS), so the kubelet's probes find them.
import { COREFILE_SHA512 } from "../../addons/coredns";
import type { RepoSpec, ServerSpec } from "./types";

/** klog's line header after the time: the thread id, right-aligned in 7 columns. */
const klog = (file: string, message: string): string => `{t:klog}       1 ${file}] ${message}`;

/** Patch releases of the minors kubeadm 1.31–1.33 install (registry.k8s.io tags). */
const KUBE_TAGS = [
  ...Array.from({ length: 6 }, (_, i) => `v1.33.${5 - i}`),
  ...Array.from({ length: 10 }, (_, i) => `v1.32.${9 - i}`),
  ...Array.from({ length: 14 }, (_, i) => `v1.31.${13 - i}`),
];

/** A Go component stops on SIGTERM and exits 0 (its signal handler cancels the context). */
const goServer = (binaries: string[], lines: Array<[number, string]>, listenAfterMs: number): ServerSpec => ({
  binaries,
  lines,
  listenAfterMs,
  sigtermExitCode: 0,
});

const KUBE_APISERVER = goServer(
  ["kube-apiserver"],
  [
    [5, klog("options.go:249", "external host was not specified, using {ip}")],
    [6, klog("server.go:147", "Version: v{v}")],
    [6, klog("server.go:149", '"Golang settings" GOGC="" GOMAXPROCS="" GOTRACEBACK=""')],
    [40, klog("shared_informer.go:350", '"Waiting for caches to sync" controller="node_authorizer"')],
    [60, klog("plugins.go:157", "Loaded 13 mutating admission controller(s) successfully in the following order: NamespaceLifecycle,LimitRanger,ServiceAccount,NodeRestriction,TaintNodesByCondition,Priority,DefaultTolerationSeconds,DefaultStorageClass,StorageObjectInUseProtection,RuntimeClass,DefaultIngressClass,MutatingAdmissionPolicy,MutatingAdmissionWebhook.")],
    [60, klog("plugins.go:160", "Loaded 13 validating admission controller(s) successfully in the following order: LimitRanger,ServiceAccount,PodSecurity,Priority,PersistentVolumeClaimResize,RuntimeClass,CertificateApproval,CertificateSigning,ClusterTrustBundleAttest,CertificateSubjectRestriction,ValidatingAdmissionPolicy,ValidatingAdmissionWebhook,ResourceQuota.")],
    [300, klog("secure_serving.go:211", "Serving securely on [::]:6443")],
    [320, klog("shared_informer.go:357", '"Caches are synced" controller="node_authorizer"')],
    [350, klog("controller.go:615", "quota admission added evaluator for: serviceaccounts")],
  ],
  300,
);

const KUBE_CONTROLLER_MANAGER = goServer(
  ["kube-controller-manager"],
  [
    [10, klog("serving.go:386", "Generated self-signed cert in-memory")],
    [30, klog("controllermanager.go:185", '"Starting" version="v{v}"')],
    [30, klog("controllermanager.go:187", '"Golang settings" GOGC="" GOMAXPROCS="" GOTRACEBACK=""')],
    [40, klog("secure_serving.go:211", "Serving securely on 127.0.0.1:10257")],
    [41, klog("leaderelection.go:257", "attempting to acquire leader lease kube-system/kube-controller-manager...")],
    [60, klog("leaderelection.go:271", "successfully acquired lease kube-system/kube-controller-manager")],
    [80, klog("controllermanager.go:778", '"Started controller" controller="deployment-controller"')],
    [80, klog("controllermanager.go:778", '"Started controller" controller="replicaset-controller"')],
    [81, klog("controllermanager.go:778", '"Started controller" controller="endpointslice-controller"')],
    [81, klog("controllermanager.go:778", '"Started controller" controller="namespace-controller"')],
    [82, klog("controllermanager.go:778", '"Started controller" controller="garbage-collector-controller"')],
  ],
  40,
);

const KUBE_SCHEDULER = goServer(
  ["kube-scheduler"],
  [
    [10, klog("serving.go:386", "Generated self-signed cert in-memory")],
    [25, klog("server.go:166", '"Starting Kubernetes Scheduler" version="v{v}"')],
    [25, klog("server.go:168", '"Golang settings" GOGC="" GOMAXPROCS="" GOTRACEBACK=""')],
    [30, klog("secure_serving.go:211", "Serving securely on 127.0.0.1:10259")],
    [31, klog("leaderelection.go:257", "attempting to acquire leader lease kube-system/kube-scheduler...")],
    [50, klog("leaderelection.go:271", "successfully acquired lease kube-system/kube-scheduler")],
  ],
  30,
);

const KUBE_PROXY = goServer(
  ["kube-proxy"],
  [
    [5, klog("server_linux.go:66", '"Using iptables proxy"')],
    [8, klog("server.go:698", '"Successfully retrieved node IP(s)" IPs=["{ip}"]')],
    [9, klog("conntrack.go:121", '"Set sysctl" entry="net/netfilter/nf_conntrack_tcp_timeout_established" value=86400')],
    [12, klog("server_linux.go:170", '"Using iptables Proxier"')],
    [12, klog("proxier.go:255", '"Setting route_localnet=1 to allow node-ports on localhost; to change this either disable iptables.localhostNodePorts (--iptables-localhost-nodeports) or set nodePortAddresses (--nodeport-addresses) to filter loopback addresses" ipFamily="IPv4"')],
    [13, klog("server.go:483", '"Version info" version="v{v}"')],
    [13, klog("server.go:485", '"Golang settings" GOGC="" GOMAXPROCS="" GOTRACEBACK=""')],
    [14, klog("config.go:199", '"Starting service config controller"')],
    [14, klog("config.go:105", '"Starting endpoint slice config controller"')],
    [14, klog("config.go:329", '"Starting node config controller"')],
    [20, klog("shared_informer.go:357", '"Caches are synced" controller="service config"')],
    [20, klog("shared_informer.go:357", '"Caches are synced" controller="endpoint slice config"')],
    [20, klog("shared_informer.go:357", '"Caches are synced" controller="node config"')],
  ],
  14,
);

/** etcd's zap logger: one JSON object per line. */
const etcdLine = (level: string, caller: string, msg: string, fields = ""): string =>
  `{"level":"${level}","ts":"{t:iso}","caller":"${caller}","msg":"${msg}"${fields ? `,${fields}` : ""}}`;

const ETCD: ServerSpec = goServer(
  ["etcd"],
  [
    [2, etcdLine("info", "etcdmain/etcd.go:73", "Running: ", '"args":["etcd","--advertise-client-urls=https://{ip}:2379","--data-dir=/var/lib/etcd","--listen-client-urls=https://127.0.0.1:2379,https://{ip}:2379","--listen-metrics-urls=http://127.0.0.1:2381","--listen-peer-urls=https://{ip}:2380"]')],
    [3, etcdLine("info", "embed/etcd.go:140", "configuring peer listeners", '"listen-peer-urls":["https://{ip}:2380"]')],
    [3, etcdLine("info", "embed/etcd.go:148", "configuring client listeners", '"listen-client-urls":["https://127.0.0.1:2379","https://{ip}:2379"]')],
    [4, etcdLine("info", "embed/etcd.go:323", "starting an etcd server", '"etcd-version":"3.5.21","go-version":"go1.23.7","go-os":"linux","go-arch":"amd64","data-dir":"/var/lib/etcd"')],
    [30, etcdLine("info", "raft/raft.go:1019", "b8e14bda2255bc24 is starting a new election at term 1")],
    [31, etcdLine("info", "raft/raft.go:771", "b8e14bda2255bc24 became leader at term 2")],
    [32, etcdLine("info", "etcdserver/server.go:2068", "published local member to cluster through raft", '"local-member-id":"b8e14bda2255bc24","cluster-id":"38b0e74a458e7a1f","publish-timeout":"7s"')],
    [33, etcdLine("info", "embed/serve.go:103", "ready to serve client requests")],
    [34, etcdLine("info", "embed/serve.go:187", "serving client traffic securely", '"traffic":"grpc+http","address":"{ip}:2379"')],
    [34, etcdLine("info", "embed/serve.go:187", "serving client traffic securely", '"traffic":"grpc+http","address":"127.0.0.1:2379"')],
  ],
  34,
);

const COREDNS: ServerSpec = goServer(
  ["coredns"],
  [
    [5, ".:53"],
    [5, `[INFO] plugin/reload: Running configuration SHA512 = ${COREFILE_SHA512}`],
    [5, "CoreDNS-{v}"],
    [5, "linux/amd64, go1.23.3, 51e11f1"],
  ],
  5,
);

/** A control-plane component image: no shell (distroless), the binary under /usr/local/bin. */
const component = (binary: string, size: number, memoryMi: number, ports: number[], server: ServerSpec): RepoSpec => ({
  tags: KUBE_TAGS,
  size,
  ports,
  memoryMi,
  entrypoint: [],
  cmd: [`/usr/local/bin/${binary}`],
  shells: [],
  coreutils: false,
  tools: [binary],
  server,
});

export const CONTROL_PLANE_REPOS: Record<string, RepoSpec> = {
  "registry.k8s.io/kube-apiserver": component("kube-apiserver", 30_071_307, 250, [6443], KUBE_APISERVER),
  "registry.k8s.io/kube-controller-manager": component("kube-controller-manager", 26_628_792, 50, [10257], KUBE_CONTROLLER_MANAGER),
  "registry.k8s.io/kube-scheduler": component("kube-scheduler", 20_658_969, 20, [10259], KUBE_SCHEDULER),
  // kube-proxy's image is Debian-based (iptables needs it): it has a shell.
  "registry.k8s.io/kube-proxy": { ...component("kube-proxy", 31_320_416, 15, [10249, 10256], KUBE_PROXY), shells: ["sh", "bash", "dash"], coreutils: true, tools: ["kube-proxy", "iptables", "ip6tables", "conntrack"] },
  "registry.k8s.io/etcd": {
    tags: ["3.5.21-0", "3.5.16-0", "3.5.15-0", "3.5.12-0", "3.5.10-0", "3.5.9-0"],
    size: 58_938_593,
    ports: [2379, 2380, 2381],
    memoryMi: 40,
    entrypoint: [],
    cmd: ["/usr/local/bin/etcd"],
    shells: [],
    coreutils: false,
    tools: ["etcd", "etcdctl", "etcdutl"],
    server: ETCD,
  },
  "registry.k8s.io/coredns/coredns": {
    tags: ["v1.12.0", "v1.11.3", "v1.11.1", "v1.10.1", "v1.9.3"],
    size: 20_939_036,
    ports: [53, 8080, 8181, 9153],
    memoryMi: 15,
    entrypoint: ["/coredns"],
    cmd: [],
    shells: [],
    coreutils: false,
    tools: ["coredns"],
    server: COREDNS,
  },
};
