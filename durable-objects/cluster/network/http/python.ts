// `python -m http.server [port] [-b addr] [-d dir] [-p protocol]`: CPython's Lib/http/server.py,
// SimpleHTTPRequestHandler. It answers in HTTP/1.0 (protocol_version), says "Server: SimpleHTTP/0.6
// Python/<version>", lists a directory without index.html as <ul> of links ("name/" for directories,
// "name@" for symbolic links, sorted case-insensitively), and sends errors through send_error's template.
// The page's bytes changed twice: HTML 4.01 until 3.10; HTML5 (bpo-46736) in 3.11, where IntEnum's str()
// also turned "HTTPStatus.NOT_FOUND" into "404"; a color-scheme style (gh-123430) in 3.14.
// Requests are logged to stderr: `10.244.0.1 - - [22/Oct/2024 10:00:00] "GET / HTTP/1.1" 200 -`.
import type { ImageInfo } from "../../kubelet/images";
import type { DirEntry, HttpResponse, LogEntry, Program, RequestContext } from "./types";
import { byteLength, escapeHtml, httpDate, partsOf, percentDecode, type RequestParts, requestLine, versionAtLeast } from "./wire";

/** The root of the python images: Debian (merged /usr: bin, lib, lib64, sbin are links) or Alpine. */
const DEBIAN_ROOT: DirEntry[] = [
  { name: "bin", dir: true, link: true }, { name: "boot", dir: true }, { name: "dev", dir: true }, { name: "etc", dir: true },
  { name: "home", dir: true }, { name: "lib", dir: true, link: true }, { name: "lib64", dir: true, link: true },
  { name: "media", dir: true }, { name: "mnt", dir: true }, { name: "opt", dir: true }, { name: "proc", dir: true },
  { name: "root", dir: true }, { name: "run", dir: true }, { name: "sbin", dir: true, link: true }, { name: "srv", dir: true },
  { name: "sys", dir: true }, { name: "tmp", dir: true }, { name: "usr", dir: true }, { name: "var", dir: true },
];
const ALPINE_ROOT: DirEntry[] = ["bin", "dev", "etc", "home", "lib", "media", "mnt", "opt", "proc", "root", "run", "sbin", "srv", "sys", "tmp", "usr", "var"].map((name) => ({ name, dir: true }));

const MIME: Record<string, string> = {
  html: "text/html", htm: "text/html", txt: "text/plain", css: "text/css", js: "text/javascript", json: "application/json",
  png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", gif: "image/gif", svg: "image/svg+xml", py: "text/x-python",
  sh: "application/x-sh", md: "text/markdown", xml: "text/xml", csv: "text/csv", pdf: "application/pdf",
};

/** BaseHTTPRequestHandler.responses: the short message and the explanation. */
const RESPONSES: Record<number, [string, string]> = {
  301: ["Moved Permanently", "Object moved permanently -- see URI list"],
  304: ["Not Modified", "Document has not changed since given time"],
  400: ["Bad Request", "Bad request syntax or unsupported method"],
  404: ["Not Found", "Nothing matches the given URI"],
  501: ["Not Implemented", "Server does not support this operation"],
};
const STATUS_NAMES: Record<number, string> = { 400: "BAD_REQUEST", 404: "NOT_FOUND", 501: "NOT_IMPLEMENTED" };

interface Options {
  version: string;
  port: number;
  directory: string;
  protocol: string;
  alpine: boolean;
}

/** The argv after `-m http.server`: argparse's options and the optional port. */
export function pythonHttpServerProgram(image: ImageInfo, args: string[], workingDir: string): Program | null {
  let port = 8000;
  let directory = workingDir;
  let protocol = "HTTP/1.0";
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = () => (a.includes("=") ? a.slice(a.indexOf("=") + 1) : (args[++i] ?? ""));
    if (a === "-b" || a.startsWith("--bind")) value();
    else if (a === "-d" || a.startsWith("--directory")) directory = value();
    else if (a === "-p" || a.startsWith("--protocol")) protocol = value();
    else if (a === "--cgi") continue;
    else if (/^\d+$/.test(a)) port = Number(a);
    else if (a.startsWith("-")) return null; // argparse: "unrecognized arguments", exit 2
  }
  const opts: Options = { version: image.version, port, directory: directory.replace(/\/+$/, "") || "/", protocol, alpine: image.tag.includes("alpine") };
  return { name: `python http.server :${port}`, ports: [port], listenAfterMs: 150, answer: (ctx) => answer(opts, ctx) };
}

function answer(o: Options, ctx: RequestContext): HttpResponse {
  const r = partsOf(ctx.req, ctx.now);
  const log: LogEntry[] = [];
  const stamp = logTime(ctx.now);
  const logMessage = (text: string) => log.push({ stream: "stderr", text: `${r.clientIP} - - [${stamp}] ${text}` });
  // send_response: logs the request, then Server and Date.
  const base = (status: number): Array<[string, string]> => {
    logMessage(`"${requestLine(ctx.req)}" ${status} -`);
    return [["Server", `SimpleHTTP/0.6 Python/${o.version}`], ["Date", httpDate(ctx.now)]];
  };
  const reply = (status: number, reason: string, headers: Array<[string, string]>, body: string): HttpResponse => ({
    kind: "response",
    version: o.protocol,
    status,
    reason,
    headers,
    body: r.head ? "" : body,
    ...(o.protocol === "HTTP/1.0" || headers.some(([k, v]) => k === "Connection" && v === "close") ? { closes: true } : {}),
    log,
  });
  const error = (status: number, message?: string): HttpResponse => {
    const [short, explain] = RESPONSES[status] ?? ["???", "???"];
    const msg = message ?? short;
    logMessage(`code ${status}, message ${msg}`);
    const headers = [...base(status), ["Connection", "close"] as [string, string]];
    const body = errorPage(o.version, status, msg, explain);
    headers.push(["Content-Type", "text/html;charset=utf-8"], ["Content-Length", String(byteLength(body))]);
    return reply(status, msg, headers, body);
  };

  if (!["GET", "HEAD"].includes(r.method)) return error(501, `Unsupported method (${pyRepr(r.method)})`);
  const rel = percentDecode(r.pathname.split("#")[0]!);
  const parts = rel.split("/").filter((p) => p !== "" && p !== "." && p !== "..");
  const fsPath = [o.directory === "/" ? "" : o.directory, ...parts].join("/") || "/";
  const fs = ctx.hooks.fs;
  const dirEntries = (path: string): DirEntry[] | null => {
    const over = fs?.dir?.(path === "" ? "/" : path);
    if (over !== undefined) return over;
    return path === "/" || path === "" ? (o.alpine ? ALPINE_ROOT : DEBIAN_ROOT) : null;
  };
  const dir = dirEntries(fsPath);
  if (dir) {
    if (!r.pathname.endsWith("/")) {
      const location = `${r.pathname}/${r.hasQuery ? `?${r.query}` : ""}`;
      return reply(301, "Moved Permanently", [...base(301), ["Location", location], ["Content-Length", "0"]], "");
    }
    for (const index of ["index.html", "index.htm"]) {
      const f = fs?.file(`${fsPath === "/" ? "" : fsPath}/${index}`);
      if (f) return serveFile(r, base, reply, index, f.content, f.mtimeMs ?? ctx.now.getTime());
    }
    const body = listing(o.version, ctx.req.path, dir);
    return reply(200, "OK", [...base(200), ["Content-type", "text/html; charset=utf-8"], ["Content-Length", String(byteLength(body))]], body);
  }
  if (r.pathname.endsWith("/")) return error(404, "File not found");
  const f = fs?.file(fsPath);
  if (!f) return error(404, "File not found");
  return serveFile(r, base, reply, fsPath, f.content, f.mtimeMs ?? ctx.now.getTime());
}

function serveFile(
  r: RequestParts,
  base: (status: number) => Array<[string, string]>,
  reply: (status: number, reason: string, headers: Array<[string, string]>, body: string) => HttpResponse,
  path: string,
  content: string,
  mtimeMs: number,
): HttpResponse {
  const ims = Date.parse(r.header("if-modified-since"));
  if (!r.has("if-none-match") && Number.isFinite(ims) && Math.floor(mtimeMs / 1000) * 1000 <= ims) {
    return reply(304, "Not Modified", base(304), "");
  }
  const ext = path.slice(path.lastIndexOf(".") + 1).toLowerCase();
  const type = path.includes(".") ? (MIME[ext] ?? "application/octet-stream") : "application/octet-stream";
  return reply(200, "OK", [...base(200), ["Content-type", type], ["Content-Length", String(byteLength(content))], ["Last-Modified", httpDate(mtimeMs)]], content);
}

/** list_directory's page for the version. */
export function listing(version: string, rawPath: string, entries: DirEntry[]): string {
  const modern = versionAtLeast(version, "3.11");
  // gh-133889 (3.15): only the path, not the query or fragment.
  const shown = versionAtLeast(version, "3.15") ? rawPath.split("#")[0]!.split("?")[0]! : rawPath;
  const title = `Directory listing for ${escapeHtml(percentDecode(shown), false)}`;
  const lines: string[] = [];
  if (modern) {
    lines.push("<!DOCTYPE HTML>", '<html lang="en">', "<head>", '<meta charset="utf-8">');
    if (versionAtLeast(version, "3.14")) lines.push('<style type="text/css">\n:root {\ncolor-scheme: light dark;\n}\n</style>');
  } else {
    lines.push('<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN" "http://www.w3.org/TR/html4/strict.dtd">', "<html>\n<head>", '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">');
  }
  lines.push(`<title>${title}</title>\n</head>`, `<body>\n<h1>${title}</h1>`, "<hr>\n<ul>");
  const sorted = [...entries].sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : 0));
  for (const e of sorted) {
    const link = e.dir ? `${e.name}/` : e.name;
    const display = e.link ? `${e.name}@` : link;
    lines.push(`<li><a href="${pyQuote(link)}">${escapeHtml(display, false)}</a></li>`);
  }
  lines.push("</ul>\n<hr>\n</body>\n</html>\n");
  return lines.join("\n");
}

/** send_error's page (DEFAULT_ERROR_MESSAGE) for the version. */
export function errorPage(version: string, code: number, message: string, explain: string): string {
  const m = escapeHtml(message, false);
  const x = escapeHtml(explain, false);
  if (!versionAtLeast(version, "3.11")) {
    const codeStr = STATUS_NAMES[code] ? `HTTPStatus.${STATUS_NAMES[code]}` : String(code);
    return (
      '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN"\n        "http://www.w3.org/TR/html4/strict.dtd">\n<html>\n    <head>\n' +
      '        <meta http-equiv="Content-Type" content="text/html;charset=utf-8">\n        <title>Error response</title>\n    </head>\n' +
      `    <body>\n        <h1>Error response</h1>\n        <p>Error code: ${code}</p>\n        <p>Message: ${m}.</p>\n` +
      `        <p>Error code explanation: ${codeStr} - ${x}.</p>\n    </body>\n</html>\n`
    );
  }
  const style = versionAtLeast(version, "3.14") ? '        <style type="text/css">\n            :root {\n                color-scheme: light dark;\n            }\n        </style>\n' : "";
  return (
    '<!DOCTYPE HTML>\n<html lang="en">\n    <head>\n        <meta charset="utf-8">\n' +
    style +
    "        <title>Error response</title>\n    </head>\n" +
    `    <body>\n        <h1>Error response</h1>\n        <p>Error code: ${code}</p>\n        <p>Message: ${m}.</p>\n` +
    `        <p>Error code explanation: ${code} - ${x}.</p>\n    </body>\n</html>\n`
  );
}

/** urllib.parse.quote: UTF-8 bytes percent-encoded except letters, digits, "_.-~" and "/". */
function pyQuote(s: string): string {
  let out = "";
  for (const byte of new TextEncoder().encode(s)) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9_.\-~/]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** Python's repr() of a str: single quotes unless the text has one and no double quote. */
function pyRepr(s: string): string {
  if (s.includes("'") && !s.includes('"')) return `"${s}"`;
  return `'${s.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** log_date_time_string: "22/Oct/2024 10:00:00". */
function logTime(now: Date): string {
  const p2 = (n: number) => String(n).padStart(2, "0");
  return `${p2(now.getUTCDate())}/${MONTHS[now.getUTCMonth()]}/${now.getUTCFullYear()} ${p2(now.getUTCHours())}:${p2(now.getUTCMinutes())}:${p2(now.getUTCSeconds())}`;
}
