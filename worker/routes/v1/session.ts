// /v1/session — the browser console's sign-in. POST {token} checks a token and keeps it in the
// HttpOnly session cookie (the same cookie a playground session uses); GET says who the cookie (or a
// bearer token) is; DELETE signs out. The console never holds the token in script.
//
// Two kinds of token sign in: a tenant token (the owner of the tenant's clusters), or a
// ServiceAccount token of one cluster ({token, cluster}: `kubectl create token`), which sees that
// cluster only and only as far as its RBAC allows — how a learner sees the console as a restricted
// user. The cluster itself verifies a ServiceAccount token (it holds the signing key).
import { Hono, type Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import { CLUSTER_HEADER, SERVICE_ACCOUNT_TOKEN_HEADER } from "../../../durable-objects/cluster/identity";
import { activeCluster, isTenantToken, lookupToken } from "../../auth/authenticate";
import { auditDenial } from "../../auth/denials";
import { unauthorized, type V1Env } from "../../auth/middleware";
import { HAS_SESSION_COOKIE, requestToken, sameOrigin, SESSION_COOKIE } from "../../auth/request-token";
import type { Env } from "../../env";
import { statusJson } from "../../status";
import { jsonBody } from "./validation";

/** A token without expiry keeps its browser session this long (seconds). */
const MAX_SESSION_SECONDS = 30 * 86_400;
/** Which cluster a ServiceAccount session belongs to (not a secret). */
export const SESSION_CLUSTER_COOKIE = "kubedo_session_cluster";

const cookieOptions = { secure: true, sameSite: "Lax", path: "/" } as const;

export function setSessionCookies(c: Context, token: string, maxAge: number, cluster?: string): void {
  setCookie(c, SESSION_COOKIE, token, { ...cookieOptions, httpOnly: true, maxAge });
  setCookie(c, HAS_SESSION_COOKIE, "1", { ...cookieOptions, maxAge });
  if (cluster) setCookie(c, SESSION_CLUSTER_COOKIE, cluster, { ...cookieOptions, httpOnly: true, maxAge });
  else deleteCookie(c, SESSION_CLUSTER_COOKIE, cookieOptions);
}

const signInSchema = z.strictObject({ token: z.string().min(1), cluster: z.string().min(1).max(64).optional() });

interface Who {
  view: Record<string, unknown>;
  /** ms since the epoch, or null for no expiry. */
  expiresAt: number | null;
}

async function describeTenant(c: Context<V1Env>, token: string): Promise<Who | null> {
  const found = await lookupToken(c.env.DB, token);
  if (!found.identity) {
    auditDenial(c, { tenant: found.tenant, clusterParam: null });
    return null;
  }
  const tenant = await c.env.DB.prepare("SELECT id, name, kind FROM tenants WHERE id = ?").bind(found.identity.tenant).first<{ id: string; name: string; kind: string }>();
  return {
    view: {
      kind: "tenant",
      tenant: tenant ?? { id: found.identity.tenant, name: found.identity.tenant, kind: "unknown" },
      user: { username: found.identity.username, groups: found.identity.groups },
      expiresAt: found.expiresAt === null ? null : new Date(found.expiresAt).toISOString(),
    },
    expiresAt: found.expiresAt,
  };
}

/** Asks the cluster who the token is (a SelfSubjectReview it answers only for a token it signed). */
async function describeServiceAccount(env: Env, token: string, clusterParam: string, url: string): Promise<Who | null> {
  const clusterId = await activeCluster(env.DB, clusterParam);
  if (!clusterId) return null;
  const stub = env.CLUSTER.get(env.CLUSTER.idFromName(clusterId));
  const res = await stub.fetch(
    new Request(new URL("/apis/authentication.k8s.io/v1/selfsubjectreviews", url), {
      method: "POST",
      headers: { "Content-Type": "application/json", [SERVICE_ACCOUNT_TOKEN_HEADER]: token, [CLUSTER_HEADER]: clusterId },
      body: JSON.stringify({ apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" }),
    }),
  );
  if (res.status !== 201) return null;
  const review = (await res.json()) as { status?: { userInfo?: { username?: string; groups?: string[] } } };
  const exp = jwtExpiry(token);
  return {
    view: {
      kind: "serviceaccount",
      cluster: { id: clusterId },
      user: { username: review.status?.userInfo?.username ?? "", groups: review.status?.userInfo?.groups ?? [] },
      expiresAt: exp === null ? null : new Date(exp).toISOString(),
    },
    expiresAt: exp,
  };
}

/** The `exp` claim of a JWT in ms (the cluster has already verified the signature). */
function jwtExpiry(token: string): number | null {
  try {
    const payload = JSON.parse(atob(token.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/"))) as { exp?: number };
    return typeof payload.exp === "number" ? payload.exp * 1000 : null;
  } catch {
    return null;
  }
}

function describe(c: Context<V1Env>, token: string, cluster: string | undefined): Promise<Who | null> {
  if (isTenantToken(token)) return describeTenant(c, token);
  return cluster ? describeServiceAccount(c.env, token, cluster, c.req.url) : Promise.resolve(null);
}

export const sessionRoutes = new Hono<V1Env>()
  .post("/", async (c) => {
    // Login CSRF: another site must not sign a browser in as someone else.
    if (!sameOrigin(c.req.raw)) return statusJson(403, "Forbidden", "sign-in is accepted only from this site's own pages");
    const body = await jsonBody(c, signInSchema, "Session");
    if (body instanceof Response) return body;
    if (!isTenantToken(body.token) && !body.cluster) {
      return statusJson(422, "Invalid", "Session is invalid: cluster: a ServiceAccount token signs in to one cluster: name it", {
        kind: "Session",
        causes: [{ reason: "FieldValueRequired", message: "Required value: a ServiceAccount token signs in to one cluster", field: "cluster" }],
      });
    }
    const who = await describe(c, body.token, body.cluster);
    if (!who) return unauthorized();
    const seconds = who.expiresAt === null ? MAX_SESSION_SECONDS : Math.floor((who.expiresAt - Date.now()) / 1000);
    const cluster = isTenantToken(body.token) ? undefined : (who.view.cluster as { id: string }).id;
    setSessionCookies(c, body.token, Math.max(0, Math.min(MAX_SESSION_SECONDS, seconds)), cluster);
    return c.json(who.view, 201);
  })
  .get("/", async (c) => {
    const token = requestToken(c);
    const who = token ? await describe(c, token, getCookie(c, SESSION_CLUSTER_COOKIE)) : null;
    return who ? c.json(who.view) : unauthorized();
  })
  .delete("/", (c) => {
    for (const name of [SESSION_COOKIE, HAS_SESSION_COOKIE, SESSION_CLUSTER_COOKIE]) deleteCookie(c, name, cookieOptions);
    return c.json({ kind: "Status", apiVersion: "v1", status: "Success", message: "signed out" });
  });
