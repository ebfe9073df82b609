// /v1/clusters/:id/{clock,settings,activity} — cluster operations for the cluster's owner (tenant
// token, as a bearer or the console's session cookie; service account tokens never reach them).
import { Hono } from "hono";
import { ADMIN_PREFIX } from "../../durable-objects/cluster/admin";
import { CLUSTER_HEADER, encodeIdentity, IDENTITY_HEADER } from "../../durable-objects/cluster/identity";
import { authenticate, isTenantToken, ownedCluster } from "../auth/authenticate";
import { unauthorized } from "../auth/denials";
import { requestCredential } from "../auth/request-token";
import type { Env } from "../env";
import { statusJson } from "../status";

export const managementRoutes = new Hono<{ Bindings: Env }>().all("/clusters/:cluster/:operation{clock|settings|activity}", async (c) => {
  // requireTenant (the /v1/clusters routes' middleware) has already refused and audited a caller
  // without a valid tenant token; this check stands on its own all the same.
  const secret = (await requestCredential(c))?.secret;
  const identity = secret && isTenantToken(secret) ? await authenticate(c.env.DB, secret) : null;
  if (!identity) return unauthorized();
  const clusterParam = c.req.param("cluster");
  const clusterId = await ownedCluster(c.env.DB, identity.tenant, clusterParam);
  if (!clusterId) return statusJson(404, "NotFound", `clusters "${clusterParam}" not found`, { name: clusterParam, kind: "clusters" });
  const headers = new Headers({ "Content-Type": "application/json" });
  // The activity feed is a WebSocket the browser opens straight to the cluster.
  const upgrade = c.req.header("upgrade");
  if (upgrade) headers.set("Upgrade", upgrade);
  headers.set(IDENTITY_HEADER, encodeIdentity(identity));
  headers.set(CLUSTER_HEADER, clusterId);
  const init: RequestInit = { method: c.req.method, headers };
  if (c.req.method !== "GET" && c.req.method !== "HEAD") init.body = await c.req.raw.arrayBuffer();
  const stub = c.env.CLUSTER.get(c.env.CLUSTER.idFromName(clusterId));
  const res = await stub.fetch(new Request(new URL(ADMIN_PREFIX + c.req.param("operation"), c.req.url), init));
  if (res.webSocket) return res;
  // The registry keeps the cluster's timing profile too (what the cluster list shows).
  if (res.ok && c.req.param("operation") === "settings" && c.req.method !== "GET") {
    const { timingProfile } = (await res.clone().json()) as { timingProfile: string };
    await c.env.DB.prepare("UPDATE clusters SET profile = ? WHERE id = ?").bind(timingProfile, clusterId).run();
  }
  return new Response(res.body, res);
});
