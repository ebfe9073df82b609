// Authentication for the /v1 management API: a valid tenant token (Authorization: Bearer, or the
// browser session cookie's) or 401, audited and rate limited per source at the edge.
import { createMiddleware } from "hono/factory";
import type { Identity } from "../../durable-objects/cluster/identity";
import type { Env } from "../env";
import { isTenantToken, lookupToken } from "./authenticate";
import { refuseUnauthenticated } from "./denials";
import { requestCredential } from "./request-token";
import { tokenRateLimited } from "./token-rate";

export { unauthorized } from "./denials";

export interface V1Env {
  Bindings: Env;
  Variables: {
    identity: Identity;
    /** The token the caller authenticated with (their own, or their session's; kubeconfigs carry it). */
    token: string;
  };
}

export const requireTenant = createMiddleware<V1Env>(async (c, next) => {
  const token = (await requestCredential(c))?.secret;
  const limited = token ? await tokenRateLimited(c.env, token) : null;
  if (limited) return limited;
  const found = token && isTenantToken(token) ? await lookupToken(c.env.DB, token) : null;
  if (!token || !found?.identity) {
    const clusterParam = /^\/v1\/clusters\/([^/]+)/.exec(new URL(c.req.url).pathname)?.[1] ?? null;
    return refuseUnauthenticated(c, { tenant: found?.tenant ?? null, clusterParam: clusterParam && decodeURIComponent(clusterParam) });
  }
  c.set("identity", found.identity);
  c.set("token", token);
  await next();
});
