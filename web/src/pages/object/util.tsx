// Shared bits of the object page: an object's status word and tone (for the pills), ages measured on
// the cluster's clock (which can be advanced ahead of real time).
import { useState } from "hono/jsx/dom";
import type { KubeObject } from "../../api/kube";
import { management } from "../../api/management";
import { toneOfWord, type Tone } from "../../components/status";
import { useCommitEffect } from "../../hooks";

export interface StatusWord {
  word: string;
  tone: Tone;
}

type Condition = { type: string; status: string; reason?: string };
const conditionOf = (o: KubeObject, type: string): Condition | undefined => (o.status?.conditions as Condition[] | undefined)?.find((c) => c.type === type);

/** What a person would call the object's state: Terminating, a pod's waiting reason, n/m ready, a phase, a condition. */
export function statusOf(o: KubeObject): StatusWord {
  if (o.metadata.deletionTimestamp) return { word: "Terminating", tone: "warn" };
  const kind = o.kind ?? "";
  if (kind === "Pod") {
    const statuses = [...(o.status?.initContainerStatuses ?? []), ...(o.status?.containerStatuses ?? [])] as any[];
    const waiting = statuses.map((c) => c.state?.waiting?.reason ?? (c.state?.terminated?.exitCode ? c.state.terminated.reason : undefined)).find((r) => r && r !== "Completed");
    if (waiting) return { word: waiting, tone: toneOfWord(waiting) === "none" ? "pending" : toneOfWord(waiting) };
    const phase = String(o.status?.phase ?? "Pending");
    const ready = conditionOf(o, "Ready");
    if (phase === "Running" && ready && ready.status !== "True") return { word: "Running, not ready", tone: "pending" };
    return { word: phase, tone: toneOfWord(phase) };
  }
  if (kind === "Job") {
    if (conditionOf(o, "Complete")?.status === "True") return { word: "Complete", tone: "done" };
    if (conditionOf(o, "Failed")?.status === "True") return { word: "Failed", tone: "bad" };
    return { word: "Running", tone: "pending" };
  }
  // Workloads with a replica count: ready of desired.
  if (typeof o.spec?.replicas === "number" || kind === "DaemonSet") {
    const want = kind === "DaemonSet" ? (o.status?.desiredNumberScheduled ?? 0) : o.spec.replicas;
    const ready = (kind === "DaemonSet" ? o.status?.numberReady : o.status?.readyReplicas) ?? 0;
    return { word: `${ready}/${want} ready`, tone: ready >= want ? (want === 0 ? "done" : "ok") : "pending" };
  }
  if (typeof o.status?.phase === "string") return { word: o.status.phase, tone: toneOfWord(o.status.phase) };
  for (const type of ["Ready", "Available", "Established"]) {
    const c = conditionOf(o, type);
    if (c) return c.status === "True" ? { word: type, tone: "ok" } : { word: c.reason || `Not ${type.toLowerCase()}`, tone: type === "Ready" ? "bad" : "pending" };
  }
  return { word: "", tone: "none" };
}

export function Pill(props: { status: StatusWord; id?: string }) {
  if (!props.status.word) return null;
  return (
    <span class={`pill ${props.status.tone}`} id={props.id} data-tone={props.status.tone}>
      {props.status.word}
    </span>
  );
}

/** kubectl's short ages: 45s, 12m, 3h, 5d. */
export function age(timestamp: string | undefined, now: number): string {
  if (!timestamp) return "";
  const s = Math.max(0, Math.floor((now - Date.parse(timestamp)) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  if (s < 172800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

// The cluster clock's lead over this browser's, read when a page mounts (the clock can be advanced
// from the Clock view, making objects older than the browser thinks). Only the cluster's owner may
// read the clock; a ServiceAccount session counts from the browser's clock.
async function clockOffset(cluster: string): Promise<number> {
  try {
    const asked = Date.now();
    const clock = await management.clock(cluster);
    return Date.parse(clock.now) - (asked + Date.now()) / 2;
  } catch {
    return 0;
  }
}

/** The cluster's "now", re-rendered every few seconds so ages move (a local timer; nothing is fetched). */
export function useClusterNow(cluster: string, owner: boolean | null, everyMs = 5000): number {
  const [offset, setOffset] = useState(0);
  const [tick, setTick] = useState(() => Date.now());
  useCommitEffect(() => {
    if (!owner) return;
    let current = true;
    void clockOffset(cluster).then((o) => current && setOffset(o));
    return () => {
      current = false;
    };
  }, [cluster, owner]);
  useCommitEffect(() => {
    const t = setInterval(() => setTick(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return tick + offset;
}

