// /v1/session — the browser console's sign-in. POST {token} checks a token and starts a server-side
// session (worker/auth/sessions.ts) whose secret alone goes into the HttpOnly cookie; GET says who the
// cookie (or a bearer token) is; DELETE signs out (the session is revoked, not just forgotten by the
// browser); POST /v1/session/token is the explicit "show my token" action. The console's script
// never holds a token otherwise.
//
// Two kinds of token sign in: a tenant token (the owner of the tenant's clusters), or a
// ServiceAccount token of one cluster ({token, cluster}: `kubectl create token`), which sees that
// cluster only and only as far as its RBAC allows — how a learner sees the console as a restricted
// user. The cluster itself verifies a ServiceAccount token (it holds the signing key).
import { Hono, type Context } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import { CLUSTER_HEADER, SERVICE_ACCOUNT_TOKEN_HEADER } from "../../../durable-objects/cluster/identity";
import { activeCluster, isTenantToken, lookupToken } from "../../auth/authenticate";
import { refuseUnauthenticated } from "../../auth/denials";
import { unauthorized, type V1Env } from "../../auth/middleware";
import { HAS_SESSION_COOKIE, requestCredential, sameOrigin, sessionSecret, SESSION_COOKIE } from "../../auth/request-token";
import { createSession, revokeSession, type SessionKind } from "../../auth/sessions";
import type { Env } from "../../env";
import { statusJson } from "../../status";
import { jsonBody } from "./validation";

/** A browser session lasts at most this long (seconds); less when its token expires sooner. */
export const MAX_SESSION_SECONDS = 7 * 86_400;
/** Cookies of the scheme before server-side sessions (the token itself, its cluster): cleared on sign-in and sign-out. */
const LEGACY_COOKIES = ["kubedo_session", "kubedo_session_cluster"];

const cookieOptions = { secure: true, sameSite: "Lax", path: "/" } as const;

function clearSessionCookies(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { ...cookieOptions, prefix: "host" });
  for (const name of [HAS_SESSION_COOKIE, ...LEGACY_COOKIES]) deleteCookie(c, name, cookieOptions);
}

/**
 * Starts a browser session for `credential` (already checked) and sets its cookies; the session the
 * browser had before, if any, is revoked.
 */
export async function startSession<E extends { Bindings: Env }>(
  c: Context<E>,
  opts: { kind: SessionKind; credential: string; tenant?: string; cluster?: string; expiresAt: number | null },
): Promise<void> {
  const previous = sessionSecret(c);
  if (previous) await revokeSession(c.env.DB, previous);
  const now = Date.now();
  const expiresAt = Math.min(opts.expiresAt ?? Infinity, now + MAX_SESSION_SECONDS * 1000);
  const secret = await createSession(c.env.DB, { ...opts, expiresAt, now });
  const maxAge = Math.max(0, Math.floor((expiresAt - now) / 1000));
  for (const name of LEGACY_COOKIES) deleteCookie(c, name, cookieOptions);
  setCookie(c, SESSION_COOKIE, secret, { ...cookieOptions, prefix: "host", httpOnly: true, maxAge });
  setCookie(c, HAS_SESSION_COOKIE, "1", { ...cookieOptions, maxAge });
}

const signInSchema = z.strictObject({ token: z.string().min(1), cluster: z.string().min(1).max(64).optional() });

interface Who {
  view: Record<string, unknown>;
  /** ms since the epoch, or null for no expiry. */
  expiresAt: number | null;
  tenant?: string;
  cluster?: string;
}

async function describeTenant(env: Env, token: string): Promise<Who | { tenant: string | null }> {
  const found = await lookupToken(env.DB, token);
  if (!found.identity) return { tenant: found.tenant };
  const tenant = await env.DB.prepare("SELECT id, name, kind FROM tenants WHERE id = ?").bind(found.identity.tenant).first<{ id: string; name: string; kind: string }>();
  return {
    view: {
      kind: "tenant",
      tenant: tenant ?? { id: found.identity.tenant, name: found.identity.tenant, kind: "unknown" },
      user: { username: found.identity.username, groups: found.identity.groups },
      expiresAt: found.expiresAt === null ? null : new Date(found.expiresAt).toISOString(),
    },
    expiresAt: found.expiresAt,
    tenant: found.identity.tenant,
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
    cluster: clusterId,
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

/** Who a token is, or the denial to record (with the token's tenant, if it has one). */
async function describe(c: Context<V1Env>, token: string, cluster: string | null | undefined): Promise<Who | { tenant: string | null; cluster: string | null }> {
  if (isTenantToken(token)) {
    const who = await describeTenant(c.env, token);
    return "view" in who ? who : { tenant: who.tenant, cluster: null };
  }
  const who = cluster ? await describeServiceAccount(c.env, token, cluster, c.req.url) : null;
  return who ?? { tenant: null, cluster: cluster ?? null };
}

const crossSite = (what: string) => statusJson(403, "Forbidden", `${what} is accepted only from this site's own pages`);

export const sessionRoutes = new Hono<V1Env>()
  .post("/", async (c) => {
    // Login CSRF: another site must not sign a browser in as someone else.
    if (!sameOrigin(c.req.raw)) return crossSite("sign-in");
    const body = await jsonBody(c, signInSchema, "Session");
    if (body instanceof Response) return body;
    if (!isTenantToken(body.token) && !body.cluster) {
      return statusJson(422, "Invalid", "Session is invalid: cluster: a ServiceAccount token signs in to one cluster: name it", {
        kind: "Session",
        causes: [{ reason: "FieldValueRequired", message: "Required value: a ServiceAccount token signs in to one cluster", field: "cluster" }],
      });
    }
    const who = await describe(c, body.token, body.cluster);
    if (!("view" in who)) return refuseUnauthenticated(c, { tenant: who.tenant, clusterParam: who.cluster });
    await startSession(c, {
      kind: who.cluster ? "serviceaccount" : "tenant",
      credential: body.token,
      ...(who.tenant ? { tenant: who.tenant } : {}),
      ...(who.cluster ? { cluster: who.cluster } : {}),
      expiresAt: who.expiresAt,
    });
    return c.json(who.view, 201);
  })
  .get("/", async (c) => {
    const credential = await requestCredential(c);
    if (!credential) return unauthorized();
    const who = await describe(c, credential.secret, credential.session?.cluster);
    return "view" in who ? c.json(who.view) : refuseUnauthenticated(c, { tenant: who.tenant, clusterParam: who.cluster });
  })
  .delete("/", async (c) => {
    if (!sameOrigin(c.req.raw)) return crossSite("sign-out");
    const secret = sessionSecret(c);
    if (secret) await revokeSession(c.env.DB, secret);
    clearSessionCookies(c);
    return c.json({ kind: "Status", apiVersion: "v1", status: "Success", message: "signed out" });
  })
  // "Show my token": the one way the console's script gets the session's token (Cache-Control:
  // no-store, as on every response from /v1).
  .post("/token", async (c) => {
    if (!sameOrigin(c.req.raw)) return crossSite("showing the token");
    const credential = await requestCredential(c);
    const session = credential?.session;
    if (!session) return unauthorized();
    if (session.kind === "tenant" && !(await lookupToken(c.env.DB, session.credential)).identity) return unauthorized();
    return c.json(session.kind === "tenant" ? { kind: "tenant", token: session.credential } : { kind: "serviceaccount", token: session.credential, cluster: { id: session.cluster } });
  });
