// Where a request's tenant token comes from: the Authorization header, or else the browser session
// cookie (set by POST /v1/playground or POST /v1/session; HttpOnly, so only the browser sends it).
// The cookie counts only for requests the console itself makes: a request another site makes a
// browser send (CSRF, cross-site WebSocket) gets no credentials from it. SameSite=Lax already keeps
// the cookie off cross-site writes; Sec-Fetch-Site and Origin close the rest (top-level GETs,
// same-site subdomains, WebSocket handshakes, which SameSite does not cover).
import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { bearerToken } from "./authenticate";

export const SESSION_COOKIE = "kubedo_session";
/** No secret in it: tells the page a session exists (the session cookie is HttpOnly). */
export const HAS_SESSION_COOKIE = "kubedo_has_session";

/** The bearer token, else the session cookie of a same-origin request; a non-Bearer Authorization header counts as no token. */
export function requestToken(c: Context): string | null {
  const header = c.req.header("authorization");
  if (header !== undefined) return bearerToken(header);
  if (!sameOrigin(c.req.raw)) return null;
  return getCookie(c, SESSION_COOKIE) ?? null;
}

/** Whether a browser sent this request from our own pages (non-browser clients send neither header). */
export function sameOrigin(request: Request): boolean {
  const site = request.headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin" && site !== "none") return false;
  const origin = request.headers.get("origin");
  return origin === null || origin === new URL(request.url).origin;
}
