// What every program model shares: the request's parts (path, query, client address), the formats
// servers write (RFC 7231 dates, access-log times), reason phrases, and the answer as raw bytes for
// clients that print it (`curl -i`).
import { hash32 } from "../../kubelet/util";
import type { HttpRequestModel, HttpResponse } from "./types";

const encoder = new TextEncoder();

/** The size in bytes of `s` as UTF-8 (Content-Length). */
export const byteLength = (s: string): number => encoder.encode(s).length;

/** RFC 7231 IMF-fixdate: "Tue, 22 Oct 2024 10:00:00 GMT". */
export const httpDate = (ms: number | Date): string => new Date(ms).toUTCString();

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const p2 = (n: number) => String(n).padStart(2, "0");

/** Common Log Format's time: "22/Oct/2024:10:00:00 +0000" (nginx $time_local, Apache %t, in a UTC container). */
export function clfTime(now: Date): string {
  return `${p2(now.getUTCDate())}/${MONTHS[now.getUTCMonth()]}/${now.getUTCFullYear()}:${p2(now.getUTCHours())}:${p2(now.getUTCMinutes())}:${p2(now.getUTCSeconds())} +0000`;
}

/** Go's log package prefix: "2024/10/22 10:00:00". */
export function goLogTime(now: Date): string {
  return `${now.getUTCFullYear()}/${p2(now.getUTCMonth() + 1)}/${p2(now.getUTCDate())} ${p2(now.getUTCHours())}:${p2(now.getUTCMinutes())}:${p2(now.getUTCSeconds())}`;
}

/** klog's header up to the pid, as agnhost logs: "I1022 10:00:00.123000       1 ". */
export function klogPrefix(now: Date): string {
  const ms = String(now.getUTCMilliseconds()).padStart(3, "0");
  return `I${p2(now.getUTCMonth() + 1)}${p2(now.getUTCDate())} ${p2(now.getUTCHours())}:${p2(now.getUTCMinutes())}:${p2(now.getUTCSeconds())}.${ms}000       1 `;
}

/** The IANA reason phrases (Go's http.StatusText, Node's STATUS_CODES, Apache's status lines). */
export const STATUS_TEXT: Record<number, string> = {
  100: "Continue",
  200: "OK",
  201: "Created",
  204: "No Content",
  206: "Partial Content",
  301: "Moved Permanently",
  302: "Found",
  303: "See Other",
  304: "Not Modified",
  307: "Temporary Redirect",
  308: "Permanent Redirect",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  408: "Request Timeout",
  411: "Length Required",
  412: "Precondition Failed",
  413: "Request Entity Too Large",
  414: "Request URI Too Long",
  417: "Expectation Failed",
  418: "I'm a teapot",
  429: "Too Many Requests",
  500: "Internal Server Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
  505: "HTTP Version Not Supported",
};

export interface RequestParts {
  /** The path before "?", as sent (not decoded). */
  pathname: string;
  /** The query after "?" ("" if none); `hasQuery` tells "/?" from "/". */
  query: string;
  hasQuery: boolean;
  method: string;
  version: string;
  /** Header value by lower-cased name ("" if absent). */
  header(name: string): string;
  has(name: string): boolean;
  head: boolean;
  clientIP: string;
  clientPort: number;
  /** "ip:port", Go's RemoteAddr. */
  remoteAddr: string;
  body: string;
}

/** The request split the way servers read it. */
export function partsOf(req: HttpRequestModel, now: Date): RequestParts {
  const path = req.path.startsWith("/") || req.path === "*" ? req.path : `/${req.path}`;
  const q = path.indexOf("?");
  const pathname = q < 0 ? path : path.slice(0, q);
  const query = q < 0 ? "" : path.slice(q + 1);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = v;
  const clientIP = req.clientIP || "10.244.0.1";
  // An ephemeral port (Linux's 32768–60999), the same for the same request at the same moment.
  const clientPort = req.clientPort ?? 32768 + (hash32(`${clientIP} ${req.path} ${now.getTime()}`) % 28232);
  return {
    pathname,
    query,
    hasQuery: q >= 0,
    method: req.method,
    version: req.version ?? "HTTP/1.1",
    header: (name) => headers[name] ?? "",
    has: (name) => name in headers,
    head: req.method === "HEAD",
    clientIP,
    clientPort,
    remoteAddr: clientIP.includes(":") ? `[${clientIP}]:${clientPort}` : `${clientIP}:${clientPort}`,
    body: req.body ?? "",
  };
}

/** The request line as logs quote it: "GET /x?y HTTP/1.1". */
export const requestLine = (req: HttpRequestModel): string => `${req.method} ${req.path} ${req.version ?? "HTTP/1.1"}`;

/** Percent-decoding that leaves malformed escapes as they are (`+` stays `+`). */
export function percentDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s.replace(/%([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
}

/** application/x-www-form-urlencoded, as Go's url.ParseQuery and PHP's $_GET read it: `+` is a space. */
export function parseQuery(query: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const pair of query.split(/[&]/)) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const key = percentDecode((eq < 0 ? pair : pair.slice(0, eq)).replaceAll("+", " "));
    const value = eq < 0 ? "" : percentDecode(pair.slice(eq + 1).replaceAll("+", " "));
    out.set(key, [...(out.get(key) ?? []), value]);
  }
  return out;
}

/** The first value of `key` in a parsed query, "" if absent (Go's FormValue). */
export const first = (q: Map<string, string[]>, key: string): string => q.get(key)?.[0] ?? "";

/** The Host header's name without its port (nginx $host, Apache's server name). */
export function hostName(host: string, fallback: string): string {
  if (!host) return fallback;
  if (host.startsWith("[")) return host.slice(0, host.indexOf("]") + 1).toLowerCase();
  const colon = host.indexOf(":");
  return (colon < 0 ? host : host.slice(0, colon)).toLowerCase();
}

/** The answer as the bytes on the wire (the body as given; a HEAD answer has none), for `curl -i`. */
export function formatResponse(res: HttpResponse): string {
  const lines = [`${res.version} ${res.status}${res.reason ? ` ${res.reason}` : ""}`, ...res.headers.map(([k, v]) => `${k}: ${v}`)];
  return `${lines.join("\r\n")}\r\n\r\n${res.body}`;
}

/** Compares dotted versions numerically; non-numeric parts count 0. */
export function versionAtLeast(version: string, min: string): boolean {
  const a = version.replace(/^v/, "").split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  const b = min.split(".").map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return true;
}

/** A response with the common defaults filled in. */
export function response(status: number, headers: Array<[string, string]>, body: string, extra: Partial<HttpResponse> = {}): HttpResponse {
  return { kind: "response", version: "HTTP/1.1", status, reason: STATUS_TEXT[status] ?? "", headers, body, ...extra };
}

/** HTML-escapes `&<>` (and `"` `'` when `quote`), as Python's html.escape and Apache's ap_escape_html do. */
export function escapeHtml(s: string, quote = true): string {
  const out = s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
  return quote ? out.replaceAll('"', "&quot;").replaceAll("'", "&#x27;") : out;
}
