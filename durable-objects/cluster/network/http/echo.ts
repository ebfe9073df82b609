// Servers that answer with something of the request:
// - hashicorp/http-echo (main.go, handlers.go): -text (or, from 1.0, $ECHO_TEXT, which the 1.0 image
//   sets to "hello-world") plus a newline; -listen (":5678"); -status-code (1.0); X-App-Name and
//   X-App-Version on every answer; /health says {"status":"ok"}; one access-log line per request;
// - traefik/whoami (app.go): Hostname, the interfaces' IPs, RemoteAddr, then the request as Go's
//   Request.Write prints it (request line, Host, User-Agent, the other headers sorted, body);
//   /api as JSON, /health, /bench, /data;
// - registry.k8s.io/echoserver: nginx + Lua. 1.4 (kubernetes/contrib ingress/echoheaders, 2016) prints
//   "CLIENT VALUES:"…; 1.9 and 1.10 (ingress-nginx images/echoheaders) the lua-resty-template page
//   "Hostname: …  Pod Information: …", values HTML-escaped, "Server: echoserver".
import type { ImageInfo } from "../../kubelet/images";
import { hash32 } from "../../kubelet/util";
import { flagBool, flagValue, portOf } from "./argv";
import { canonicalKey, goDurationNs, goError, goJsonMap, goJsonString, goMuxRedirect, goNotFound, goResponse } from "./go";
import type { HttpAnswer, HttpResponse, Program, RequestContext } from "./types";
import { byteLength, clfTime, escapeHtml, first, goLogTime, hostName, httpDate, parseQuery, partsOf, type RequestParts, requestLine, versionAtLeast } from "./wire";

/** http-echo, or null when it exits at start (no text, stray arguments). */
export function httpEchoProgram(image: ImageInfo, args: string[], env: Record<string, string>): Program | null {
  const v1 = versionAtLeast(image.version, "1.0.0");
  const listen = flagValue(args, "listen") ?? ":5678";
  // The 1.0 image's Dockerfile: ENV ECHO_TEXT="hello-world".
  const text = flagValue(args, "text") || (v1 ? (env.ECHO_TEXT ?? "hello-world") : "");
  const status = v1 ? Number(flagValue(args, "status-code") ?? 200) : 200;
  const positional = args.filter((a, i) => !a.startsWith("-") && !(i > 0 && /^--?(listen|text|status-code)$/.test(args[i - 1]!)));
  const port = portOf(listen);
  if (!text || positional.length > 0 || !Number.isInteger(port)) return null;
  const appHeaders: Array<[string, string]> = [
    ["X-App-Name", "http-echo"],
    ["X-App-Version", image.version],
  ];
  return {
    name: `http-echo ${image.version} ${listen}`,
    ports: [port],
    listenAfterMs: 5,
    answer: (ctx) => {
      const r = partsOf(ctx.req, ctx.now);
      const redirect = goMuxRedirect(r, ctx.now);
      if (redirect) return redirect;
      if (r.pathname === "/health") return goResponse(r, ctx.now, { headers: appHeaders, body: '{"status":"ok"}\n' });
      const body = `${text}\n`;
      const res = goResponse(r, ctx.now, { status, headers: appHeaders, body });
      const took = goDurationNs(20_000 + (hash32(`${ctx.now.getTime()} ${r.pathname}`) % 40_000));
      const line = `${goLogTime(ctx.now)} ${r.header("host")} ${r.remoteAddr} "${r.method} ${r.pathname} ${r.version}" ${status} ${byteLength(body)} "${r.header("user-agent")}" ${took}`;
      return { ...res, log: [{ stream: "stdout", text: line }] };
    },
  };
}

/** The pod's link-local IPv6 address, derived stably from its name (the veth's MAC, EUI-64). */
function linkLocal(podName: string): string {
  const h = hash32(`${podName}:mac`);
  const h2 = hash32(`${podName}:mac2`);
  const group = (n: number) => (n & 0xffff).toString(16);
  return `fe80::${group((h >>> 16) ^ 0x0200)}:${group(((h & 0xff) << 8) | 0xff)}:${group(0xfe00 | (h2 & 0xff))}:${group(h2 >>> 8)}`;
}

/** Request.Write's dump of the request whoami received. */
function requestDump(r: RequestParts, ctx: RequestContext): string {
  const lines = [`${r.method} ${ctx.req.path} HTTP/1.1`, `Host: ${r.header("host")}`, `User-Agent: ${r.header("user-agent") || "Go-http-client/1.1"}`];
  if (r.body !== "" || ["POST", "PUT", "PATCH"].includes(r.method)) lines.push(`Content-Length: ${byteLength(r.body)}`);
  const skip = new Set(["host", "user-agent", "content-length", "transfer-encoding", "trailer"]);
  const rest = Object.entries(ctx.req.headers)
    .filter(([k]) => !skip.has(k.toLowerCase()))
    .map(([k, v]) => [canonicalKey(k.toLowerCase()), v.replace(/[\r\n]+/g, " ").trim()] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  for (const [k, v] of rest) lines.push(`${k}: ${v}`);
  return `${lines.join("\r\n")}\r\n\r\n${r.body}`;
}

/** traefik/whoami with its flags (--port, --name, --cert/--key) and their env defaults. */
export function whoamiProgram(args: string[], env: Record<string, string>): Program | null {
  const port = Number(flagValue(args, "port") ?? (env.WHOAMI_PORT_NUMBER || "80"));
  const name = flagValue(args, "name") ?? env.WHOAMI_NAME ?? "";
  const tls = (flagValue(args, "cert") ?? "") !== "" && (flagValue(args, "key") ?? "") !== "";
  const verbose = flagBool(args, "verbose", false);
  if (!Number.isInteger(port)) return null;
  return {
    name: `whoami :${port}${tls ? " (TLS)" : ""}`,
    ports: [port],
    listenAfterMs: 5,
    answer: (ctx): HttpAnswer => {
      // A TLS listener answers plain HTTP with Go's fixed 400.
      if (tls) return { kind: "response", version: "HTTP/1.0", status: 400, reason: "Bad Request", headers: [], body: "Client sent an HTTP request to an HTTPS server.\n", closes: true };
      const r = partsOf(ctx.req, ctx.now);
      const ips = ["127.0.0.1", "::1", ctx.target.podIP, linkLocal(ctx.target.podName)];
      const res = whoami(r, ctx, ips, name);
      if (!verbose || res.kind !== "response") return res;
      return { ...res, log: [{ stream: "stderr", text: `${goLogTime(ctx.now)} ${r.remoteAddr} - - [${clfTime(ctx.now)}] "${r.method} ${r.pathname} ${r.version}" - -` }] };
    },
  };
}

function whoami(r: RequestParts, ctx: RequestContext, ips: string[], name: string): HttpAnswer {
  const redirect = goMuxRedirect(r, ctx.now);
  if (redirect) return redirect;
  const q = parseQuery(r.query);
  const truthy = (v: string) => ["1", "t", "T", "true", "TRUE", "True"].includes(v);
  const environ = truthy(first(q, "env")) ? Object.entries(ctx.target.env).map(([k, v]) => `${k}=${v}`) : [];
  switch (r.pathname) {
    case "/api": {
      const headers: Record<string, string[]> = {};
      for (const [k, v] of Object.entries(ctx.req.headers)) if (k.toLowerCase() !== "host") headers[canonicalKey(k.toLowerCase())] = [v];
      const str = goJsonString;
      const parts = [
        `"hostname":${str(ctx.target.podName)}`,
        `"ip":[${ips.map(str).join(",")}]`,
        ...(Object.keys(headers).length > 0 ? [`"headers":${goJsonMap(headers)}`] : []),
        `"url":${str(ctx.req.path)}`,
        `"host":${str(r.header("host"))}`,
        `"method":${str(r.method)}`,
        ...(name ? [`"name":${str(name)}`] : []),
        `"remoteAddr":${str(r.remoteAddr)}`,
        ...(environ.length > 0 ? [`"environ":${goJsonMap(Object.fromEntries(environ.map((e) => [e.slice(0, e.indexOf("=")), e.slice(e.indexOf("=") + 1)])))}`] : []),
      ];
      return goResponse(r, ctx.now, { headers: [["Content-Type", "application/json"]], body: `{${parts.join(",")}}\n` });
    }
    case "/health":
      return goResponse(r, ctx.now, { body: "" });
    case "/bench":
      return goResponse(r, ctx.now, { headers: [["Connection", "keep-alive"], ["Content-Type", "text/plain"]], body: "1" });
    case "/data": {
      const given = first(q, "size");
      let size = /^[+-]?\d+$/.test(given) ? Number(given) : 1;
      const unit = { kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3, tb: 1024 ** 4 }[first(q, "unit").toLowerCase()] ?? 1;
      size = Math.max(0, size) * unit;
      if (size > 1024 * 1024) return goError(r, ctx.now, "kubedo: /data larger than 1 MiB is not simulated", 501);
      return goResponse(r, ctx.now, { body: dataContent(size) });
    }
    case "/echo":
      // gorilla/websocket's Upgrade, for a request that is not a WebSocket handshake.
      return goResponse(r, ctx.now, { status: 400, headers: [["Content-Type", "text/plain; charset=utf-8"], ["Sec-Websocket-Version", "13"], ["X-Content-Type-Options", "nosniff"]], body: "Bad Request\n" });
    case "/openapi.yaml":
      return goError(r, ctx.now, "kubedo: whoami's /openapi.yaml is not simulated", 501);
    default: {
      const out = [...(name ? [`Name: ${name}`] : []), `Hostname: ${ctx.target.podName}`, ...ips.map((ip) => `IP: ${ip}`), `RemoteAddr: ${r.remoteAddr}`];
      const body = `${out.join("\n")}\n${requestDump(r, ctx)}${environ.map((e) => `${e}\n`).join("")}`;
      return goResponse(r, ctx.now, { body });
    }
  }
}

/** whoami's contentReader (content.go): `size` bytes, "|" then "-ABC…Z" from index 1 on, then "|"; size 1 or less reads nothing. */
function dataContent(size: number): string {
  if (size <= 1) return "";
  const charset = "-ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  let out = "|";
  for (let i = 1; i <= size - 2; i++) out += charset[i % charset.length];
  return `${out}|`;
}

/** traefik with no configuration: the `http` entrypoint on :80 and no routers, so every path is Go's 404. */
export function traefikProgram(ports: number[], listenAfterMs: number): Program {
  return { name: "traefik (no routers)", ports, listenAfterMs, answer: (ctx) => goNotFound(partsOf(ctx.req, ctx.now), ctx.now) };
}

/** registry.k8s.io/echoserver at `tag`: nginx (8080) whose only location prints the request back. */
export function echoserverProgram(tag: string, ports: number[], listenAfterMs: number): Program {
  const old = !versionAtLeast(tag, "1.5");
  const nginx = old ? "1.10.0" : "1.13.3";
  const lua = old ? "10001" : "10008";
  return {
    name: `echoserver ${tag}`,
    ports,
    listenAfterMs,
    answer: (ctx) => echoserver(ctx, old, nginx, lua),
  };
}

function echoserver(ctx: RequestContext, old: boolean, nginx: string, lua: string): HttpResponse {
  const r = partsOf(ctx.req, ctx.now);
  const host = hostName(r.header("host"), "_");
  const httpVersion = r.version === "HTTP/1.0" ? "1" : r.version.replace("HTTP/", "");
  const keys = Object.keys(ctx.req.headers).map((k) => k.toLowerCase()).sort();
  const header = (k: string) => Object.entries(ctx.req.headers).find(([key]) => key.toLowerCase() === k)?.[1] ?? "";
  const requestUri = ctx.req.path;
  let body: string;
  if (old) {
    body =
      `CLIENT VALUES:\nclient_address=${r.clientIP}\ncommand=${r.method}\nreal path=${requestUri}\nquery=${r.hasQuery ? r.query : "nil"}\n` +
      `request_version=${httpVersion}\nrequest_uri=http://${host}:8080${requestUri}\n\nSERVER VALUES:\nserver_version=nginx: ${nginx} - lua: ${lua}\n\n` +
      `HEADERS RECEIVED:\n${keys.map((k) => `${k}=${header(k)}\n`).join("")}BODY:\n${r.body || "-no body in request-"}`;
  } else {
    const e = (s: string) => escapeHtml(s, true).replaceAll("&#x27;", "&#39;");
    const env = ctx.target.env;
    const pod = env.POD_NAME
      ? `\tnode name:\t${e(env.NODE_NAME ?? "N/A")}\n\tpod name:\t${e(env.POD_NAME)}\n\tpod namespace:\t${e(env.POD_NAMESPACE ?? "N/A")}\n\tpod IP:\t${e(env.POD_IP ?? "N/A")}\n`
      : "\t-no pod information available-\n";
    body =
      `\n\nHostname: ${e(env.HOSTNAME ?? "N/A")}\n\nPod Information:\n${pod}\nServer values:\n\tserver_version=nginx: ${nginx} - lua: ${lua}\n\n` +
      `Request Information:\n\tclient_address=${e(r.clientIP)}\n\tmethod=${e(r.method)}\n\treal path=${e(requestUri)}\n\tquery=${e(r.query)}\n` +
      `\trequest_version=${httpVersion}\n\trequest_scheme=http\n\trequest_uri=${e(`http://${host}:8080${requestUri}`)}\n\n` +
      `Request Headers:\n${keys.map((k) => `\t${e(k)}=${e(header(k))}\n`).join("")}\nRequest Body:\n${r.body ? e(r.body) : "\t-no body in request-"}\n\n`;
  }
  const http10 = r.version === "HTTP/1.0";
  const c = r.header("connection").toLowerCase();
  const chunked = !http10 && !r.head;
  const keep = (http10 ? c === "keep-alive" : c !== "close") && (chunked || r.head);
  const headers: Array<[string, string]> = [
    ...(old ? [["Server", `nginx/${nginx}`] as [string, string]] : []),
    ["Date", httpDate(ctx.now)],
    ["Content-Type", "text/plain"],
    ...(chunked ? [["Transfer-Encoding", "chunked"] as [string, string]] : []),
    ["Connection", keep ? "keep-alive" : "close"],
    ...(old ? [] : [["Server", "echoserver"] as [string, string]]),
  ];
  const dash = (v: string) => (v === "" ? "-" : v);
  const access = `${r.clientIP} - - [${clfTime(ctx.now)}] "${requestLine(ctx.req)}" 200 ${r.head ? 0 : byteLength(body)} "${dash(r.header("referer"))}" "${dash(r.header("user-agent"))}"`;
  return {
    kind: "response",
    version: "HTTP/1.1",
    status: 200,
    reason: "OK",
    headers,
    body: r.head ? "" : body,
    ...(keep ? {} : { closes: true }),
    log: [{ stream: "stdout", text: access }],
  };
}
