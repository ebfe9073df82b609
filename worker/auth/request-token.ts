// Where a /v1 request's tenant token comes from: the Authorization header, or else the playground's
// session cookie (set by POST /v1/playground; HttpOnly, so only the browser sends it).
import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { bearerToken } from "./authenticate";

export const SESSION_COOKIE = "kubedo_session";

/** The bearer token, else the session cookie; a non-Bearer Authorization header counts as no token. */
export function requestToken(c: Context): string | null {
  const header = c.req.header("authorization");
  if (header !== undefined) return bearerToken(header);
  return getCookie(c, SESSION_COOKIE) ?? null;
}
