// The tutorials' sample servers that are a few lines of code:
// - kubernetes-bootcamp (tutorials/kubernetes-basics): server.js on Node 6, as `cat server.js` in the
//   image shows it: "Hello Kubernetes bootcamp! | Running on: <HOSTNAME> | v=1\n", chunked, one log
//   line per request;
// - hello-app (GoogleCloudPlatform/kubernetes-engine-samples quickstarts/hello-app/main.go): Go's
//   net/http on $PORT (8080), "Hello, world!\nVersion: 1.0.0\nHostname: <os.Hostname()>\n" at every path.
import { goMuxRedirect, goResponse } from "./go";
import type { HttpResponse, Program, RequestContext } from "./types";
import { goLogTime, httpDate, partsOf, percentDecode } from "./wire";

/** kubernetes-bootcamp's server.js; `tag` v1 or v2 decides the "v=" it prints. */
export function bootcampProgram(tag: string, ports: number[], listenAfterMs: number): Program {
  const v = tag === "v2" ? "2" : "1";
  return {
    name: `kubernetes-bootcamp ${tag}`,
    ports,
    listenAfterMs,
    answer: (ctx) => bootcamp(v, listenAfterMs, ctx),
  };
}

function bootcamp(v: string, listenAfterMs: number, ctx: RequestContext): HttpResponse {
  const r = partsOf(ctx.req, ctx.now);
  // `host` is read from process.env.HOSTNAME once listening; console.log prints an unset one as "undefined".
  const host = ctx.target.env.HOSTNAME ?? "undefined";
  const body = `Hello Kubernetes bootcamp! | Running on: ${host} | v=${v}\n`;
  // Node's ServerResponse: the handler's Content-Type, then Date, Connection, Transfer-Encoding.
  const http10 = r.version === "HTTP/1.0";
  const c = r.header("connection").toLowerCase();
  const keep = http10 ? c === "keep-alive" : c !== "close";
  const chunked = !r.head && !http10;
  const headers: Array<[string, string]> = [
    ["Content-Type", "text/plain"],
    ["Date", httpDate(ctx.now)],
    ["Connection", keep && (chunked || r.head) ? "keep-alive" : "close"],
    ...(chunked ? [["Transfer-Encoding", "chunked"] as [string, string]] : []),
  ];
  const startTime = (ctx.target.startedAt ?? ctx.now.getTime() - listenAfterMs) + listenAfterMs;
  const uptime = Math.max(0, ctx.now.getTime() - startTime) / 1000;
  const served = (ctx.target.requestsServed ?? 0) + 1;
  return {
    kind: "response",
    version: "HTTP/1.1",
    status: 200,
    reason: "OK",
    headers,
    body: r.head ? "" : body,
    ...(headers[2]![1] === "close" ? { closes: true } : {}),
    log: [{ stream: "stdout", text: `Running On: ${host} | Total Requests: ${served} | App Uptime: ${uptime} seconds | Log Time: ${ctx.now.toISOString()}` }],
  };
}

/** hello-app: the version its main.go prints for an image tag ("1.0" → "1.0.0", "2.0" → "2.0.0"). */
export function helloAppVersion(tag: string): string {
  const parts = (tag || "1.0").replace(/^v/, "").split(".");
  while (parts.length < 3) parts.push("0");
  return parts.slice(0, 3).join(".");
}

/** hello-app's main.go: every path answers hello, the version and the host name. */
export function helloAppProgram(tag: string, env: Record<string, string>, listenAfterMs: number): Program {
  const port = Number(env.PORT || "8080");
  const version = helloAppVersion(tag);
  return {
    name: `hello-app ${version}`,
    ports: Number.isInteger(port) ? [port] : [],
    listenAfterMs,
    answer: (ctx) => {
      const r = partsOf(ctx.req, ctx.now);
      const redirect = goMuxRedirect(r, ctx.now);
      if (redirect) return redirect;
      const res = goResponse(r, ctx.now, { body: `Hello, world!\nVersion: ${version}\nHostname: ${ctx.target.podName}\n` });
      return { ...res, log: [{ stream: "stderr", text: `${goLogTime(ctx.now)} Serving request: ${percentDecode(r.pathname)}` }] };
    },
  };
}
