// The READY / STATUS / RESTARTS cells of a pod, as kube-apiserver's pod printer derives them from
// container statuses (pkg/printers/internalversion printPod).
import type { JsonObject } from "../registry/types";
import { humanDuration } from "./age";
import { isObject, num, objects, str } from "../validation/values";

export interface PodSummary {
  /** "1/1": ready containers (sidecars included) over containers. */
  ready: string;
  /** The STATUS column: phase, or the reason that explains it best. */
  status: string;
  /** "0", or "5 (2m ago)" with the time since the last container termination. */
  restarts: string;
}

/** A state's part: state.running / waiting / terminated. */
const part = (state: unknown, key: string): JsonObject | undefined => (isObject(state) && isObject(state[key]) ? (state[key] as JsonObject) : undefined);

function lastTermination(status: JsonObject): number {
  const finishedAt = part(status.lastState, "terminated")?.finishedAt;
  return typeof finishedAt === "string" ? Date.parse(finishedAt) : 0;
}

/** A terminated state's reason, or its signal or exit code when it gives none. */
const terminatedReason = (t: JsonObject, prefix: string) =>
  prefix + (str(t.reason) || (num(t.signal) !== 0 ? `Signal:${num(t.signal)}` : `ExitCode:${num(t.exitCode)}`));

const hasCondition = (pod: JsonObject, type: string) =>
  objects((pod.status as JsonObject | undefined)?.conditions).some((c) => c.type === type && c.status === "True");

export function summarizePod(pod: JsonObject, now: number): PodSummary {
  const spec = (isObject(pod.spec) ? pod.spec : {}) as JsonObject;
  const status = (isObject(pod.status) ? pod.status : {}) as JsonObject;
  const meta = (isObject(pod.metadata) ? pod.metadata : {}) as JsonObject;
  const initSpecs = objects(spec.initContainers);
  const sidecars = new Set(initSpecs.filter((c) => c.restartPolicy === "Always").map((c) => str(c.name)));
  const total = objects(spec.containers).length + sidecars.size;

  const phase = str(status.phase);
  let reason = str(status.reason) || phase;
  for (const c of objects(status.conditions)) if (c.type === "PodScheduled" && c.reason === "SchedulingGated") reason = "SchedulingGated";

  let ready = 0;
  let restarts = 0;
  let lastRestart = 0;
  let sidecarRestarts = 0;
  let lastSidecarRestart = 0;
  let initializing = false;
  const initStatuses = objects(status.initContainerStatuses);
  for (const [i, c] of initStatuses.entries()) {
    restarts += num(c.restartCount);
    lastRestart = Math.max(lastRestart, lastTermination(c));
    const sidecar = sidecars.has(str(c.name));
    if (sidecar) {
      sidecarRestarts += num(c.restartCount);
      lastSidecarRestart = Math.max(lastSidecarRestart, lastTermination(c));
    }
    const terminated = part(c.state, "terminated");
    const waiting = part(c.state, "waiting");
    if (terminated && num(terminated.exitCode) === 0) continue;
    if (sidecar && c.started === true) {
      if (c.ready === true) ready++;
      continue;
    }
    if (terminated) reason = terminatedReason(terminated, "Init:");
    else if (waiting && str(waiting.reason) && waiting.reason !== "PodInitializing") reason = `Init:${str(waiting.reason)}`;
    else reason = `Init:${i}/${initSpecs.length}`;
    initializing = true;
    break;
  }

  if (!initializing || hasCondition(pod, "Initialized")) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses = objects(status.containerStatuses);
    // Backwards, so the first container's reason wins, as in kube.
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i]!;
      restarts += num(c.restartCount);
      lastRestart = Math.max(lastRestart, lastTermination(c));
      const waiting = part(c.state, "waiting");
      const terminated = part(c.state, "terminated");
      if (waiting && str(waiting.reason)) reason = str(waiting.reason);
      else if (terminated) reason = terminatedReason(terminated, "");
      else if (c.ready === true && part(c.state, "running")) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === "Completed" && hasRunning) reason = hasCondition(pod, "Ready") ? "Running" : "NotReady";
  }

  if (meta.deletionTimestamp && status.reason === "NodeLost") reason = "Unknown";
  else if (meta.deletionTimestamp && phase !== "Succeeded" && phase !== "Failed") reason = "Terminating";

  const restartCell = restarts !== 0 && lastRestart > 0 ? `${restarts} (${humanDuration(now - lastRestart)} ago)` : String(restarts);
  return { ready: `${ready}/${total}`, status: reason, restarts: restartCell };
}

/** The READINESS GATES cell: "<none>", or true gate conditions over gates. */
export function readinessGates(pod: JsonObject): string {
  const gates = objects((pod.spec as JsonObject | undefined)?.readinessGates);
  if (gates.length === 0) return "<none>";
  const conditions = objects((pod.status as JsonObject | undefined)?.conditions);
  const trueGates = gates.filter((g) => conditions.find((c) => c.type === g.conditionType)?.status === "True").length;
  return `${trueGates}/${gates.length}`;
}

/** The pod's first IP (status.podIPs[0], else status.podIP). */
export function podIP(pod: JsonObject): string | undefined {
  const status = (pod.status as JsonObject | undefined) ?? {};
  const first = objects(status.podIPs)[0];
  return str(first?.ip) || str(status.podIP) || undefined;
}
