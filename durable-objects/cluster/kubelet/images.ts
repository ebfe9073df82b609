// The simulated registry: which images exist, what they weigh, what their default process does.
// References are normalized the way containerd does ("nginx" → "docker.io/library/nginx:latest").
import { hexOf, jitter } from "./util";

/** A long-running program an image ships (nginx, redis-server, ...). Lines are templated: `{t:FMT}` time, `{v}` version. */
export interface ServerSpec {
  /** Executable names (basename) that start this server, e.g. ["nginx", "nginx-debug"]. */
  binaries: string[];
  /** [offset ms from start, line] printed at start-up. */
  lines: Array<[number, string]>;
  /** When the port starts accepting connections (probes before this fail). */
  listenAfterMs: number;
  /** Lines printed on a graceful stop (SIGTERM, or the image's STOPSIGNAL). */
  stopLines?: string[];
  /** Exit code after a graceful stop; null: PID 1 ignores SIGTERM and is SIGKILLed at the deadline. */
  sigtermExitCode: number | null;
  /** The entrypoint refuses to start without one of these env vars (postgres, mysql). */
  requireEnv?: { anyOf: string[]; lines: string[]; exitCode: number };
}

export interface ImageInfo {
  /** "docker.io/library/nginx" */
  repository: string;
  /** "1.27" ("" when only a digest was given) */
  tag: string;
  /** The normalized reference status.containerStatuses[].image shows: "docker.io/library/nginx:1.27". */
  reference: string;
  /** "sha256:<64 hex>" */
  digest: string;
  /** "docker.io/library/nginx@sha256:…" (status imageID) */
  imageID: string;
  sizeBytes: number;
  /** Ports the default program listens on. */
  ports: number[];
  /** Resident memory of the default program; a memory limit below it is OOMKilled. */
  memoryBytes: number;
  entrypoint: string[];
  cmd: string[];
  /** Shells present in the image ([] for scratch/distroless images). */
  shells: string[];
  /** Whether the usual coreutils (sleep, echo, cat, ...) exist as executables. */
  coreutils: boolean;
  /** The version a `{v}` placeholder stands for. */
  version: string;
  server?: ServerSpec;
}

interface RepoSpec {
  /** Tags without variant suffix, newest first; the first numeric one is what `latest` is. */
  tags: string[];
  /** Variant suffixes ("-alpine"); a bare variant ("alpine") is also a tag. */
  variants?: string[];
  size: number;
  /** Size by variant keyword found in the tag ("alpine", "slim"). */
  variantSize?: Record<string, number>;
  ports?: number[];
  memoryMi: number;
  entrypoint?: string[];
  cmd: string[];
  shells?: string[];
  coreutils?: boolean;
  server?: ServerSpec;
}

const MI = 1024 * 1024;
const DEBIAN_SHELLS = ["sh", "bash", "dash"];
const ALPINE_SHELLS = ["sh", "ash"];

const NGINX: ServerSpec = {
  binaries: ["nginx", "nginx-debug"],
  lines: [
    [0, "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration"],
    [0, "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/"],
    [1, "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh"],
    [3, "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf"],
    [5, "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf"],
    [5, "/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh"],
    [6, "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh"],
    [8, "/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh"],
    [9, "/docker-entrypoint.sh: Configuration complete; ready for start up"],
    [12, "{t:nginx} [notice] 1#1: using the \"epoll\" event method"],
    [12, "{t:nginx} [notice] 1#1: nginx/{v}"],
    [12, "{t:nginx} [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14) "],
    [12, "{t:nginx} [notice] 1#1: OS: Linux 6.8.0-1021-gcp"],
    [12, "{t:nginx} [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576"],
    [13, "{t:nginx} [notice] 1#1: start worker processes"],
    [13, "{t:nginx} [notice] 1#1: start worker process 29"],
    [13, "{t:nginx} [notice] 1#1: start worker process 30"],
  ],
  listenAfterMs: 12,
  // The nginx image's STOPSIGNAL is SIGQUIT: a graceful shutdown, exit 0.
  stopLines: [
    "{t:nginx} [notice] 1#1: signal 3 (SIGQUIT) received, shutting down",
    "{t:nginx} [notice] 29#29: gracefully shutting down",
    "{t:nginx} [notice] 29#29: exiting",
    "{t:nginx} [notice] 29#29: exit",
    "{t:nginx} [notice] 1#1: signal 17 (SIGCHLD) received from 29",
    "{t:nginx} [notice] 1#1: worker process 29 exited with code 0",
    "{t:nginx} [notice] 1#1: exit",
  ],
  sigtermExitCode: 0,
};

const REPOS: Record<string, RepoSpec> = {
  "docker.io/library/nginx": {
    tags: ["latest", "mainline", "stable", "1", "1.29", "1.29.0", "1.28", "1.28.0", "1.27", "1.27.5", "1.27.4", "1.27.3", "1.27.2", "1.27.1", "1.27.0", "1.26", "1.26.3", "1.25", "1.25.5", "1.24", "1.24.0", "1.23", "1.23.4", "1.22", "1.21", "1.21.6", "1.20", "1.19", "1.17", "1.16", "1.16.1", "1.15", "1.14", "1.14.2", "1.7.9"],
    variants: ["-alpine", "-alpine-slim", "-bookworm", "-perl", "-alpine-perl", "-otel"],
    size: 72188133,
    variantSize: { alpine: 20_461_204, slim: 5_237_008 },
    ports: [80],
    memoryMi: 8,
    entrypoint: ["/docker-entrypoint.sh"],
    cmd: ["nginx", "-g", "daemon off;"],
    server: NGINX,
  },
  "docker.io/library/httpd": {
    tags: ["latest", "2", "2.4", "2.4.65", "2.4.63", "2.4.62", "2.4.58"],
    variants: ["-alpine", "-bookworm"],
    size: 58_123_761,
    variantSize: { alpine: 22_914_517 },
    ports: [80],
    memoryMi: 10,
    cmd: ["httpd-foreground"],
    server: {
      binaries: ["httpd-foreground", "httpd"],
      lines: [
        [20, "AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using {ip}. Set the 'ServerName' directive globally to suppress this message"],
        [21, "AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using {ip}. Set the 'ServerName' directive globally to suppress this message"],
        [22, "[{t:apache}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/{v} (Unix) configured -- resuming normal operations"],
        [22, "[{t:apache}] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'"],
      ],
      listenAfterMs: 22,
      // httpd's STOPSIGNAL is SIGWINCH (graceful stop).
      stopLines: ["[{t:apache}] [mpm_event:notice] [pid 1:tid 1] AH00492: caught SIGWINCH, shutting down gracefully"],
      sigtermExitCode: 0,
    },
  },
  "docker.io/library/redis": {
    tags: ["latest", "8", "8.0", "8.0.2", "7", "7.4", "7.4.2", "7.4.1", "7.2", "7.2.7", "7.0", "6", "6.2", "6.2.16", "5", "5.0"],
    variants: ["-alpine", "-bookworm"],
    size: 45_262_001,
    variantSize: { alpine: 17_004_321 },
    ports: [6379],
    memoryMi: 4,
    entrypoint: ["docker-entrypoint.sh"],
    cmd: ["redis-server"],
    server: {
      binaries: ["redis-server"],
      lines: [
        [2, "1:C {t:redis} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo"],
        [2, "1:C {t:redis} * Redis version={v}, bits=64, commit=00000000, modified=0, pid=1, just started"],
        [2, "1:C {t:redis} # Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf"],
        [3, "1:M {t:redis} * monotonic clock: POSIX clock_gettime"],
        [3, "1:M {t:redis} * Running mode=standalone, port=6379."],
        [4, "1:M {t:redis} * Server initialized"],
        [4, "1:M {t:redis} * Ready to accept connections tcp"],
      ],
      listenAfterMs: 4,
      stopLines: [
        "1:signal-handler ({t:redis}) Received SIGTERM scheduling shutdown...",
        "1:M {t:redis} * User requested shutdown...",
        "1:M {t:redis} * Saving the final RDB snapshot before exiting.",
        "1:M {t:redis} * DB saved on disk",
        "1:M {t:redis} # Redis is now ready to exit, bye bye...",
      ],
      sigtermExitCode: 0,
    },
  },
  "docker.io/library/busybox": {
    tags: ["latest", "stable", "1", "1.37", "1.37.0", "1.36", "1.36.1", "1.36.0", "1.35", "1.35.0", "1.34", "1.34.1", "1.33", "1.32", "1.31", "1.30", "1.29", "1.28", "1.28.4", "1.27", "1.27.2", "1.26", "1.25"],
    variants: ["-glibc", "-musl", "-uclibc"],
    size: 2_155_570,
    memoryMi: 1,
    cmd: ["sh"],
    shells: ["sh", "ash"],
  },
  "docker.io/library/alpine": {
    tags: ["latest", "edge", "3", "3.22", "3.22.0", "3.21", "3.21.3", "3.21.2", "3.20", "3.20.6", "3.20.3", "3.19", "3.19.4", "3.18", "3.18.9", "3.17", "3.16", "3.15", "3.14", "3.12"],
    size: 3_653_000,
    memoryMi: 1,
    cmd: ["/bin/sh"],
    shells: ALPINE_SHELLS,
  },
  "docker.io/library/ubuntu": {
    tags: ["latest", "rolling", "devel", "noble", "jammy", "focal", "plucky", "oracular", "25.04", "24.10", "24.04", "22.04", "20.04", "18.04"],
    size: 29_754_290,
    memoryMi: 2,
    cmd: ["/bin/bash"],
    shells: DEBIAN_SHELLS,
  },
  "docker.io/library/debian": {
    tags: ["latest", "stable", "trixie", "bookworm", "bullseye", "buster", "13", "12", "12.11", "12.10", "11", "10"],
    variants: ["-slim"],
    size: 48_494_272,
    variantSize: { slim: 28_227_259 },
    memoryMi: 2,
    cmd: ["bash"],
    shells: DEBIAN_SHELLS,
  },
  "docker.io/library/python": {
    tags: ["latest", "3", "3.13", "3.13.5", "3.13.1", "3.12", "3.12.8", "3.11", "3.11.11", "3.10", "3.10.16", "3.9", "3.8", "2", "2.7"],
    variants: ["-slim", "-alpine", "-bookworm", "-slim-bookworm", "-bullseye"],
    size: 412_234_711,
    variantSize: { alpine: 17_839_155, slim: 45_021_366 },
    memoryMi: 10,
    cmd: ["python3"],
    shells: DEBIAN_SHELLS,
  },
  "docker.io/library/node": {
    tags: ["latest", "current", "lts", "24", "23", "22", "22.16.0", "22.12.0", "20", "20.19.2", "20.18.1", "18", "18.20.5", "16", "14"],
    variants: ["-alpine", "-slim", "-bookworm", "-bookworm-slim"],
    size: 399_187_251,
    variantSize: { alpine: 57_331_020, slim: 79_513_417 },
    memoryMi: 40,
    entrypoint: ["docker-entrypoint.sh"],
    cmd: ["node"],
    shells: DEBIAN_SHELLS,
  },
  "docker.io/library/golang": {
    tags: ["latest", "1", "1.24", "1.24.4", "1.23", "1.23.4", "1.22", "1.21", "1.20"],
    variants: ["-alpine", "-bookworm"],
    size: 302_412_103,
    variantSize: { alpine: 78_544_391 },
    memoryMi: 2,
    cmd: ["bash"],
    shells: DEBIAN_SHELLS,
  },
  "docker.io/library/postgres": {
    tags: ["latest", "17", "17.5", "17.2", "16", "16.9", "16.4", "15", "15.13", "14", "13", "12", "11"],
    variants: ["-alpine", "-bookworm"],
    size: 158_212_406,
    variantSize: { alpine: 105_174_522 },
    ports: [5432],
    memoryMi: 60,
    entrypoint: ["docker-entrypoint.sh"],
    cmd: ["postgres"],
    shells: DEBIAN_SHELLS,
    server: {
      binaries: ["postgres"],
      lines: [
        [100, "The files belonging to this database system will be owned by user \"postgres\"."],
        [100, "This user must also own the server process."],
        [100, ""],
        [100, "The database cluster will be initialized with locale \"en_US.utf8\"."],
        [100, "The default database encoding has accordingly been set to \"UTF8\"."],
        [100, "The default text search configuration will be set to \"english\"."],
        [101, ""],
        [101, "Data page checksums are disabled."],
        [101, ""],
        [102, "fixing permissions on existing directory /var/lib/postgresql/data ... ok"],
        [120, "creating subdirectories ... ok"],
        [300, "running bootstrap script ... ok"],
        [900, "performing post-bootstrap initialization ... ok"],
        [1200, "syncing data to disk ... ok"],
        [1200, ""],
        [1200, "Success. You can now start the database server using:"],
        [1200, ""],
        [1200, "    pg_ctl -D /var/lib/postgresql/data -l logfile start"],
        [1200, ""],
        [1900, "PostgreSQL init process complete; ready for start up."],
        [1900, ""],
        [2000, "{t:pg} [1] LOG:  starting PostgreSQL {v} (Debian {v}-1.pgdg120+1) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit"],
        [2001, "{t:pg} [1] LOG:  listening on IPv4 address \"0.0.0.0\", port 5432"],
        [2001, "{t:pg} [1] LOG:  listening on IPv6 address \"::\", port 5432"],
        [2002, "{t:pg} [1] LOG:  listening on Unix socket \"/var/run/postgresql/.s.PGSQL.5432\""],
        [2010, "{t:pg} [64] LOG:  database system was shut down at {t:pg}"],
        [2020, "{t:pg} [1] LOG:  database system is ready to accept connections"],
      ],
      listenAfterMs: 2020,
      stopLines: [
        "{t:pg} [1] LOG:  received smart shutdown request",
        "{t:pg} [1] LOG:  background worker \"logical replication launcher\" (PID 70) exited with exit code 1",
        "{t:pg} [62] LOG:  shutting down",
        "{t:pg} [1] LOG:  database system is shut down",
      ],
      sigtermExitCode: 0,
      requireEnv: {
        anyOf: ["POSTGRES_PASSWORD", "POSTGRES_HOST_AUTH_METHOD"],
        exitCode: 1,
        lines: [
          "Error: Database is uninitialized and superuser password is not specified.",
          "       You must specify POSTGRES_PASSWORD to a non-empty value for the",
          "       superuser. For example, \"-e POSTGRES_PASSWORD=password\" on \"docker run\".",
          "",
          "       You may also use \"POSTGRES_HOST_AUTH_METHOD=trust\" to allow all",
          "       connections without a password. This is *not* recommended.",
          "",
          "       See PostgreSQL documentation about \"trust\":",
          "       https://www.postgresql.org/docs/current/auth-trust.html",
        ],
      },
    },
  },
  "docker.io/library/mysql": {
    tags: ["latest", "lts", "innovation", "9", "9.3", "9.3.0", "9.1", "8", "8.4", "8.4.5", "8.4.3", "8.0", "8.0.42", "8.0.40", "5.7", "5.7.44"],
    variants: ["-oracle", "-debian", "-oraclelinux9"],
    size: 234_871_522,
    ports: [3306, 33060],
    memoryMi: 350,
    entrypoint: ["docker-entrypoint.sh"],
    cmd: ["mysqld"],
    shells: ["sh", "bash"],
    server: {
      binaries: ["mysqld"],
      lines: [
        [10, "{t:mysql} [Note] [Entrypoint]: Entrypoint script for MySQL Server {v}-1.el9 started."],
        [60, "{t:mysql} [Note] [Entrypoint]: Switching to dedicated user 'mysql'"],
        [70, "{t:mysql} [Note] [Entrypoint]: Entrypoint script for MySQL Server {v}-1.el9 started."],
        [400, "{t:mysql} [Note] [Entrypoint]: Initializing database files"],
        [9000, "{t:mysql} [Note] [Entrypoint]: Database files initialized"],
        [9000, "{t:mysql} [Note] [Entrypoint]: Starting temporary server"],
        [11000, "{t:mysql} [Note] [Entrypoint]: Temporary server started."],
        [13000, "{t:mysql} [Note] [Entrypoint]: Stopping temporary server"],
        [15000, "{t:mysql} [Note] [Entrypoint]: Temporary server stopped"],
        [15000, ""],
        [15000, "{t:mysql} [Note] [Entrypoint]: MySQL init process done. Ready for start up."],
        [15000, ""],
        [15200, "{t:iso} 0 [System] [MY-015015] [Server] MySQL Server - start."],
        [15400, "{t:iso} 0 [System] [MY-010116] [Server] /usr/sbin/mysqld (mysqld {v}) starting as process 1"],
        [17000, "{t:iso} 0 [System] [MY-011323] [Server] X Plugin ready for connections. Bind-address: '::' port: 33060, socket: /var/run/mysqld/mysqlx.sock"],
        [17000, "{t:iso} 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: '{v}'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server - GPL."],
      ],
      listenAfterMs: 17000,
      stopLines: [
        "{t:iso} 0 [System] [MY-013172] [Server] Received SHUTDOWN from user <via user signal>. Shutting down mysqld (Version: {v}).",
        "{t:iso} 0 [System] [MY-010910] [Server] /usr/sbin/mysqld: Shutdown complete (mysqld {v})  MySQL Community Server - GPL.",
        "{t:iso} 0 [System] [MY-015016] [Server] MySQL Server - end.",
      ],
      sigtermExitCode: 0,
      requireEnv: {
        anyOf: ["MYSQL_ROOT_PASSWORD", "MYSQL_ALLOW_EMPTY_PASSWORD", "MYSQL_RANDOM_ROOT_PASSWORD"],
        exitCode: 1,
        lines: [
          "{t:mysql} [Note] [Entrypoint]: Entrypoint script for MySQL Server {v}-1.el9 started.",
          "{t:mysql} [Note] [Entrypoint]: Switching to dedicated user 'mysql'",
          "{t:mysql} [Note] [Entrypoint]: Entrypoint script for MySQL Server {v}-1.el9 started.",
          "{t:mysql} [ERROR] [Entrypoint]: Database is uninitialized and password option is not specified",
          "    You need to specify one of the following as an environment variable:",
          "    - MYSQL_ROOT_PASSWORD",
          "    - MYSQL_ALLOW_EMPTY_PASSWORD",
          "    - MYSQL_RANDOM_ROOT_PASSWORD",
        ],
      },
    },
  },
  "docker.io/library/mariadb": {
    tags: ["latest", "lts", "11", "11.8", "11.4", "11.4.4", "10", "10.11", "10.6", "10.5"],
    size: 120_417_323,
    ports: [3306],
    memoryMi: 90,
    entrypoint: ["docker-entrypoint.sh"],
    cmd: ["mariadbd"],
    shells: DEBIAN_SHELLS,
    server: {
      binaries: ["mariadbd", "mysqld"],
      lines: [
        [10, "{t:mysql} [Note] [Entrypoint]: Entrypoint script for MariaDB Server 1:{v}+maria~ubu2404 started."],
        [300, "{t:mysql} [Note] [Entrypoint]: Initializing database files"],
        [4000, "{t:mysql} [Note] [Entrypoint]: MariaDB init process done. Ready for start up."],
        [4300, "{t:mysql} 0 [Note] mariadbd: ready for connections."],
        [4300, "Version: '{v}-MariaDB-ubu2404'  socket: '/run/mysqld/mysqld.sock'  port: 3306  mariadb.org binary distribution"],
      ],
      listenAfterMs: 4300,
      sigtermExitCode: 0,
      requireEnv: {
        anyOf: ["MARIADB_ROOT_PASSWORD", "MYSQL_ROOT_PASSWORD", "MARIADB_ALLOW_EMPTY_ROOT_PASSWORD", "MARIADB_RANDOM_ROOT_PASSWORD", "MYSQL_ALLOW_EMPTY_PASSWORD", "MYSQL_RANDOM_ROOT_PASSWORD", "MARIADB_ROOT_PASSWORD_HASH"],
        exitCode: 1,
        lines: [
          "{t:mysql} [Note] [Entrypoint]: Entrypoint script for MariaDB Server 1:{v}+maria~ubu2404 started.",
          "{t:mysql} [ERROR] [Entrypoint]: Database is uninitialized and password option is not specified",
          "\tYou need to specify one of MARIADB_ROOT_PASSWORD, MARIADB_ROOT_PASSWORD_HASH, MARIADB_ALLOW_EMPTY_ROOT_PASSWORD and MARIADB_RANDOM_ROOT_PASSWORD",
        ],
      },
    },
  },
  "docker.io/library/mongo": {
    tags: ["latest", "8", "8.0", "8.0.10", "7", "7.0", "7.0.16", "6", "6.0", "5", "5.0", "4.4"],
    size: 299_912_043,
    ports: [27017],
    memoryMi: 120,
    entrypoint: ["docker-entrypoint.sh"],
    cmd: ["mongod"],
    shells: DEBIAN_SHELLS,
    server: {
      binaries: ["mongod"],
      lines: [
        [300, `{"t":{"$date":"{t:iso}"},"s":"I",  "c":"CONTROL",  "id":23285,   "ctx":"main","msg":"Automatically disabling TLS 1.0, to force-enable TLS 1.0 specify --sslDisabledProtocols 'none'"}`],
        [900, `{"t":{"$date":"{t:iso}"},"s":"I",  "c":"NETWORK",  "id":23015,   "ctx":"listener","msg":"Listening on","attr":{"address":"0.0.0.0"}}`],
        [900, `{"t":{"$date":"{t:iso}"},"s":"I",  "c":"NETWORK",  "id":23016,   "ctx":"listener","msg":"Waiting for connections","attr":{"port":27017,"ssl":"off"}}`],
      ],
      listenAfterMs: 900,
      sigtermExitCode: 0,
    },
  },
  "docker.io/library/memcached": {
    tags: ["latest", "1", "1.6", "1.6.38", "1.6.34", "1.5"],
    variants: ["-alpine", "-bookworm"],
    size: 32_610_411,
    variantSize: { alpine: 4_801_233 },
    ports: [11211],
    memoryMi: 3,
    entrypoint: ["docker-entrypoint.sh"],
    cmd: ["memcached"],
    shells: DEBIAN_SHELLS,
    server: { binaries: ["memcached"], lines: [], listenAfterMs: 5, sigtermExitCode: 0 },
  },
  "docker.io/library/rabbitmq": {
    tags: ["latest", "4", "4.1", "4.0", "3", "3.13", "3.12", "management", "3-management", "4-management", "3.13-management", "4.1-management"],
    variants: ["-alpine", "-management-alpine"],
    size: 101_220_834,
    ports: [5672, 15672],
    memoryMi: 130,
    entrypoint: ["docker-entrypoint.sh"],
    cmd: ["rabbitmq-server"],
    shells: DEBIAN_SHELLS,
    server: {
      binaries: ["rabbitmq-server"],
      lines: [
        [3000, "{t:iso} [info] <0.230.0>  Starting RabbitMQ {v} on Erlang 27.2 [jit]"],
        [8000, "{t:iso} [info] <0.661.0> started TCP listener on [::]:5672"],
        [8100, "{t:iso} [info] <0.9.0> Server startup complete; 5 plugins started."],
      ],
      listenAfterMs: 8000,
      sigtermExitCode: 0,
    },
  },
  "docker.io/library/traefik": {
    tags: ["latest", "v3", "v3.4", "v3.3", "v3.2", "v3.1", "v2", "v2.11", "3.4", "3.3", "2.11"],
    size: 55_103_722,
    ports: [80],
    memoryMi: 30,
    entrypoint: ["/entrypoint.sh"],
    cmd: ["traefik"],
    shells: ALPINE_SHELLS,
    server: {
      binaries: ["traefik"],
      lines: [
        [50, "{t:iso} INF Traefik version {v} built on 2025-01-07T14:03:55Z version={v}"],
        [80, "{t:iso} INF Starting provider aggregator *aggregator.ProviderAggregator"],
      ],
      listenAfterMs: 80,
      sigtermExitCode: 0,
    },
  },
  "docker.io/library/caddy": {
    tags: ["latest", "2", "2.10", "2.10.0", "2.9", "2.9.1", "2.8", "2.8.4", "2.7"],
    variants: ["-alpine", "-builder"],
    size: 48_392_761,
    ports: [80],
    memoryMi: 15,
    cmd: ["caddy", "run", "--config", "/etc/caddy/Caddyfile", "--adapter", "caddyfile"],
    shells: ALPINE_SHELLS,
    server: {
      binaries: ["caddy"],
      lines: [
        [20, `{"level":"info","ts":1.7e9,"msg":"using config from file","file":"/etc/caddy/Caddyfile"}`],
        [40, `{"level":"info","ts":1.7e9,"msg":"serving initial configuration"}`],
      ],
      listenAfterMs: 40,
      sigtermExitCode: 0,
    },
  },
  "registry.k8s.io/pause": {
    tags: ["3.10", "3.9", "3.8", "3.7", "3.6", "3.5", "3.4.1", "3.2", "3.1", "latest"],
    size: 320_368,
    memoryMi: 0.3,
    entrypoint: ["/pause"],
    cmd: [],
    shells: [],
    coreutils: false,
    // pause exits 0 on SIGTERM/SIGINT.
    server: { binaries: ["pause"], lines: [], listenAfterMs: 0, sigtermExitCode: 0 },
  },
  "registry.k8s.io/e2e-test-images/agnhost": {
    tags: ["2.53", "2.52", "2.51", "2.50", "2.47", "2.45", "2.43", "2.40", "2.39"],
    size: 51_207_612,
    memoryMi: 10,
    entrypoint: ["/agnhost"],
    cmd: [],
    shells: ALPINE_SHELLS,
  },
  "docker.io/hashicorp/http-echo": {
    tags: ["latest", "1.0", "1.0.0", "0.2.3"],
    size: 3_708_211,
    memoryMi: 3,
    entrypoint: ["/http-echo"],
    cmd: [],
    shells: [],
    coreutils: false,
  },
  "docker.io/curlimages/curl": {
    tags: ["latest", "8.14.1", "8.13.0", "8.11.1", "8.10.1", "8.8.0", "8.5.0", "7.85.0"],
    size: 10_412_880,
    memoryMi: 2,
    entrypoint: ["/entrypoint.sh"],
    cmd: ["curl"],
    shells: ALPINE_SHELLS,
  },
  "registry.k8s.io/echoserver": {
    tags: ["1.10", "1.9", "1.4"],
    size: 46_224_910,
    ports: [8080],
    memoryMi: 6,
    cmd: ["/usr/local/bin/run.sh"],
    shells: DEBIAN_SHELLS,
    server: { binaries: ["run.sh"], lines: [[30, "Generating self-signed cert"], [300, "Starting nginx"]], listenAfterMs: 300, sigtermExitCode: 0 },
  },
  "gcr.io/google-samples/hello-app": {
    tags: ["1.0", "2.0"],
    size: 11_055_172,
    ports: [8080],
    memoryMi: 4,
    cmd: ["./hello-app"],
    shells: [],
    coreutils: false,
    server: { binaries: ["hello-app"], lines: [[5, "{t:nginx} Server listening on port 8080"]], listenAfterMs: 5, sigtermExitCode: null },
  },
  "docker.io/polinux/stress": {
    tags: ["latest", "1.0.4"],
    size: 4_041_207,
    memoryMi: 1,
    cmd: ["stress", "--help"],
    shells: ALPINE_SHELLS,
  },
};

/** Other names registries serve the same repositories under. */
const ALIASES: Record<string, string> = {
  "k8s.gcr.io/pause": "registry.k8s.io/pause",
  "gcr.io/google_containers/pause": "registry.k8s.io/pause",
  "k8s.gcr.io/echoserver": "registry.k8s.io/echoserver",
  "gcr.io/google_containers/echoserver": "registry.k8s.io/echoserver",
  "k8s.gcr.io/e2e-test-images/agnhost": "registry.k8s.io/e2e-test-images/agnhost",
  "registry.k8s.io/busybox": "docker.io/library/busybox",
};

export interface ParsedRef {
  /** "docker.io/library/nginx" */
  repository: string;
  /** "latest" when neither tag nor digest was given; "" when only a digest was. */
  tag: string;
  digest?: string;
  /** containerd's normalized reference: "docker.io/library/nginx:latest". */
  normalized: string;
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;

/** Normalizes an image reference as containerd's reference.ParseDockerRef does; null when invalid. */
export function parseImageRef(ref: string): ParsedRef | null {
  let rest = ref.trim();
  if (!rest) return null;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!/^sha256:[a-f0-9]{64}$/.test(digest)) return null;
  }
  let tag = "";
  const lastSlash = rest.lastIndexOf("/");
  const colon = rest.lastIndexOf(":");
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return null;
  }
  const parts = rest.split("/");
  let domain = "docker.io";
  const first = parts[0] ?? "";
  if (parts.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost")) {
    domain = first === "index.docker.io" ? "docker.io" : first;
    parts.shift();
  }
  if (parts.length === 0 || !parts.every((p) => COMPONENT.test(p))) return null;
  if (domain === "docker.io" && parts.length === 1) parts.unshift("library");
  const repository = `${domain}/${parts.join("/")}`;
  if (!tag && !digest) tag = "latest";
  const normalized = `${repository}${tag ? `:${tag}` : ""}${digest ? `@${digest}` : ""}`;
  return { repository, tag, digest, normalized };
}

/** The repository spec, following aliases. */
function repoSpec(repository: string): [string, RepoSpec] | null {
  const canonical = ALIASES[repository] ?? repository;
  const spec = REPOS[canonical];
  return spec ? [canonical, spec] : null;
}

/** Whether the simulated registry has this repository at all (distinguishes "not found" tags from missing repos). */
export function repositoryExists(repository: string): boolean {
  return repoSpec(repository) !== null;
}

function tagKnown(spec: RepoSpec, tag: string): boolean {
  if (spec.tags.includes(tag)) return true;
  for (const v of spec.variants ?? []) {
    if (tag === v.slice(1)) return true;
    if (tag.endsWith(v) && spec.tags.includes(tag.slice(0, -v.length))) return true;
  }
  return false;
}

/** The version a tag stands for: the newest listed version it prefixes ("1.27" → "1.27.5"). */
function versionOf(spec: RepoSpec, tag: string): string {
  const base = (spec.variants ?? []).reduce((t, v) => (t.endsWith(v) ? t.slice(0, -v.length) : t), tag).replace(/^v/, "");
  const versions = spec.tags.map((t) => t.replace(/^v/, "")).filter((t) => /^\d+(\.\d+)*$/.test(t));
  const dotted = versions.filter((t) => t.split(".").length === 3);
  const pool = dotted.length > 0 ? dotted : versions;
  if (/^\d/.test(base)) return pool.find((v) => v === base || v.startsWith(`${base}.`)) ?? base;
  return pool[0] ?? "1.0.0";
}

/** An image the simulated registry serves, or null (unknown repository, or unknown tag of a known one). */
export function resolveImage(ref: string): ImageInfo | null {
  const parsed = parseImageRef(ref);
  if (!parsed) return null;
  const found = repoSpec(parsed.repository);
  if (!found) return null;
  const [canonical, spec] = found;
  if (parsed.tag && !tagKnown(spec, parsed.tag)) return null;
  const tag = parsed.tag || "latest";
  const digest = parsed.digest ?? `sha256:${hexOf(`${canonical}:${tag}`)}`;
  let size = spec.size;
  for (const [word, s] of Object.entries(spec.variantSize ?? {})) if (tag.includes(word)) size = s;
  // Different tags weigh slightly differently (±3%).
  size = Math.round(size * (1 + (jitter(`${canonical}:${tag}:size`, 0, 60) - 30) / 1000));
  return {
    repository: parsed.repository,
    tag: parsed.tag,
    reference: parsed.normalized,
    digest,
    imageID: `${parsed.repository}@${digest}`,
    sizeBytes: size,
    ports: spec.ports ?? [],
    memoryBytes: Math.round(spec.memoryMi * MI),
    entrypoint: spec.entrypoint ?? [],
    cmd: spec.cmd,
    shells: spec.shells ?? ["sh"],
    coreutils: spec.coreutils ?? true,
    version: versionOf(spec, tag),
    server: spec.server,
  };
}

/** The normalized reference for any syntactically valid image string (what events and pulls use). */
export function normalizeImageRef(ref: string): string | null {
  return parseImageRef(ref)?.normalized ?? null;
}
