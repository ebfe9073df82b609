// When a CronJob should have started (kube's pkg/controller/cronjob/utils.go): the most recent
// activation between the last schedule (or creation, or now - startingDeadlineSeconds) and now, how
// many were missed, and how long to wait for the next one.
import type { Schedule } from "./schedule";

/** requeue padding kube adds for clock skew (nextScheduleDelta). */
export const NEXT_SCHEDULE_DELTA_MS = 100;

export type Missed = "none" | "few" | "many";

export interface CronTimes {
  creationMs: number;
  lastScheduleMs?: number;
  startingDeadlineSeconds?: number;
}

/** mostRecentScheduleTime */
export function mostRecentScheduleTime(cj: CronTimes, now: number, schedule: Schedule, withDeadline: boolean): { earliest: number; mostRecent?: number; missed: Missed; error?: string } {
  let earliest = cj.lastScheduleMs ?? cj.creationMs;
  if (withDeadline && cj.startingDeadlineSeconds !== undefined) {
    const deadline = now - cj.startingDeadlineSeconds * 1000;
    if (deadline > earliest) earliest = deadline;
  }
  const t1 = schedule.next(earliest);
  if (t1 === null || now < t1) return { earliest, missed: "none" };
  const t2 = schedule.next(t1);
  if (t2 === null || now < t2) return { earliest, mostRecent: t1, missed: "none" };
  const between = Math.round((t2 - t1) / 1000);
  if (between < 1) return { earliest, missed: "none", error: "time difference between two schedules is less than 1 second" };
  const elapsed = Math.trunc((now - t1) / 1000);
  const missedCount = Math.trunc(elapsed / between) + 1;
  // Start one interval before the estimate and let the schedule walk to the latest time not after now.
  const potentialEarliest = t1 + (missedCount - 2) * between * 1000;
  let mostRecent: number | undefined;
  for (let t = schedule.next(potentialEarliest); t !== null && t <= now; t = schedule.next(t)) mostRecent = t;
  const missed: Missed = missedCount > 100 ? "many" : missedCount > 0 ? "few" : "none";
  return mostRecent === undefined ? { earliest, missed } : { earliest, mostRecent, missed };
}

/** nextScheduleTimeDuration: how long until the next activation after the most recent one (plus 100 ms). */
export function nextScheduleDelay(cj: CronTimes, now: number, schedule: Schedule): number | undefined {
  const r = mostRecentScheduleTime(cj, now, schedule, false);
  const from = r.error ? now : (r.mostRecent ?? r.earliest);
  const next = schedule.next(from);
  return next === null ? undefined : next + NEXT_SCHEDULE_DELTA_MS - now;
}
