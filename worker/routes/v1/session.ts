// /v1/session — the browser console's sign-in. POST {token} checks a tenant token and keeps it in
// the HttpOnly session cookie (the same cookie a playground session uses); GET says who the cookie
// (or a bearer token) is; DELETE signs out. The console never holds the token in script.
import { Hono, type Context } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import { isTenantToken, lookupToken } from "../../auth/authenticate";
import { auditDenial } from "../../auth/denials";
import { unauthorized, type V1Env } from "../../auth/middleware";
import { HAS_SESSION_COOKIE, requestToken, sameOrigin, SESSION_COOKIE } from "../../auth/request-token";
import { statusJson } from "../../status";
import { jsonBody } from "./validation";

/** A token without expiry keeps its browser session this long (seconds). */
const MAX_SESSION_SECONDS = 30 * 86_400;

export function setSessionCookies(c: Context, token: string, maxAge: number): void {
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, secure: true, sameSite: "Lax", path: "/", maxAge });
  setCookie(c, HAS_SESSION_COOKIE, "1", { secure: true, sameSite: "Lax", path: "/", maxAge });
}

const signInSchema = z.strictObject({ token: z.string().min(1) });

async function describe(c: Context<V1Env>, token: string | null) {
  const found = token && isTenantToken(token) ? await lookupToken(c.env.DB, token) : null;
  if (!token || !found?.identity) {
    if (token) auditDenial(c, { tenant: found?.tenant ?? null, clusterParam: null });
    return null;
  }
  const tenant = await c.env.DB.prepare("SELECT id, name, kind FROM tenants WHERE id = ?").bind(found.identity.tenant).first<{ id: string; name: string; kind: string }>();
  return {
    view: {
      tenant: tenant ?? { id: found.identity.tenant, name: found.identity.tenant, kind: "unknown" },
      user: { username: found.identity.username, groups: found.identity.groups },
      expiresAt: found.expiresAt === null ? null : new Date(found.expiresAt).toISOString(),
    },
    expiresAt: found.expiresAt,
  };
}

export const sessionRoutes = new Hono<V1Env>()
  .post("/", async (c) => {
    // Login CSRF: another site must not sign a browser in as someone else.
    if (!sameOrigin(c.req.raw)) return statusJson(403, "Forbidden", "sign-in is accepted only from this site's own pages");
    const body = await jsonBody(c, signInSchema, "Session");
    if (body instanceof Response) return body;
    const who = await describe(c, body.token);
    if (!who) return unauthorized();
    const seconds = who.expiresAt === null ? MAX_SESSION_SECONDS : Math.floor((who.expiresAt - Date.now()) / 1000);
    setSessionCookies(c, body.token, Math.max(0, Math.min(MAX_SESSION_SECONDS, seconds)));
    return c.json(who.view, 201);
  })
  .get("/", async (c) => {
    const who = await describe(c, requestToken(c));
    return who ? c.json(who.view) : unauthorized();
  })
  .delete("/", (c) => {
    deleteCookie(c, SESSION_COOKIE, { path: "/", secure: true });
    deleteCookie(c, HAS_SESSION_COOKIE, { path: "/", secure: true });
    return c.json({ kind: "Status", apiVersion: "v1", status: "Success", message: "signed out" });
  });
