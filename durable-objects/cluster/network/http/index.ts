// What the program in a container answers to an HTTP request: a pure, synchronous model for the API
// server's pods/services proxy, port-forward, Ingress and exec'd clients (README.md).
//
//   answerHttp(target, request, now, hooks?) → { kind: "response", version, status, reason, headers, body,
//                                                 closes?, cpuMillis?, log? }
//                                              | { kind: "refused" }   nothing listens on the port (yet)
//                                              | { kind: "closed", data? } accepted, then closed without HTTP
//   answerTcpLine(target, line, now, hooks?)  → a raw TCP exchange (redis PING → "+PONG\r\n")
//   listeningPorts(target)                   → where the container's program listens
//
// The program is decided from the image (catalogue repository, its server binaries and tools) and the
// argv the runtime execs (command/args over entrypoint/cmd, wrappers such as `sh -c "… && exec nginx"`
// and docker-entrypoint.sh seen through). A request without a Host header gets the one a client dialling
// the pod would send ("<podIP>:<port>").
import { ALIASES } from "../../kubelet/images/catalogue";
import { agnhostProgram, legacyServeHostnameProgram } from "./agnhost";
import { apacheAnswer, httpdImageSite } from "./apache";
import { basename, servingArgv } from "./argv";
import { corednsProgram } from "./coredns";
import { echoserverProgram, httpEchoProgram, traefikProgram, whoamiProgram } from "./echo";
import { nginxOptionsFor, nginxProgram } from "./nginx";
import { guestbookFrontendProgram, hpaExampleProgram } from "./php-samples";
import { pythonHttpServerProgram } from "./python";
import { bootcampProgram, helloAppProgram } from "./samples";
import { tcpFamily, tcpProgram } from "./tcp";
import type { HttpAnswer, HttpHooks, HttpRequestModel, HttpTarget, Program, StreamAnswer, TcpAnswer } from "./types";

export type { ContainerFs, DirEntry, FileView, HttpAnswer, HttpHooks, HttpRequestModel, HttpResponse, HttpTarget, LogEntry, StreamAnswer, TcpAnswer } from "./types";
export { formatResponse } from "./wire";

const BOOTCAMP = new Set(["gcr.io/google-samples/kubernetes-bootcamp", "docker.io/jocatalin/kubernetes-bootcamp"]);
const WHOAMI = new Set(["docker.io/traefik/whoami", "docker.io/containous/whoami", "ghcr.io/traefik/whoami"]);
/** Commands a generic image runs without becoming its server (the shell's and coreutils' own). */
const NOT_SERVERS = new Set(["sleep", "tail", "cat", "echo", "printf", "true", "false", "env", "printenv", "ls", "date", "wait", "yes", "ping", "sh", "bash", "ash", "dash"]);

/** Whether `argv` starts a server this model knows in `image`. */
function startsServer(target: HttpTarget, argv: string[]): boolean {
  const name = basename(argv[0] ?? "");
  const { image } = target;
  if (!name) return false;
  if (image.server?.binaries.includes(name) || name.startsWith("-")) return true;
  if (["agnhost", "http-echo", "whoami"].includes(name)) return true;
  if ((name === "python" || name === "python3") && argv.includes("http.server")) return true;
  return image.generic === true && !NOT_SERVERS.has(name);
}

/** The program the container runs, as far as serving goes; null when nothing listens. */
export function programFor(target: HttpTarget): Program | null {
  const { image, env } = target;
  const repo = ALIASES[image.repository] ?? image.repository;
  const { argv, cwd } = servingArgv(target.argv, (a) => startsServer(target, a));
  const name = basename(argv[0] ?? "");
  const args = argv.slice(1);
  const has = (tool: string) => image.tools.includes(tool);

  if (WHOAMI.has(repo)) {
    if (name === "whoami") return whoamiProgram(args, env);
    if (name.startsWith("-")) return whoamiProgram(argv, env);
    // The generic image's default argv stands for whoami's own entrypoint.
    if (argv.length === 0 || (argv.length === 1 && argv[0] === "app")) return whoamiProgram([], env);
  }
  if (name === "agnhost" && has("agnhost")) return agnhostProgram(args);
  if (name === "http-echo" && has("http-echo")) return httpEchoProgram(image, args, env);
  if ((name === "python" || name === "python3") && has(name)) {
    const m = args.indexOf("-m");
    if (m >= 0 && args[m + 1] === "http.server") return pythonHttpServerProgram(image, args.slice(m + 2), cwd ?? target.workingDir ?? "/");
    return null;
  }
  const server = image.server;
  if (server && !image.generic && (server.binaries.includes(name) || name.startsWith("-") || name.endsWith("entrypoint.sh"))) return serverProgram(target, repo, argv);
  if (image.generic && name && !NOT_SERVERS.has(name)) return acceptsAndCloses(`generic ${image.reference}`, target.declaredPorts ?? [], 5);
  return null;
}

/** The image's own server, by repository. */
function serverProgram(target: HttpTarget, repo: string, argv: string[]): Program | null {
  const { image, env } = target;
  const ports = image.ports;
  const after = image.server?.listenAfterMs ?? 5;
  if (repo === "registry.k8s.io/echoserver") return echoserverProgram(image.tag || "1.10", ports, after);
  if (BOOTCAMP.has(repo)) return bootcampProgram(image.tag, ports, after);
  if (repo === "gcr.io/google-samples/hello-app") return helloAppProgram(image.tag, env, after);
  if (repo === "registry.k8s.io/hpa-example") return hpaExampleProgram(ports, after);
  if (repo.endsWith("/gb-frontend")) return guestbookFrontendProgram(ports, after);
  if (repo === "registry.k8s.io/coredns/coredns") return corednsProgram(image.version, ports, after);
  if (repo === "registry.k8s.io/serve_hostname") return legacyServeHostnameProgram(argv.slice(1));
  if (image.server?.binaries.includes("nginx")) return nginxProgram(nginxOptionsFor(image), ports, after);
  if (repo === "docker.io/library/httpd") {
    const site = httpdImageSite(image.version);
    return { name: `httpd ${image.version}`, ports, listenAfterMs: after, answer: (ctx) => apacheAnswer(site, ctx) };
  }
  if (repo === "docker.io/library/traefik") return traefikProgram(ports, after);
  const family = tcpFamily(repo);
  if (family) {
    const port = family === "redis" ? Number(flagAfter(argv, "--port")) : Number.NaN;
    return tcpProgram(image, family, Number.isInteger(port) ? [port] : ports, after);
  }
  // A catalogued server whose answers are not modelled (caddy, fluentd, …): it accepts, and says nothing here.
  return ports.length > 0 ? acceptsAndCloses(`${repo} (not modelled)`, ports, after) : null;
}

const flagAfter = (argv: string[], flag: string): string | undefined => {
  const i = argv.indexOf(flag);
  return i >= 0 ? argv[i + 1] : undefined;
};

function acceptsAndCloses(name: string, ports: number[], listenAfterMs: number): Program {
  return { name, ports, listenAfterMs, answer: () => ({ kind: "closed" }), line: () => ({ kind: "open" }) };
}

/** The program listening on the target's port, once it listens; null: the connection is refused. */
function listening(target: HttpTarget, now: Date): Program | null {
  const program = programFor(target);
  if (!program || !program.ports.includes(target.port)) return null;
  if (target.startedAt !== undefined && now.getTime() - target.startedAt < program.listenAfterMs) return null;
  return program;
}

/** What the container's program answers to `req` on `target.port` at `now`. */
export function answerHttp(target: HttpTarget, req: HttpRequestModel, now: Date, hooks: HttpHooks = {}): HttpAnswer {
  const program = listening(target, now);
  if (!program) return { kind: "refused" };
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = v;
  if (!("host" in headers)) headers.host = target.port === 80 ? target.podIP : `${target.podIP}:${target.port}`;
  return program.answer({ target, req: { ...req, headers }, now, hooks });
}

/** What the program answers to one raw TCP line (or RESP command): redis PING, `serve-hostname --tcp`, AMQP. */
export function answerTcpLine(target: HttpTarget, line: string, now: Date, hooks: HttpHooks = {}): TcpAnswer {
  const program = listening(target, now);
  if (!program) return { kind: "refused" };
  return program.line ? program.line(line, { target, now, hooks }) : { kind: "open" };
}

/** A binary protocol's step (DNS over TCP); null where the program on that port speaks HTTP or lines. */
export function answerStream(target: HttpTarget, pending: Uint8Array, now: Date, hooks: HttpHooks = {}): StreamAnswer | null {
  const program = listening(target, now);
  return program?.stream ? program.stream(pending, { target, now, hooks }) : null;
}

/** The ports the container's program listens on (none when its argv starts no server). */
export function listeningPorts(target: Omit<HttpTarget, "port">): number[] {
  return programFor({ ...target, port: 0 })?.ports ?? [];
}

/** Whether a connection to `target.port` at `now` is accepted (the program listens there by then). */
export const acceptsConnections = (target: HttpTarget, now: Date): boolean => listening(target, now) !== null;
