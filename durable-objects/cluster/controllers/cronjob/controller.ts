// The CronJob controller (kube's pkg/controller/cronjob, ControllerV2): informers on CronJobs and Jobs
// feed a work queue of CronJob keys. A sync reconciles the active list with the Jobs that exist, starts
// the Job of the most recent unmet schedule time (named `<cronjob>-<minutes since epoch>`, so a restart
// cannot start it twice) as concurrencyPolicy allows, trims finished Jobs to the history limits, writes
// status, and queues itself for the next schedule time: an idle CronJob is one timer.
import type { ApiContext } from "../../apiserver/context";
import { metadataOf } from "../../apiserver/objects";
import type { JsonObject, ResourceType } from "../../apiserver/registry/types";
import { ApiError } from "../../apiserver/status";
import type { Timers } from "../../timers/timers";
import { findCondition, isJobFinished } from "../job/conditions";
import { Client } from "../runtime/client";
import { EventRecorder } from "../runtime/events";
import { INDEX, keyOf, splitKey, type Informer, type InformerFactory } from "../runtime/informer";
import { controllerOwnerRef } from "../runtime/pod-template";
import { controllerRef } from "../runtime/selectors";
import { WorkQueue } from "../runtime/workqueue";
import { parseSchedule, type Schedule } from "./schedule";
import { mostRecentScheduleTime, nextScheduleDelay, type CronTimes } from "./scheduling";

const SOURCE = { component: "cronjob-controller" };
const SCHEDULED_ANNOTATION = "batch.kubernetes.io/cronjob-scheduled-timestamp";

const spec = (o: JsonObject) => (o.spec ?? {}) as JsonObject;
const status = (o: JsonObject) => (o.status ?? {}) as JsonObject;
const ms = (t: unknown) => (typeof t === "string" && Number.isFinite(Date.parse(t)) ? Date.parse(t) : undefined);
const rfc3339 = (t: number) => new Date(Math.floor(t / 1000) * 1000).toISOString().replace(".000Z", "Z");

/** The scheduled time in the CronJob's zone, as Go's Format(time.RFC3339) writes it. */
function inZone(t: number, zone: string | undefined): string {
  if (!zone || zone === "UTC") return rfc3339(t);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" })
      .formatToParts(new Date(t))
      .map((p) => [p.type, p.value]),
  );
  const local = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  const offsetMin = Math.round((local - Math.floor(t / 1000) * 1000) / 60_000);
  if (offsetMin === 0) return rfc3339(local);
  const sign = offsetMin < 0 ? "-" : "+";
  const abs = Math.abs(offsetMin);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${rfc3339(local).slice(0, -1)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** RFC1123Z as Go formats it: "Mon, 02 Jan 2006 15:04:05 -0700". */
function rfc1123z(t: number): string {
  return new Date(t).toUTCString().replace("GMT", "+0000");
}

export class CronJobController {
  private readonly cronJobsRt: ResourceType;
  private readonly jobsRt: ResourceType;
  private readonly cronJobs: Informer;
  private readonly jobs: Informer;
  private readonly client: Client;
  private readonly recorder: EventRecorder;
  private readonly queue: WorkQueue;

  constructor(
    private readonly api: ApiContext,
    timers: Timers,
    informers: InformerFactory,
  ) {
    this.cronJobsRt = api.registry.resource("batch", "v1", "cronjobs")!;
    this.jobsRt = api.registry.resource("batch", "v1", "jobs")!;
    this.cronJobs = informers.for(this.cronJobsRt);
    this.jobs = informers.for(this.jobsRt);
    this.jobs.index(INDEX.controller);
    this.client = new Client(api, "kube-controller-manager");
    this.recorder = new EventRecorder(api, api.registry.resource("", "v1", "events")!);
    this.queue = new WorkQueue(timers, api.clock, "cronjob", (key) => this.sync(key), { retryOnError: (err) => err instanceof ApiError });
    this.cronJobs.on({ add: (cj) => this.queue.add(keyOf(cj)), update: (cj) => this.queue.add(keyOf(cj)) });
    const wake = (job: JsonObject) => {
      const ref = controllerRef(job);
      if (ref?.kind === "CronJob") this.queue.add(`${String(metadataOf(job).namespace)}/${ref.name}`);
    };
    this.jobs.on({ add: wake, update: wake, delete: wake });
  }

  resync(): void {
    for (const cj of this.cronJobs.list()) this.queue.add(keyOf(cj));
  }

  private event(cj: JsonObject, type: "Normal" | "Warning", reason: string, message: string): void {
    this.recorder.record(SOURCE, { rt: this.cronJobsRt, obj: cj }, type, reason, message);
  }

  sync(key: string): void {
    const cj = this.cronJobs.get(key);
    if (!cj) return;
    const uid = String(metadataOf(cj).uid);
    const owned = this.jobs.byIndex("controller", uid).filter((j) => controllerRef(j)?.kind === "CronJob");
    const st = structuredClone(status(cj));
    const started = this.api.clock.now();
    const requeue = this.syncCronJob(cj, st, owned, started);
    this.cleanupFinishedJobs(cj, st, this.jobs.byIndex("controller", uid));
    if (JSON.stringify(st) !== JSON.stringify(status(cj))) {
      const { namespace, name } = splitKey(key);
      this.client.modify(this.cronJobsRt, namespace, name, (o) => {
        o.status = st;
      }, "status");
    }
    // The delay was measured from the sync's start: keep the due time exact.
    if (requeue !== undefined) this.queue.add(key, Math.max(0, started + requeue - this.api.clock.now()));
  }

  /** syncCronJob: returns how long until the next look (undefined: nothing to wait for). */
  private syncCronJob(cj: JsonObject, st: JsonObject, owned: JsonObject[], now: number): number | undefined {
    const active = () => (Array.isArray(st.active) ? (st.active as JsonObject[]) : []);
    const setActive = (list: JsonObject[]) => {
      if (list.length > 0) st.active = list;
      else delete st.active;
    };
    const inActive = (uid: unknown) => active().some((r) => r.uid === uid);
    const children = new Set<unknown>();
    for (const job of owned) {
      const meta = metadataOf(job);
      children.add(meta.uid);
      const found = inActive(meta.uid);
      if (!found && !isJobFinished(job)) {
        this.event(cj, "Warning", "UnexpectedJob", `Saw a job that the controller did not create or forgot: ${String(meta.name)}`);
      } else if (found && isJobFinished(job)) {
        const condition = findCondition(job, "Complete")?.status === "True" ? "Complete" : "Failed";
        setActive(active().filter((r) => r.uid !== meta.uid));
        this.event(cj, "Normal", "SawCompletedJob", `Saw completed job: ${String(meta.name)}, condition: ${condition}`);
      }
      if (findCondition(job, "Complete")?.status === "True") {
        const done = ms(status(job).completionTime);
        const last = ms(st.lastSuccessfulTime);
        if (done !== undefined && (last === undefined || done > last)) st.lastSuccessfulTime = status(job).completionTime;
      }
    }
    for (const ref of active()) {
      if (children.has(ref.uid)) continue;
      this.event(cj, "Normal", "MissingJob", `Active job went missing: ${String(ref.name)}`);
      setActive(active().filter((r) => r.uid !== ref.uid));
    }

    if (metadataOf(cj).deletionTimestamp) return undefined;
    const s = spec(cj);
    const zone = typeof s.timeZone === "string" ? s.timeZone : undefined;
    if (zone) {
      try {
        new Intl.DateTimeFormat("en-US", { timeZone: zone });
      } catch {
        this.event(cj, "Warning", "UnknownTimeZone", `invalid timeZone: "${zone}": unknown time zone ${zone}`);
        return undefined;
      }
    }
    if (s.suspend === true) return undefined;
    let schedule: Schedule;
    try {
      schedule = parseSchedule(String(s.schedule ?? ""), zone);
    } catch (err) {
      this.event(cj, "Warning", "UnparseableSchedule", `unparseable schedule: ${JSON.stringify(s.schedule)} : ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
    const times: CronTimes = { creationMs: ms(metadataOf(cj).creationTimestamp) ?? now };
    const last = ms(st.lastScheduleTime);
    if (last !== undefined) times.lastScheduleMs = last;
    if (typeof s.startingDeadlineSeconds === "number") times.startingDeadlineSeconds = s.startingDeadlineSeconds;
    const recent = mostRecentScheduleTime(times, now, schedule, true);
    if (recent.error) {
      this.event(cj, "Warning", "InvalidSchedule", `invalid schedule: ${String(s.schedule)} : ${recent.error}`);
      return undefined;
    }
    const requeue = () => nextScheduleDelay({ ...times, ...(st.lastScheduleTime ? { lastScheduleMs: ms(st.lastScheduleTime)! } : {}) }, now, schedule);
    const scheduled = recent.mostRecent;
    if (scheduled === undefined || scheduled > now) return requeue();
    if (recent.missed === "many") this.event(cj, "Warning", "TooManyMissedTimes", "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew");

    if (typeof s.startingDeadlineSeconds === "number" && scheduled + s.startingDeadlineSeconds * 1000 < now) {
      this.event(cj, "Warning", "MissSchedule", `Missed scheduled time to start a job: ${rfc1123z(scheduled)}`);
      return requeue();
    }
    const jobName = `${String(metadataOf(cj).name)}-${Math.floor(scheduled / 60_000)}`;
    if (active().some((r) => r.name === jobName) || last === Math.floor(scheduled / 1000) * 1000) return requeue();
    if (s.concurrencyPolicy === "Forbid" && active().length > 0) {
      this.event(cj, "Normal", "JobAlreadyActive", "Not starting job because prior execution is running and concurrency policy is Forbid");
      return requeue();
    }
    if (s.concurrencyPolicy === "Replace") {
      for (const ref of active()) {
        const job = this.jobs.get(`${String(ref.namespace)}/${String(ref.name)}`);
        if (job) this.deleteJob(cj, st, job);
      }
    }

    const template = (s.jobTemplate ?? {}) as JsonObject;
    const tmeta = (template.metadata ?? {}) as JsonObject;
    const annotations = { ...((tmeta.annotations ?? {}) as Record<string, string>), [SCHEDULED_ANNOTATION]: inZone(scheduled, zone) };
    const body: JsonObject = {
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: {
        name: jobName,
        namespace: metadataOf(cj).namespace,
        ...(tmeta.labels ? { labels: structuredClone(tmeta.labels) } : {}),
        annotations,
        ownerReferences: [controllerOwnerRef(this.cronJobsRt, cj)],
      },
      spec: structuredClone(template.spec ?? {}),
    };
    let job: JsonObject;
    try {
      job = this.client.create(this.jobsRt, String(metadataOf(cj).namespace), body);
      this.event(cj, "Normal", "SuccessfulCreate", `Created job ${jobName}`);
    } catch (err) {
      if (err instanceof ApiError && err.status.reason === "AlreadyExists") {
        const existing = this.jobs.get(`${String(metadataOf(cj).namespace)}/${jobName}`);
        if (!existing) throw err;
        job = existing;
      } else {
        const message = err instanceof ApiError ? err.status.message : String(err);
        this.event(cj, "Warning", "FailedCreate", `Error creating job: ${message}`);
        throw err;
      }
    }
    const jm = metadataOf(job);
    setActive([...active(), { kind: "Job", namespace: jm.namespace, name: jm.name, uid: jm.uid, apiVersion: "batch/v1", resourceVersion: jm.resourceVersion }]);
    st.lastScheduleTime = rfc3339(scheduled);
    return nextScheduleDelay({ ...times, lastScheduleMs: Math.floor(scheduled / 1000) * 1000 }, now, schedule);
  }

  /** removeOldestJobs for each history limit: finished Jobs beyond it go, oldest start first. */
  private cleanupFinishedJobs(cj: JsonObject, st: JsonObject, jobs: JsonObject[]): void {
    const s = spec(cj);
    const succeeded = jobs.filter((j) => findCondition(j, "Complete")?.status === "True");
    const failed = jobs.filter((j) => findCondition(j, "Failed")?.status === "True");
    for (const [list, limit] of [[succeeded, s.successfulJobsHistoryLimit], [failed, s.failedJobsHistoryLimit]] as const) {
      if (typeof limit !== "number" || list.length <= limit) continue;
      const byStart = [...list].sort((a, b) => {
        const ta = ms(status(a).startTime);
        const tb = ms(status(b).startTime);
        if (ta === undefined || tb === undefined) return ta === tb ? String(metadataOf(a).name).localeCompare(String(metadataOf(b).name)) : ta === undefined ? 1 : -1;
        return ta - tb || String(metadataOf(a).name).localeCompare(String(metadataOf(b).name));
      });
      for (const job of byStart.slice(0, list.length - limit)) this.deleteJob(cj, st, job);
    }
  }

  private deleteJob(cj: JsonObject, st: JsonObject, job: JsonObject): void {
    const meta = metadataOf(job);
    this.client.delete(this.jobsRt, String(meta.namespace), String(meta.name), { propagationPolicy: "Background" });
    const rest = (Array.isArray(st.active) ? (st.active as JsonObject[]) : []).filter((r) => r.uid !== meta.uid);
    if (rest.length > 0) st.active = rest;
    else delete st.active;
    this.event(cj, "Normal", "SuccessfulDelete", `Deleted job ${String(meta.name)}`);
  }
}
