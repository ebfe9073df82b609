// /clusters/:cluster/* — the Kubernetes API of one cluster. Authenticates the caller, checks the
// cluster is theirs, replaces any client-sent internal headers with the identity, and forwards to
// the cluster's Durable Object (watches through the relay).
import { Hono } from "hono";
import { ADMIN_PREFIX } from "../../durable-objects/cluster/admin";
import { MAX_BODY_BYTES } from "../../durable-objects/cluster/apiserver/body";
import { CLUSTER_HEADER, encodeIdentity, IDENTITY_HEADER, INTERNAL_HEADER_PREFIX, SERVICE_ACCOUNT_TOKEN_HEADER } from "../../durable-objects/cluster/identity";
import { activeCluster, authenticate, isTenantToken, looksLikeJwt, ownedCluster } from "../auth/authenticate";
import { unauthorized } from "../auth/denials";
import { requestCredential } from "../auth/request-token";
import type { Env } from "../env";
import { statusJson } from "../status";
import { tokenRateLimited } from "../auth/token-rate";
import { isWatchRequest, relayWatch, relayWatchSocket } from "../watch/relay";

// 401s here are limited and audited by auditClusterDenials (worker/auth/denials.ts), which app.ts runs first.
export const clusterRoutes = new Hono<{ Bindings: Env }>().all("/:cluster/*", async (c) => {
  const secret = (await requestCredential(c))?.secret;
  if (!secret) return unauthorized();
  const limited = await tokenRateLimited(c.env, secret);
  if (limited) return limited;
  const clusterParam = c.req.param("cluster");
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
  const prefix = `/clusters/${encodeURIComponent(clusterParam)}`;
  const path = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) || "/" : "/";
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
});
