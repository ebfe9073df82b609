// How Go's net/http writes a handler's response (server.go chunkWriter.writeHeader, extraHeader.Write;
// sniff.go DetectContentType; fs.go dirList; http.Error, http.Redirect, http.NotFound). Most of the
// cluster's sample programs are Go: agnhost, hello-app, http-echo, whoami, traefik.
import { byteLength, escapeHtml, httpDate, type RequestParts, STATUS_TEXT } from "./wire";
import type { HttpResponse } from "./types";

/** Bodies up to this size are buffered and get a Content-Length; larger ones go out chunked (bufferBeforeChunkingSize). */
const BUFFER_BEFORE_CHUNKING = 2048;

/** textproto.CanonicalMIMEHeaderKey: "x-forwarded-for" → "X-Forwarded-For" (left alone if not a token). */
export function canonicalKey(key: string): string {
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(key)) return key;
  return key.toLowerCase().replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());
}

const HTML_SIGNATURES = ["<!DOCTYPE HTML", "<HTML", "<HEAD", "<SCRIPT", "<IFRAME", "<H1", "<DIV", "<FONT", "<TABLE", "<A", "<STYLE", "<TITLE", "<B", "<BODY", "<BR", "<P", "<!--"];

/** http.DetectContentType for the text a model produces (HTML, XML, plain text; anything binary is octet-stream). */
export function detectContentType(body: string): string {
  const data = body.slice(0, 512);
  const trimmed = data.replace(/^[\t\n\x0c\r ]+/, "");
  const upper = trimmed.toUpperCase();
  for (const sig of HTML_SIGNATURES) {
    const next = upper[sig.length];
    if (upper.startsWith(sig) && (next === " " || next === ">")) return "text/html; charset=utf-8";
  }
  if (trimmed.startsWith("<?xml")) return "text/xml; charset=utf-8";
  if (data.startsWith("%PDF-")) return "application/pdf";
  if (/[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]/.test(data)) return "application/octet-stream";
  return "text/plain; charset=utf-8";
}

export interface GoHandlerResult {
  status?: number;
  /** What the handler put in w.Header(); written first, sorted by key as Header.WriteSubset does. */
  headers?: Array<[string, string]>;
  body: string;
}

/** The response a Go handler's writes become, for the request `r`. */
export function goResponse(r: RequestParts, now: Date, result: GoHandlerResult): HttpResponse {
  const status = result.status ?? 200;
  const bodyAllowed = !(status >= 100 && status < 200) && status !== 204 && status !== 304;
  const map = [...(result.headers ?? [])].map(([k, v]) => [canonicalKey(k), v] as [string, string]);
  map.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const has = (k: string) => map.some(([key]) => key === k);
  const http10 = r.version === "HTTP/1.0";
  const wantsClose = r.header("connection").toLowerCase() === "close" || (http10 && r.header("connection").toLowerCase() !== "keep-alive");
  const body = bodyAllowed ? result.body : "";
  const chunked = !has("Content-Length") && byteLength(body) > BUFFER_BEFORE_CHUNKING;
  const extra: Array<[string, string]> = [["Date", httpDate(now)]];
  if (bodyAllowed && !has("Content-Length") && !chunked) extra.push(["Content-Length", String(byteLength(body))]);
  if (bodyAllowed && !has("Content-Type") && body !== "") extra.push(["Content-Type", detectContentType(body)]);
  // An HTTP/1.0 client cannot take chunks: the body runs to the connection's close.
  const closes = wantsClose || (chunked && http10);
  if (!has("Connection")) {
    if (closes) extra.push(["Connection", "close"]);
    else if (http10) extra.push(["Connection", "keep-alive"]);
  }
  if (chunked && !http10) extra.push(["Transfer-Encoding", "chunked"]);
  return {
    kind: "response",
    version: "HTTP/1.1",
    status,
    reason: STATUS_TEXT[status] ?? `status code ${status}`,
    headers: [...map, ...extra],
    body: r.head ? "" : body,
    ...(closes ? { closes: true } : {}),
  };
}

/** http.Error(w, msg, code): plain text with nosniff, the message and a newline. */
export function goError(r: RequestParts, now: Date, message: string, status: number): HttpResponse {
  return goResponse(r, now, {
    status,
    headers: [
      ["Content-Type", "text/plain; charset=utf-8"],
      ["X-Content-Type-Options", "nosniff"],
    ],
    body: `${message}\n`,
  });
}

/** http.NotFound: "404 page not found". */
export const goNotFound = (r: RequestParts, now: Date): HttpResponse => goError(r, now, "404 page not found", 404);

/** http.Redirect(w, r, url, code): Location, and for GET/HEAD a short HTML body naming the status. */
export function goRedirect(r: RequestParts, now: Date, location: string, status: number): HttpResponse {
  // A relative target is made absolute against the request's path, as Go does.
  let target = location;
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(target) && !target.startsWith("/")) {
    const dir = r.pathname.slice(0, r.pathname.lastIndexOf("/") + 1) || "/";
    target = dir + target;
  }
  const headers: Array<[string, string]> = [["Location", target]];
  let body = "";
  if (r.method === "GET" || r.method === "HEAD") {
    headers.push(["Content-Type", "text/html; charset=utf-8"]);
    body = `<a href="${escapeHtml(target)}">${STATUS_TEXT[status] ?? ""}</a>.\n\n`;
  }
  return goResponse(r, now, { status, headers, body });
}

/** ServeMux's cleanPath: path.Clean keeping a trailing slash. */
export function goCleanPath(p: string): string {
  if (p === "") return "/";
  const abs = p.startsWith("/") ? p : `/${p}`;
  const out: string[] = [];
  for (const seg of abs.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") out.pop();
    else out.push(seg);
  }
  const cleaned = `/${out.join("/")}`;
  return abs.endsWith("/") && cleaned !== "/" ? `${cleaned}/` : cleaned;
}

/** ServeMux sends an unclean path ("//x", "/a/../b") to its clean form with a 301; null when it is clean. */
export function goMuxRedirect(r: RequestParts, now: Date): HttpResponse | null {
  if (r.method === "CONNECT") return null;
  const clean = goCleanPath(r.pathname);
  if (clean === r.pathname) return null;
  return goRedirect(r, now, r.hasQuery ? `${clean}?${r.query}` : clean, 301);
}

/** encoding/json's string: `<>&` and U+2028/9 escaped as \u00XX (HTML-safe, the default). */
export const goJsonString = (s: string): string =>
  JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

/** encoding/json's Marshal of a map[string]string or map[string][]string (keys sorted). */
export function goJsonMap(m: Record<string, string | string[]>): string {
  const esc = goJsonString;
  const keys = Object.keys(m).sort();
  return `{${keys.map((k) => {
    const v = m[k]!;
    return `${esc(k)}:${Array.isArray(v) ? `[${v.map(esc).join(",")}]` : esc(v)}`;
  }).join(",")}}`;
}

/** Go's %q of a string (close to JSON's quoting for the text a request carries). */
export const goQuote = (s: string): string => JSON.stringify(s);

/**
 * Go's time.Time.String() of a wall clock reading with a monotonic one: "2024-10-22 10:00:00.123456789
 * +0000 UTC m=+12.345678901". Below the millisecond the digits are made up, stably, from `seed`.
 */
export function goTimeString(now: Date, sinceStartMs: number, seed: number): string {
  const subMs = seed % 1_000_000; // ns below the millisecond
  const p2 = (n: number) => String(n).padStart(2, "0");
  const ns = String(now.getUTCMilliseconds() * 1_000_000 + subMs).padStart(9, "0").replace(/0+$/, "");
  const wall = `${now.getUTCFullYear()}-${p2(now.getUTCMonth() + 1)}-${p2(now.getUTCDate())} ${p2(now.getUTCHours())}:${p2(now.getUTCMinutes())}:${p2(now.getUTCSeconds())}${ns ? `.${ns}` : ""}`;
  const monoNs = BigInt(Math.max(0, Math.floor(sinceStartMs))) * 1_000_000n + BigInt(subMs);
  const mono = `${monoNs / 1_000_000_000n}.${String(monoNs % 1_000_000_000n).padStart(9, "0")}`;
  return `${wall} +0000 UTC m=+${mono}`;
}

/** time.Duration.String() at nanosecond precision ("1m2.345678901s", "812.5ms", "0s"). */
export function goDurationString(ns: number): string {
  if (ns === 0) return "0s";
  if (ns < 1_000_000_000) return goDurationNs(ns);
  const totalS = Math.floor(ns / 1_000_000_000);
  const frac = String(ns % 1_000_000_000).padStart(9, "0").replace(/0+$/, "");
  const h = Math.floor(totalS / 3600);
  const m = Math.floor((totalS % 3600) / 60);
  const s = `${totalS % 60}${frac ? `.${frac}` : ""}s`;
  return h > 0 ? `${h}h${m}m${s}` : m > 0 ? `${m}m${s}` : s;
}

/** A Go duration as time.Duration.String() prints one ("27.391µs", "1.2ms", "3.5s"). */
export function goDurationNs(ns: number): string {
  if (ns < 1000) return `${ns}ns`;
  const trim = (x: number, digits: number) => x.toFixed(digits).replace(/\.?0+$/, "");
  if (ns < 1_000_000) return `${trim(ns / 1000, 3)}µs`;
  if (ns < 1_000_000_000) return `${trim(ns / 1_000_000, 6)}ms`;
  return `${trim(ns / 1_000_000_000, 9)}s`;
}
