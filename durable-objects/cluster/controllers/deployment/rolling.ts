// Port of kube's rolling.go: grow the new ReplicaSet within maxSurge, shrink old ones within
// maxUnavailable (unhealthy replicas first), and clean up once the rollout is complete.
import { syncRolloutStatus } from "./progress";
import { type Ops, cleanupDeployment, getAllReplicaSetsAndSyncRevision, scaleReplicaSetAndRecordEvent } from "./sync";
import type { Deployment, ReplicaSet } from "./types";
import { availableReplicaCount, byCreationTimestamp, deploymentComplete, filterActive, maxUnavailable, newRSNewReplicas, replicaCount, replicasOf, specReplicas } from "./util";

/** Scales one RS; returns the RS as written (the controller's scaleReplicaSetAndRecordEvent). */
export type ScaleFn = (rs: ReplicaSet, newScale: number) => { scaled: boolean; rs: ReplicaSet };

export function rolloutRolling(ops: Ops, d: Deployment, rsList: ReplicaSet[]): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ops, d, rsList, true);
  if (!newRS) return;
  const allRSs = [...oldRSs, newRS];
  const scaleFn: ScaleFn = (rs, n) => scaleReplicaSetAndRecordEvent(ops, rs, n, d);

  if (reconcileNewReplicaSet(allRSs, newRS, d, scaleFn)) return syncRolloutStatus(ops, allRSs, newRS, d);
  if (reconcileOldReplicaSets(allRSs, filterActive(oldRSs), newRS, d, scaleFn)) return syncRolloutStatus(ops, allRSs, newRS, d);
  if (deploymentComplete(d, d.status ?? {})) cleanupDeployment(ops, oldRSs, d);
  syncRolloutStatus(ops, allRSs, newRS, d);
}

/** Scales the new RS toward spec.replicas, as far as maxSurge allows (down at once if too big). */
export function reconcileNewReplicaSet(allRSs: ReplicaSet[], newRS: ReplicaSet, d: Deployment, scale: ScaleFn): boolean {
  if (specReplicas(newRS) === replicasOf(d)) return false;
  if (specReplicas(newRS) > replicasOf(d)) return scale(newRS, replicasOf(d)).scaled;
  return scale(newRS, newRSNewReplicas(d, allRSs, newRS)).scaled;
}

/**
 * Scales old RSes down. The most that may go is all pods − minAvailable − the new RS's unavailable
 * pods, so unavailable new pods never let more old ones go (kube's rollback/roll-over examples).
 */
export function reconcileOldReplicaSets(allRSs: ReplicaSet[], oldRSs: ReplicaSet[], newRS: ReplicaSet, d: Deployment, scale: ScaleFn): boolean {
  if (replicaCount(oldRSs) === 0) return false;
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  const newRSUnavailable = specReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = replicaCount(allRSs) - minAvailable - newRSUnavailable;
  if (maxScaledDown <= 0) return false;

  const cleaned = cleanupUnhealthyReplicas(oldRSs, d, maxScaledDown, scale);
  const scaledDown = scaleDownOldReplicaSetsForRollingUpdate([...cleaned.oldRSs, newRS], cleaned.oldRSs, d, scale);
  return cleaned.count + scaledDown > 0;
}

/** Scales old RSes down by their unavailable replicas (oldest first), up to maxCleanupCount in all. */
export function cleanupUnhealthyReplicas(oldRSs: ReplicaSet[], _d: Deployment, maxCleanupCount: number, scale: ScaleFn): { oldRSs: ReplicaSet[]; count: number } {
  const sorted = [...oldRSs].sort(byCreationTimestamp);
  let total = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (total >= maxCleanupCount) break;
    const rs = sorted[i]!;
    const unhealthy = specReplicas(rs) - (rs.status?.availableReplicas ?? 0);
    if (specReplicas(rs) === 0 || unhealthy <= 0) continue;
    const count = Math.min(maxCleanupCount - total, unhealthy);
    sorted[i] = scale(rs, specReplicas(rs) - count).rs;
    total += count;
  }
  return { oldRSs: sorted, count: total };
}

/** Scales old RSes down (oldest first) while more than minAvailable replicas are available. */
export function scaleDownOldReplicaSetsForRollingUpdate(allRSs: ReplicaSet[], oldRSs: ReplicaSet[], d: Deployment, scale: ScaleFn): number {
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  const available = availableReplicaCount(allRSs);
  if (available <= minAvailable) return 0;
  const target = available - minAvailable;
  let total = 0;
  for (const rs of [...oldRSs].sort(byCreationTimestamp)) {
    if (total >= target) break;
    if (specReplicas(rs) === 0) continue;
    const count = Math.min(specReplicas(rs), target - total);
    scale(rs, specReplicas(rs) - count);
    total += count;
  }
  return total;
}
