// Request rate per token, with Cloudflare's Rate Limiting binding (counted per location, per key):
// over the limit a request gets 429 TooManyRequests with Retry-After, as kube-apiserver's own
// max-in-flight limiter answers. On unless TOKEN_RATE_LIMITING is "off" (local development, tests
// and benchmarks drive one token hard).
import type { Env } from "../env";
import { limitOn } from "../limits";
import { statusJson } from "../status";

/** What wrangler.toml's [[ratelimits]] simple period is, for Retry-After. */
export const TOKEN_RATE_PERIOD_SECONDS = 60;

/** A short, stable key for a token (its hash or a prefix of a JWT's signature); never the secret. */
export async function rateKey(secret: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(secret));
  return [...new Uint8Array(digest).slice(0, 16)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** null when the request may go on; else the 429 to answer with. */
export async function tokenRateLimited(env: Env, secret: string): Promise<Response | null> {
  if (!env.TOKEN_RATE_LIMITER || !limitOn("TOKEN_RATE_LIMITING", env.TOKEN_RATE_LIMITING)) return null;
  const { success } = await env.TOKEN_RATE_LIMITER.limit({ key: await rateKey(secret) });
  if (success) return null;
  const res = statusJson(429, "TooManyRequests", "Too many requests for this token, please try again later.", { retryAfterSeconds: TOKEN_RATE_PERIOD_SECONDS });
  res.headers.set("Retry-After", String(TOKEN_RATE_PERIOD_SECONDS));
  return res;
}
