// Container logs as a pure function of the pod: the run's start and end come from the container
// status, its output from re-planning the container spec (the command model is deterministic).
import type { JsonObject } from "../apiserver/registry/types";
import { planProcess, type LogLine, type ProcessPlan } from "./commands";
import type { ResolvedEnv } from "./env-sources";
import { resolveImage } from "./images";
import { asArray, asObject, asString, parseTime, renderTimePlaceholders, rfc3339NanoFixed } from "./util";

export interface LogEntry {
  /** Cluster ms the line was written. */
  time: number;
  text: string;
}

/** More lines than this in one answer keep only the newest (a busy loop can print millions). */
const MAX_LINES = 50_000;

/** What a run printed in (fromMs, toMs], clipped at `endOffset` ms after its start (when the process stopped). */
export function planLinesBetween(plan: ProcessPlan, startMs: number, fromMs: number, toMs: number, endOffset: number | null = null): LogEntry[] {
  const hi = Math.min(toMs, endOffset === null ? Infinity : startMs + endOffset);
  if (hi <= fromMs) return [];
  const out: LogEntry[] = [];
  const take = (l: LogLine, at: number) => {
    const time = startMs + at;
    if (time > fromMs && time <= hi) out.push({ time, text: renderTimePlaceholders(l.text, time) });
  };
  for (const l of plan.lines) take(l, l.at);
  const r = plan.repeat;
  if (r && r.lines.length > 0) {
    const first = Math.max(0, Math.floor((fromMs - startMs - r.from - r.period) / r.period));
    const maxIterations = Math.ceil(MAX_LINES / r.lines.length);
    let last = Math.floor((hi - startMs - r.from) / r.period);
    if (!Number.isFinite(last)) last = first + maxIterations;
    const from = Math.max(first, last - maxIterations);
    for (let k = from; k <= last; k++) for (const l of r.lines) take(l, r.from + k * r.period + l.at);
  }
  out.sort((a, b) => a.time - b.time);
  return out.length > MAX_LINES ? out.slice(-MAX_LINES) : out;
}

/** The run of a container that `kubectl logs` reads, per the kubelet's rules. */
interface Run {
  start: number;
  /** When the process stopped; null while running. */
  end: number | null;
  exitCode?: number;
  reason?: string;
}

type Found = { run: Run } | { error: string };

function terminatedRun(t: JsonObject): Run | null {
  const start = parseTime(t.startedAt);
  const end = parseTime(t.finishedAt);
  if (start === undefined || end === undefined || t.reason === "StartError") return null;
  return { start, end, exitCode: typeof t.exitCode === "number" ? t.exitCode : undefined, reason: asString(t.reason) };
}

function findRun(pod: JsonObject, container: string, previous: boolean): Found {
  const podName = asString(asObject(pod.metadata).name) ?? "";
  const status = asObject(pod.status);
  const statuses = [...asArray(status.initContainerStatuses), ...asArray(status.containerStatuses), ...asArray(status.ephemeralContainerStatuses)];
  const cs = statuses.find((s) => s.name === container);
  if (!cs) return { error: `container "${container}" in pod "${podName}" is waiting to start: ContainerCreating` };
  const state = asObject(cs.state);
  const last = asObject(asObject(cs.lastState).terminated);
  if (previous) {
    if (!asString(last.containerID)) return { error: `previous terminated container "${container}" in pod "${podName}" not found` };
    const run = terminatedRun(last);
    return run ? { run } : { run: { start: 0, end: 0 } };
  }
  if (state.running) {
    const start = parseTime(asObject(state.running).startedAt);
    if (start !== undefined) return { run: { start, end: null } };
  }
  if (state.terminated) {
    const run = terminatedRun(asObject(state.terminated));
    if (run) return { run };
    if (asString(asObject(state.terminated).containerID)) return { run: { start: 0, end: 0 } };
  }
  if (asString(last.containerID)) {
    const run = terminatedRun(last);
    return run ? { run } : { run: { start: 0, end: 0 } };
  }
  const reason = asString(asObject(state.waiting).reason) ?? "ContainerCreating";
  const why = reason === "ErrImagePull" || reason === "ImagePullBackOff" || reason === "ErrImageNeverPull" ? "image can't be pulled" : reason;
  return { error: `container "${container}" in pod "${podName}" is waiting to start: ${why}` };
}

/** Re-plans a container of the pod (null when its image is unknown). */
export function planFor(pod: JsonObject, container: string, env?: ResolvedEnv): ProcessPlan | null {
  const spec = asObject(pod.spec);
  const c = [...asArray(spec.initContainers), ...asArray(spec.containers), ...asArray(spec.ephemeralContainers)].find((x) => x.name === container);
  const image = c ? resolveImage(asString(c.image) ?? "") : null;
  if (!c || !image) return null;
  const meta = asObject(pod.metadata);
  return planProcess(c, image, {
    podName: asString(meta.name),
    namespace: asString(meta.namespace),
    podIP: asString(asObject(pod.status).podIP),
    nodeName: asString(spec.nodeName),
    pod,
    ...(env ? { resolvedEnv: env } : {}),
  });
}

/** The lines of a run in (fromMs, toMs], including the stop lines of a graceful stop. */
function runLines(plan: ProcessPlan, run: Run, fromMs: number, toMs: number): LogEntry[] {
  if (run.end === null) return planLinesBetween(plan, run.start, fromMs, toMs, plan.exitAt);
  // Status times have seconds precision: the real run lasted up to a second longer than they say.
  const recorded = run.end - run.start;
  const selfExit = plan.exitAt !== null && plan.exitAt <= recorded + 999 && run.reason !== "OOMKilled";
  const endOffset = selfExit ? plan.exitAt : recorded;
  const lines = planLinesBetween(plan, run.start, fromMs, toMs, endOffset);
  if (!selfExit && run.exitCode === plan.sigtermExitCode && run.reason !== "OOMKilled") {
    for (const l of plan.stopLines) if (run.end > fromMs && run.end <= toMs) lines.push({ time: run.end, text: renderTimePlaceholders(l, run.end) });
  }
  return lines;
}

export interface LogOptions {
  previous?: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  sinceTime?: string;
  timestamps?: boolean;
  limitBytes?: number;
  /** The container's ConfigMap and Secret references as the kubelet resolved them. */
  env?: ResolvedEnv;
}

/** One entry as the log endpoint prints it. */
export function formatLogEntry(e: LogEntry, timestamps = false): string {
  return `${timestamps ? `${rfc3339NanoFixed(e.time)} ` : ""}${e.text}\n`;
}

function notInPod(pod: JsonObject, container: string): string | null {
  const spec = asObject(pod.spec);
  const names = [...asArray(spec.initContainers), ...asArray(spec.containers), ...asArray(spec.ephemeralContainers)].map((c) => c.name);
  return names.includes(container) ? null : `container ${container} is not valid for pod ${asString(asObject(pod.metadata).name) ?? ""}`;
}

/** The pods/log subresource: the container's output at cluster time `now`. */
export function containerLogs(pod: JsonObject, container: string, now: number, opts: LogOptions = {}): { text: string } | { error: string } {
  const invalid = notInPod(pod, container);
  if (invalid) return { error: invalid };
  const found = findRun(pod, container, opts.previous === true);
  if ("error" in found) return found;
  const plan = planFor(pod, container, opts.env);
  if (!plan || found.run.end === 0) return { text: "" };
  let from = -Infinity;
  if (opts.sinceSeconds !== undefined) from = now - opts.sinceSeconds * 1000 - 1;
  const since = parseTime(opts.sinceTime);
  if (since !== undefined) from = Math.max(from, since - 1);
  let entries = runLines(plan, found.run, Math.max(from, found.run.start - 1), now);
  if (opts.tailLines !== undefined && opts.tailLines >= 0) entries = opts.tailLines === 0 ? [] : entries.slice(-opts.tailLines);
  let text = entries.map((e) => formatLogEntry(e, opts.timestamps)).join("");
  if (opts.limitBytes !== undefined && opts.limitBytes >= 0) {
    const bytes = new TextEncoder().encode(text);
    if (bytes.length > opts.limitBytes) text = new TextDecoder().decode(bytes.slice(0, opts.limitBytes));
  }
  return { text };
}

/**
 * Lines the container's current run (or the previous one) wrote in (fromMs, toMs], for `logs -f`:
 * stream from the last `toMs` to the new cluster time; `nextAt` says when the next line will be
 * written (null: none will, e.g. the container has stopped, so the stream can end).
 */
export function logLinesBetween(
  pod: JsonObject,
  container: string,
  fromMs: number,
  toMs: number,
  opts: { previous?: boolean; env?: ResolvedEnv } = {},
): { lines: LogEntry[]; nextAt: number | null } | { error: string } {
  const invalid = notInPod(pod, container);
  if (invalid) return { error: invalid };
  const found = findRun(pod, container, opts.previous === true);
  if ("error" in found) return found;
  const plan = planFor(pod, container, opts.env);
  if (!plan || found.run.end === 0) return { lines: [], nextAt: null };
  const lines = runLines(plan, found.run, Math.max(fromMs, found.run.start - 1), toMs);
  let nextAt: number | null = null;
  if (found.run.end === null) {
    const horizon = plan.repeat ? plan.repeat.period * 2 : 0;
    const ahead = planLinesBetween(plan, found.run.start, toMs, toMs + Math.max(horizon, 3_600_000), plan.exitAt);
    nextAt = ahead[0]?.time ?? null;
  }
  return { lines, nextAt };
}
