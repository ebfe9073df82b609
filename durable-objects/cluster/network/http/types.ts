// The shapes of the HTTP model (see README.md): who is asked (HttpTarget), what is asked
// (HttpRequestModel), what comes back (HttpAnswer), and the program models the dispatcher picks from.
import type { ImageInfo } from "../../kubelet/images";

/** A container's process, as the connection finds it. */
export interface HttpTarget {
  image: ImageInfo;
  /** The argv the runtime execs (kubelet/commands.ts effectiveArgv): the command or entrypoint, then the args or cmd. */
  argv: string[];
  /** The process's environment (kubelet/commands.ts containerEnv: HOSTNAME is the pod name). */
  env: Record<string, string>;
  podName: string;
  namespace: string;
  podIP: string;
  /** The port connected to. */
  port: number;
  /** spec.containers[].ports[].containerPort: where the generic program of an uncatalogued image listens. */
  declaredPorts?: number[];
  /** When the process started (ms). Until its server listens, connections are refused; unknown: listening. */
  startedAt?: number;
  /** spec.containers[].workingDir: where a file server started without a directory serves from ("/" if unset). */
  workingDir?: string;
  /** Requests the process answered before this one (kubernetes-bootcamp's log line counts them); 0 if unknown. */
  requestsServed?: number;
}

export interface HttpRequestModel {
  method: string;
  /** The request target with its query: "/echo?msg=hi". */
  path: string;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  body?: string;
  /** Where the connection comes from (the program's RemoteAddr); "10.244.0.1" (the node's bridge) if unknown. */
  clientIP?: string;
  /** Its source port; a stable ephemeral port if unknown. */
  clientPort?: number;
  /** "HTTP/1.1" unless told. */
  version?: string;
}

/** A line the program writes to its log while answering. */
export interface LogEntry {
  text: string;
  stream: "stdout" | "stderr";
}

export interface HttpResponse {
  kind: "response";
  /** The status line's version: "HTTP/1.1", or "HTTP/1.0" from Python's http.server and MongoDB. */
  version: string;
  status: number;
  /** The status line's reason phrase, in the program's words ("Not Allowed" from nginx, "File not found" from Python). */
  reason: string;
  /** In the order the program sends them. Framing headers (Content-Length, Transfer-Encoding) are included. */
  headers: Array<[string, string]>;
  /** The payload, de-chunked; "" for HEAD. */
  body: string;
  /** The program closes the connection after this response. */
  closes?: boolean;
  /** CPU the request burns in the container (hpa-example's loop), for the metrics model. */
  cpuMillis?: number;
  /** What the program logs about the request (access log, error log). */
  log?: LogEntry[];
}

/**
 * What comes back: an HTTP response; `refused` (nothing listens: connection refused); `closed` (it accepts,
 * then closes without an HTTP response: curl's "Empty reply from server"). A `closed` with `data` first
 * sent bytes that are not HTTP (a MySQL greeting, AMQP's protocol header): curl says "Received HTTP/0.9
 * when not allowed", Go's transport "malformed HTTP response".
 */
export type HttpAnswer = HttpResponse | { kind: "refused" } | { kind: "closed"; data?: string; log?: LogEntry[] };

/** What a TCP client sending one line (or RESP command) gets back; `open`: connected, no answer modelled. */
export type TcpAnswer = { kind: "data"; data: string; close: boolean } | { kind: "refused" } | { kind: "closed"; log?: LogEntry[] } | { kind: "open" };

export interface FileView {
  content: string;
  /** Modification time (ms); unknown: the image's build time. */
  mtimeMs?: number;
}

export interface DirEntry {
  name: string;
  dir?: boolean;
  /** A symbolic link (Python's listing marks it "@"). */
  link?: boolean;
}

/**
 * The container's filesystem as the caller knows it (volumes mounted over the document root, files
 * written by `kubectl exec`). Each answer: the thing; null: it does not exist; undefined: as the image has it.
 */
export interface ContainerFs {
  file(path: string): FileView | null | undefined;
  dir?(path: string): DirEntry[] | null | undefined;
}

/** Everything outside the container a program may need; each is optional and the model says what it does without. */
export interface HttpHooks {
  fs?: ContainerFs;
  /** A Redis command to host:port (the guestbook frontend); the reply's value, null for a nil reply, undefined if unreachable. */
  redis?: (host: string, port: number, argv: string[]) => string | null | undefined;
  /** CoreDNS's DNS over TCP: the zone's answers to the length-prefixed messages in `pending` (network/dns). */
  dns?: (pending: Uint8Array) => StreamAnswer;
  /** `sh -c command` in the container (agnhost netexec /shell): combined output and exit code. */
  shell?: (command: string) => { output: string; exitCode: number };
}

/** A binary protocol's step on one connection: bytes of `pending` read, what the program wrote, whether it closed. */
export interface StreamAnswer {
  consumed: number;
  output: Uint8Array;
  close: boolean;
}

/** One request as a program sees it. */
export interface RequestContext {
  target: HttpTarget;
  req: HttpRequestModel;
  now: Date;
  hooks: HttpHooks;
}

/** A program listening somewhere: the dispatcher's unit. */
export interface Program {
  /** "nginx/1.27.3", for tests and debugging. */
  name: string;
  ports: number[];
  /** Ms after the process starts until it accepts connections. */
  listenAfterMs: number;
  answer(ctx: RequestContext): HttpAnswer;
  /** A raw TCP line (redis-cli, nc); absent: the program answers no such thing that is modelled. */
  line?(line: string, ctx: Omit<RequestContext, "req">): TcpAnswer;
  /** A binary protocol on a port (CoreDNS's DNS over TCP): the step, or null where the port speaks HTTP/lines. */
  stream?(pending: Uint8Array, ctx: Omit<RequestContext, "req">): StreamAnswer | null;
}
