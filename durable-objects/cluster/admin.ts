// The cluster operations of the /v1 management API, which the edge forwards (for the cluster's owner
// only) under /-/kubedo/: advance the cluster clock (firing whatever became due), and read or change
// the cluster's settings; and the live activity feed (a WebSocket) the console's architecture view draws.
import type { ActivityFeed } from "./activity/feed";
import { errors } from "./apiserver/status";
import { statusResponse } from "./apiserver/server";
import { textResponse } from "./apiserver/serializer";
import { TIMING_PROFILES, type ClusterSettings, type TimingProfile } from "./settings";
import type { ClusterClock } from "./timers/clock";
import type { Timers } from "./timers/timers";

export const ADMIN_PREFIX = "/-/kubedo/";
/** Stops on the way (each a round of due timers) before the rest of an advance is taken in one jump. */
const MAX_ADVANCE_STEPS = 20_000;
/** One advance may move the clock at most this far (a year), to keep timestamps sane. */
const MAX_ADVANCE_SECONDS = 365 * 24 * 3600;

export const isAdminPath = (path: string) => path.startsWith(ADMIN_PREFIX);

const json = (body: unknown, code = 200) => textResponse(JSON.stringify(body), { status: code });

export class AdminApi {
  constructor(
    private readonly clock: ClusterClock,
    private readonly timers: Timers,
    private readonly settings: ClusterSettings,
    private readonly storage: DurableObjectStorage,
    private readonly activity: ActivityFeed,
  ) {}

  async handle(request: Request): Promise<Response> {
    const path = new URL(request.url).pathname.slice(ADMIN_PREFIX.length);
    if (path === "clock") {
      if (request.method === "GET") return json(await this.clockState());
      if (request.method !== "POST") return statusResponse(errors.methodNotAllowed());
      const body = await readJson(request);
      const seconds = body?.advanceSeconds;
      if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_ADVANCE_SECONDS) {
        return statusResponse(errors.badRequest(`advanceSeconds: must be a number of seconds in (0, ${MAX_ADVANCE_SECONDS}]`));
      }
      // Time passes as it would have: the clock stops at each timer's due time on the way, so every
      // controller acts at the moment it meant to (a CronJob fires at each minute, not once at the end).
      const target = this.clock.now() + seconds * 1000;
      let fired = 0;
      for (let steps = 0; steps < MAX_ADVANCE_STEPS; steps++) {
        const next = this.timers.nextDueAt();
        if (next === null || next > target) break;
        if (next > this.clock.now()) this.clock.advance(next - this.clock.now());
        fired += await this.timers.fireDue();
      }
      if (target > this.clock.now()) this.clock.advance(target - this.clock.now());
      // Everything that became due runs now, in order, before we answer.
      for (let i = 0; i < 50; i++) {
        const n = await this.timers.fireDue();
        fired += n;
        if (n === 0) break;
      }
      return json({ ...(await this.clockState()), firedTimers: fired });
    }
    if (path === "activity") {
      if (request.method !== "GET") return statusResponse(errors.methodNotAllowed());
      if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") return statusResponse(errors.badRequest("the activity feed is a WebSocket: send Upgrade: websocket"));
      return this.activity.connect();
    }
    if (path === "settings") {
      if (request.method === "GET") return json(this.settingsState());
      if (request.method !== "PATCH" && request.method !== "PUT") return statusResponse(errors.methodNotAllowed());
      const body = await readJson(request);
      const profile = body?.timingProfile;
      if (profile !== undefined && !TIMING_PROFILES.includes(profile as TimingProfile)) {
        return statusResponse(errors.badRequest(`timingProfile: Unsupported value: ${JSON.stringify(profile)}: supported values: "instant", "fast", "realistic"`));
      }
      const reads = body?.auditReads;
      if (reads !== undefined && typeof reads !== "boolean") return statusResponse(errors.badRequest("auditReads: must be true or false"));
      if (profile !== undefined) this.settings.setTimingProfile(profile as TimingProfile);
      if (reads !== undefined) this.settings.setAuditReads(reads);
      return json(this.settingsState());
    }
    return statusResponse(errors.pathNotFound());
  }

  /** The cluster time, how far it runs ahead of real time, and the delayed work waiting (the alarm is the earliest). */
  private async clockState() {
    const now = this.clock.now();
    const alarm = await this.storage.getAlarm();
    return {
      now: new Date(now).toISOString(),
      offsetSeconds: Math.round((now - Date.now()) / 1000),
      pendingTimers: this.timers.pending().length,
      alarm: alarm === null ? null : new Date(alarm).toISOString(),
    };
  }

  private settingsState() {
    return { timingProfile: this.settings.timingProfile(), auditReads: this.settings.auditReads() };
  }
}

async function readJson(request: Request): Promise<Record<string, unknown> | null> {
  try {
    const v = (await request.json()) as unknown;
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
