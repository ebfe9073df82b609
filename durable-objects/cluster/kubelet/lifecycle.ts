// The simulated kubelet's pod worker: syncPod advances a pod through the stage table (stages.ts)
// up to cluster time `now`, one transition at a time in time order, and reports the status a
// kubelet would write, the events it would record and when it next has something to do.
import type { JsonObject } from "../apiserver/registry/types";
import { parseQuantity } from "../apiserver/validation/quantity";
import { resolveEnvSources, usesEnvSources, type SourceLookup } from "./env-sources";
import { timings, type TimingProfile } from "./profiles";
import {
  beginStart,
  containerSpec,
  exitContainer,
  gracePeriodMs,
  killContainer,
  planOf,
  probeChangePoints,
  probeLabel,
  probeResult,
  probeSpec,
  recordEvent,
  STAGES,
  type ContainerState,
  type KubeletEvent,
  type ProbeKind,
  type StageContext,
  type Terminated,
} from "./stages";
import { asArray, asNumber, asObject, asString, jsonEqual, parseTime, rfc3339 } from "./util";

export type { TimingProfile } from "./profiles";
export type { KubeletEvent } from "./stages";

export interface SyncInput {
  pod: JsonObject;
  nodeName: string;
  hostIP: string;
  podIP: string;
  now: number;
  profile: TimingProfile;
  imagePresent: (normalizedRef: string) => boolean;
  /** Whether a Secret of the pod's namespace exists (its imagePullSecrets are looked up before a pull). */
  secretExists?: (name: string) => boolean;
  /** The pod namespace's ConfigMaps and Secrets (containers' env references). */
  envSource?: SourceLookup;
  memo: unknown;
}

export interface SyncResult {
  status: JsonObject | null;
  events: KubeletEvent[];
  wakeAt: number | null;
  memo: unknown;
  pulledImages: string[];
  remove: boolean;
}

interface Condition {
  status: "True" | "False";
  at: number;
  reason?: string;
  message?: string;
}

/** The pod worker's private state: JSON, handed back through `memo`. */
interface Memo {
  v: 1;
  uid: string;
  /** Transitions up to here have been applied. */
  t: number;
  startTime: number;
  sandboxAt: number;
  sandboxReady: boolean;
  deleting: { start: number; deadline: number } | null;
  pulled: string[];
  conditions: Record<string, Condition>;
  containers: ContainerState[];
}

/** Safety net: transitions applied per call (the caller is called back at once when it is hit). */
const MAX_STEPS = 2000;

function newContainer(name: string, init: boolean, sidecar: boolean, image: string): ContainerState {
  return {
    name,
    init,
    sidecar,
    stage: "pending",
    at: null,
    restarts: 0,
    created: false,
    run: null,
    term: null,
    last: null,
    wait: null,
    crash: null,
    pull: null,
    pullFailedAt: null,
    pullStartedAt: null,
    ready: false,
    started: false,
    probes: {},
    image,
    imageID: "",
  };
}

function specContainers(pod: JsonObject): ContainerState[] {
  const spec = asObject(pod.spec);
  return [
    ...asArray(spec.initContainers).map((c) => newContainer(String(c.name), true, c.restartPolicy === "Always", asString(c.image) ?? "")),
    ...asArray(spec.containers).map((c) => newContainer(String(c.name), false, false, asString(c.image) ?? "")),
  ];
}

// ---------------------------------------------------------------- memo from a status (after a restart)

function parseTerminated(v: unknown): Terminated | null {
  const t = asObject(v);
  const finishedAt = parseTime(t.finishedAt);
  if (finishedAt === undefined) return null;
  return {
    exitCode: asNumber(t.exitCode) ?? 0,
    reason: asString(t.reason) ?? "Error",
    ...(typeof t.message === "string" ? { message: t.message } : {}),
    startedAt: t.reason === "StartError" ? null : (parseTime(t.startedAt) ?? finishedAt),
    finishedAt,
    containerID: asString(t.containerID) ?? "",
  };
}

/** Rebuilds the worker state from what the pod's status says (the memo was lost). */
function memoFromStatus(pod: JsonObject, uid: string, now: number): Memo {
  const status = asObject(pod.status);
  const containers = specContainers(pod);
  const byName = new Map([...asArray(status.initContainerStatuses), ...asArray(status.containerStatuses)].map((s) => [s.name, s]));
  const conds: Record<string, Condition> = {};
  for (const c of asArray(status.conditions)) {
    const at = parseTime(c.lastTransitionTime);
    if (typeof c.type === "string" && at !== undefined)
      conds[c.type] = { status: c.status === "True" ? "True" : "False", at, reason: asString(c.reason), message: asString(c.message) };
  }
  const startTime = parseTime(status.startTime) ?? now;
  const sandboxReady = conds.PodReadyToStartContainers?.status === "True" || Boolean(status.podIP);
  for (const c of containers) {
    const s = byName.get(c.name);
    if (!s) continue;
    const state = asObject(s.state);
    c.restarts = asNumber(s.restartCount) ?? 0;
    c.last = parseTerminated(asObject(s.lastState).terminated);
    c.image = asString(s.image) ?? c.image;
    c.imageID = asString(s.imageID) ?? "";
    c.created = Boolean(s.containerID) || c.last !== null;
    if (c.restarts > 0) c.crash = { delayMs: Math.min(10_000 * 2 ** (c.restarts - 1), 300_000), lastUpdate: c.last?.finishedAt ?? now };
    const running = asObject(state.running);
    const started = parseTime(running.startedAt);
    if (started !== undefined) {
      c.run = { containerID: asString(s.containerID) ?? "", start: started, exitAt: null, exitCode: 0 };
      c.stage = "running";
      c.ready = s.ready === true;
      c.started = s.started !== false;
      continue; // exit time and probes are re-derived below
    }
    const term = parseTerminated(state.terminated);
    if (term) {
      c.term = term;
      c.stage = "exited";
      c.at = now;
      continue;
    }
    if (asString(asObject(state.waiting).reason) === "CrashLoopBackOff" && c.last) {
      c.term = c.last;
      c.last = null;
      c.stage = "exited";
      c.at = now;
    }
  }
  return {
    v: 1,
    uid,
    t: now,
    startTime,
    sandboxAt: sandboxReady ? (conds.PodReadyToStartContainers?.at ?? startTime) : now,
    sandboxReady,
    deleting: null,
    pulled: [],
    conditions: conds,
    containers,
  };
}

// ---------------------------------------------------------------- the engine

interface Engine {
  ctx: StageContext;
  memo: Memo;
  now: number;
}

const isStopped = (c: ContainerState) => c.run === null && !["creating", "starting"].includes(c.stage);

/** An init container that lets the next one start: exited 0, or a sidecar that has started. */
function initDone(c: ContainerState): boolean {
  if (c.sidecar) return c.run !== null && c.started && c.stage === "running";
  return c.stage === "done" && c.term?.exitCode === 0;
}

/** Starts whatever's turn it is at `t` (init containers in order, then app containers one by one). */
function schedule(e: Engine, t: number) {
  const { memo, ctx } = e;
  if (!memo.sandboxReady || memo.deleting) return;
  const inits = memo.containers.filter((c) => c.init);
  const mains = memo.containers.filter((c) => !c.init);
  for (const c of inits) {
    if (initDone(c)) continue;
    if (c.stage === "pending") beginStart(c, t);
    return;
  }
  const busy = mains.some((c) => ["image", "pulling", "creating", "starting"].includes(c.stage) && !c.created);
  if (!busy) {
    const next = mains.find((c) => c.stage === "pending");
    if (next) beginStart(next, t);
  }
  // Sidecars stop once every app container has finished for good.
  if (mains.length > 0 && mains.every((c) => c.stage === "done")) {
    for (const c of inits) {
      if (!c.sidecar || !c.run || c.run.killedAt !== undefined) continue;
      recordEvent(ctx, c, "Normal", "Killing", `Stopping container ${c.name}`);
      killContainer(ctx, c, t, t + gracePeriodMs(ctx));
    }
  }
}

/**
 * The earliest thing that happens to a container, and what it is. `silent` says which probe runs
 * may be left out (when only a wake-up is being planned): they change nothing anybody sees.
 */
function nextFor(c: ContainerState, silent?: (kind: ProbeKind, at: number) => boolean): { at: number; what: "stage" | "exit" | ProbeKind } | null {
  let best: { at: number; what: "stage" | "exit" | ProbeKind } | null = null;
  const offer = (at: number | null | undefined, what: "stage" | "exit" | ProbeKind) => {
    if (at === null || at === undefined) return;
    if (what !== "stage" && what !== "exit" && silent?.(what, at)) return;
    if (!best || at < best.at) best = { at, what };
  };
  if (c.stage === "running" && c.run) {
    offer(c.run.exitAt, "exit");
    if (c.run.killedAt === undefined) {
      if (!c.started) offer(c.probes.startup?.next, "startup");
      else {
        offer(c.probes.liveness?.next, "liveness");
        offer(c.probes.readiness?.next, "readiness");
      }
    }
  } else if (STAGES[c.stage].fire) offer(c.at, "stage");
  return best;
}

function runProbe(e: Engine, c: ContainerState, kind: ProbeKind, t: number) {
  const { ctx } = e;
  const state = c.probes[kind];
  const probe = probeSpec(containerSpec(ctx, c), kind);
  if (!state || !probe || !c.run) return;
  const period = Math.max(1, asNumber(probe.periodSeconds) ?? 10) * 1000;
  const failureThreshold = Math.max(1, asNumber(probe.failureThreshold) ?? 3);
  const successThreshold = Math.max(1, asNumber(probe.successThreshold) ?? 1);
  const r = probeResult(ctx, c, probe, t);
  if (r.ok) {
    state.ok++;
    state.fail = 0;
  } else {
    state.fail++;
    state.ok = 0;
    recordEvent(ctx, c, "Warning", "Unhealthy", `${probeLabel(kind)} probe failed: ${r.output}`);
  }
  state.next = t + period;
  if (kind === "startup") {
    if (state.ok >= successThreshold) {
      c.started = true;
      c.ready = !c.probes.readiness;
      // Liveness and readiness start ticking once the container has started.
      for (const k of ["liveness", "readiness"] as const) {
        const s = c.probes[k];
        if (s && s.next < t) s.next = t;
      }
    }
  } else if (kind === "readiness") {
    if (state.ok >= successThreshold) c.ready = true;
    if (state.fail >= failureThreshold) c.ready = false;
  }
  if ((kind === "startup" || kind === "liveness") && state.fail >= failureThreshold) {
    recordEvent(ctx, c, "Normal", "Killing", `Container ${c.name} failed ${kind} probe, will be restarted`);
    killContainer(ctx, c, t, t + gracePeriodMs(ctx, probe));
    return;
  }
  // A steady result (ready and passing, or unready and failing) repeats identically until the
  // process changes (starts listening, touches a file): skip the identical periods in one step.
  const steady = kind === "readiness" ? (r.ok && c.ready) || (!r.ok && !c.ready && state.fail >= failureThreshold) : kind === "liveness" && r.ok;
  if (steady) {
    const change = probeChangePoints(ctx, c).filter((x) => x > t).reduce((a, b) => Math.min(a, b), Infinity);
    // A passing probe leaves no trace (no event, no status change) until the program changes, so its
    // next run that matters is the first period after that: never, when nothing in the plan changes
    // (a healthy pod needs no timer). A failing one records an Unhealthy event per period, up to now.
    if (r.ok && change === Infinity) state.next = Infinity;
    const horizon = r.ok ? change - 1 : Math.min(e.now, change - 1);
    if (horizon >= state.next && state.next !== Infinity) state.next += Math.floor((horizon - state.next) / period) * period + period;
    if (c.run.exitAt !== null && state.next > c.run.exitAt && t < c.run.exitAt) state.next = Math.max(t + period, state.next);
  }
}

function startDeletion(e: Engine, t: number) {
  const { memo, ctx } = e;
  const meta = asObject(ctx.pod.metadata);
  const deadline = Math.max(t, parseTime(meta.deletionTimestamp) ?? t);
  memo.deleting = { start: t, deadline };
  ctx.deleting = true;
  for (const c of memo.containers) {
    if (c.run && c.run.killedAt === undefined) {
      recordEvent(ctx, c, "Normal", "Killing", `Stopping container ${c.name}`);
      killContainer(ctx, c, t, deadline);
    } else if (!c.run) {
      // Not running: it will not start any more.
      c.stage = "done";
      c.at = null;
    }
  }
}

function deletionStart(pod: JsonObject): number | null {
  const meta = asObject(pod.metadata);
  const ts = parseTime(meta.deletionTimestamp);
  if (ts === undefined) return null;
  return ts - (asNumber(meta.deletionGracePeriodSeconds) ?? 30) * 1000;
}

/** Applies the earliest due transition; false when nothing is due by `now`. */
function step(e: Engine): boolean {
  const { memo, ctx, now } = e;
  type Next = { at: number; run: (t: number) => void };
  let best: Next | null = null;
  const offer = (at: number, run: (t: number) => void) => {
    if (!best || at < best.at) best = { at, run };
  };
  const del = deletionStart(ctx.pod);
  if (del !== null && !memo.deleting) offer(del, (t) => startDeletion(e, t));
  if (!memo.sandboxReady && !memo.deleting) {
    offer(memo.sandboxAt, (t) => {
      memo.sandboxReady = true;
      schedule(e, t);
    });
  }
  for (const c of memo.containers) {
    const n = nextFor(c);
    if (!n) continue;
    offer(n.at, (t) => {
      if (n.what === "exit") exitContainer(ctx, c, t);
      else if (n.what === "stage") STAGES[c.stage].fire?.(ctx, c, t);
      else runProbe(e, c, n.what, t);
    });
  }
  const chosen = best as Next | null;
  if (!chosen || chosen.at > now) return false;
  // Never go back in time: something noticed late happens when it is noticed.
  const t = Math.max(chosen.at, memo.t);
  chosen.run(t);
  memo.t = t;
  schedule(e, t);
  updateConditions(e, t);
  return true;
}

function wakeAt(e: Engine): number | null {
  const { memo, ctx } = e;
  let at = Infinity;
  const del = deletionStart(ctx.pod);
  if (del !== null && !memo.deleting) at = Math.min(at, del);
  if (!memo.sandboxReady && !memo.deleting) at = Math.min(at, memo.sandboxAt);
  for (const c of memo.containers) {
    const n = nextFor(c, (kind, when) => kind === "liveness" && livenessStaysPassing(e, c, when));
    if (n) at = Math.min(at, n.at);
  }
  return at === Infinity ? null : Math.max(at, memo.t);
}

/**
 * Whether a liveness probe due at `at` passes then and at every run after (nothing in the program's
 * plan changes later): such runs leave no trace, so no wake-up is planned for them (CoreDNS's first
 * liveness probe, 60 s after start, costs no timer). They still run when the pod is woken anyway.
 */
function livenessStaysPassing(e: Engine, c: ContainerState, at: number): boolean {
  const probe = probeSpec(containerSpec(e.ctx, c), "liveness");
  if (!probe || !c.run) return false;
  if (probeChangePoints(e.ctx, c).some((x) => x > at)) return false;
  return probeResult(e.ctx, c, probe, at).ok;
}

// ---------------------------------------------------------------- status

const names = (cs: ContainerState[]) => `[${cs.map((c) => c.name).join(" ")}]`;

function containerStatus(c: ContainerState, initializing = false): JsonObject {
  const terminated = (t: Terminated): JsonObject => ({
    exitCode: t.exitCode,
    reason: t.reason,
    ...(t.message !== undefined ? { message: t.message } : {}),
    startedAt: t.startedAt === null ? "1970-01-01T00:00:00Z" : rfc3339(t.startedAt),
    finishedAt: rfc3339(t.finishedAt),
    containerID: t.containerID,
  });
  let state: JsonObject;
  let lastState: JsonObject = c.last ? { terminated: terminated(c.last) } : {};
  let containerID: string | undefined;
  if (c.run && c.stage === "running") {
    state = { running: { startedAt: rfc3339(c.run.start) } };
    containerID = c.run.containerID;
  } else if (c.wait) {
    state = { waiting: { reason: c.wait.reason, ...(c.wait.message !== undefined ? { message: c.wait.message } : {}) } };
    if (c.term) lastState = { terminated: terminated(c.term) };
  } else if (c.term) {
    state = { terminated: terminated(c.term) };
    containerID = c.term.containerID;
  } else {
    // Until the init containers are done, the others wait with PodInitializing.
    const reason = c.stage === "pending" && initializing ? "PodInitializing" : (STAGES[c.stage].waiting ?? "ContainerCreating");
    state = { waiting: { reason } };
  }
  return {
    name: c.name,
    state,
    lastState,
    ready: c.ready,
    restartCount: c.restarts,
    image: c.image,
    imageID: c.imageID,
    ...(containerID ? { containerID } : {}),
    started: c.started && c.stage === "running",
  };
}

function qosClass(pod: JsonObject): string {
  const spec = asObject(pod.spec);
  const all = [...asArray(spec.initContainers), ...asArray(spec.containers)];
  let any = false;
  let guaranteed = all.length > 0;
  for (const c of all) {
    const res = asObject(c.resources);
    const limits = asObject(res.limits);
    const requests = { ...limits, ...asObject(res.requests) };
    if (Object.keys(limits).length + Object.keys(requests).length > 0) any = true;
    for (const r of ["cpu", "memory"]) {
      const l = parseQuantity(limits[r]);
      if (l === undefined || parseQuantity(requests[r]) !== l) guaranteed = false;
    }
  }
  return guaranteed ? "Guaranteed" : any ? "Burstable" : "BestEffort";
}

function renderContainers(memo: Memo): Map<string, JsonObject> {
  const initializing = memo.containers.some((c) => c.init && !initDone(c));
  return new Map(memo.containers.map((c) => [c.name, containerStatus(c, initializing)]));
}

/** kubelet's getPhase over the rendered statuses. */
function podPhase(e: Engine, statuses: Map<string, JsonObject>): string {
  const { memo, ctx } = e;
  const policy = asString(asObject(ctx.pod.spec).restartPolicy) ?? "Always";
  const inits = memo.containers.filter((c) => c.init);
  const mains = memo.containers.filter((c) => !c.init);
  const terminal = memo.deleting !== null && memo.containers.every(isStopped);
  const initFailed = inits.some((c) => !c.sidecar && c.stage === "done" && (c.term?.exitCode ?? 0) !== 0);
  if (initFailed) return "Failed";
  if (!inits.every(initDone) && !terminal) return "Pending";
  let waiting = 0;
  let running = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const c of mains) {
    const state = asObject(statuses.get(c.name)?.state);
    if (state.running) running++;
    else if (state.terminated) {
      stopped++;
      if (asObject(state.terminated).exitCode === 0) succeeded++;
    } else if (asObject(statuses.get(c.name)?.lastState).terminated) stopped++;
    else waiting++;
  }
  // A deleted pod whose containers all stopped is terminal: judged as if it would not restart.
  if (terminal) return stopped === 0 ? "Pending" : stopped === succeeded ? "Succeeded" : "Failed";
  if (waiting > 0) return "Pending";
  if (running > 0) return "Running";
  if (stopped > 0) {
    if (policy === "Always") return "Running";
    if (stopped === succeeded) return "Succeeded";
    if (policy === "OnFailure") return "Running";
    return "Failed";
  }
  return "Pending";
}

/** The condition values now; transition times are kept in the memo. */
function updateConditions(e: Engine, t: number) {
  const { memo } = e;
  const statuses = renderContainers(memo);
  const phase = podPhase(e, statuses);
  const set = (type: string, status: "True" | "False", reason?: string, message?: string) => {
    const prev = memo.conditions[type];
    const at = prev && prev.status === status ? prev.at : t;
    memo.conditions[type] = { status, at, ...(reason ? { reason } : {}), ...(message ? { message } : {}) };
  };
  set("PodReadyToStartContainers", memo.sandboxReady && !(memo.deleting && memo.containers.every(isStopped)) ? "True" : "False");
  const completed = phase === "Succeeded";
  const pendingInit = memo.containers.filter((c) => c.init && !initDone(c) && !(c.sidecar && completed));
  if (completed) set("Initialized", "True", "PodCompleted");
  else if (pendingInit.length > 0) set("Initialized", "False", "ContainersNotInitialized", `containers with incomplete status: ${names(pendingInit)}`);
  else set("Initialized", "True");
  const readyScope = memo.containers.filter((c) => !c.init || c.sidecar);
  const unready = readyScope.filter((c) => !c.ready);
  for (const type of ["Ready", "ContainersReady"]) {
    if (completed) set(type, "False", "PodCompleted");
    else if (unready.length > 0) set(type, "False", "ContainersNotReady", `containers with unready status: ${names(unready)}`);
    else set(type, "True");
  }
}

function renderStatus(e: Engine, input: SyncInput): JsonObject {
  const { memo } = e;
  const statuses = renderContainers(memo);
  const phase = podPhase(e, statuses);
  const given = asObject(input.pod.status);
  const scheduled = asArray(given.conditions).find((c) => c.type === "PodScheduled") ?? {
    type: "PodScheduled",
    status: "True",
    lastProbeTime: null,
    lastTransitionTime: rfc3339(memo.startTime),
  };
  const cond = (type: string): JsonObject => {
    const c = memo.conditions[type] ?? { status: "False", at: memo.startTime };
    return {
      type,
      status: c.status,
      lastProbeTime: null,
      lastTransitionTime: rfc3339(c.at),
      ...(c.reason ? { reason: c.reason } : {}),
      ...(c.message ? { message: c.message } : {}),
    };
  };
  const hostNetwork = asObject(input.pod.spec).hostNetwork === true;
  const podIP = hostNetwork ? input.hostIP : input.podIP;
  const inits = memo.containers.filter((c) => c.init).map((c) => statuses.get(c.name)!);
  return {
    phase,
    conditions: [cond("PodReadyToStartContainers"), cond("Initialized"), cond("Ready"), cond("ContainersReady"), scheduled],
    hostIP: input.hostIP,
    hostIPs: [{ ip: input.hostIP }],
    ...(memo.sandboxReady && podIP ? { podIP, podIPs: [{ ip: podIP }] } : {}),
    startTime: rfc3339(memo.startTime),
    ...(inits.length > 0 ? { initContainerStatuses: inits } : {}),
    containerStatuses: memo.containers.filter((c) => !c.init).map((c) => statuses.get(c.name)!),
    qosClass: qosClass(input.pod),
  };
}

// ---------------------------------------------------------------- entry point

function isMemo(m: unknown, uid: string): m is Memo {
  return typeof m === "object" && m !== null && (m as Memo).v === 1 && (m as Memo).uid === uid;
}

/** Advances one pod on this node to cluster time `now`. Pure: same input, same output. */
export function syncPod(input: SyncInput): SyncResult {
  const meta = asObject(input.pod.metadata);
  const uid = asString(meta.uid) ?? asString(meta.name) ?? "pod";
  const profile = timings(input.profile);
  let memo: Memo;
  if (isMemo(input.memo, uid)) memo = structuredClone(input.memo);
  else if (asArray(asObject(input.pod.status).containerStatuses).length > 0) memo = memoFromStatus(input.pod, uid, input.now);
  else {
    memo = {
      v: 1,
      uid,
      t: input.now,
      startTime: input.now,
      sandboxAt: input.now + profile.sandboxMs(uid),
      sandboxReady: false,
      deleting: null,
      pulled: [],
      conditions: {},
      containers: specContainers(input.pod),
    };
  }
  const ctx: StageContext = {
    pod: input.pod,
    uid,
    podName: asString(meta.name) ?? "",
    namespace: asString(meta.namespace) ?? "default",
    podIP: asObject(input.pod.spec).hostNetwork === true ? input.hostIP : input.podIP,
    timings: profile,
    imagePresent: input.imagePresent,
    secretExists: input.secretExists ?? (() => true),
    envSource: input.envSource ?? (() => null),
    pulled: memo.pulled,
    newlyPulled: [],
    events: [],
    deleting: memo.deleting !== null,
    resyncMs: input.profile === "instant" ? 0 : 1000,
  };
  const e: Engine = { ctx, memo, now: input.now };
  if (!isMemo(input.memo, uid)) {
    // A rebuilt running container: re-derive its exit time from its plan, and probe it afresh.
    for (const c of memo.containers) {
      if (c.stage !== "running" || !c.run) continue;
      // Its environment as it would be resolved now (what it was resolved to at creation is not kept across restarts).
      const cs = containerSpec(ctx, c);
      if (usesEnvSources(cs)) {
        const resolved = resolveEnvSources(cs, ctx.namespace, ctx.envSource);
        if ("env" in resolved) c.env = resolved.env;
      }
      const exitAfter = planOf(ctx, c)?.plan.exitAt;
      c.run.exitAt = exitAfter === null || exitAfter === undefined ? null : Math.max(c.run.start + exitAfter, input.now);
      for (const kind of ["startup", "liveness", "readiness"] as const) if (probeSpec(containerSpec(ctx, c), kind)) c.probes[kind] = { next: input.now, ok: 0, fail: 0 };
    }
  }
  if (!isMemo(input.memo, uid)) {
    schedule(e, memo.t);
    updateConditions(e, memo.t);
  }
  let steps = 0;
  while (steps < MAX_STEPS && step(e)) steps++;
  const status = renderStatus(e, input);
  const remove = memo.deleting !== null && memo.containers.every(isStopped);
  const wake = remove ? null : steps >= MAX_STEPS ? input.now : wakeAt(e);
  return {
    status: jsonEqual(status, input.pod.status) ? null : status,
    events: ctx.events,
    wakeAt: wake,
    memo,
    pulledImages: ctx.newlyPulled,
    remove,
  };
}
