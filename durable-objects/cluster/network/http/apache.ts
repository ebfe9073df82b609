// Apache httpd serving a document root, in two dresses: the httpd image (upstream httpd.conf: banner
// "Apache/2.4.x (Unix)", htdocs/index.html "It works!", common log, no signature) and Debian's apache2
// as the php:*-apache images run it (banner "(Debian)", ServerSignature On, mod_deflate's Vary, combined
// log with %O, DirectoryIndex index.php index.html, mod_php). Error pages are ap_send_error_response's
// bytes (modules/http/http_protocol.c: the URL left the 404/403/405 texts in 2.4.41); header order is
// ap_basic_http_header's Date, Server, then the handler's, Keep-Alive/Connection, Content-Type last.
import type { HttpResponse, LogEntry, RequestContext } from "./types";
import { byteLength, clfTime, escapeHtml, formatResponse, hostName, httpDate, partsOf, percentDecode, type RequestParts, requestLine, STATUS_TEXT, versionAtLeast } from "./wire";

/** What a PHP script produced. */
export interface PhpResult {
  status?: number;
  /** Headers the script sent with header(); Content-Type defaults to "text/html; charset=UTF-8". */
  headers?: Array<[string, string]>;
  body: string;
  cpuMillis?: number;
}

export interface ApacheSite {
  /** "2.4.62" */
  version: string;
  /** "Apache/2.4.62 (Unix)", "Apache/2.4.38 (Debian)" */
  banner: string;
  docroot: string;
  /** ServerSignature On: error pages end in an <address> line. */
  signature: boolean;
  /** mod_deflate filters text types: their responses say "Vary: Accept-Encoding". */
  deflate: boolean;
  directoryIndex: string[];
  /** "common" (%b) as the httpd image logs, or Debian's "combined" (%O: bytes sent with headers). */
  logFormat: "common" | "combined";
  /** Files the image ships under the document root: content and mtime in µs (the ETag's second half). */
  files: Record<string, { content: string; mtimeUs: number }>;
  /** PHP scripts by path, and PHP's version for X-Powered-By. */
  php?: { version: string; scripts: Record<string, (ctx: RequestContext, r: RequestParts) => PhpResult> };
}

/** htdocs/index.html of httpd 2.4 and its mtime in the release tarballs (the ETag "2d-432a5e4a73a80" everyone sees). */
export const IT_WORKS = "<html><body><h1>It works!</h1></body></html>\n";
export const IT_WORKS_MTIME_US = 1181587994_000000;

/** The httpd image's site (docker-library/httpd: upstream httpd.conf). */
export function httpdImageSite(version: string): ApacheSite {
  return {
    version,
    banner: `Apache/${version} (Unix)`,
    docroot: "/usr/local/apache2/htdocs",
    signature: false,
    deflate: false,
    directoryIndex: ["index.html"],
    logFormat: "common",
    files: { "/index.html": { content: IT_WORKS, mtimeUs: IT_WORKS_MTIME_US } },
  };
}

const DEFLATED = new Set(["text/html", "text/plain", "text/xml", "text/css", "application/x-javascript", "application/javascript", "application/ecmascript", "application/rss+xml", "application/xml"]);
const MIME: Record<string, string> = {
  html: "text/html", htm: "text/html", css: "text/css", js: "application/javascript", json: "application/json", txt: "text/plain",
  xml: "application/xml", png: "image/png", gif: "image/gif", jpg: "image/jpeg", jpeg: "image/jpeg", svg: "image/svg+xml", ico: "image/vnd.microsoft.icon",
};

/** The body of Apache's canned error page for `status`. */
export function apacheErrorPage(site: ApacheSite, r: RequestParts, status: number, uri: string, location?: string): string {
  const modern = versionAtLeast(site.version, "2.4.41");
  const method = escapeHtml(r.method, false);
  const u = escapeHtml(uri, false);
  let text: string;
  switch (status) {
    case 301:
    case 302:
      text = `<p>The document has moved <a href="${escapeHtml(location ?? "", true)}">here</a>.</p>\n`;
      break;
    case 400:
      text = "<p>Your browser sent a request that this server could not understand.<br />\n</p>\n";
      break;
    case 403:
      text = modern ? "<p>You don't have permission to access this resource.</p>\n" : `<p>You don't have permission to access ${u}\non this server.<br />\n</p>\n`;
      break;
    case 404:
      text = modern ? "<p>The requested URL was not found on this server.</p>\n" : `<p>The requested URL ${u} was not found on this server.</p>\n`;
      break;
    case 405:
      text = modern ? `<p>The requested method ${method} is not allowed for this URL.</p>\n` : `<p>The requested method ${method} is not allowed for the URL ${u}.</p>\n`;
      break;
    case 501:
      text = modern ? `<p>${method} not supported for current URL.<br />\n</p>\n` : `<p>${method} to ${u} not supported.<br />\n</p>\n`;
      break;
    default:
      text = "";
  }
  const title = `${status} ${STATUS_TEXT[status] ?? ""}`;
  const signature = site.signature ? `<hr>\n<address>${site.banner} Server at ${escapeHtml(hostName(r.header("host"), "localhost"), false)} Port ${serverPort(r)}</address>\n` : "";
  return `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>${title}</title>\n</head><body>\n<h1>${STATUS_TEXT[status] ?? ""}</h1>\n${text}${signature}</body></html>\n`;
}

/** UseCanonicalName Off: the port the Host header names, else 80. */
function serverPort(r: RequestParts): string {
  const m = /:(\d+)$/.exec(r.header("host"));
  return m ? m[1]! : "80";
}

/** The request mapped to the document root: decoded, `.`/`..` resolved; null when it climbs out (400). */
function mapUri(pathname: string): string | null {
  const decoded = percentDecode(pathname);
  const out: string[] = [];
  for (const seg of decoded.split("/").slice(1)) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") {
      if (out.length === 0) return null;
      out.pop();
    } else out.push(seg);
  }
  return `/${out.join("/")}${decoded.endsWith("/") && out.length > 0 ? "/" : ""}`;
}

const KNOWN_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH", "PROPFIND", "PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK"]);

export function apacheAnswer(site: ApacheSite, ctx: RequestContext): HttpResponse {
  const r = partsOf(ctx.req, ctx.now);
  const fs = ctx.hooks.fs;
  const conn = keepAlive(r);
  const file = (path: string): { content: string; mtimeUs: number } | null => {
    const over = fs?.file(site.docroot + path);
    if (over === null) return null;
    if (over) return { content: over.content, mtimeUs: (over.mtimeMs ?? ctx.now.getTime()) * 1000 };
    return site.files[path] ?? null;
  };
  const isDir = (path: string): boolean => {
    const p = path.replace(/\/$/, "");
    const over = fs?.dir?.(site.docroot + p);
    if (over === null) return false;
    return over !== undefined || p === "";
  };

  const finish = (res: HttpResponse): HttpResponse => {
    const dash = (v: string) => (v === "" ? "-" : v);
    const size = site.logFormat === "combined" ? String(byteLength(formatResponse({ ...res, body: r.head ? "" : res.body }))) : r.head || res.body === "" ? "-" : String(byteLength(res.body));
    const tail = site.logFormat === "combined" ? ` "${dash(r.header("referer"))}" "${dash(r.header("user-agent"))}"` : "";
    const log: LogEntry[] = [{ stream: "stdout", text: `${r.clientIP} - - [${clfTime(ctx.now)}] "${requestLine(ctx.req)}" ${res.status} ${size}${tail}` }];
    return { ...res, ...(r.head ? { body: "" } : {}), log };
  };
  const error = (status: number, uri: string, location?: string, extra: Array<[string, string]> = []): HttpResponse => {
    const body = apacheErrorPage(site, r, status, uri, location);
    const c = status === 400 ? ([["Connection", "close"]] as Array<[string, string]>) : conn;
    const headers: Array<[string, string]> = [
      ["Date", httpDate(ctx.now)],
      ["Server", site.banner],
      ...(location ? [["Location", location] as [string, string]] : []),
      ...extra,
      ...(site.deflate ? [["Vary", "Accept-Encoding"] as [string, string]] : []),
      ["Content-Length", String(byteLength(body))],
      ...c,
      ["Content-Type", "text/html; charset=iso-8859-1"],
    ];
    return finish({ kind: "response", version: "HTTP/1.1", status, reason: STATUS_TEXT[status] ?? "", headers, body, ...(c.some(([, v]) => v === "close") ? { closes: true } : {}) });
  };

  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(r.method)) return error(400, r.pathname);
  const uri = mapUri(r.pathname);
  if (uri === null || !r.pathname.startsWith("/")) return error(400, r.pathname);

  let path = uri;
  if (uri.endsWith("/") || uri === "/") {
    const dir = uri.endsWith("/") ? uri : `${uri}/`;
    const index = site.directoryIndex.find((name) => file(dir + name) !== null || site.php?.scripts[dir + name]);
    if (!index) {
      if (!isDir(dir)) return error(404, uri);
      return error(403, uri);
    }
    path = dir + index;
  } else if (!file(uri) && !site.php?.scripts[uri] && isDir(uri)) {
    // mod_dir: a directory without its slash is sent to the slashed URL.
    const host = hostName(r.header("host"), ctx.target.podIP);
    const port = serverPort(r);
    const location = `http://${host}${port === "80" ? "" : `:${port}`}${r.pathname}/${r.hasQuery ? `?${r.query}` : ""}`;
    return error(301, uri, location);
  }

  const script = site.php?.scripts[path];
  if (script && site.php) return finish(php(site, r, ctx, conn, script(ctx, r)));
  const f = file(path);
  if (!f) return error(404, uri);
  if (!KNOWN_METHODS.has(r.method)) return error(501, uri, undefined, [["Allow", "POST,OPTIONS,HEAD,GET,TRACE"]]);
  if (r.method === "OPTIONS") {
    const headers: Array<[string, string]> = [["Date", httpDate(ctx.now)], ["Server", site.banner], ["Allow", "POST,OPTIONS,HEAD,GET,TRACE"], ["Content-Length", "0"], ...conn, ["Content-Type", "text/html"]];
    return finish({ kind: "response", version: "HTTP/1.1", status: 200, reason: "OK", headers, body: "" });
  }
  if (r.method !== "GET" && r.method !== "HEAD") return error(405, uri, undefined, [["Allow", "POST,OPTIONS,HEAD,GET,TRACE"]]);
  return finish(staticFile(site, r, ctx, conn, path, f));
}

/** ap_set_keepalive: the headers only answer a client that asked for keep-alive; a closing answer says so. */
function keepAlive(r: RequestParts): Array<[string, string]> {
  const c = r.header("connection").toLowerCase();
  if (c.split(/\s*,\s*/).includes("close")) return [["Connection", "close"]];
  if (c.split(/\s*,\s*/).includes("keep-alive")) return [["Keep-Alive", "timeout=5, max=100"], ["Connection", "Keep-Alive"]];
  return r.version === "HTTP/1.0" ? [["Connection", "close"]] : [];
}

function staticFile(site: ApacheSite, r: RequestParts, ctx: RequestContext, conn: Array<[string, string]>, path: string, f: { content: string; mtimeUs: number }): HttpResponse {
  const size = byteLength(f.content);
  const etag = `"${size.toString(16)}-${Math.round(f.mtimeUs).toString(16)}"`;
  const mtimeMs = Math.floor(f.mtimeUs / 1000);
  const inm = r.header("if-none-match");
  const ims = Date.parse(r.header("if-modified-since"));
  if ((inm && (inm === "*" || inm.split(/\s*,\s*/).includes(etag))) || (!inm && Number.isFinite(ims) && ims >= Math.floor(mtimeMs / 1000) * 1000)) {
    const headers: Array<[string, string]> = [["Date", httpDate(ctx.now)], ["Server", site.banner], ["ETag", etag], ...conn];
    return { kind: "response", version: "HTTP/1.1", status: 304, reason: "Not Modified", headers, body: "" };
  }
  const ext = path.slice(path.lastIndexOf(".") + 1).toLowerCase();
  const type = MIME[ext];
  const headers: Array<[string, string]> = [
    ["Date", httpDate(ctx.now)],
    ["Server", site.banner],
    ["Last-Modified", httpDate(mtimeMs)],
    ["ETag", etag],
    ["Accept-Ranges", "bytes"],
    ["Content-Length", String(size)],
    ...(site.deflate && type && DEFLATED.has(type) ? [["Vary", "Accept-Encoding"] as [string, string]] : []),
    ...conn,
    ...(type ? [["Content-Type", type] as [string, string]] : []),
  ];
  return { kind: "response", version: "HTTP/1.1", status: 200, reason: "OK", headers, body: f.content, ...(conn.some(([, v]) => v === "close") ? { closes: true } : {}) };
}

/** A PHP script's output through mod_php: X-Powered-By, the script's headers, Vary, Content-Length, Content-Type last. */
function php(site: ApacheSite, r: RequestParts, ctx: RequestContext, conn: Array<[string, string]>, out: PhpResult): HttpResponse {
  const status = out.status ?? 200;
  const own = out.headers ?? [];
  const typeHeader = own.find(([k]) => k.toLowerCase() === "content-type");
  const type = typeHeader?.[1] ?? "text/html; charset=UTF-8";
  const others = own.filter(([k]) => k.toLowerCase() !== "content-type");
  const headers: Array<[string, string]> = [
    ["Date", httpDate(ctx.now)],
    ["Server", site.banner],
    ["X-Powered-By", `PHP/${site.php!.version}`],
    ...others,
    ...(site.deflate && DEFLATED.has(type.split(";")[0]!.trim()) ? [["Vary", "Accept-Encoding"] as [string, string]] : []),
    ["Content-Length", String(byteLength(out.body))],
    ...conn,
    ["Content-Type", type],
  ];
  return {
    kind: "response",
    version: "HTTP/1.1",
    status,
    reason: STATUS_TEXT[status] ?? "",
    headers,
    body: out.body,
    ...(out.cpuMillis ? { cpuMillis: out.cpuMillis } : {}),
    ...(conn.some(([, v]) => v === "close") ? { closes: true } : {}),
  };
}
