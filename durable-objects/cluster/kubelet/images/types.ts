// What the simulated registry knows of an image: its program, size, ports, shells (ImageInfo, for the
// kubelet), and how a repository of the catalogue describes its tags (RepoSpec).

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
  /** Programs besides the shells and coreutils (interpreters, clients: "python", "curl", "nslookup"). */
  tools: string[];
  /** Not described by the catalogue: any program runs as the generic one (commands.ts). */
  generic?: boolean;
}

export interface RepoSpec {
  /**
   * Tags without variant suffix, newest first; the first numeric one is what `latest` is. None for the
   * official images (docker.io/library/*): Docker Hub's own list decides (official-library.ts).
   */
  tags?: string[];
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
  tools?: string[];
  server?: ServerSpec;
  /** How older versions' server differs (its start-up lines, say): the first entry whose `below` is newer than the version. */
  olderServers?: Array<{ below: string; server: Partial<ServerSpec> }>;
}
