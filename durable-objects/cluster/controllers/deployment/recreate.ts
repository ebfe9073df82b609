// Port of kube's recreate.go: scale every old ReplicaSet to zero, wait until none of their pods is
// left running, then create (or scale up) the new ReplicaSet.
import { syncRolloutStatus } from "./progress";
import { type Ops, cleanupDeployment, getAllReplicaSetsAndSyncRevision, scaleReplicaSetAndRecordEvent } from "./sync";
import type { Deployment, Pod, ReplicaSet } from "./types";
import { actualReplicaCount, deploymentComplete, filterActive, replicasOf } from "./util";

/** Pods of the deployment grouped by the uid of the RS that controls them. */
export type PodMap = Map<string, Pod[]>;

export function rolloutRecreate(ops: Ops, d: Deployment, rsList: ReplicaSet[], podMap: PodMap): void {
  // No new RS yet, so that nothing scales up before the old pods are gone.
  let { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ops, d, rsList, false);
  let allRSs = [...oldRSs, newRS];

  let scaledDown = false;
  for (const rs of filterActive(oldRSs)) if (scaleReplicaSetAndRecordEvent(ops, rs, 0, d).scaled) scaledDown = true;
  if (scaledDown) return syncRolloutStatus(ops, allRSs, newRS, d);

  // The pod-deleted handler brings us back once the last old pod is gone.
  if (oldPodsRunning(newRS, oldRSs, podMap)) return syncRolloutStatus(ops, allRSs, newRS, d);

  if (!newRS) {
    ({ newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ops, d, rsList, true));
    allRSs = [...oldRSs, newRS];
  }
  if (newRS) scaleReplicaSetAndRecordEvent(ops, newRS, replicasOf(d), d);
  if (deploymentComplete(d, d.status ?? {})) cleanupDeployment(ops, oldRSs, d);
  syncRolloutStatus(ops, allRSs, newRS, d);
}

/** Whether old RSes still report replicas, or any pod not of the new RS has not finished. */
export function oldPodsRunning(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[], podMap: PodMap): boolean {
  if (actualReplicaCount(oldRSs) > 0) return true;
  for (const [uid, pods] of podMap) {
    if (newRS && newRS.metadata.uid === uid) continue;
    // Failed and Succeeded pods are done; Unknown may still run somewhere.
    if (pods.some((p) => p.status?.phase !== "Failed" && p.status?.phase !== "Succeeded")) return true;
  }
  return false;
}
