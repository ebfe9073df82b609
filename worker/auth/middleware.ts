// Authentication for the /v1 management API: a valid tenant token (Authorization: Bearer, or the
// playground session cookie) or 401, audited at the edge.
import { createMiddleware } from "hono/factory";
import type { Identity } from "../../durable-objects/cluster/identity";
import type { Env } from "../env";
import { statusJson } from "../status";
import { isTenantToken, lookupToken } from "./authenticate";
import { auditDenial } from "./denials";
import { requestToken } from "./request-token";
import { tokenRateLimited } from "./token-rate";

export interface V1Env {
  Bindings: Env;
  Variables: {
    identity: Identity;
    /** The secret the caller authenticated with (their own; kubeconfigs carry it). */
    token: string;
  };
}

export const unauthorized = () => statusJson(401, "Unauthorized", "Unauthorized");

export const requireTenant = createMiddleware<V1Env>(async (c, next) => {
  const token = requestToken(c);
  const limited = token ? await tokenRateLimited(c.env, token) : null;
  if (limited) return limited;
  const found = token && isTenantToken(token) ? await lookupToken(c.env.DB, token) : null;
  if (!token || !found?.identity) {
    const clusterParam = /^\/v1\/clusters\/([^/]+)/.exec(new URL(c.req.url).pathname)?.[1] ?? null;
    auditDenial(c, { tenant: found?.tenant ?? null, clusterParam: clusterParam && decodeURIComponent(clusterParam) });
    return unauthorized();
  }
  c.set("identity", found.identity);
  c.set("token", token);
  await next();
});
