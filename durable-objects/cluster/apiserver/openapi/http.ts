// The HTTP face of the OpenAPI documents, as kube-openapi's handlers serve them:
//   GET /openapi/v2                       Swagger 2.0; gnostic protobuf when the Accept asks for it
//   GET /openapi/v3                       the index of group-version documents
//   GET /openapi/v3/api/v1, /apis/<g>/<v> one OpenAPI 3.0 document; immutable when asked for by its
//                                         current ?hash=, otherwise not cacheable
// Unknown paths or group-versions are 404 (thrown as the usual NotFound Status).
import type { Registry } from "../registry";
import { errors, ApiError, status } from "../status";
import { openapiV2 } from "./v2";
import { encodeOpenAPIv2 } from "./v2-protobuf";
import { openapiV3Document, openapiV3Index, type OpenAPIOptions } from "./v3";

const PROTO_V2 = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
const PROTO_V2_DEPRECATED = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";

/** Whether a request path is one of the OpenAPI endpoints. */
export function isOpenAPIPath(path: string): boolean {
  return path === "/openapi/v2" || path === "/openapi/v3" || path.startsWith("/openapi/v3/");
}

/** Media types of an Accept header in preference order (q-values respected, ties in written order). */
function acceptList(accept: string | null): string[] {
  if (!accept) return ["*/*"];
  return accept
    .split(",")
    .map((part, i) => {
      const [type, ...params] = part.trim().split(";");
      const qp = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { type: (type ?? "").trim().toLowerCase(), q: qp ? Number(qp.slice(2)) : 1, i };
    })
    .filter((c) => c.type && c.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i)
    .map((c) => c.type);
}

function notModified(request: Request, etag: string, headers: Record<string, string>): Response | null {
  const inm = request.headers.get("if-none-match");
  if (!inm) return null;
  const tags = inm.split(",").map((t) => t.trim().replace(/^W\//, ""));
  return tags.includes(etag) || tags.includes("*") ? new Response(null, { status: 304, headers }) : null;
}

const notAcceptable = () => new ApiError(status(406, "NotAcceptable", "the server was unable to respond with a content type that the client supports"));

function serveV2(request: Request, registry: Registry, options: OpenAPIOptions): Response {
  const result = openapiV2(registry, options);
  const { json, hash } = result;
  for (const type of acceptList(request.headers.get("accept"))) {
    const proto = type === PROTO_V2 || type === PROTO_V2_DEPRECATED;
    const anyType = type === "*/*" || type === "application/*";
    if (!proto && !anyType && type !== "application/json") continue;
    const etag = `"${hash}"`;
    const headers = { "Content-Type": proto ? PROTO_V2 : "application/json", ETag: etag, Vary: "Accept", "Cache-Control": "no-cache, private" };
    const cached = notModified(request, etag, headers);
    if (cached) return cached;
    if (!proto) return new Response(json, { headers });
    result.protobuf ??= encodeOpenAPIv2(result.doc);
    return new Response(result.protobuf, { headers });
  }
  throw notAcceptable();
}

function serveV3(request: Request, url: URL, path: string, registry: Registry, options: OpenAPIOptions): Response {
  if (path === "/openapi/v3") {
    return new Response(JSON.stringify(openapiV3Index(registry, options)), { headers: { "Content-Type": "application/json", "Cache-Control": "no-cache, private" } });
  }
  const gvPath = path.slice("/openapi/v3/".length);
  const doc = openapiV3Document(registry, gvPath, options);
  if (!doc) throw errors.pathNotFound();
  if (!acceptList(request.headers.get("accept")).some((t) => t === "application/json" || t === "*/*" || t === "application/*")) throw notAcceptable();
  const etag = `"${doc.hash}"`;
  const requested = url.searchParams.get("hash");
  const headers: Record<string, string> = { "Content-Type": "application/json", ETag: etag, Vary: "Accept" };
  // kube redirects a stale ?hash= to the current one with a server-absolute Location, which would
  // drop the /clusters/<id> prefix clients put in front of every path here; the current document,
  // not cacheable, does the same job.
  if (requested === doc.hash) {
    headers["Cache-Control"] = "public, immutable, max-age=31536000";
    headers.Expires = new Date(Date.now() + 365 * 24 * 3600 * 1000).toUTCString();
  } else headers["Cache-Control"] = "no-cache, private";
  const cached = notModified(request, etag, headers);
  if (cached) return cached;
  return new Response(doc.body, { headers });
}

/**
 * Serves an OpenAPI endpoint (see isOpenAPIPath). `path` is the request path without trailing
 * slashes; GET and HEAD only.
 */
export function serveOpenAPI(request: Request, path: string, registry: Registry, options: OpenAPIOptions = {}): Response {
  if (request.method !== "GET" && request.method !== "HEAD") throw errors.methodNotAllowed();
  const url = new URL(request.url);
  let response: Response;
  if (path === "/openapi/v2") response = serveV2(request, registry, options);
  else if (path === "/openapi/v3" || path.startsWith("/openapi/v3/")) response = serveV3(request, url, path, registry, options);
  else throw errors.pathNotFound();
  return request.method === "HEAD" ? new Response(null, { status: response.status, headers: response.headers }) : response;
}
