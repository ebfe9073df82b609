// Port of kube's progress.go: the Progressing condition during a rollout (NewReplicaSetAvailable,
// ReplicaSetUpdated, ProgressDeadlineExceeded), ReplicaFailure copied up from ReplicaSets, and the
// delayed re-check that notices a rollout stuck past progressDeadlineSeconds.
import { type Ops, calculateStatus, normalizeStatus, writeStatus } from "./sync";
import type { Condition, Deployment, DeploymentStatus, ReplicaSet } from "./types";
import {
  Reasons,
  canonicalJson,
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  getCondition,
  hasProgressDeadline,
  newCondition,
  removeCondition,
  setCondition,
} from "./util";

/** The status syncRolloutStatus writes (pure). */
export function nextRolloutStatus(allRSs: (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined, d: Deployment, nowMs: number, stamp: string): DeploymentStatus {
  const status = calculateStatus(allRSs, newRS, d, stamp);
  if (!hasProgressDeadline(d)) removeCondition(status, "Progressing");

  // A completed rollout seen again (a resync) estimates no progress.
  const current = getCondition(d.status, "Progressing");
  const isComplete = status.replicas === status.updatedReplicas && current?.reason === Reasons.NewRSAvailable;
  if (hasProgressDeadline(d) && !isComplete) {
    const name = newRS?.metadata.name;
    const subject = name !== undefined ? `ReplicaSet ${JSON.stringify(name)}` : `Deployment ${JSON.stringify(d.metadata.name)}`;
    if (deploymentComplete(d, status)) {
      setCondition(status, newCondition("Progressing", "True", Reasons.NewRSAvailable, `${subject} has successfully progressed.`, stamp));
    } else if (deploymentProgressing(d, status)) {
      // Progress refreshes lastUpdateTime even with the same reason (setCondition would not).
      const cond = newCondition("Progressing", "True", Reasons.ReplicaSetUpdated, `${subject} is progressing.`, stamp);
      if (current) {
        if (current.status === "True") cond.lastTransitionTime = current.lastTransitionTime;
        removeCondition(status, "Progressing");
      }
      setCondition(status, cond);
    } else if (deploymentTimedOut(d, status, nowMs)) {
      setCondition(status, newCondition("Progressing", "False", Reasons.TimedOut, `${subject} has timed out progressing.`, stamp));
    }
  }

  const failures = replicaFailures(allRSs, newRS);
  if (failures[0]) setCondition(status, failures[0]);
  else removeCondition(status, "ReplicaFailure");
  return status;
}

/** getReplicaFailures: the new RS's ReplicaFailure conditions first, else any RS's. */
export function replicaFailures(allRSs: (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): Condition[] {
  const of = (rs: ReplicaSet | undefined): Condition[] =>
    (rs?.status?.conditions ?? [])
      .filter((c) => c.type === "ReplicaFailure")
      .map((c) => ({ type: "ReplicaFailure", status: c.status, lastUpdateTime: c.lastTransitionTime, lastTransitionTime: c.lastTransitionTime, reason: c.reason, message: c.message }));
  const fromNew = of(newRS);
  return fromNew.length > 0 ? fromNew : allRSs.flatMap(of);
}

/**
 * requeueStuckDeployment's delay: when to look again for a timeout (ms), or -1 when no check is
 * due (no deadline, no condition, complete, or already timed out). A second is added for skew.
 */
export function stuckRequeueDelay(d: Deployment, newStatus: DeploymentStatus, nowMs: number): number {
  const current = getCondition(d.status, "Progressing");
  if (!hasProgressDeadline(d) || !current) return -1;
  if (deploymentComplete(d, newStatus) || current.reason === Reasons.TimedOut) return -1;
  const after = Date.parse(current.lastUpdateTime ?? "") + d.spec.progressDeadlineSeconds! * 1000 - nowMs;
  return after < 1000 ? 1000 : after + 1000;
}

/** syncRolloutStatus: writes the new status, or, when nothing changed, schedules the stuck check. */
export function syncRolloutStatus(ops: Ops, allRSs: (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined, d: Deployment): void {
  const now = ops.now();
  const status = nextRolloutStatus(allRSs, newRS, d, now, ops.timestamp());
  if (canonicalJson(normalizeStatus(d.status)) === canonicalJson(normalizeStatus(status))) {
    const delay = stuckRequeueDelay(d, status, now);
    if (delay >= 0) ops.requeue(d, delay);
    return;
  }
  d.status = status;
  writeStatus(ops, d);
}
