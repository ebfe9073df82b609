// The one path the edge routes on, settled before any routing decision, so that no layer (Hono's
// router, the /clusters prefix, the admin-path check, the cluster's own request parser) reads a
// different path from another.
//
// kube-apiserver routes on Go's URL.Path, the percent-decoded path: an escaped slash (%2F) separates
// segments there like a plain one. Go's ServeMux answers a path that is not clean (repeated slashes,
// "." or ".." segments) with 301 Moved Permanently to the clean one, keeping the query (net/http
// server.go, findHandler; cleanPath keeps a trailing slash). The edge does both: it decodes the path
// once; an unclean result is redirected and never served; a clean one is re-escaped segment by segment
// into one spelling (the cluster decodes each segment once and gets back exactly those names).
// Kubernetes clients build paths with path.Join and so always send clean ones.
import { statusJson } from "../status";

export type CanonicalPath =
  /** Already the canonical spelling. */
  | { kind: "clean"; path: string }
  /** The same path spelt differently (escapes): route and forward `path` instead. */
  | { kind: "rewrite"; path: string }
  /** Not clean: answer 301 to `location` (the clean path, escaped). */
  | { kind: "redirect"; location: string }
  /** A malformed escape ("%zz", bad UTF-8): 400. */
  | { kind: "invalid"; message: string };

/** Go's path.Clean for a rooted path, keeping a trailing slash (ServeMux's cleanPath). */
export function cleanPath(p: string): string {
  if (p === "") return "/";
  if (!p.startsWith("/")) p = "/" + p;
  const out: string[] = [];
  for (const segment of p.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") out.pop();
    else out.push(segment);
  }
  const cleaned = "/" + out.join("/");
  return p.endsWith("/") && cleaned !== "/" ? cleaned + "/" : cleaned;
}

/** Escapes one decoded segment; what RFC 3986 allows in a path segment as is (sub-delims, ":" and "@") stays. */
const escapeSegment = (segment: string) => encodeURIComponent(segment).replace(/%(24|26|2B|2C|3A|3B|3D|40)/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

const escapePath = (decoded: string) => decoded.split("/").map(escapeSegment).join("/");

/** Settles `rawPath` (a URL's pathname, escapes as sent) into the path the edge routes on. */
export function canonicalPath(rawPath: string): CanonicalPath {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return { kind: "invalid", message: `invalid URL escape in path ${JSON.stringify(rawPath.slice(0, 200))}` };
  }
  const cleaned = cleanPath(decoded);
  if (cleaned !== decoded) return { kind: "redirect", location: escapePath(cleaned) };
  const path = escapePath(decoded);
  return path === rawPath ? { kind: "clean", path } : { kind: "rewrite", path };
}

const htmlEscape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The request to route: `request` itself, the same request at its canonical path, or the answer
 * for a path that has none (301 to the clean path, as Go's http.Redirect words it; 400 for a bad escape).
 */
export function canonicalRequest(request: Request): Request | Response {
  const url = new URL(request.url);
  const canonical = canonicalPath(url.pathname);
  switch (canonical.kind) {
    case "clean":
      return request;
    case "rewrite":
      url.pathname = canonical.path;
      return new Request(url, request);
    case "invalid":
      return statusJson(400, "BadRequest", canonical.message);
    case "redirect": {
      const location = canonical.location + url.search;
      const headers = new Headers({ Location: location });
      if (request.method !== "GET" && request.method !== "HEAD") return new Response(null, { status: 301, headers });
      headers.set("Content-Type", "text/html; charset=utf-8");
      return new Response(request.method === "GET" ? `<a href="${htmlEscape(location)}">Moved Permanently</a>.\n\n` : null, { status: 301, headers });
    }
  }
}
