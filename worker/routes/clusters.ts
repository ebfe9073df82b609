// /clusters/:cluster/* — the Kubernetes API of one cluster. Authenticates the caller, checks the
// cluster is theirs, replaces any client-sent internal headers with the identity, and forwards to
// the cluster's Durable Object (watches through the relay).
import { Hono } from "hono";
import { MAX_BODY_BYTES } from "../../durable-objects/cluster/apiserver/body";
import { encodeIdentity, IDENTITY_HEADER, INTERNAL_HEADER_PREFIX } from "../../durable-objects/cluster/identity";
import { authenticate, bearerToken, ownedCluster } from "../auth/authenticate";
import type { Env } from "../env";
import { statusJson } from "../status";
import { isWatchRequest, relayWatch } from "../watch/relay";

export const clusterRoutes = new Hono<{ Bindings: Env }>().all("/:cluster/*", async (c) => {
  const secret = bearerToken(c.req.header("authorization"));
  const identity = secret ? await authenticate(c.env.DB, secret) : null;
  if (!identity) return statusJson(401, "Unauthorized", "Unauthorized");

  const clusterParam = c.req.param("cluster");
  const clusterId = await ownedCluster(c.env.DB, identity.tenant, clusterParam);
  if (!clusterId) return statusJson(404, "NotFound", `clusters "${clusterParam}" not found`, { name: clusterParam, kind: "clusters" });

  const url = new URL(c.req.url);
  const prefix = `/clusters/${encodeURIComponent(clusterParam)}`;
  const path = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) || "/" : "/";
  const target = new URL(path + url.search, url.origin);

  const headers = new Headers();
  for (const [k, v] of c.req.raw.headers) {
    const lower = k.toLowerCase();
    if (lower.startsWith(INTERNAL_HEADER_PREFIX) || lower === "authorization" || lower === "cookie") continue;
    headers.set(k, v);
  }
  headers.set(IDENTITY_HEADER, encodeIdentity(identity));

  // The DO's id comes from the registry's id for the cluster, never from the URL alone.
  const stub = c.env.CLUSTER.get(c.env.CLUSTER.idFromName(clusterId));
  if (isWatchRequest(c.req.method, target)) {
    return relayWatch(stub, new Request(target, { method: "GET", headers }), target, c.req.raw.signal);
  }
  const declared = Number(c.req.header("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) {
    return statusJson(413, "RequestEntityTooLarge", `the request body is larger than the limit of ${MAX_BODY_BYTES} bytes`);
  }
  const init: RequestInit = { method: c.req.method, headers };
  if (c.req.method !== "GET" && c.req.method !== "HEAD") init.body = c.req.raw.body;
  const res = await stub.fetch(new Request(target, init));
  // Responses from a stub have immutable headers; re-wrap so middleware can add its own.
  return new Response(res.body, res);
});
