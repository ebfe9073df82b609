// The Job controller (kube's pkg/controller/job): informers on Jobs and Pods feed a work queue of Job
// keys. A sync counts the Job's finished pods (those still carrying the job-tracking finalizer are new),
// decides whether the Job has failed (pod failure policy, backoffLimit, activeDeadlineSeconds) or met its
// completions, creates or deletes pods toward parallelism (NonIndexed, or Indexed by completion index)
// after the pod-failure back-off, then writes status and releases the counted pods' finalizers. The sync
// is synchronous, so its writes commit together and kube's uncountedTerminatedPods hand-off is not needed.
import type { ApiContext } from "../../apiserver/context";
import { metadataOf } from "../../apiserver/objects";
import type { JsonObject, ResourceType } from "../../apiserver/registry/types";
import { ApiError } from "../../apiserver/status";
import type { Timers } from "../../timers/timers";
import { Client, isRetriable } from "../runtime/client";
import { EventRecorder } from "../runtime/events";
import { INDEX, keyOf, splitKey, type Informer, type InformerFactory } from "../runtime/informer";
import { isPodReady } from "../runtime/pods";
import { controllerOwnerRef } from "../runtime/pod-template";
import { controllerRef } from "../runtime/selectors";
import { WorkQueue } from "../runtime/workqueue";
import { finishedTime, remainingBackoff, type FinishedPod } from "./backoff";
import { BACKOFF_LIMIT_EXCEEDED, COMPLETIONS_REACHED, DEADLINE_EXCEEDED, FAILED_INDEXES, MAX_FAILED_INDEXES_EXCEEDED, ensureCondition, findCondition, isJobFinished, terminalFor, type JobCondition } from "./conditions";
import { matchPodFailurePolicy } from "./failure-policy";
import { completionIndex, firstPendingIndexes, formatIndexes, parseIndexes } from "./indexes";
import { failuresByIndex, INDEX_FAILURE_COUNT, indexBackoff, podFailureCount, type IndexFailures } from "./per-index";
import { hasTrackingFinalizer, JOB_TRACKING_FINALIZER, podForJob } from "./pod-template";
import { matchSuccessPolicy } from "./success-policy";

const FIELD_MANAGER = "kube-controller-manager";
const SOURCE = { component: "job-controller" };
/** MaxPodCreateDeletePerSync */
const MAX_POD_CREATE_DELETE_PER_SYNC = 500;
/** The orphan-pod key prefix: a finished or deleted pod whose Job is gone still needs its finalizer off. */
const ORPHAN = "pod/";

const spec = (job: JsonObject) => (job.spec ?? {}) as JsonObject;
const status = (o: JsonObject) => (o.status ?? {}) as JsonObject;
const phaseOf = (pod: JsonObject) => status(pod).phase;
const isDeleting = (o: JsonObject) => Boolean(metadataOf(o).deletionTimestamp);
const isSuspended = (job: JsonObject) => spec(job).suspend === true;
const isIndexed = (job: JsonObject) => spec(job).completionMode === "Indexed";
const num = (v: unknown, d = 0) => (typeof v === "number" ? v : d);

/** onlyReplaceFailedPods: podReplacementPolicy Failed (or a pod failure policy) waits for terminating pods. */
const onlyReplaceFailed = (job: JsonObject) => spec(job).podReplacementPolicy === "Failed" || Boolean(spec(job).podFailurePolicy);

/** isPodFailed: Failed, or being deleted before it succeeded (unless only Failed pods are replaced). */
function isPodFailed(pod: JsonObject, job: JsonObject): boolean {
  if (phaseOf(pod) === "Failed") return true;
  if (onlyReplaceFailed(job)) return false;
  return isDeleting(pod) && phaseOf(pod) !== "Succeeded";
}

const isActive = (pod: JsonObject) => phaseOf(pod) !== "Succeeded" && phaseOf(pod) !== "Failed" && !isDeleting(pod);
const isTerminating = (pod: JsonObject) => isDeleting(pod) && phaseOf(pod) !== "Succeeded" && phaseOf(pod) !== "Failed";

/** pastBackoffLimitOnFailure: with restartPolicy OnFailure, container restarts of active pods count. */
function pastBackoffLimitOnFailure(job: JsonObject, active: JsonObject[]): boolean {
  const template = spec(job).template as JsonObject | undefined;
  if ((template?.spec as JsonObject | undefined)?.restartPolicy !== "OnFailure") return false;
  let restarts = 0;
  for (const pod of active) {
    const s = status(pod);
    for (const key of ["initContainerStatuses", "containerStatuses"]) for (const c of (s[key] ?? []) as JsonObject[]) restarts += num(c.restartCount);
  }
  const limit = num(spec(job).backoffLimit, 6);
  return limit === 0 ? restarts > 0 : restarts >= limit;
}

export class JobController {
  private readonly jobsRt: ResourceType;
  private readonly podsRt: ResourceType;
  private readonly jobs: Informer;
  private readonly pods: Informer;
  private readonly client: Client;
  private readonly recorder: EventRecorder;
  private readonly queue: WorkQueue;

  constructor(
    private readonly api: ApiContext,
    timers: Timers,
    informers: InformerFactory,
  ) {
    this.jobsRt = api.registry.resource("batch", "v1", "jobs")!;
    this.podsRt = api.registry.resource("", "v1", "pods")!;
    this.jobs = informers.for(this.jobsRt);
    this.pods = informers.for(this.podsRt);
    this.pods.index(INDEX.controller);
    this.client = new Client(api, FIELD_MANAGER);
    this.recorder = new EventRecorder(api, api.registry.resource("", "v1", "events")!);
    this.queue = new WorkQueue(timers, api.clock, "job", (key) => this.sync(key), { retryOnError: (err) => err instanceof ApiError });
    this.jobs.on({ add: (j) => this.queue.add(keyOf(j)), update: (j) => this.queue.add(keyOf(j)) });
    this.pods.on({ add: (p) => this.podChanged(p), update: (p, old) => this.podChanged(p, old), delete: (p) => this.podChanged(p) });
  }

  resync(): void {
    for (const job of this.jobs.list()) if (!isJobFinished(job) || this.owned(job).some(hasTrackingFinalizer)) this.queue.add(keyOf(job));
  }

  /** The Job a pod's controller reference names, if it is still that object. */
  private jobOf(pod: JsonObject): JsonObject | undefined {
    const ref = controllerRef(pod);
    if (!ref || ref.kind !== "Job") return undefined;
    const job = this.jobs.get(`${String(metadataOf(pod).namespace)}/${ref.name}`);
    return job && metadataOf(job).uid === ref.uid ? job : undefined;
  }

  private podChanged(pod: JsonObject, old?: JsonObject): void {
    if (old && metadataOf(old).resourceVersion === metadataOf(pod).resourceVersion) return;
    const job = this.jobOf(pod);
    if (job) this.queue.add(keyOf(job));
    else if (hasTrackingFinalizer(pod) && controllerRef(pod)?.kind === "Job") this.queue.add(ORPHAN + keyOf(pod));
  }

  private owned(job: JsonObject): JsonObject[] {
    return this.pods.byIndex("controller", String(metadataOf(job).uid));
  }

  sync(key: string): void {
    if (key.startsWith(ORPHAN)) return this.releaseOrphan(key.slice(ORPHAN.length));
    const job = this.jobs.get(key);
    if (!job) return; // deleted: the garbage collector removes its pods, and their finalizers come off as orphans
    const pods = this.owned(job);
    if (isJobFinished(job)) {
      for (const pod of pods) if (hasTrackingFinalizer(pod)) this.removeFinalizer(pod);
      return;
    }
    this.syncJob(job, pods);
  }

  /** A pod whose Job is gone keeps no job-tracking finalizer (once it is deleted or finished, as kube). */
  private releaseOrphan(podKey: string): void {
    const pod = this.pods.get(podKey);
    if (!pod || !hasTrackingFinalizer(pod) || this.jobOf(pod)) return;
    this.removeFinalizer(pod);
  }

  private syncJob(job: JsonObject, pods: JsonObject[]): void {
    const now = this.api.clock.now();
    const nowIso = this.api.clock.timestamp(now); // metav1.Time: whole seconds, as kube writes them
    const s = spec(job);
    const st = structuredClone(status(job));
    const conditions = (Array.isArray(st.conditions) ? st.conditions : []) as JsonObject[];
    st.conditions = conditions;
    const policy = s.podFailurePolicy as JsonObject | undefined;

    let active = pods.filter(isActive);
    let terminating = pods.filter(isTerminating).length;
    const newSucceeded = pods.filter((p) => hasTrackingFinalizer(p) && phaseOf(p) === "Succeeded");
    const newFailed = pods.filter((p) => hasTrackingFinalizer(p) && phaseOf(p) !== "Succeeded" && isPodFailed(p, job));
    let succeeded = num(st.succeeded) + newSucceeded.length;
    const failed = num(st.failed) + newFailed.filter((p) => matchPodFailurePolicy(policy, p).countFailed).length;
    let ready = active.filter(isPodReady).length;
    let statusChanged = false;

    if (st.startTime === undefined && !isSuspended(job)) {
      st.startTime = nowIso;
      statusChanged = true;
    }

    // The interim condition already written, or the reason the Job fails now.
    let finished = this.interimCondition(job);
    if (!finished) {
      const failJob = pods.filter((p) => isPodFailed(p, job)).map((p) => matchPodFailurePolicy(policy, p).failJobMessage).find(Boolean);
      if (failJob) finished = { type: "FailureTarget", status: "True", reason: "PodFailurePolicy", message: failJob };
    }
    if (!finished) {
      if (failed > num(s.backoffLimit, 6) || pastBackoffLimitOnFailure(job, active)) finished = BACKOFF_LIMIT_EXCEEDED;
      else if (this.pastActiveDeadline(job, st, now)) finished = DEADLINE_EXCEEDED;
      else if (typeof s.activeDeadlineSeconds === "number" && !isSuspended(job) && typeof st.startTime === "string") {
        this.queue.add(keyOf(job), Math.max(0, Date.parse(st.startTime) + s.activeDeadlineSeconds * 1000 - now));
      }
    }

    let succeededIndexes: Set<number> | undefined;
    if (isIndexed(job)) {
      const completions = num(s.completions);
      succeededIndexes = parseIndexes(st.completedIndexes as string | undefined, completions);
      for (const p of newSucceeded) {
        const ix = completionIndex(p);
        if (ix !== undefined && ix < completions) succeededIndexes.add(ix);
      }
      succeeded = succeededIndexes.size;
    }
    // backoffLimitPerIndex: indexes that failed for good, and why the Job then fails.
    const perIndex = isIndexed(job) && typeof s.backoffLimitPerIndex === "number";
    let failedIndexes: Set<number> | undefined;
    if (perIndex) {
      const completions = num(s.completions);
      failedIndexes = parseIndexes(st.failedIndexes as string | undefined, completions);
      for (const p of newFailed) {
        const ix = completionIndex(p);
        const match = matchPodFailurePolicy(policy, p);
        if (ix === undefined || ix >= completions || succeededIndexes!.has(ix)) continue;
        if (match.action === "FailIndex" || (match.countFailed && podFailureCount(p) + 1 > (s.backoffLimitPerIndex as number))) failedIndexes.add(ix);
      }
      if (!finished && typeof s.maxFailedIndexes === "number" && failedIndexes.size > s.maxFailedIndexes) finished = MAX_FAILED_INDEXES_EXCEEDED;
    }
    if (!finished && succeededIndexes && s.successPolicy) finished = matchSuccessPolicy(s.successPolicy as JsonObject, num(s.completions), succeededIndexes);

    if (finished) {
      const deleted = this.deletePods(job, active, active.length);
      ready -= active.filter(isPodReady).length;
      terminating += deleted;
      active = [];
    } else {
      // Failed indexes are settled too: they are not run again.
      const settled = failedIndexes ? new Set([...succeededIndexes!, ...failedIndexes]) : succeededIndexes;
      if (!isDeleting(job)) active = this.manage(job, pods, active, settled?.size ?? succeeded, settled, now);
      const completions = s.completions;
      const done = settled?.size ?? succeeded;
      const complete = typeof completions === "number" ? done >= completions && active.length === 0 : succeeded > 0 && active.length === 0;
      if (complete) finished = failedIndexes && failedIndexes.size > 0 ? FAILED_INDEXES : COMPLETIONS_REACHED;
      else if (isSuspended(job)) {
        if (ensureCondition(conditions, { type: "Suspended", status: "True", reason: "JobSuspended", message: "Job suspended" }, nowIso)) {
          statusChanged = true;
          this.event(job, "Normal", "Suspended", "Job suspended");
        }
      } else if (ensureCondition(conditions, { type: "Suspended", status: "False", reason: "JobResumed", message: "Job resumed" }, nowIso)) {
        statusChanged = true;
        this.event(job, "Normal", "Resumed", "Job resumed");
        // activeDeadlineSeconds counts the time a Job is continuously active.
        st.startTime = nowIso;
      }
    }

    // Count the newly finished pods and let them go.
    for (const p of [...newSucceeded, ...newFailed]) this.removeFinalizer(p);
    setCount(st, "succeeded", succeeded);
    setCount(st, "failed", failed);
    setCount(st, "active", active.length);
    st.ready = Math.max(0, ready);
    st.terminating = terminating;
    st.uncountedTerminatedPods = {};
    if (succeededIndexes) {
      const text = formatIndexes(succeededIndexes);
      if (text) st.completedIndexes = text;
      else delete st.completedIndexes;
    }
    // kube writes failedIndexes (even empty) whenever backoffLimitPerIndex is set.
    if (failedIndexes) st.failedIndexes = formatIndexes(failedIndexes);

    let terminal: JobCondition | undefined;
    if (finished) {
      ensureCondition(conditions, finished, nowIso);
      if (terminating === 0) {
        terminal = terminalFor(finished);
        ensureCondition(conditions, terminal, nowIso);
        if (terminal.type === "Complete") st.completionTime = nowIso;
      }
    }
    if (conditions.length === 0) delete st.conditions;
    if (statusChanged || terminal || finished || JSON.stringify(st) !== JSON.stringify(status(job))) this.writeStatus(job, st);
    if (terminal?.type === "Complete") {
      if (typeof s.completions === "number" && succeeded > s.completions) this.event(job, "Warning", "TooManySucceededPods", "Too many succeeded pods running after completion count reached");
      this.event(job, "Normal", "Completed", "Job completed");
    } else if (terminal) this.event(job, "Warning", terminal.reason, terminal.message);
  }

  /** A FailureTarget or SuccessCriteriaMet condition already on the Job: it finishes as that. */
  private interimCondition(job: JsonObject): JobCondition | undefined {
    for (const type of ["FailureTarget", "SuccessCriteriaMet"]) {
      const c = findCondition(job, type);
      if (c?.status === "True") return { type, status: "True", reason: String(c.reason ?? ""), message: String(c.message ?? "") };
    }
    return undefined;
  }

  private pastActiveDeadline(job: JsonObject, st: JsonObject, now: number): boolean {
    const deadline = spec(job).activeDeadlineSeconds;
    if (typeof deadline !== "number" || typeof st.startTime !== "string" || isSuspended(job)) return false;
    return now - Date.parse(st.startTime) >= deadline * 1000;
  }

  /** manageJob: deletes surplus pods, or creates the missing ones once the failure back-off allows. Returns the active pods. */
  private manage(job: JsonObject, pods: JsonObject[], active: JsonObject[], succeeded: number, done: Set<number> | undefined, now: number): JsonObject[] {
    const s = spec(job);
    if (isSuspended(job)) {
      this.deletePods(job, active, active.length);
      return [];
    }
    const parallelism = num(s.parallelism, 1);
    let want: number;
    if (typeof s.completions !== "number") want = succeeded > 0 ? active.length : parallelism;
    else want = Math.max(0, Math.min(s.completions - succeeded, parallelism));

    // Indexed: pods of an index already done, out of range or duplicated go first.
    const surplus: JsonObject[] = [];
    let keep = active;
    if (done) {
      const seen = new Set<number>();
      keep = [];
      for (const p of [...active].sort((a, b) => Number(isPodReady(b)) - Number(isPodReady(a)))) {
        const ix = completionIndex(p);
        if (ix === undefined || ix >= num(s.completions) || done.has(ix) || seen.has(ix)) surplus.push(p);
        else {
          seen.add(ix);
          keep.push(p);
        }
      }
    }
    const extra = Math.max(0, keep.length - want);
    // activePodsForRemoval: not-ready and newer pods go first.
    const ranked = [...keep].sort((a, b) => Number(isPodReady(a)) - Number(isPodReady(b)) || String(metadataOf(b).creationTimestamp).localeCompare(String(metadataOf(a).creationTimestamp)));
    const toDelete = [...surplus, ...ranked.slice(0, extra)].slice(0, MAX_POD_CREATE_DELETE_PER_SYNC);
    if (toDelete.length > 0) {
      this.deletePods(job, toDelete, toDelete.length);
      return active.filter((p) => !toDelete.includes(p));
    }

    const terminating = onlyReplaceFailed(job) ? pods.filter(isTerminating).length : 0;
    let diff = Math.min(want - terminating - active.length, MAX_POD_CREATE_DELETE_PER_SYNC);
    if (diff <= 0) return active;
    const finished: FinishedPod[] = pods
      .filter((p) => phaseOf(p) === "Succeeded" || isPodFailed(p, job))
      .filter((p) => phaseOf(p) === "Succeeded" || matchPodFailurePolicy(s.podFailurePolicy as JsonObject | undefined, p).countFailed)
      .map((p) => ({ pod: p, failed: phaseOf(p) !== "Succeeded", at: finishedTime(p) }));
    const perIndex = typeof s.backoffLimitPerIndex === "number";
    const wait = perIndex ? 0 : remainingBackoff(finished, now);
    if (wait > 0) {
      this.queue.add(keyOf(job), wait);
      return active;
    }
    let indexes: (number | undefined)[];
    let failures = new Map<number, IndexFailures>();
    if (done) {
      const running = new Set(active.map(completionIndex).filter((i): i is number => i !== undefined));
      indexes = firstPendingIndexes(diff, num(s.completions), done, running);
      if (perIndex) {
        // Each index waits out its own back-off; the Job looks again when the first one may start.
        failures = failuresByIndex(finished.filter((f) => f.failed).map((f) => f.pod));
        const waits = indexes.map((ix) => indexBackoff(failures.get(ix!), now));
        const later = waits.filter((w) => w > 0);
        if (later.length > 0) this.queue.add(keyOf(job), Math.min(...later));
        indexes = indexes.filter((_, i) => waits[i] === 0);
      }
      diff = indexes.length;
    } else indexes = Array.from({ length: diff }, () => undefined);
    const created = this.createPods(job, indexes, perIndex ? failures : undefined);
    return [...active, ...created];
  }

  /** Slow start (batches of 1, 2, 4, …): a template that cannot be created fails once, not N times. */
  private createPods(job: JsonObject, indexes: (number | undefined)[], failures?: Map<number, IndexFailures>): JsonObject[] {
    const created: JsonObject[] = [];
    const ownerRef = controllerOwnerRef(this.jobsRt, job);
    const namespace = String(metadataOf(job).namespace);
    for (let batch = 1, i = 0; i < indexes.length; batch *= 2) {
      for (const ix of indexes.slice(i, i + batch)) {
        try {
          const body = podForJob(job, ownerRef, ix);
          if (failures && ix !== undefined) {
            const meta = body.metadata as JsonObject;
            meta.annotations = { ...((meta.annotations ?? {}) as Record<string, string>), [INDEX_FAILURE_COUNT]: String(failures.get(ix)?.count ?? 0) };
          }
          const pod = this.client.create(this.podsRt, namespace, body);
          created.push(pod);
          this.event(job, "Normal", "SuccessfulCreate", `Created pod: ${String(metadataOf(pod).name)}`);
        } catch (err) {
          const message = err instanceof ApiError ? err.status.message : String(err);
          this.event(job, "Warning", "FailedCreate", `Error creating: ${message}`);
          if (err instanceof ApiError && err.code < 500 && !isRetriable(err)) return created;
          throw err;
        }
      }
      i += batch;
    }
    return created;
  }

  private deletePods(job: JsonObject, pods: JsonObject[], count: number): number {
    let deleted = 0;
    for (const pod of pods.slice(0, count)) {
      const meta = metadataOf(pod);
      if (this.client.delete(this.podsRt, meta.namespace as string, meta.name as string, { preconditions: { uid: meta.uid as string } })) {
        deleted++;
        this.event(job, "Normal", "SuccessfulDelete", `Deleted pod: ${String(meta.name)}`);
      }
    }
    return deleted;
  }

  private removeFinalizer(pod: JsonObject): void {
    const meta = metadataOf(pod);
    this.client.modify(this.podsRt, meta.namespace as string, meta.name as string, (p) => {
      const m = metadataOf(p);
      const rest = ((m.finalizers ?? []) as string[]).filter((f) => f !== JOB_TRACKING_FINALIZER);
      if (rest.length > 0) m.finalizers = rest;
      else delete m.finalizers;
    });
  }

  private writeStatus(job: JsonObject, st: JsonObject): void {
    const { namespace, name } = splitKey(keyOf(job));
    this.client.modify(this.jobsRt, namespace, name, (j) => {
      j.status = st;
    }, "status");
  }

  private event(job: JsonObject, type: "Normal" | "Warning", reason: string, message: string): void {
    this.recorder.record(SOURCE, { rt: this.jobsRt, obj: job }, type, reason, message);
  }
}

/** Go's omitempty on an int32: zero is left out. */
function setCount(st: JsonObject, key: string, n: number): void {
  if (n > 0) st[key] = n;
  else delete st[key];
}
