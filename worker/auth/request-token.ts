// Where a request's credential comes from: the Authorization header, or else the browser session
// cookie (set by POST /v1/playground or POST /v1/session; HttpOnly, so only the browser sends it),
// which names a server-side session (worker/auth/sessions.ts) standing for a token.
// The cookie counts only for requests the console itself makes: a request another site makes a
// browser send (CSRF, cross-site WebSocket) gets no credentials from it. SameSite=Lax already keeps
// the cookie off cross-site writes; Sec-Fetch-Site and Origin close the rest (top-level GETs,
// same-site subdomains, WebSocket handshakes, which SameSite does not cover).
import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import type { Env } from "../env";
import { bearerToken } from "./authenticate";
import { resolveSession, type Session } from "./sessions";

/** The session cookie, sent as "__Host-kubedo_session" (Secure, Path=/, no Domain: no other host can set it). */
export const SESSION_COOKIE = "kubedo_session";
/** No secret in it: tells the page a session exists (the session cookie is HttpOnly). */
export const HAS_SESSION_COOKIE = "kubedo_has_session";

export interface Credential {
  /** The token to authenticate with: the bearer token, or the one the session stands for. */
  secret: string;
  /** Set when the credential came from the session cookie. */
  session?: Session;
}

/** The session cookie's value on a same-origin request (whether or not it names a live session). */
export function sessionSecret(c: Context): string | null {
  if (!sameOrigin(c.req.raw)) return null;
  return getCookie(c, SESSION_COOKIE, "host") ?? null;
}

const resolved = new WeakMap<Request, Promise<Credential | null>>();

/**
 * The request's credential: the bearer token, else the live session of a same-origin request's
 * cookie; a non-Bearer Authorization header counts as none. Resolved once per request.
 */
export function requestCredential<E extends { Bindings: Env }>(c: Context<E>): Promise<Credential | null> {
  let found = resolved.get(c.req.raw);
  if (!found) {
    found = resolveCredential(c);
    resolved.set(c.req.raw, found);
  }
  return found;
}

async function resolveCredential<E extends { Bindings: Env }>(c: Context<E>): Promise<Credential | null> {
  const header = c.req.header("authorization");
  if (header !== undefined) {
    const secret = bearerToken(header);
    return secret ? { secret } : null;
  }
  const cookie = sessionSecret(c);
  const session = cookie ? await resolveSession(c.env.DB, cookie) : null;
  return session ? { secret: session.credential, session } : null;
}

/** Whether a browser sent this request from our own pages (non-browser clients send neither header). */
export function sameOrigin(request: Request): boolean {
  const site = request.headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin" && site !== "none") return false;
  const origin = request.headers.get("origin");
  return origin === null || origin === new URL(request.url).origin;
}
