// The FailedScheduling message, worded like kube-scheduler 1.33 (framework.FitError.Error() plus the
// DefaultPreemption PostFilter message).
import type { Status } from "./framework";
import type { PodInfo } from "./pod-info";

/** schedule_one.go ErrNoNodesAvailable */
export const NO_NODES_AVAILABLE_MSG = "no nodes available to schedule pods";
export const PREEMPTION_NOT_HELPFUL = "Preemption is not helpful for scheduling";
export const NO_PREEMPTION_VICTIMS = "No preemption victims found for incoming pod";
export const PREEMPTION_POLICY_NEVER = "not eligible due to preemptionPolicy=Never.";

/** reason → number of nodes that reported it */
export function reasonHistogram(statuses: Iterable<Status>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of statuses) for (const r of s.reasons) out[r] = (out[r] ?? 0) + 1;
  return out;
}

/** "0/N nodes are available: <count reason, ...sorted as strings>." */
export function fitErrorMessage(numAllNodes: number, reasons: Record<string, number>, postFilterMsg?: string): string {
  let msg = `0/${numAllNodes} nodes are available:`;
  const parts = Object.entries(reasons)
    .map(([r, n]) => `${n} ${r}`)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (parts.length > 0) msg += ` ${parts.join(", ")}.`;
  if (postFilterMsg) msg += ` ${postFilterMsg}.`;
  return msg;
}

/**
 * What DefaultPreemption reports when it finds no candidate. Nodes rejected as UnschedulableAndUnresolvable are not
 * worth preempting on; on the others DefaultPreemption (preemption.ts) found no lower-priority pods whose eviction
 * would make room.
 */
export function preemptionMessage(pod: PodInfo, numAllNodes: number, statuses: Iterable<Status>): string {
  if (pod.preemptionPolicy === "Never") return `preemption: ${PREEMPTION_POLICY_NEVER}`;
  const reasons: Record<string, number> = {};
  for (const s of statuses) {
    const r = s.code === "UnschedulableAndUnresolvable" ? PREEMPTION_NOT_HELPFUL : NO_PREEMPTION_VICTIMS;
    reasons[r] = (reasons[r] ?? 0) + 1;
  }
  return `preemption: ${fitErrorMessage(numAllNodes, reasons)}`;
}
