// agnhost's HTTP subcommands (kubernetes/kubernetes test/images/agnhost/*), and the older
// registry.k8s.io/serve_hostname (test/images/serve_hostname): handlers, flags and log lines as the Go
// source has them; Go's net/http writes the responses (go.ts). agnhost routes the standard logger to
// klog ("I1022 10:00:00.123000       1 log.go:195] GET /").
// Not simulated, and answered so (501 with "kubedo: … is not simulated"): netexec's /dial, /upload,
// /exit and /shutdown, and /shell without a `shell` hook (there is no shell to fake).
import { basename, flagBool, flagValue } from "./argv";
import { goDurationString, goError, goJsonMap, goMuxRedirect, goNotFound, goQuote, goRedirect, goResponse, goTimeString } from "./go";
import type { HttpAnswer, HttpResponse, LogEntry, Program, RequestContext } from "./types";
import { first, goLogTime, klogPrefix, parseQuery, partsOf, percentDecode, type RequestParts } from "./wire";
import { hash32 } from "../../kubelet/util";

const klog = (ctx: RequestContext, text: string): LogEntry => ({ stream: "stderr", text: `${klogPrefix(ctx.now)}log.go:195] ${text}` });
const withLog = (res: HttpAnswer, log: LogEntry[]): HttpAnswer => (res.kind === "response" ? { ...res, log: [...(res.log ?? []), ...log] } : res);
const notSimulated = (r: RequestParts, now: Date, what: string): HttpResponse => goError(r, now, `kubedo: ${what} is not simulated`, 501);
const sinceStart = (ctx: RequestContext, listenAfterMs = 0) => (ctx.target.startedAt === undefined ? listenAfterMs : ctx.now.getTime() - ctx.target.startedAt);

/** The program an agnhost argv runs (`agnhost netexec --http-port=8080` and the like), or null. */
export function agnhostProgram(args: string[]): Program | null {
  const sub = args[0];
  const rest = args.slice(1);
  switch (sub) {
    case "netexec":
      return netexec(rest);
    case "serve-hostname":
      return serveHostname(rest, "agnhost");
    case "liveness":
      return liveness();
    case "test-webserver":
      return testWebserver(rest);
    default:
      return null;
  }
}

/** registry.k8s.io/serve_hostname: the same server with Go's flag package and the standard logger. */
export function legacyServeHostnameProgram(args: string[]): Program {
  return serveHostname(args, "legacy");
}

/** FormValue: the query, then (for POST/PUT/PATCH forms) the body. */
function form(r: RequestParts): Map<string, string[]> {
  const q = parseQuery(r.query);
  if (["POST", "PUT", "PATCH"].includes(r.method) && r.header("content-type").startsWith("application/x-www-form-urlencoded")) {
    for (const [k, v] of parseQuery(r.body)) q.set(k, [...(q.get(k) ?? []), ...v]);
  }
  return q;
}

function netexec(args: string[]): Program {
  const port = Number(flagValue(args, "http-port") ?? 8080);
  const udpPort = Number(flagValue(args, "udp-port") ?? 8081);
  const sctpPort = Number(flagValue(args, "sctp-port") ?? -1);
  const override = flagValue(args, "http-override") ?? "";
  // /healthz is ready once the UDP (or SCTP) server started; with neither it never is.
  const ready = udpPort !== -1 || sctpPort !== -1;
  return {
    name: `agnhost netexec :${port}`,
    ports: [port],
    listenAfterMs: 5,
    answer: (ctx) => {
      const req = override ? { ...ctx.req, method: "GET", path: override } : ctx.req;
      const r = partsOf(req, ctx.now);
      const redirect = goMuxRedirect(r, ctx.now);
      if (redirect) return redirect;
      const q = form(r);
      const ok = (body: string, log: string, status?: number) => withLog(goResponse(r, ctx.now, { body, ...(status ? { status } : {}) }), [klog(ctx, log)]);
      switch (r.pathname) {
        case "/clientip":
          return ok(r.remoteAddr, "GET /clientip");
        case "/echo": {
          const msg = first(q, "msg");
          const code = first(q, "code");
          const log = `GET /echo?msg=${msg}&code=${code}`;
          if (code === "") return ok(msg, log);
          const n = Number(code);
          if (!/^[+-]?\d+$/.test(code)) return ok(`argument 'code' must be an integer or empty, got ${goQuote(code)}\n`, log);
          // WriteHeader panics on a code outside 100–999; net/http recovers by dropping the connection.
          if (n < 100 || n > 999) return { kind: "closed", log: [klog(ctx, log)] };
          return ok(msg, log, n);
        }
        case "/healthz":
          return withLog(goResponse(r, ctx.now, { status: ready ? 200 : 412, body: "" }), [klog(ctx, "GET /healthz")]);
        case "/hostname":
          return ok(ctx.target.podName, "GET /hostname");
        case "/hostName":
          return ok(ctx.target.podName, "GET /hostName");
        case "/redirect": {
          const location = first(q, "location");
          const code = first(q, "code");
          const log = klog(ctx, `${r.method} /redirect?msg=${location}&code=${code}`);
          if (code !== "" && !/^[+-]?\d+$/.test(code)) return ok(`argument 'code' must be an integer or empty, got ${goQuote(code)}\n`, `${r.method} /redirect?msg=${location}&code=${code}`);
          return withLog(goRedirect(r, ctx.now, location, code === "" ? 302 : Number(code)), [log]);
        }
        case "/shell": {
          const cmd = first(q, "shellCommand") || first(q, "cmd");
          const log = klog(ctx, `GET /shell?cmd=${cmd}`);
          const shell = ctx.hooks.shell;
          if (!shell) return withLog(notSimulated(r, ctx.now, "netexec's /shell"), [log]);
          const out = shell(cmd);
          const result: Record<string, string> = {};
          if (out.output !== "") result.output = out.output;
          if (out.exitCode !== 0) result.error = `exit status ${out.exitCode}`;
          return withLog(goResponse(r, ctx.now, { body: goJsonMap(result) }), [log]);
        }
        case "/dial":
        case "/upload":
        case "/exit":
        case "/shutdown":
          return notSimulated(r, ctx.now, `netexec's ${r.pathname}`);
        default: {
          // "/" matches every other path.
          const seed = hash32(`${ctx.target.podName} ${ctx.now.getTime()} ${r.pathname}`);
          return ok(`NOW: ${goTimeString(ctx.now, sinceStart(ctx, 5), seed)}`, "GET /");
        }
      }
    },
  };
}

function serveHostname(args: string[], flavor: "agnhost" | "legacy"): Program {
  const port = Number(flagValue(args, "port") ?? 9376);
  const tcp = flagBool(args, "tcp", false);
  const http = flagBool(args, "http", true);
  const close = flavor === "agnhost" && flagBool(args, "close", false);
  const logLine = (ctx: RequestContext, text: string): LogEntry =>
    flavor === "agnhost" ? klog(ctx, text) : { stream: "stderr", text: `${goLogTime(ctx.now)} ${text}` };
  // HTTP and TCP together make it exit at start ("Can't server TCP/UDP mode and HTTP mode at the same time").
  const serving = http ? !tcp : tcp;
  return {
    name: `${flavor === "agnhost" ? "agnhost serve-hostname" : "serve_hostname"} :${port}${tcp ? " (tcp)" : ""}`,
    ports: serving ? [port] : [],
    listenAfterMs: 3,
    answer: (ctx) => {
      const r = partsOf(ctx.req, ctx.now);
      if (tcp) return { kind: "closed", data: ctx.target.podName, log: [logLine(ctx, `TCP request from ${r.remoteAddr}`)] };
      const redirect = goMuxRedirect(r, ctx.now);
      if (redirect) return redirect;
      const res = goResponse(r, ctx.now, { headers: close ? [["Connection", "close"]] : [], body: ctx.target.podName });
      return { ...res, ...(close ? { closes: true } : {}), log: [logLine(ctx, `HTTP request from ${r.remoteAddr}`)] };
    },
    line: (_line, ctx) => (tcp ? { kind: "data", data: ctx.target.podName, close: true } : { kind: "open" }),
  };
}

/** agnhost liveness: healthy for 10 s after it starts, then /healthz answers 500 with the seconds it has been up. */
function liveness(): Program {
  return {
    name: "agnhost liveness :8080",
    ports: [8080],
    listenAfterMs: 5,
    answer: (ctx) => {
      const r = partsOf(ctx.req, ctx.now);
      const redirect = goMuxRedirect(r, ctx.now);
      if (redirect) return redirect;
      const q = parseQuery(r.query);
      const upNs = Math.max(0, sinceStart(ctx)) * 1_000_000 + (hash32(`${ctx.target.podName} ${ctx.now.getTime()}`) % 1_000_000);
      const intParam = (name: string, dflt: number): number | null => {
        const v = first(q, name);
        if (v === "") return dflt;
        return /^[+-]?\d+$/.test(v) ? Number(v) : null;
      };
      switch (r.pathname) {
        case "/started":
          return goResponse(r, ctx.now, { status: 200, body: goDurationString(upNs) });
        case "/healthz": {
          const seconds = upNs / 1e9;
          return seconds > 10 ? goResponse(r, ctx.now, { status: 500, body: `error: ${seconds}` }) : goResponse(r, ctx.now, { status: 200, body: "ok" });
        }
        case "/redirect":
          return goRedirect(r, ctx.now, percentDecode(first(q, "loc").replaceAll("+", " ")), 302);
        case "/sleep-headers":
        case "/sleep-body":
        case "/slow-response": {
          const code = intParam("code", 500);
          const sleep = intParam("time", 0);
          const size = intParam("size", 0);
          if (code === null || sleep === null || size === null) return goError(r, ctx.now, "parameter is invalid", 400);
          const filler = hexFiller(size, ctx);
          const body =
            r.pathname === "/sleep-headers" ? `Slept for ${sleep} secs\n${filler}` : r.pathname === "/sleep-body" ? `${filler}Sleeping for ${sleep} secs\nSlept for ${sleep} secs\n` : filler;
          return goResponse(r, ctx.now, { status: code, body });
        }
        case "/disconnect-headers":
        case "/disconnect-body":
          return { kind: "closed" };
        default:
          return goNotFound(r, ctx.now);
      }
    },
  };
}

/** `size` KiB of "%16x" random words (agnhost's writeBody), stable per request. */
function hexFiller(size: number, ctx: RequestContext): string {
  let out = "";
  for (let i = 0; i < Math.min(size, 1024) * 64; i++) {
    const word = (hash32(`${ctx.now.getTime()}:${i}:a`).toString(16).padStart(8, "0") + hash32(`${ctx.now.getTime()}:${i}:b`).toString(16).padStart(8, "0")).replace(/^0+/, "");
    out += word.padStart(16, " ");
  }
  return out;
}

/** The top of agnhost's (Alpine) root filesystem, as http.FileServer lists it. */
const AGNHOST_ROOT = ["agnhost", "bin/", "dev/", "etc/", "home/", "lib/", "localhost.crt", "localhost.key", "media/", "mnt/", "opt/", "proc/", "root/", "run/", "sbin/", "srv/", "sys/", "tmp/", "usr/", "var/"];

/** agnhost test-webserver: http.FileServer(http.Dir("/")) behind CORS headers. */
function testWebserver(args: string[]): Program {
  const port = Number(flagValue(args, "port") ?? 80);
  const cors: Array<[string, string]> = [
    ["Cache-Control", "private"],
    ["Access-Control-Allow-Origin", "*"],
    ["Access-Control-Allow-Credentials", "true"],
    ["Access-Control-Allow-Methods", "GET, POST, OPTIONS"],
    ["Access-Control-Allow-Headers", "DNT,X-Mx-ReqToken,Keep-Alive,User-Agent,X-Requested-With,Cache-Control,Content-Type"],
  ];
  return {
    name: `agnhost test-webserver :${port}`,
    ports: [port],
    listenAfterMs: 5,
    answer: (ctx) => {
      const r = partsOf(ctx.req, ctx.now);
      const path = percentDecode(r.pathname);
      const fsFile = ctx.hooks.fs?.file(path);
      if (fsFile) return goResponse(r, ctx.now, { headers: cors, body: fsFile.content });
      const listing = path === "/" ? (ctx.hooks.fs?.dir?.("/")?.map((e) => (e.dir && !e.link ? `${e.name}/` : e.name)) ?? AGNHOST_ROOT) : null;
      if (!listing) {
        const headers: Array<[string, string]> = [...cors, ["Content-Type", "text/plain; charset=utf-8"], ["X-Content-Type-Options", "nosniff"]];
        return goResponse(r, ctx.now, { status: 404, headers, body: "404 page not found\n" });
      }
      const body = `<!doctype html>\n<meta name="viewport" content="width=device-width">\n<pre>\n${[...listing].sort().map((n) => `<a href="${n}">${n}</a>\n`).join("")}</pre>\n`;
      return goResponse(r, ctx.now, { headers: [...cors, ["Content-Type", "text/html; charset=utf-8"]], body });
    },
  };
}

/** Whether argv[0] is the agnhost binary. */
export const isAgnhost = (argv0: string): boolean => basename(argv0) === "agnhost";
