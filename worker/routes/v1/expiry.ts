// The scheduled (cron) work behind the management API: clusters past their expiresAt are deleted
// (registry row marked deleted, Durable Object wiped), recently deleted ones are wiped once more
// (an edge isolate's 5 s cache may have let a request bring one back up), and old rate-limit windows
// and browser sessions that expired or were revoked a day ago are dropped.
import type { Env } from "../../env";
import { pruneSessions } from "../../auth/sessions";
import { pruneRateLimits } from "./rate-limit";
import { retireCluster, wipeCluster } from "./lifecycle";

/** At most this many clusters expire per run; the next run takes the rest. */
const BATCH = 200;
/** Deleted clusters are wiped again when deleted between this long ago and … */
const SWEEP_WINDOW_MS = 15 * 60_000;
/** … this long ago (longer than the edge caches of the registry). */
const SWEEP_AFTER_MS = 10_000;

export interface ScheduledResult {
  expired: string[];
  swept: string[];
}

export async function runScheduled(env: Env, now = Date.now()): Promise<ScheduledResult> {
  const { results: due } = await env.DB.prepare(
    "SELECT id FROM clusters WHERE status = 'active' AND expires_at IS NOT NULL AND expires_at < ? ORDER BY expires_at LIMIT ?",
  )
    .bind(now, BATCH)
    .all<{ id: string }>();
  const expired: string[] = [];
  for (const { id } of due) if (await retireCluster(env, id, now)) expired.push(id);

  const { results: recent } = await env.DB.prepare("SELECT id FROM clusters WHERE status = 'deleted' AND deleted_at >= ? AND deleted_at < ? LIMIT ?")
    .bind(now - SWEEP_WINDOW_MS, now - SWEEP_AFTER_MS, BATCH)
    .all<{ id: string }>();
  const swept: string[] = [];
  for (const { id } of recent) {
    try {
      await wipeCluster(env, id);
      swept.push(id);
    } catch (err) {
      console.error(`sweeping deleted cluster ${id} failed`, err);
    }
  }

  await pruneRateLimits(env.DB, now - 2 * 3_600_000);
  await pruneSessions(env.DB, now - 86_400_000);
  if (expired.length || swept.length) console.log(`scheduled: deleted ${expired.length} expired cluster(s), swept ${swept.length}`);
  return { expired, swept };
}
