// Status colours: how healthy a row looks, from what kubectl prints (Table cells) and the object.
import type { ColumnDefinition } from "../api/watch";
import type { KubeObject } from "../api/kube";

export type Tone = "ok" | "pending" | "warn" | "bad" | "done" | "none";

const BAD = /^(Error|CrashLoopBackOff|ImagePullBackOff|ErrImagePull|InvalidImageName|OOMKilled|Failed|Unknown|NotReady|Evicted|CreateContainerConfigError|ContainerStatusUnknown|Init:Error|Init:CrashLoopBackOff)/;
const PENDING = /^(Pending|ContainerCreating|PodInitializing|Init:|Waiting|Progressing)/;

/** The tone of one status word (a pod's STATUS, a node's, a namespace's phase). */
export function toneOfWord(word: string): Tone {
  if (!word) return "none";
  if (BAD.test(word)) return "bad";
  if (/^(Terminating|SchedulingDisabled)/.test(word) || word.includes("SchedulingDisabled")) return "warn";
  if (PENDING.test(word)) return "pending";
  if (/^(Completed|Succeeded|Complete)$/.test(word)) return "done";
  if (/^(Running|Ready|Active|Bound|Available|True)$/.test(word)) return "ok";
  return "none";
}

/** "2/3" style readiness. */
function toneOfRatio(text: string): Tone | null {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (!m) return null;
  return m[1] === m[2] ? "ok" : "pending";
}

/** A row's tone from its Status column, else its Ready ratio, else the object's conditions. */
export function rowTone(columns: ColumnDefinition[], cells: unknown[], obj?: KubeObject): Tone {
  const at = (name: string) => columns.findIndex((c) => c.name.toLowerCase() === name);
  if (obj?.metadata.deletionTimestamp) return "warn";
  const status = at("status");
  if (status >= 0) {
    const tone = toneOfWord(String(cells[status] ?? ""));
    if (tone !== "none") {
      const ready = at("ready");
      const ratio = ready >= 0 ? toneOfRatio(String(cells[ready] ?? "")) : null;
      return tone === "ok" && ratio === "pending" ? "pending" : tone;
    }
  }
  const ready = at("ready");
  if (ready >= 0) return toneOfRatio(String(cells[ready] ?? "")) ?? "none";
  const phase = obj?.status?.phase;
  return typeof phase === "string" ? toneOfWord(phase) : "none";
}
