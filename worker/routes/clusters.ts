// /clusters/:cluster/* — the Kubernetes API of one cluster. Authenticates the caller, checks the
// cluster is theirs, replaces any client-sent internal headers with the identity, and forwards to
// the cluster's Durable Object (watches through the relay).
import { type Context, Hono } from "hono";
import { ADMIN_PREFIX } from "../../durable-objects/cluster/admin";
import { MAX_BODY_BYTES } from "../../durable-objects/cluster/apiserver/body";
import { CLUSTER_HEADER, encodeIdentity, IDENTITY_HEADER, INTERNAL_HEADER_PREFIX, SERVICE_ACCOUNT_TOKEN_HEADER } from "../../durable-objects/cluster/identity";
import { activeCluster, authenticate, isTenantToken, looksLikeJwt, onlyCluster, ownedCluster } from "../auth/authenticate";
import { unauthorized } from "../auth/denials";
import { requestCredential } from "../auth/request-token";
import type { Env } from "../env";
import { statusJson } from "../status";
import { tokenRateLimited } from "../auth/token-rate";
import { isPortForwardSocket, relayPortForward } from "../portforward/relay";
import { isWatchRequest, relayWatch, relayWatchSocket } from "../watch/relay";

type Ctx = Context<{ Bindings: Env }>;

// 401s here are limited and audited by auditClusterDenials (worker/auth/denials.ts), which app.ts runs first.
export const clusterRoutes = new Hono<{ Bindings: Env }>().all("/:cluster/*", async (c) => {
  const clusterParam = c.req.param("cluster");
  const url = new URL(c.req.url);
  const prefix = `/clusters/${encodeURIComponent(clusterParam)}`;
  return forwardToCluster(c, clusterParam, url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) || "/" : "/");
});

/**
 * Kubernetes paths without the /clusters/<id> prefix (`kubectl get --raw`, `kubectl proxy` and
 * `kubectl create --raw` drop the server URL's path): the cluster is the one the credential names —
 * a service account token's key id, or a tenant token whose tenant has exactly one cluster. Anything
 * else is a JSON 404, never the console's page.
 */
export async function rootKubernetesPath(c: Ctx): Promise<Response> {
  const secret = (await requestCredential(c))?.secret;
  if (!secret) return unauthorized();
  let clusterId: string | null = null;
  if (isTenantToken(secret)) {
    const identity = await authenticate(c.env.DB, secret);
    if (!identity) return unauthorized();
    clusterId = await onlyCluster(c.env.DB, identity.tenant);
  } else if (looksLikeJwt(secret)) clusterId = tokenKeyId(secret);
  if (!clusterId) {
    return statusJson(404, "NotFound", "the server could not find the requested resource (this credential names no single cluster: use the server URL with /clusters/<id>)");
  }
  return forwardToCluster(c, clusterId, new URL(c.req.url).pathname);
}

/** A JWT's header `kid`: the cluster that signed a service account token (verified by that cluster). */
function tokenKeyId(jwt: string): string | null {
  try {
    const header = JSON.parse(atob(jwt.slice(0, jwt.indexOf(".")).replace(/-/g, "+").replace(/_/g, "/"))) as { kid?: unknown };
    return typeof header.kid === "string" && header.kid.length <= 64 ? header.kid : null;
  } catch {
    return null;
  }
}

/** Authenticates, checks the cluster is the caller's, and forwards `path` to the cluster's Durable Object. */
async function forwardToCluster(c: Ctx, clusterParam: string, path: string): Promise<Response> {
  const secret = (await requestCredential(c))?.secret;
  if (!secret) return unauthorized();
  const limited = await tokenRateLimited(c.env, secret);
  if (limited) return limited;
  let clusterId: string | null;
  let identityHeader: [string, string];
  if (isTenantToken(secret)) {
    const identity = await authenticate(c.env.DB, secret);
    if (!identity) return unauthorized();
    clusterId = await ownedCluster(c.env.DB, identity.tenant, clusterParam);
    if (!clusterId) return statusJson(404, "NotFound", `clusters "${clusterParam}" not found`, { name: clusterParam, kind: "clusters" });
    identityHeader = [IDENTITY_HEADER, encodeIdentity(identity)];
  } else {
    if (!looksLikeJwt(secret)) return unauthorized();
    // Any other bearer token can only be a service account token of the cluster in the URL, which
    // that cluster alone can verify (it holds the signing key).
    clusterId = await activeCluster(c.env.DB, clusterParam);
    if (!clusterId) return unauthorized();
    identityHeader = [SERVICE_ACCOUNT_TOKEN_HEADER, secret];
  }

  const url = new URL(c.req.url);
  // Set, never parsed: a path is never read as a URL of its own ("//host/…").
  const target = new URL(url);
  target.pathname = path;
  // The cluster's own operations are reached through /v1 only.
  if (path.startsWith(ADMIN_PREFIX)) return statusJson(404, "NotFound", "the server could not find the requested resource");

  const headers = new Headers();
  for (const [k, v] of c.req.raw.headers) {
    const lower = k.toLowerCase();
    if (lower.startsWith(INTERNAL_HEADER_PREFIX) || lower === "authorization" || lower === "cookie") continue;
    headers.set(k, v);
  }
  headers.set(...identityHeader);
  headers.set(CLUSTER_HEADER, clusterId);

  // The DO's id comes from the registry's id for the cluster, never from the URL alone.
  const stub = c.env.CLUSTER.get(c.env.CLUSTER.idFromName(clusterId));
  if (isPortForwardSocket(c.req.raw, path)) return relayPortForward(stub, target, headers);
  if (isWatchRequest(c.req.method, target)) {
    if (c.req.header("upgrade")?.toLowerCase() === "websocket") return relayWatchSocket(stub, new Request(target, { method: "GET", headers }), target);
    return relayWatch(stub, new Request(target, { method: "GET", headers }), target, c.req.raw.signal);
  }
  const declared = Number(c.req.header("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) {
    return statusJson(413, "RequestEntityTooLarge", `Request entity too large: limit is ${MAX_BODY_BYTES}`);
  }
  const init: RequestInit = { method: c.req.method, headers };
  if (c.req.method !== "GET" && c.req.method !== "HEAD") init.body = c.req.raw.body;
  const res = await stub.fetch(new Request(target, init));
  // Responses from a stub have immutable headers; re-wrap so middleware can add its own.
  return new Response(res.body, res);
}
