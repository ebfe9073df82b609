// Fixed-window rate limits counted in D1 (table rate_limits), e.g. playground creations per client
// address and hour. The client address is CF-Connecting-IP, which Cloudflare sets (a client cannot);
// X-Forwarded-For is never trusted.
import { hashToken } from "../../auth/tokens";

export type RateLimitResult = { ok: true } | { ok: false; retryAfterSeconds: number };

/** Counts one hit on `key` in the current window; refuses once the window holds more than `limit`. */
export async function hit(db: D1Database, key: string, limit: number, windowMs: number, now = Date.now()): Promise<RateLimitResult> {
  if (limit === 0) return { ok: true };
  const windowStart = now - (now % windowMs);
  // Addresses are stored hashed.
  const storedKey = `${key.split(":")[0]}:${await hashToken(key)}`;
  const row = await db
    .prepare(
      "INSERT INTO rate_limits (key, window_start, count) VALUES (?, ?, 1) ON CONFLICT (key, window_start) DO UPDATE SET count = count + 1 RETURNING count",
    )
    .bind(storedKey, windowStart)
    .first<{ count: number }>();
  if ((row?.count ?? 0) <= limit) return { ok: true };
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000)) };
}

/** Drops windows that ended before `before` (the cron calls this). */
export async function pruneRateLimits(db: D1Database, before: number): Promise<void> {
  await db.prepare("DELETE FROM rate_limits WHERE window_start < ?").bind(before).run();
}
