// Images of the kubernetes.io tutorials and examples that are not official Docker images, with what their
// programs print. Sources: the images' own code (kubernetes-engine-samples hello-app and guestbook,
// kubernetes/kubernetes test/images, docker-library) and logs captured from real runs of the tutorials;
// where no capture exists the lines follow the program's log format (marked "format only").
import { ALPINE_SHELLS, DEBIAN_SHELLS } from "./common";
import type { RepoSpec, ServerSpec } from "./types";


/** Apache as the php:*-apache images start it (apache2-foreground); STOPSIGNAL SIGWINCH stops it gracefully. */
export function apacheServer(banner: string, before: Array<[number, string]> = []): ServerSpec {
  const at = before.length > 0 ? before[before.length - 1]![0] + 10 : 20;
  return {
    binaries: ["apache2-foreground", "apache2"],
    lines: [
      ...before,
      [at, "AH00558: apache2: Could not reliably determine the server's fully qualified domain name, using {ip}. Set the 'ServerName' directive globally to suppress this message"],
      [at + 1, "AH00558: apache2: Could not reliably determine the server's fully qualified domain name, using {ip}. Set the 'ServerName' directive globally to suppress this message"],
      [at + 2, `[{t:apache}] [mpm_prefork:notice] [pid 1] AH00163: ${banner} configured -- resuming normal operations`],
      [at + 2, "[{t:apache}] [core:notice] [pid 1] AH00094: Command line: 'apache2 -D FOREGROUND'"],
    ],
    listenAfterMs: at + 2,
    stopLines: ["[{t:apache}] [mpm_prefork:notice] [pid 1] AH00170: caught SIGWINCH, shutting down gracefully"],
    sigtermExitCode: 0,
  };
}

/** The kubernetes-bootcamp server.js (Node 6): its start-up line ends in a space, then an empty line. */
const BOOTCAMP: ServerSpec = {
  binaries: ["node"],
  lines: [
    [40, "Kubernetes Bootcamp App Started At: {t:js} | Running On:  {host} "],
    [40, ""],
  ],
  listenAfterMs: 40,
  // PID 1 without a SIGTERM handler: the signal is ignored and the kubelet kills it at the deadline.
  sigtermExitCode: null,
};

const bootcamp = (tags: string[]): RepoSpec => ({
  tags,
  size: 211_336_459,
  ports: [8080],
  memoryMi: 30,
  cmd: ["node", "server.js"],
  shells: DEBIAN_SHELLS,
  tools: ["node", "npm", "curl"],
  server: BOOTCAMP,
});

/** redis-server 6.0 as the guestbook follower runs it (run.sh: `redis-server --replicaof redis-leader 6379`). */
const REDIS_FOLLOWER: ServerSpec = {
  binaries: ["run.sh", "redis-server"],
  lines: [
    [2, "10:C {t:redis} # oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo"],
    [2, "10:C {t:redis} # Redis version=6.0.5, bits=64, commit=00000000, modified=0, pid=10, just started"],
    [2, "10:C {t:redis} # Configuration loaded"],
    [4, "10:S {t:redis} * Running mode=standalone, port=6379."],
    [4, "10:S {t:redis} # Server initialized"],
    [4, "10:S {t:redis} * Ready to accept connections"],
    [4, "10:S {t:redis} * Connecting to MASTER redis-leader:6379"],
    [5, "10:S {t:redis} * MASTER <-> REPLICA sync started"],
    [5, "10:S {t:redis} * Non blocking connect for SYNC fired the event."],
    [6, "10:S {t:redis} * Master replied to PING, replication can continue..."],
    [7, "10:S {t:redis} * Partial resynchronization not possible (no cached master)"],
    [12, "10:S {t:redis} * Full resync from master: 3c1e6b9b0d5e4e0a0d9f3b2f2a7d6c5b4a3f2e1d:0"],
    [100, "10:S {t:redis} * MASTER <-> REPLICA sync: receiving 175 bytes from master to disk"],
    [101, "10:S {t:redis} * MASTER <-> REPLICA sync: Flushing old data"],
    [101, "10:S {t:redis} * MASTER <-> REPLICA sync: Loading DB in memory"],
    [102, "10:S {t:redis} * Loading RDB produced by version 6.0.5"],
    [102, "10:S {t:redis} * RDB age 0 seconds"],
    [102, "10:S {t:redis} * RDB memory usage when created 1.83 Mb"],
    [102, "10:S {t:redis} * MASTER <-> REPLICA sync: Finished with success"],
  ],
  listenAfterMs: 4,
  // run.sh is PID 1 (a shell-form CMD) and ignores SIGTERM.
  sigtermExitCode: null,
};

export const TUTORIAL_REPOS: Record<string, RepoSpec> = {
  // tutorials/kubernetes-basics: v1 and v2 exist, v10 does not (the rollback lesson depends on it).
  "gcr.io/google-samples/kubernetes-bootcamp": bootcamp(["v1", "v2"]),
  "docker.io/jocatalin/kubernetes-bootcamp": bootcamp(["v1", "v2"]),
  // tasks/debug/debug-application/debug-service: answers its hostname on 9376 and logs nothing at start.
  "registry.k8s.io/serve_hostname": {
    tags: ["latest", "v1.4", "1.1"],
    size: 4_557_864,
    ports: [9376],
    memoryMi: 2,
    entrypoint: ["/serve_hostname"],
    cmd: [],
    shells: ALPINE_SHELLS,
    tools: ["wget", "nslookup"],
    server: {
      binaries: ["serve_hostname"],
      lines: [],
      listenAfterMs: 3,
      stopLines: ["{t:nginx} Terminating after receiving signal: terminated."],
      sigtermExitCode: 2,
    },
  },
  // tasks/run-application/horizontal-pod-autoscale-walkthrough: php:5-apache with an index.php that burns CPU.
  "registry.k8s.io/hpa-example": {
    tags: ["latest"],
    size: 175_520_417,
    ports: [80],
    memoryMi: 12,
    entrypoint: [],
    cmd: ["apache2-foreground"],
    shells: DEBIAN_SHELLS,
    server: apacheServer("Apache/2.4.10 (Debian) PHP/5.6.40"),
  },
  // tutorials/stateful-application/basic-stateful-set (0.21/0.24; 0.7/0.8 in older revisions): an old
  // nginx that logs nothing at start, with curl for `kubectl exec web-0 -- curl http://localhost/`.
  "registry.k8s.io/nginx-slim": {
    tags: ["0.5", "0.7", "0.8", "0.9", "0.10", "0.11", "0.12", "0.13", "0.14", "0.15", "0.16", "0.17", "0.18", "0.19", "0.20", "0.21", "0.22", "0.23", "0.24", "0.25", "0.26", "0.27"],
    size: 51_998_328,
    ports: [80],
    memoryMi: 4,
    cmd: ["nginx", "-g", "daemon off;"],
    shells: DEBIAN_SHELLS,
    tools: ["curl"],
    server: { binaries: ["nginx"], lines: [], listenAfterMs: 5, sigtermExitCode: 0 },
  },
  // services/connect-applications-service: busybox with curl.
  "docker.io/radial/busyboxplus": {
    tags: ["latest", "curl", "git"],
    size: 4_234_521,
    memoryMi: 1,
    cmd: ["/bin/sh"],
    shells: ALPINE_SHELLS,
    tools: ["curl", "wget", "nslookup"],
  },
  // tutorials/stateless-application/guestbook: the PHP frontend and the Redis followers.
  "us-docker.pkg.dev/google-samples/containers/gke/gb-frontend": {
    tags: ["v5"],
    size: 151_374_112,
    ports: [80],
    memoryMi: 14,
    cmd: ["apache2-foreground"],
    shells: DEBIAN_SHELLS,
    tools: ["php", "curl"],
    server: apacheServer("Apache/2.4.38 (Debian) PHP/7.4.33"),
  },
  "us-docker.pkg.dev/google-samples/containers/gke/gb-redis-follower": {
    tags: ["v2"],
    size: 38_431_215,
    ports: [6379],
    memoryMi: 4,
    cmd: ["/bin/sh", "-c", "/run.sh"],
    shells: DEBIAN_SHELLS,
    tools: ["redis-cli"],
    server: REDIS_FOLLOWER,
  },
  // concepts/workloads/controllers/daemonset (format only: fluentd v1's start-up lines).
  "quay.io/fluentd_elasticsearch/fluentd": {
    tags: ["v2.5.2", "v2.6.0"],
    size: 141_227_340,
    ports: [80],
    memoryMi: 70,
    cmd: ["/run.sh"],
    shells: DEBIAN_SHELLS,
    server: {
      binaries: ["run.sh", "fluentd"],
      lines: [
        [900, "{t:fluentd} [info]: parsing config file is succeeded path=\"/etc/fluent/fluent.conf\""],
        [950, "{t:fluentd} [info]: using configuration file: <ROOT>"],
        [950, "  <match fluent.**>"],
        [950, "    @type null"],
        [950, "  </match>"],
        [950, "</ROOT>"],
        [960, "{t:fluentd} [info]: starting fluentd-1.4.2 pid=1 ruby=\"2.3.3\""],
        [1000, "{t:fluentd} [info]: #0 starting fluentd worker pid=13 ppid=1 worker=0"],
        [1100, "{t:fluentd} [info]: #0 fluentd worker is now running worker=0"],
      ],
      listenAfterMs: 1100,
      stopLines: ["{t:fluentd} [info]: Received graceful stop", "{t:fluentd} [info]: #0 fluentd worker is now stopping worker=0"],
      sigtermExitCode: 0,
    },
  },
  // tutorials/stateful-application/zookeeper: start-zookeeper writes the configuration, then runs the server.
  "registry.k8s.io/kubernetes-zookeeper": {
    tags: ["1.0-3.4.10"],
    size: 122_112_433,
    ports: [2181, 2888, 3888],
    memoryMi: 60,
    cmd: ["start-zookeeper"],
    shells: DEBIAN_SHELLS,
    tools: ["zkCli.sh", "zkOk.sh", "zookeeper-ready", "java"],
    server: {
      binaries: ["start-zookeeper"],
      lines: [[1200, "{t:log4j} [myid:] - INFO  [main:QuorumPeerConfig@136] - Reading configuration from: /usr/bin/../etc/zookeeper/zoo.cfg"]],
      listenAfterMs: 2500,
      sigtermExitCode: 143,
    },
  },
  // tutorials/stateful-application/cassandra (format only).
  "gcr.io/google-samples/cassandra": {
    tags: ["v13", "v14"],
    size: 146_557_109,
    ports: [7000, 7001, 7199, 9042],
    memoryMi: 1024,
    entrypoint: ["/sbin/dumb-init", "/bin/bash", "/run.sh"],
    cmd: [],
    shells: DEBIAN_SHELLS,
    tools: ["dumb-init", "nodetool", "cqlsh", "ready-probe.sh", "run.sh"],
    server: {
      binaries: ["dumb-init", "run.sh"],
      lines: [[3000, "INFO  [main] {t:log4j} Server.java:160 - Starting listening for CQL clients on /{ip}:9042 (unencrypted)..."]],
      listenAfterMs: 3000,
      sigtermExitCode: 143,
    },
  },
};

export const TUTORIAL_ALIASES: Record<string, string> = {
  "k8s.gcr.io/serve_hostname": "registry.k8s.io/serve_hostname",
  "gcr.io/google_containers/serve_hostname": "registry.k8s.io/serve_hostname",
  "k8s.gcr.io/hpa-example": "registry.k8s.io/hpa-example",
  "k8s.gcr.io/nginx-slim": "registry.k8s.io/nginx-slim",
  "gcr.io/google_containers/nginx-slim": "registry.k8s.io/nginx-slim",
  "gcr.io/google-samples/gb-frontend": "us-docker.pkg.dev/google-samples/containers/gke/gb-frontend",
  "gcr.io/google-samples/gb-redis-follower": "us-docker.pkg.dev/google-samples/containers/gke/gb-redis-follower",
  "us-docker.pkg.dev/google-samples/containers/gke/hello-app": "gcr.io/google-samples/hello-app",
  "k8s.gcr.io/kubernetes-zookeeper": "registry.k8s.io/kubernetes-zookeeper",
};

