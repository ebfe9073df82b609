// A CronJob's schedule evaluated as kube-controller-manager evaluates it (robfig/cron ParseStandard in
// the CronJob's time zone): standard five fields through the croner library (day-of-month and
// day-of-week OR-ed when both are restricted, "5/15" read as "5-59/15"), the @yearly…@hourly
// descriptors, and @every <duration> (a constant delay, as robfig's ConstantDelaySchedule).
import { Cron } from "croner";

export interface Schedule {
  /** The first activation strictly after `afterMs` (ms since the epoch), or null if there is none. */
  next(afterMs: number): number | null;
}

const DESCRIPTORS: Record<string, string> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, "µs": 1e-3, "μs": 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go's time.ParseDuration for the positive durations @every accepts; null when malformed. */
export function parseGoDuration(text: string): number | null {
  const parts = [...text.matchAll(/([0-9]*(?:\.[0-9]*)?)(ns|us|µs|μs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== text) return null;
  let ms = 0;
  for (const [, n, unit] of parts) {
    if (n === "" || n === ".") return null;
    ms += Number(n) * UNIT_MS[unit!]!;
  }
  return ms;
}

/**
 * formatSchedule + ParseStandard: `TZ=<zone> ` (or CRON_TZ=) in the schedule wins over `timeZone`;
 * without either the zone is UTC (kind's controller manager runs in UTC). Throws on a schedule that
 * cannot be evaluated.
 */
export function parseSchedule(schedule: string, timeZone?: string): Schedule {
  let spec = schedule.trim();
  let zone = timeZone ?? "UTC";
  const tz = /^(?:CRON_)?TZ=(\S+)\s+(.*)$/.exec(spec);
  if (tz) {
    zone = tz[1]!;
    spec = tz[2]!.trim();
  }
  if (spec.startsWith("@every ")) {
    const delay = parseGoDuration(spec.slice("@every ".length).trim());
    if (delay === null || delay <= 0) throw new Error(`failed to parse duration ${spec}`);
    // robfig rounds the delay down to whole seconds (at least one) and runs on whole seconds.
    const step = Math.max(1000, Math.floor(delay / 1000) * 1000);
    return { next: (after) => Math.floor(after / 1000) * 1000 + step };
  }
  const pattern = DESCRIPTORS[spec] ?? spec;
  const cron = new Cron(pattern, { paused: true, timezone: zone, mode: "5-part", sloppyRanges: true });
  return {
    next(after) {
      const d = cron.nextRun(new Date(after));
      return d ? d.getTime() : null;
    },
  };
}
