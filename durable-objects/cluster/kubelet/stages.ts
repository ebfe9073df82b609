// The stages a container goes through on the simulated node, as a table (kwok-style): each stage
// says what the container status shows meanwhile and, when its timer fires, which events it
// records and which stage follows. lifecycle.ts runs the table; this file holds no loop.
import type { JsonObject } from "../apiserver/registry/types";
import { parseQuantity } from "../apiserver/validation/quantity";
import { backoffEnd, formatBackoff, inBackoffSince, nextBackoff, type BackoffEntry } from "./backoff";
import { planProcess, runExecCommand, type PlanContext, type ProcessPlan } from "./commands";
import { resolveEnvSources, usesEnvSources, type ResolvedEnv, type SourceLookup } from "./env-sources";
import { parseImageRef, pullFailure, resolveImage, type ImageInfo } from "./images";
import type { Timings } from "./profiles";
import { asArray, asNumber, asObject, asString, goDuration, hexOf, jitter } from "./util";

export interface KubeletEvent {
  type: "Normal" | "Warning";
  reason: string;
  message: string;
  /** e.g. "spec.containers{nginx}" */
  fieldPath?: string;
}

export type Stage =
  | "pending" // not its turn yet (init ordering, sandbox, serialized starts)
  | "image" // decide: already present / pull / back-off
  | "pulling"
  | "pullFailed" // ErrImagePull shown until the next sync
  | "pullBackoff" // ImagePullBackOff
  | "stuck" // ErrImageNeverPull / InvalidImageName: nothing changes until the spec does
  | "creating"
  | "starting"
  | "running"
  | "exited" // terminated, restart not decided yet
  | "backoff" // CrashLoopBackOff
  | "done"; // terminated for good (or never to start: pod deleted)

export interface Terminated {
  exitCode: number;
  reason: string;
  message?: string;
  /** null: StartError (kube shows the Unix epoch) */
  startedAt: number | null;
  finishedAt: number;
  containerID: string;
}

export interface ProbeState {
  next: number;
  ok: number;
  fail: number;
}

export interface ContainerRun {
  containerID: string;
  start: number;
  /** When the process exits (its own exit, OOM, or the kill); null: not before it is stopped. */
  exitAt: number | null;
  exitCode: number;
  reason?: string;
  /** Set once the kubelet sent the stop signal (liveness failure, deletion): probes stop. */
  killedAt?: number;
}

/** One container's simulated state (JSON, lives in the memo). */
export interface ContainerState {
  name: string;
  init: boolean;
  sidecar: boolean;
  stage: Stage;
  /** When the current stage's timer fires. */
  at: number | null;
  restarts: number;
  created: boolean;
  run: ContainerRun | null;
  term: Terminated | null;
  last: Terminated | null;
  wait: { reason: string; message?: string } | null;
  crash: BackoffEntry | null;
  pull: BackoffEntry | null;
  pullFailedAt: number | null;
  pullStartedAt: number | null;
  ready: boolean;
  started: boolean;
  probes: Partial<Record<ProbeKind, ProbeState>>;
  image: string;
  imageID: string;
  /** Its ConfigMap and Secret references as resolved at its last creation. */
  env?: ResolvedEnv;
}

export type ProbeKind = "startup" | "liveness" | "readiness";

/** What a stage handler can see and do. */
export interface StageContext {
  pod: JsonObject;
  uid: string;
  podName: string;
  namespace: string;
  podIP: string;
  timings: Timings;
  imagePresent: (ref: string) => boolean;
  secretExists: (name: string) => boolean;
  /** The pod namespace's ConfigMaps and Secrets, for the containers' environment. */
  envSource: SourceLookup;
  /** Images this pod pulled (present for later containers even before the caller records them). */
  pulled: string[];
  newlyPulled: string[];
  events: KubeletEvent[];
  deleting: boolean;
  /** How long the pod-level sync takes to notice (ErrImagePull → ImagePullBackOff, exit → CrashLoopBackOff). */
  resyncMs: number;
}

export const spec = (ctx: StageContext) => asObject(ctx.pod.spec);

export function containerSpec(ctx: StageContext, c: ContainerState): JsonObject {
  return asArray(c.init ? spec(ctx).initContainers : spec(ctx).containers).find((x) => x.name === c.name) ?? {};
}

export const fieldPath = (c: ContainerState) => `spec.${c.init ? "initContainers" : "containers"}{${c.name}}`;

function event(ctx: StageContext, c: ContainerState, type: "Normal" | "Warning", reason: string, message: string) {
  ctx.events.push({ type, reason, message, fieldPath: fieldPath(c) });
}

export function planContext(ctx: StageContext, c?: ContainerState): PlanContext {
  return { podName: ctx.podName, namespace: ctx.namespace, podIP: ctx.podIP, nodeName: asString(spec(ctx).nodeName), pod: ctx.pod, ...(c?.env ? { resolvedEnv: c.env } : {}) };
}

export function planOf(ctx: StageContext, c: ContainerState): { plan: ProcessPlan; image: ImageInfo } | null {
  const cs = containerSpec(ctx, c);
  const image = resolveImage(asString(cs.image) ?? "");
  return image ? { plan: planProcess(cs, image, planContext(ctx, c)), image } : null;
}

const podRef = (ctx: StageContext) => `${ctx.podName}_${ctx.namespace}(${ctx.uid})`;
const seed = (ctx: StageContext, c: ContainerState, what: string) => `${ctx.uid}/${c.name}/${c.restarts}/${what}`;

/** The pull policy, defaulted as the API server does when missing. */
export function pullPolicy(cs: JsonObject): string {
  const given = asString(cs.imagePullPolicy);
  if (given) return given;
  const ref = parseImageRef(asString(cs.image) ?? "");
  return !ref || (ref.tag === "latest" && !ref.digest) ? "Always" : "IfNotPresent";
}

function pullError(ref: string, normalized: string): string {
  const parsed = parseImageRef(ref);
  const failure = parsed ? pullFailure(parsed.repository, parsed.tag) : null;
  const prefix = `failed to pull and unpack image "${normalized}"`;
  // A manifest list with Windows images only: containerd finds nothing for linux/amd64.
  if (failure === "no-platform") return `${prefix}: no match for platform in manifest: not found`;
  if (failure === "no-tag") return `${prefix}: failed to resolve reference "${normalized}": ${normalized}: not found`;
  return `${prefix}: failed to resolve reference "${normalized}": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`;
}

// ---------------------------------------------------------------- the stage table

type Handler = (ctx: StageContext, c: ContainerState, t: number) => void;

export interface StageRow {
  /** What the container status shows during the stage (when `wait` is not set by the stage itself). */
  waiting?: string;
  /** Runs when the stage's timer (`at`) fires. */
  fire?: Handler;
}

export const STAGES: Record<Stage, StageRow> = {
  pending: { waiting: "ContainerCreating" },
  image: { waiting: "ContainerCreating", fire: imageStage },
  pulling: { waiting: "ContainerCreating", fire: pullDone },
  pullFailed: { fire: pullBackoffStage },
  pullBackoff: {
    fire: (_ctx, c, t) => {
      c.stage = "image";
      c.at = t;
    },
  },
  stuck: {},
  creating: { waiting: "ContainerCreating", fire: createStage },
  starting: { waiting: "ContainerCreating", fire: startStage },
  running: {},
  exited: { fire: restartStage },
  backoff: {
    fire: (_ctx, c, t) => {
      c.crash = nextBackoff(c.crash, c.term?.finishedAt ?? t);
      c.stage = "image";
      c.at = t;
    },
  },
  done: {},
};

/** Begins the start pipeline of a container at `t` (its turn has come). */
export function beginStart(c: ContainerState, t: number) {
  c.stage = "image";
  c.at = t;
}

/** An image the kubelet will never start (bad reference, or absent with pullPolicy Never): waits for good. */
function stuckOnImage(ctx: StageContext, c: ContainerState, eventReason: string, reason: string, message: string): void {
  event(ctx, c, "Warning", eventReason, message);
  event(ctx, c, "Warning", "Failed", `Error: ${reason}`);
  c.wait = { reason, message };
  c.stage = "stuck";
  c.at = null;
}

function imageStage(ctx: StageContext, c: ContainerState, t: number) {
  const cs = containerSpec(ctx, c);
  const ref = asString(cs.image) ?? "";
  const parsed = parseImageRef(ref);
  if (!parsed) {
    return stuckOnImage(ctx, c, "InspectFailed", "InvalidImageName", `Failed to apply default image tag "${ref}": couldn't parse image name "${ref}": invalid reference format`);
  }
  const present = ctx.imagePresent(parsed.normalized) || ctx.pulled.includes(parsed.normalized);
  const policy = pullPolicy(cs);
  if (policy === "Never" && !present) {
    return stuckOnImage(ctx, c, "ErrImageNeverPull", "ErrImageNeverPull", `Container image "${ref}" is not present with pull policy of Never`);
  }
  if (present && policy !== "Always") {
    event(ctx, c, "Normal", "Pulled", `Container image "${ref}" already present on machine`);
    c.stage = "creating";
    c.at = t + ctx.timings.createMs(seed(ctx, c, "create"));
    return;
  }
  if (c.pullFailedAt !== null && inBackoffSince(c.pull, c.pullFailedAt, t)) {
    pullBackoffStage(ctx, c, t);
    return;
  }
  const missing = asArray(spec(ctx).imagePullSecrets).map((s) => asString(s.name) ?? "").filter((n) => n !== "" && !ctx.secretExists(n));
  if (missing.length > 0) {
    // The kubelet's words (getPullSecretsForPod): a pod-level warning; the pull goes ahead without them.
    ctx.events.push({ type: "Warning", reason: "FailedToRetrieveImagePullSecret", message: `Unable to retrieve some image pull secrets (${missing.join(", ")}); attempting to pull the image may not succeed.` });
  }
  event(ctx, c, "Normal", "Pulling", `Pulling image "${ref}"`);
  const image = resolveImage(ref);
  c.pullStartedAt = t;
  c.stage = "pulling";
  c.at = t + (image ? ctx.timings.pullMs(seed(ctx, c, `pull${c.pull?.delayMs ?? 0}`), image.sizeBytes, present) : ctx.timings.pullFailMs(seed(ctx, c, "pull")));
}

function pullDone(ctx: StageContext, c: ContainerState, t: number) {
  const ref = asString(containerSpec(ctx, c).image) ?? "";
  const normalized = parseImageRef(ref)?.normalized ?? ref;
  const image = resolveImage(ref);
  if (image) {
    const took = goDuration(t - (c.pullStartedAt ?? t));
    event(ctx, c, "Normal", "Pulled", `Successfully pulled image "${ref}" in ${took} (${took} including waiting). Image size: ${image.sizeBytes} bytes.`);
    if (!ctx.pulled.includes(normalized)) ctx.pulled.push(normalized);
    if (!ctx.imagePresent(normalized) && !ctx.newlyPulled.includes(normalized)) ctx.newlyPulled.push(normalized);
    c.pull = null;
    c.pullFailedAt = null;
    c.stage = "creating";
    c.at = t + ctx.timings.createMs(seed(ctx, c, "create"));
    return;
  }
  const err = pullError(ref, normalized);
  event(ctx, c, "Warning", "Failed", `Failed to pull image "${ref}": ${err}`);
  event(ctx, c, "Warning", "Failed", "Error: ErrImagePull");
  c.pull = nextBackoff(c.pull, t);
  c.pullFailedAt = t;
  c.wait = { reason: "ErrImagePull", message: err };
  c.stage = "pullFailed";
  c.at = t + Math.min(ctx.resyncMs, c.pull.delayMs);
}

function pullBackoffStage(ctx: StageContext, c: ContainerState, t: number) {
  const ref = asString(containerSpec(ctx, c).image) ?? "";
  const normalized = parseImageRef(ref)?.normalized ?? ref;
  event(ctx, c, "Normal", "BackOff", `Back-off pulling image "${ref}"`);
  event(ctx, c, "Warning", "Failed", "Error: ImagePullBackOff");
  c.wait = { reason: "ImagePullBackOff", message: `Back-off pulling image "${ref}": ErrImagePull: ${pullError(ref, normalized)}` };
  c.stage = "pullBackoff";
  c.at = backoffEnd(c.pull, c.pullFailedAt ?? t) ?? t;
}

/** How long the kubelet waits before trying again to create a container whose configuration failed. */
const CONFIG_RETRY_MS = 10_000;

function createStage(ctx: StageContext, c: ContainerState, t: number) {
  const cs = containerSpec(ctx, c);
  if (usesEnvSources(cs)) {
    const resolved = resolveEnvSources(cs, ctx.namespace, ctx.envSource);
    if ("error" in resolved) {
      // generateContainerConfig failed: nothing is created; the kubelet tries again at a later sync.
      if (c.wait?.reason !== "CreateContainerConfigError" || c.wait.message !== resolved.error) event(ctx, c, "Warning", "Failed", `Error: ${resolved.error}`);
      c.wait = { reason: "CreateContainerConfigError", message: resolved.error };
      c.at = t + (ctx.resyncMs === 0 ? 1000 : CONFIG_RETRY_MS);
      return;
    }
    c.env = resolved.env;
  } else delete c.env;
  if (c.wait?.reason === "CreateContainerConfigError") c.wait = null;
  const planned = planOf(ctx, c);
  if (c.created) {
    c.restarts++;
    c.last = c.term ?? c.last;
    c.term = null;
  }
  c.created = true;
  const containerID = `containerd://${hexOf(`${ctx.uid}/${c.name}/${c.restarts}`)}`;
  c.image = planned?.image.reference ?? c.image;
  c.imageID = planned?.image.imageID ?? "";
  event(ctx, c, "Normal", "Created", `Created container: ${c.name}`);
  if (!planned || planned.plan.startError) {
    const message = planned?.plan.startError ?? "failed to create containerd task: unknown image";
    event(ctx, c, "Warning", "Failed", `Error: ${message}`);
    c.term = { exitCode: 128, reason: "StartError", message, startedAt: null, finishedAt: t, containerID };
    c.wait = null;
    c.run = null;
    c.stage = "exited";
    c.at = t + ctx.resyncMs;
    return;
  }
  c.run = { containerID, start: t, exitAt: null, exitCode: 0 };
  c.stage = "starting";
  c.at = t + ctx.timings.startMs(seed(ctx, c, "start"));
}

function memoryLimit(cs: JsonObject): number | undefined {
  return parseQuantity(asObject(asObject(cs.resources).limits).memory);
}

function startStage(ctx: StageContext, c: ContainerState, t: number) {
  const planned = planOf(ctx, c);
  const run = c.run;
  if (!planned || !run) return;
  const { plan } = planned;
  event(ctx, c, "Normal", "Started", `Started container ${c.name}`);
  run.start = t;
  run.exitAt = plan.exitAt === null ? null : t + plan.exitAt;
  run.exitCode = plan.exitCode;
  const limit = memoryLimit(containerSpec(ctx, c));
  if (limit !== undefined && limit < plan.memoryBytes) {
    // The process allocates past its cgroup limit shortly after start.
    const oomAt = t + jitter(seed(ctx, c, "oom"), 800, 1800);
    if (run.exitAt === null || oomAt < run.exitAt) {
      run.exitAt = oomAt;
      run.exitCode = 137;
      run.reason = "OOMKilled";
    }
  }
  c.wait = null;
  c.stage = "running";
  c.at = null;
  const cs = containerSpec(ctx, c);
  c.probes = {};
  for (const kind of ["startup", "liveness", "readiness"] as const) {
    const p = probeSpec(cs, kind);
    if (p) c.probes[kind] = { next: t + (asNumber(p.initialDelaySeconds) ?? 0) * 1000, ok: 0, fail: 0 };
  }
  c.started = !c.probes.startup;
  c.ready = c.started && !c.probes.readiness;
}

/** Records the process's exit at `t` and moves to "exited" (restart decided by restartStage). */
export function exitContainer(ctx: StageContext, c: ContainerState, t: number) {
  const run = c.run;
  if (!run) return;
  c.term = {
    exitCode: run.exitCode,
    reason: run.reason ?? (run.exitCode === 0 ? "Completed" : "Error"),
    startedAt: run.start,
    finishedAt: t,
    containerID: run.containerID,
  };
  c.run = null;
  c.ready = false;
  c.started = false;
  c.probes = {};
  c.wait = null;
  c.stage = "exited";
  c.at = t + (willRestart(ctx, c) && backoffEnd(c.crash, t) !== null ? ctx.resyncMs : 0);
}

/** Whether the container will run again after the exit it just had. */
export function willRestart(ctx: StageContext, c: ContainerState): boolean {
  if (ctx.deleting) return false;
  if (c.sidecar) return true;
  const code = c.term?.exitCode ?? 0;
  const policy = asString(spec(ctx).restartPolicy) ?? "Always";
  if (c.init) return code !== 0 && policy !== "Never";
  if (policy === "Always") return true;
  return policy === "OnFailure" && code !== 0;
}

function restartStage(ctx: StageContext, c: ContainerState, t: number) {
  if (!willRestart(ctx, c)) {
    c.stage = "done";
    c.at = null;
    return;
  }
  const finished = c.term?.finishedAt ?? t;
  const end = backoffEnd(c.crash, finished);
  if (end !== null && end > t) {
    event(ctx, c, "Warning", "BackOff", `Back-off restarting failed container ${c.name} in pod ${podRef(ctx)}`);
    c.wait = { reason: "CrashLoopBackOff", message: `back-off ${formatBackoff(c.crash!.delayMs)} restarting failed container=${c.name} pod=${podRef(ctx)}` };
    c.stage = "backoff";
    c.at = end;
    return;
  }
  c.crash = nextBackoff(c.crash, finished);
  beginStart(c, t);
}

// ---------------------------------------------------------------- probes and stopping

export function probeSpec(cs: JsonObject, kind: ProbeKind): JsonObject | undefined {
  const p = cs[`${kind}Probe`];
  return p && typeof p === "object" ? (p as JsonObject) : undefined;
}

/** Sends the stop signal at `t`: a process that handles it exits quickly, otherwise SIGKILL at `deadline`. */
export function killContainer(ctx: StageContext, c: ContainerState, t: number, deadline: number) {
  const run = c.run;
  if (!run || run.killedAt !== undefined) return;
  run.killedAt = t;
  if (c.stage === "starting") {
    c.stage = "running";
    c.at = null;
  }
  const planned = planOf(ctx, c);
  const code = planned?.plan.sigtermExitCode ?? null;
  const stopAt = code !== null ? Math.min(t + ctx.timings.stopMs(seed(ctx, c, "stop")), deadline) : deadline;
  if (run.exitAt !== null && run.exitAt <= stopAt) return; // exits by itself first
  run.exitAt = Math.max(stopAt, t);
  run.exitCode = code !== null && stopAt < deadline ? code : 137;
  run.reason = undefined;
}

const PROBE_FIRST_TICK_MS = 1_000;

export function gracePeriodMs(ctx: StageContext, probe?: JsonObject): number {
  const s = asNumber(probe?.terminationGracePeriodSeconds) ?? asNumber(spec(ctx).terminationGracePeriodSeconds) ?? 30;
  return s * 1000;
}

/** The outcome of one probe of a running container at `t`, with the kubelet's failure message. */
export function probeResult(ctx: StageContext, c: ContainerState, probe: JsonObject, t: number): { ok: boolean; output: string } {
  const planned = planOf(ctx, c);
  if (!planned || !c.run) return { ok: false, output: "container not running" };
  const { plan, image } = planned;
  const offset = t - c.run.start;
  const cs = containerSpec(ctx, c);
  const resolvePort = (port: unknown): number | undefined => {
    if (typeof port === "number") return port;
    if (typeof port === "string" && /^\d+$/.test(port)) return Number(port);
    return asNumber(asArray(cs.ports).find((p) => p.name === port)?.containerPort);
  };
  // A real prober's first run lands about a second after the container starts (its worker's tick),
  // so a server that listens within that second is never seen down.
  const listening = (port: number | undefined) => port !== undefined && plan.ports.includes(port) && offset + PROBE_FIRST_TICK_MS >= plan.listenAfter;
  const host = (h: unknown) => asString(h) ?? ctx.podIP;
  if (probe.httpGet) {
    const g = asObject(probe.httpGet);
    const port = resolvePort(g.port);
    const scheme = (asString(g.scheme) ?? "HTTP").toLowerCase();
    const path = asString(g.path) ?? "/";
    const ip = host(g.host);
    if (listening(port)) return { ok: true, output: "" };
    return { ok: false, output: `Get "${scheme}://${ip}:${port ?? 0}${path.startsWith("/") ? path : `/${path}`}": dial tcp ${ip}:${port ?? 0}: connect: connection refused` };
  }
  if (probe.tcpSocket) {
    const s = asObject(probe.tcpSocket);
    const port = resolvePort(s.port);
    const ip = host(s.host);
    return listening(port) ? { ok: true, output: "" } : { ok: false, output: `dial tcp ${ip}:${port ?? 0}: connect: connection refused` };
  }
  if (probe.grpc) {
    const port = asNumber(asObject(probe.grpc).port);
    return listening(port) ? { ok: true, output: "" } : { ok: false, output: `timeout: failed to connect service "${ctx.podIP}:${port ?? 0}" within 1s: context deadline exceeded` };
  }
  if (probe.exec) {
    const command = (asObject(probe.exec).command as unknown[] | undefined)?.map(String) ?? [];
    const r = runExecCommand(command, plan, image, offset, planContext(ctx, c));
    return { ok: r.exitCode === 0, output: r.output };
  }
  return { ok: false, output: "unknown probe handler" };
}

/** Times (ms from start) at which a probe's result can change: the rest of the time it is constant. */
export function probeChangePoints(ctx: StageContext, c: ContainerState): number[] {
  const planned = planOf(ctx, c);
  if (!planned || !c.run) return [];
  const start = c.run.start;
  return [planned.plan.listenAfter, ...planned.plan.files.map((f) => f.at)].map((o) => start + o);
}

export function probeLabel(kind: ProbeKind): string {
  return kind === "startup" ? "Startup" : kind === "liveness" ? "Liveness" : "Readiness";
}

export { event as recordEvent };
