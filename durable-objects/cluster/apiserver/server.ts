// The cluster's kube-apiserver: routes a Kubernetes HTTP request to discovery, a verb handler or a
// watch, and renders every failure as a metav1.Status.
import type { ClusterAuthorizer } from "../auth/rbac";
import type { ServiceAccountTokens } from "../auth/service-account-tokens";
import { CompactedError } from "../store/errors";
import { subresourceHandler } from "./subresources/table";
import { readBody, readText } from "./body";
import type { ApiContext, ApiResult, ResourceRequest, UserInfo } from "./context";
import { aggregatedContentType, aggregatedDiscovery, aggregatedVersion, legacyDiscovery } from "./discovery";
import { createObject } from "./handlers/create";
import { deleteCollection, deleteObject } from "./handlers/delete";
import { patchObject } from "./handlers/patch";
import { getScale } from "./handlers/scale";
import { getObject, listObjects, untilFresh } from "./handlers/read";
import { updateObject } from "./handlers/update";
import { decodeListOptions, parseRequestedResourceVersion, validateListOptions } from "./list-options";
import { negotiateObjectFormat } from "./negotiate";
import type { Registry } from "./registry";
import { bindReviewer } from "./registry/authorization/reviewer";
import { isOpenAPIPath, serveOpenAPI } from "./openapi/http";
import { authorizedMethod, parseRequestInfo, type RequestInfo } from "./request-info";
import type { ResourceType } from "./registry/types";
import { parseFieldSelector } from "./selectors/fields";
import { encodeAs, isPrettyPrint, objectResponse, textResponse } from "./serializer";
import { ApiError, errors, status } from "./status";
import type { WatchHub } from "./watch/hub";

type ResourceInfo = Extract<RequestInfo, { kind: "resource" }>;

export interface ServerInfo {
  /** e.g. "v1.33.0": what /version reports (the kubectl dispatcher picks its binary from the minor). */
  kubernetesVersion: string;
}

export class ApiServer {
  /** RBAC (with impersonation and escalation checks); without one every request is allowed. */
  authorizer?: ClusterAuthorizer;

  constructor(
    private readonly base: Omit<ApiContext, "user">,
    private readonly registry: Registry,
    private readonly watches: WatchHub,
    private readonly info: ServerInfo,
    private readonly tokens: ServiceAccountTokens,
  ) {}

  async handle(request: Request, user: UserInfo): Promise<Response> {
    let response: Response;
    const pretty = isPrettyPrint(new URL(request.url), request.headers.get("user-agent"));
    try {
      // Impersonation runs before authorization: the request is then authorized as whom it acts as.
      const acting = this.authorizer ? this.authorizer.impersonate(request.headers, user) : user;
      if (this.authorizer) bindReviewer(acting, this.authorizer.rbac);
      response = await this.route(request, { ...this.base, user: acting }, pretty);
    } catch (err) {
      if (err instanceof ApiError) response = statusResponse(err, pretty);
      else {
        // The detail stays in the log: an engine's or runtime's text says nothing useful to a client
        // and something about the server to an attacker.
        const id = crypto.randomUUID();
        console.error(`internal error ${id}`, request.method, new URL(request.url).pathname, err);
        response = statusResponse(errors.internal(`the server could not complete the request (error id ${id})`), pretty);
      }
    }
    // The edge streams the body through; answering without reading it breaks that stream.
    if (request.body && !request.bodyUsed) await request.arrayBuffer().catch(() => {});
    return response;
  }

  private async route(request: Request, ctx: ApiContext, pretty: boolean): Promise<Response> {
    const url = new URL(request.url);
    const result = (r: ApiResult) => objectResponse(r.body, { status: r.code, ...(r.headers ? { headers: r.headers } : {}), pretty });
    const info = parseRequestInfo(authorizedMethod(request), url);
    this.authorizer?.authorize(authorizedMethod(request), url, info, ctx.user);
    if (!info) throw errors.pathNotFound();
    const accept = request.headers.get("accept");

    if (info.kind === "nonresource") return this.nonResource(request, info.path);
    if (info.kind === "discovery") {
      if (request.method !== "GET" && request.method !== "HEAD") throw errors.methodNotAllowed();
      const v = info.version === undefined && (info.legacy || info.group === undefined) ? aggregatedVersion(accept) : null;
      if (v) return objectResponse(aggregatedDiscovery(this.registry, info.legacy, v), { headers: { "Content-Type": aggregatedContentType(v) }, pretty });
      return objectResponse(legacyDiscovery(this.registry, info, url.host), { pretty });
    }

    const rt = this.registry.resource(info.group, info.version, info.resource);
    if (!rt) throw errors.pathNotFound();
    if (!rt.deprecationWarning) return this.resource(request, ctx, pretty, info, rt);
    // A deprecated type warns on every request to it, answered or refused (kube's deprecation filter).
    let response: Response;
    try {
      response = await this.resource(request, ctx, pretty, info, rt);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      response = statusResponse(err, pretty);
    }
    if (response.status === 101) return response;
    const warned = new Response(response.body, response);
    warned.headers.append("Warning", `299 - ${JSON.stringify(rt.deprecationWarning)}`);
    return warned;
  }

  private async resource(request: Request, ctx: ApiContext, pretty: boolean, info: ResourceInfo, rt: ResourceType): Promise<Response> {
    const url = new URL(request.url);
    const result = (r: ApiResult) => objectResponse(r.body, { status: r.code, ...(r.headers ? { headers: r.headers } : {}), pretty });
    const accept = request.headers.get("accept");
    if (rt.namespaced === false && info.namespace !== undefined) throw errors.pathNotFound();
    const req: ResourceRequest = { rt, query: url.searchParams };
    if (info.namespace !== undefined) req.namespace = info.namespace;
    if (info.name !== undefined) req.name = info.name;
    if (info.subresource !== undefined) {
      if (!rt.subresources.some((s) => s.name === info.subresource)) throw errors.pathNotFound();
      req.subresource = info.subresource;
    }
    const allowed = info.subresource ? rt.subresources.find((s) => s.name === info.subresource)!.verbs : rt.verbs;
    const verbAllowed = (allowed as string[]).includes(info.verb);
    if (!verbAllowed) throw errors.methodNotAllowed();
    // Routes kube does not have: POST to an object's path, PUT or PATCH to a collection.
    const named = info.name !== undefined;
    if ((info.verb === "create" && named && !info.subresource) || ((info.verb === "update" || info.verb === "patch") && !named)) throw errors.methodNotAllowed();

    const userAgent = request.headers.get("user-agent");
    if (userAgent) req.userAgent = userAgent;
    const own = req.subresource ? subresourceHandler(rt.group, rt.plural, req.subresource, info.verb) : undefined;
    if (own) {
      if (own.readsBody) req.body = await readBody(request, bodyKind(req));
      const out = await own.handle({ request, ctx, req, verb: info.verb, proxyPath: info.proxyPath ?? "", tokens: this.tokens });
      return out instanceof Response ? out : result(out);
    }
    switch (info.verb) {
      case "get":
        if (req.subresource === "scale") return result(getScale(ctx, req));
        if (req.subresource && req.subresource !== "status") throw errors.methodNotAllowed();
        await untilFresh(ctx, req, "get");
        return result(getObject(ctx, req, negotiateObjectFormat(accept, url.searchParams)));
      case "list":
        await untilFresh(ctx, req, "list");
        return result(listObjects(ctx, req, negotiateObjectFormat(accept, url.searchParams)));
      case "watch":
        return this.watch(request, req, accept);
      case "create":
        if (req.subresource) throw errors.methodNotAllowed();
        req.body = await readBody(request, bodyKind(req));
        return result(this.guardWrite(ctx, req, () => createObject(ctx, req)));
      case "update":
        req.body = await readBody(request, bodyKind(req));
        return result(this.guardWrite(ctx, req, () => updateObject(ctx, req)));
      case "patch": {
        const patch = await readText(request);
        return result(this.guardWrite(ctx, req, () => patchObject(ctx, req, request.headers.get("content-type") ?? "", patch)));
      }
      case "delete":
        req.body = await readBody(request);
        return result(deleteObject(ctx, req));
      case "deletecollection":
        req.body = await readBody(request);
        return result(deleteCollection(ctx, req));
      default:
        throw errors.methodNotAllowed();
    }
  }

  /** RBAC objects may only grant what their writer holds (escalation check); other writes run as they are. */
  private guardWrite(ctx: ApiContext, req: ResourceRequest, write: () => ApiResult): ApiResult {
    if (!this.authorizer || req.subresource) return write();
    return this.authorizer.guardWrite(ctx.store, ctx.user, req.rt, req.namespace, req.name, write);
  }

  private watch(request: Request, req: ResourceRequest, accept: string | null): Response {
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") {
      throw errors.badRequest("watch requests reach the cluster through the edge's watch relay");
    }
    const { query } = req;
    const opts = decodeListOptions(query);
    validateListOptions(opts, true);
    const format = negotiateObjectFormat(accept, query);
    // kube's cacher returns this error unconverted (a 500); a client's bad value is a 400 here.
    const from = parseRequestedResourceVersion(opts.resourceVersion);
    if (typeof from === "string") throw errors.badRequest(from);
    const selectors = new URLSearchParams();
    for (const k of ["labelSelector", "fieldSelector"]) {
      const v = query.get(k);
      if (v) selectors.set(k, v);
    }
    // A watch on one object's path (…/namespaces/x?watch=true, /watch/namespaces/x) is a watch with metadata.name=x.
    if (req.name !== undefined) {
      const fields = selectors.get("fieldSelector");
      if (!fields) selectors.set("fieldSelector", `metadata.name=${req.name}`);
      else if (!parseFieldSelector(fields).some((r) => r.field === "metadata.name" && r.op === "=" && r.value === req.name)) {
        throw errors.badRequest("fieldSelector metadata.name doesn't match requested name");
      }
    }
    const spec = {
      group: req.rt.group,
      version: req.rt.version,
      resource: req.rt.plural,
      query: selectors.toString(),
      format,
      bookmarks: opts.allowWatchBookmarks,
      ...(req.namespace !== undefined ? { namespace: req.namespace } : {}),
    };
    // resourceVersion "0" or unset: the current state first, as synthetic ADDED events.
    try {
      return this.watches.open(spec, req.rt, from === 0 ? undefined : from);
    } catch (err) {
      if (err instanceof CompactedError) throw errors.expired(err.message);
      throw err;
    }
  }

  private nonResource(request: Request, path: string): Response | Promise<Response> {
    if (request.method !== "GET" && request.method !== "HEAD") throw errors.methodNotAllowed();
    if (isOpenAPIPath(path)) return serveOpenAPI(request, path, this.registry, { kubernetesVersion: this.info.kubernetesVersion });
    switch (path) {
      case "/version":
        // WriteRawJSON: always indented, no trailing newline.
        return textResponse(encodeAs("version.Info", versionInfo(this.info.kubernetesVersion)), { pretty: true });
      case "/healthz":
      case "/livez":
      case "/readyz":
        return new Response("ok", { headers: { "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff" } });
      default:
        throw errors.pathNotFound();
    }
  }
}

/** The kind a create or update body decodes into: the subresource's own kind, else the resource's. */
function bodyKind(req: ResourceRequest): string {
  const sub = req.subresource ? req.rt.subresources.find((s) => s.name === req.subresource) : undefined;
  return sub?.kind?.kind ?? req.rt.kind;
}

/** version.Info as kube-apiserver 1.33 fills it: the emulation version is the binary's, compatible back one minor. */
export function versionInfo(gitVersion: string) {
  const m = /^v(\d+)\.(\d+)\./.exec(gitVersion);
  const major = m?.[1] ?? "1";
  const minor = m?.[2] ?? "33";
  return {
    major,
    minor,
    emulationMajor: major,
    emulationMinor: minor,
    minCompatibilityMajor: major,
    minCompatibilityMinor: String(Math.max(0, Number(minor) - 1)),
    gitVersion,
    gitCommit: "0000000000000000000000000000000000000000",
    gitTreeState: "clean",
    buildDate: "2026-01-01T00:00:00Z",
    goVersion: "go1.24.0",
    compiler: "gc",
    platform: "linux/amd64",
  };
}

export function statusResponse(err: ApiError, pretty = false): Response {
  const headers: Record<string, string> = {};
  // As kube's responsewriters: Retry-After only on 429 and 503 (client-go retries any 5xx that has one).
  const retry = err.status.details?.retryAfterSeconds;
  if (retry !== undefined && (err.code === 429 || err.code === 503)) headers["Retry-After"] = String(retry);
  return textResponse(encodeAs("meta.v1.Status", err.status), { status: err.code, headers, pretty });
}
