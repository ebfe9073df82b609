// Failed authentications per client address (an IPv6 client's /64) and cluster, with Cloudflare's Rate Limiting binding
// (AUTH_FAILURE_LIMITER, counted per location): a token rate limit cannot stop a client that sends a
// different made-up token every time, an address limit can. Over the limit the source gets 429
// TooManyRequests with Retry-After until the period ends, is no longer audited, and (once this
// isolate knows it) its tokens are no longer sent to the cluster to verify. Only failures count: a
// valid token from the same address keeps working. Off when AUTH_FAILURE_RATE_LIMITING is "off".
import type { Env } from "../env";
import { clientNetwork } from "../http/client-address";
import { limitOn } from "../limits";
import { statusJson } from "../status";
import { rateKey } from "./token-rate";

/** wrangler.toml's AUTH_FAILURE_LIMITER period, for Retry-After. */
export const AUTH_FAILURE_PERIOD_SECONDS = 60;
const MAX_REMEMBERED = 10_000;

/** Sources this isolate has seen over their limit: key → until (ms). */
const limitedUntil = new Map<string, number>();

const enforced = (env: Env): env is Env & { AUTH_FAILURE_LIMITER: RateLimit } =>
  env.AUTH_FAILURE_LIMITER !== undefined && limitOn("AUTH_FAILURE_RATE_LIMITING", env.AUTH_FAILURE_RATE_LIMITING);

function tooManyFailures(): Response {
  const res = statusJson(429, "TooManyRequests", "Too many failed authentication attempts from this address, please try again later.", {
    retryAfterSeconds: AUTH_FAILURE_PERIOD_SECONDS,
  });
  res.headers.set("Retry-After", String(AUTH_FAILURE_PERIOD_SECONDS));
  return res;
}

/** The limiter's key for a request's source (its IPv4 address or IPv6 /64) and the cluster it names (hashed: no address in the clear). */
export const failureKey = (request: Request, cluster: string | null) => rateKey(`${clientNetwork(request)}\n${cluster ?? ""}`);

function rememberedOverLimit(key: string): boolean {
  const until = limitedUntil.get(key);
  if (until === undefined) return false;
  if (until > Date.now()) return true;
  limitedUntil.delete(key);
  return false;
}

/** The 429 for a source this isolate already knows is over its limit for `cluster`, else null (nothing counted). */
export async function knownOverLimit(env: Env, request: Request, cluster: string | null): Promise<Response | null> {
  if (limitedUntil.size === 0 || !enforced(env)) return null;
  return rememberedOverLimit(await failureKey(request, cluster)) ? tooManyFailures() : null;
}

/** Counts one failed authentication; null while the source is within its limit for `cluster`, else the 429 to answer with. */
export async function countFailure(env: Env, request: Request, cluster: string | null): Promise<Response | null> {
  if (!enforced(env)) return null;
  const key = await failureKey(request, cluster);
  if (rememberedOverLimit(key)) return tooManyFailures();
  const { success } = await env.AUTH_FAILURE_LIMITER.limit({ key });
  if (success) return null;
  if (limitedUntil.size >= MAX_REMEMBERED) limitedUntil.delete(limitedUntil.keys().next().value!);
  limitedUntil.set(key, Date.now() + AUTH_FAILURE_PERIOD_SECONDS * 1000);
  return tooManyFailures();
}
