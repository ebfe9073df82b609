// nginx serving its default site, as the Docker image (conf.d/default.conf) and a source build
// (registry.k8s.io/nginx-slim: conf/nginx.conf) configure it: root /usr/share/nginx/html, index
// index.html, error_page 5xx /50x.html, autoindex off. The order of the handlers and their statuses follow
// nginx's C (ngx_http_index_module.c, ngx_http_static_module.c, ngx_http_core_module.c); error pages are
// ngx_http_special_response.c's bytes (with `bgcolor="white"` before 1.15.4, MSIE/Chrome padding); the
// response headers come in ngx_http_header_filter_module.c's order. The pages' bytes: nginx-pages.ts.
import type { ImageInfo } from "../../kubelet/images";
import { ERROR_50X_1_15_3, ERROR_50X_1_21_2, ERROR_50X_OLD, RELEASES, WELCOME_1_21_2, WELCOME_1_29_6, WELCOME_1_3_6 } from "./nginx-pages";
import type { HttpResponse, LogEntry, Program, RequestContext } from "./types";
import { byteLength, clfTime, goLogTime, hostName, httpDate, partsOf, percentDecode, type RequestParts, requestLine, versionAtLeast } from "./wire";

const ROOT = "/usr/share/nginx/html";

/** The nginx version each registry.k8s.io/nginx-slim tag was built from (kubernetes/contrib, then ingress-nginx images/nginx-slim build.sh). */
const NGINX_SLIM: Record<string, string> = {
  "0.5": "1.9.13", "0.6": "1.10.0", "0.7": "1.11.0", "0.8": "1.11.1", "0.9": "1.11.2", "0.10": "1.11.4", "0.11": "1.11.5",
  "0.12": "1.11.8", "0.13": "1.11.9", "0.14": "1.11.10", "0.15": "1.11.12", "0.16": "1.11.12", "0.17": "1.13.0",
  "0.18": "1.13.1", "0.19": "1.13.1", "0.20": "1.13.2", "0.21": "1.13.3", "0.22": "1.13.3", "0.23": "1.13.4",
  "0.24": "1.13.5", "0.25": "1.13.5", "0.26": "1.13.5", "0.27": "1.13.6",
};

/** Each release's date (seconds), from nginx-pages.ts. */
const RELEASE_TIME = new Map(RELEASES.trim().split(/\s+/).map((e) => {
  const [v, hex] = e.split(":");
  return [v!, parseInt(hex!, 16)] as const;
}));

/** The full release a version names ("1.27" → its newest 1.27.x), else the newest release. */
function release(version: string): string {
  if (RELEASE_TIME.has(version)) return version;
  const all = [...RELEASE_TIME.keys()];
  return [...all].reverse().find((v) => v.startsWith(`${version}.`)) ?? all[all.length - 1]!;
}

/** The statuses nginx has a page for, with its status line's words (ngx_http_status_lines). */
const TITLES: Record<number, string> = {
  301: "Moved Permanently", 302: "Found", 303: "See Other", 304: "Not Modified", 307: "Temporary Redirect", 308: "Permanent Redirect",
  400: "Bad Request", 403: "Forbidden", 404: "Not Found", 405: "Not Allowed", 413: "Request Entity Too Large",
  414: "Request-URI Too Large", 500: "Internal Server Error", 501: "Not Implemented", 502: "Bad Gateway",
  503: "Service Temporarily Unavailable", 504: "Gateway Time-out",
};

const PADDING = "<!-- a padding to disable MSIE and Chrome friendly error page -->\r\n".repeat(6);

const MIME: Record<string, string> = {
  html: "text/html", htm: "text/html", shtml: "text/html", css: "text/css", xml: "text/xml", txt: "text/plain",
  js: "application/javascript", json: "application/json", png: "image/png", gif: "image/gif", jpg: "image/jpeg",
  jpeg: "image/jpeg", svg: "image/svg+xml", ico: "image/x-icon", webp: "image/webp", woff: "font/woff", woff2: "font/woff2",
  pdf: "application/pdf", wasm: "application/wasm",
};

export interface NginxOptions {
  /** "1.27.3" */
  version: string;
  /** The access log's format: the Docker image's `main` (with X-Forwarded-For), or nginx's built-in `combined`. */
  logFormat: "main" | "combined";
}

/** The options for an image whose server binary is nginx. */
export function nginxOptionsFor(image: ImageInfo): NginxOptions {
  if (image.repository.endsWith("/nginx-slim")) return { version: NGINX_SLIM[image.tag] ?? "1.13.6", logFormat: "combined" };
  return { version: release(/^\d/.test(image.version) ? image.version : ""), logFormat: "main" };
}

/** The bytes the image ships at `path` under the document root, with their mtime (s). */
function builtinFile(version: string, path: string): { content: string; mtime: number } | null {
  const mtime = RELEASE_TIME.get(release(version)) ?? 0;
  if (path === "/index.html") {
    const content = versionAtLeast(version, "1.29.6") ? WELCOME_1_29_6 : versionAtLeast(version, "1.21.2") ? WELCOME_1_21_2 : WELCOME_1_3_6;
    return { content, mtime };
  }
  if (path === "/50x.html") {
    const content = versionAtLeast(version, "1.21.2") ? ERROR_50X_1_21_2 : versionAtLeast(version, "1.15.3") ? ERROR_50X_1_15_3 : ERROR_50X_OLD;
    return { content, mtime };
  }
  return null;
}

/** nginx's special response for `status` (ngx_http_send_special_response). */
export function nginxErrorPage(version: string, status: number, userAgent = ""): string {
  const title = `${status} ${TITLES[status] ?? ""}`;
  const body = versionAtLeast(version, "1.15.4") ? "<body>" : '<body bgcolor="white">';
  const page = `<html>\r\n<head><title>${title}</title></head>\r\n${body}\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx/${version}</center>\r\n</body>\r\n</html>\r\n`;
  return status >= 400 && friendlyErrorBrowser(userAgent) ? page + PADDING : page;
}

/** ngx_http_process_user_agent: MSIE (not Opera), or Chrome without "Gecko/", gets padded error pages. */
function friendlyErrorBrowser(ua: string): boolean {
  const msie = ua.indexOf("MSIE ");
  const isMsie = msie >= 0 && msie + 7 < ua.length && !ua.includes("Opera");
  if (isMsie) return true;
  return !ua.includes("Opera") && !ua.includes("Gecko/") && ua.includes("Chrome/");
}

/** The URI as nginx maps it to a file: decoded, `//` merged, `.` and `..` resolved; null if it climbs above the root. */
function normalize(pathname: string): string | null {
  const decoded = percentDecode(pathname);
  const out: string[] = [];
  for (const seg of decoded.split("/").slice(1)) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") {
      if (out.length === 0) return null;
      out.pop();
    } else out.push(seg);
  }
  const trailing = decoded.endsWith("/") || decoded.endsWith("/.") || decoded.endsWith("/..");
  return `/${out.join("/")}${trailing && out.length > 0 ? "/" : ""}`;
}

export function nginxProgram(opts: NginxOptions, ports: number[], listenAfterMs: number): Program {
  const { version } = opts;
  return {
    name: `nginx/${version}`,
    ports,
    listenAfterMs,
    answer: (ctx) => answer(opts, ctx),
  };
}

function answer(opts: NginxOptions, ctx: RequestContext): HttpResponse {
  const { version } = opts;
  const r = partsOf(ctx.req, ctx.now);
  const fs = ctx.hooks.fs;
  const log: LogEntry[] = [];
  const errorLog = (what: string) => {
    const host = r.has("host") ? `, host: "${r.header("host")}"` : "";
    log.push({ stream: "stderr", text: `${goLogTime(ctx.now)} [error] 29#29: *${(ctx.target.requestsServed ?? 0) + 1} ${what}, client: ${r.clientIP}, server: localhost, request: "${requestLine(ctx.req)}"${host}` });
  };
  const file = (path: string): { content: string; mtime: number } | null => {
    const over = fs?.file(ROOT + path);
    if (over === null) return null;
    if (over) return { content: over.content, mtime: Math.floor((over.mtimeMs ?? (RELEASE_TIME.get(release(version)) ?? 0) * 1000) / 1000) };
    return builtinFile(version, path);
  };
  const isDir = (path: string): boolean => {
    const p = path.replace(/\/$/, "") || "/";
    const over = fs?.dir?.(ROOT + (p === "/" ? "" : p));
    if (over === null) return false;
    if (over) return true;
    return p === "/";
  };

  const finish = (res: HttpResponse): HttpResponse => {
    const sent = r.head ? 0 : byteLength(res.body);
    const dash = (v: string) => (v === "" ? "-" : v);
    const tail = opts.logFormat === "main" ? ` "${dash(r.header("x-forwarded-for"))}"` : "";
    log.push({ stream: "stdout", text: `${r.clientIP} - - [${clfTime(ctx.now)}] "${requestLine(ctx.req)}" ${res.status} ${sent} "${dash(r.header("referer"))}" "${dash(r.header("user-agent"))}"${tail}` });
    return { ...res, ...(r.head ? { body: "" } : {}), log };
  };

  // The parser: an upper-case method token, an absolute path that stays under the root.
  if (!/^[A-Z_-]+$/.test(r.method)) return finish(special(r, ctx, version, 400, true));
  const uri = normalize(r.pathname);
  if (uri === null || !r.pathname.startsWith("/")) return finish(special(r, ctx, version, 400, true));
  const getLike = r.method === "GET" || r.method === "HEAD" || r.method === "POST";

  if (uri.endsWith("/")) {
    // ngx_http_index_module: GET/HEAD/POST try index.html then index.htm in the directory.
    if (getLike) {
      for (const name of ["index.html", "index.htm"]) {
        const f = file(uri + name);
        if (f) return finish(r.method === "POST" ? special(r, ctx, version, 405) : serveFile(r, ctx, version, uri + name, f));
      }
      if (!isDir(uri)) {
        errorLog(`"${ROOT}${uri}index.html" is not found (2: No such file or directory)`);
        return finish(special(r, ctx, version, 404));
      }
      errorLog(`directory index of "${ROOT}${uri}" is forbidden`);
      return finish(special(r, ctx, version, 403));
    }
    return finish(special(r, ctx, version, 405));
  }
  // ngx_http_static_module.
  if (!getLike) return finish(special(r, ctx, version, 405));
  const f = file(uri);
  if (f) return finish(r.method === "POST" ? special(r, ctx, version, 405) : serveFile(r, ctx, version, uri, f));
  if (isDir(uri)) {
    const host = hostName(r.header("host"), ctx.target.podIP);
    const port = ctx.target.port === 80 ? "" : `:${ctx.target.port}`;
    const location = `http://${host}${port}${r.pathname}/${r.hasQuery ? `?${r.query}` : ""}`;
    return finish(special(r, ctx, version, 301, false, location));
  }
  errorLog(`open() "${ROOT}${uri}" failed (2: No such file or directory)`);
  return finish(special(r, ctx, version, 404));
}

function connection(r: RequestParts, forceClose: boolean): [string, string] {
  const c = r.header("connection").toLowerCase();
  const keep = !forceClose && (r.version === "HTTP/1.1" ? c !== "close" : c === "keep-alive");
  return ["Connection", keep ? "keep-alive" : "close"];
}

function serveFile(r: RequestParts, ctx: RequestContext, version: string, path: string, f: { content: string; mtime: number }): HttpResponse {
  const size = byteLength(f.content);
  const lastModified = httpDate(f.mtime * 1000);
  const etag = `"${f.mtime.toString(16)}-${size.toString(16)}"`;
  const ims = r.header("if-modified-since");
  const inm = r.header("if-none-match");
  const conn = connection(r, false);
  if ((ims || inm) && (!ims || ims === lastModified) && (!inm || inm === "*" || inm.split(/\s*,\s*/).some((t) => t.replace(/^W\//, "") === etag))) {
    return status304(ctx, version, lastModified, conn, etag);
  }
  const ext = path.slice(path.lastIndexOf(".") + 1).toLowerCase();
  const headers: Array<[string, string]> = [
    ["Server", `nginx/${version}`],
    ["Date", httpDate(ctx.now)],
    ["Content-Type", path.includes(".") ? (MIME[ext] ?? "application/octet-stream") : "application/octet-stream"],
    ["Content-Length", String(size)],
    ["Last-Modified", lastModified],
    conn,
    ["ETag", etag],
    ["Accept-Ranges", "bytes"],
  ];
  return { kind: "response", version: "HTTP/1.1", status: 200, reason: "OK", headers, body: f.content, ...(conn[1] === "close" ? { closes: true } : {}) };
}

function status304(ctx: RequestContext, version: string, lastModified: string, conn: [string, string], etag: string): HttpResponse {
  return {
    kind: "response",
    version: "HTTP/1.1",
    status: 304,
    reason: "Not Modified",
    headers: [["Server", `nginx/${version}`], ["Date", httpDate(ctx.now)], ["Last-Modified", lastModified], conn, ["ETag", etag]],
    body: "",
  };
}

/** An error or redirect page; `close` for the statuses after which nginx drops keep-alive (400). */
function special(r: RequestParts, ctx: RequestContext, version: string, status: number, close = false, location?: string): HttpResponse {
  const body = nginxErrorPage(version, status, r.header("user-agent"));
  const conn = connection(r, close);
  const headers: Array<[string, string]> = [
    ["Server", `nginx/${version}`],
    ["Date", httpDate(ctx.now)],
    ["Content-Type", "text/html"],
    ["Content-Length", String(byteLength(body))],
    ...(location ? [["Location", location] as [string, string]] : []),
    conn,
  ];
  return { kind: "response", version: "HTTP/1.1", status, reason: TITLES[status] ?? "", headers, body, ...(conn[1] === "close" ? { closes: true } : {}) };
}
