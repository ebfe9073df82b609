// Port of kube's sync.go: finding (or creating) the new ReplicaSet and syncing revisions, scaling
// (proportionally when a deployment is resized mid-rollout), cleanup by revisionHistoryLimit, and
// the deployment status. Everything acts through Ops, so tests can run it over in-memory objects.
import type { Deployment, DeploymentStatus, ReplicaSet } from "./types";
import {
  HASH_LABEL,
  REVISION_ANNOTATION,
  canonicalJson,
  Reasons,
  actualReplicaCount,
  availableReplicaCount,
  byRevision,
  bySizeNewer,
  bySizeOlder,
  cloneSelectorAndAddLabel,
  computeHash,
  controllerRefOf,
  desiredReplicasAnnotation,
  equalIgnoreHash,
  filterActive,
  findActiveOrLatest,
  findNewReplicaSet,
  findOldReplicaSets,
  getCondition,
  hasProgressDeadline,
  hasRevisionHistoryLimit,
  isRollingUpdate,
  isSaturated,
  maxRevision,
  maxSurge,
  maxUnavailable,
  newCondition,
  newRSNewReplicas,
  proportion,
  readyReplicaCount,
  replicaCount,
  replicasAnnotationsNeedUpdate,
  replicasOf,
  setCondition,
  setDeploymentRevision,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
  specReplicas,
} from "./util";

/** The controller's reads and writes; the controller backs them with informers and the Client. */
export interface Ops {
  now(): number;
  timestamp(): string;
  createReplicaSet(rs: ReplicaSet): ReplicaSet;
  /** PUT with the RS's resourceVersion (409 when stale). */
  updateReplicaSet(rs: ReplicaSet): ReplicaSet;
  deleteReplicaSet(rs: ReplicaSet): void;
  getReplicaSet(namespace: string, name: string): ReplicaSet | undefined;
  /** Writes status (and annotations) through the status subresource. */
  updateDeploymentStatus(d: Deployment): Deployment;
  event(d: Deployment, type: "Normal" | "Warning", reason: string, message: string): void;
  /** Syncs the deployment again after `delayMs`. */
  requeue(d: Deployment, delayMs: number): void;
  /** Whether an error is "already exists" (a create that raced or collided). */
  isAlreadyExists(err: unknown): boolean;
}

/** Writes d's status and keeps d's resourceVersion current, so later writes in the same sync do not conflict. */
export function writeStatus(ops: Ops, d: Deployment): void {
  const updated = ops.updateDeploymentStatus(d);
  d.metadata.resourceVersion = updated.metadata.resourceVersion;
}

/** getAllReplicaSetsAndSyncRevision. */
export function getAllReplicaSetsAndSyncRevision(ops: Ops, d: Deployment, rsList: ReplicaSet[], createIfNotExisted: boolean): { newRS?: ReplicaSet; oldRSs: ReplicaSet[] } {
  const { all: oldRSs } = findOldReplicaSets(d, rsList);
  const newRS = getNewReplicaSet(ops, d, rsList, oldRSs, createIfNotExisted);
  return { newRS, oldRSs };
}

/**
 * getNewReplicaSet: the RS whose template is the deployment's, its revision raised to max(old)+1
 * and copied to the deployment; created (sized by NewRSNewReplicas) when asked and missing.
 */
export function getNewReplicaSet(ops: Ops, d: Deployment, rsList: ReplicaSet[], oldRSs: ReplicaSet[], createIfNotExisted: boolean): ReplicaSet | undefined {
  const existing = findNewReplicaSet(d, rsList);
  const newRevision = maxRevision(oldRSs) + 1;

  if (existing) {
    const rsCopy = structuredClone(existing);
    const annotationsUpdated = setNewReplicaSetAnnotations(d, rsCopy, newRevision, true);
    const minReadyChanged = (rsCopy.spec.minReadySeconds ?? 0) !== (d.spec.minReadySeconds ?? 0);
    if (annotationsUpdated || minReadyChanged) {
      rsCopy.spec.minReadySeconds = d.spec.minReadySeconds ?? 0;
      return ops.updateReplicaSet(rsCopy);
    }
    let needsUpdate = setDeploymentRevision(d, rsCopy.metadata.annotations?.[REVISION_ANNOTATION] ?? "");
    // A deployment that never had a Progressing condition starts measuring progress from here.
    if (hasProgressDeadline(d) && !getCondition(d.status, "Progressing")) {
      setCondition((d.status ??= {}), newCondition("Progressing", "True", Reasons.FoundNewRS, `Found new replica set ${JSON.stringify(rsCopy.metadata.name)}`, ops.timestamp()));
      needsUpdate = true;
    }
    if (needsUpdate) writeStatus(ops, d);
    return rsCopy;
  }
  if (!createIfNotExisted) return undefined;

  const hash = computeHash(d.spec.template, d.status?.collisionCount);
  const template = structuredClone(d.spec.template);
  template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), [HASH_LABEL]: hash } };
  const newRS: ReplicaSet = {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: {
      name: `${d.metadata.name}-${hash}`,
      namespace: d.metadata.namespace!,
      ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: d.metadata.name, uid: d.metadata.uid, controller: true, blockOwnerDeletion: true }],
      labels: { ...template.metadata.labels },
    } as ReplicaSet["metadata"],
    spec: { replicas: 0, minReadySeconds: d.spec.minReadySeconds ?? 0, selector: cloneSelectorAndAddLabel(d.spec.selector, HASH_LABEL, hash), template },
  };
  const newReplicas = newRSNewReplicas(d, [...oldRSs, newRS], newRS);
  newRS.spec.replicas = newReplicas;
  setNewReplicaSetAnnotations(d, newRS, newRevision, false);

  let created: ReplicaSet;
  let alreadyExists = false;
  try {
    created = ops.createReplicaSet(newRS);
  } catch (err) {
    if (!ops.isAlreadyExists(err)) {
      const msg = `Failed to create new replica set ${JSON.stringify(newRS.metadata.name)}: ${err instanceof Error ? err.message : String(err)}`;
      if (hasProgressDeadline(d)) {
        setCondition((d.status ??= {}), newCondition("Progressing", "False", Reasons.FailedRSCreate, msg, ops.timestamp()));
        try {
          writeStatus(ops, d);
        } catch {
          // the create error is the one to report
        }
      }
      ops.event(d, "Warning", Reasons.FailedRSCreate, msg);
      throw err;
    }
    const rs = ops.getReplicaSet(newRS.metadata.namespace!, newRS.metadata.name);
    // Ours, with our template: an earlier sync created it and the informer is behind. Otherwise a
    // hash collision: bump collisionCount so the next sync hashes to another name.
    if (rs && controllerRefOf(rs)?.uid === d.metadata.uid && equalIgnoreHash(d.spec.template, rs.spec.template)) {
      created = rs;
      alreadyExists = true;
    } else {
      (d.status ??= {}).collisionCount = (d.status.collisionCount ?? 0) + 1;
      writeStatus(ops, d);
      throw err;
    }
  }
  if (!alreadyExists && newReplicas > 0) {
    ops.event(d, "Normal", "ScalingReplicaSet", `Scaled up replica set ${created.metadata.name} from 0 to ${newReplicas}`);
  }
  let needsUpdate = setDeploymentRevision(d, String(newRevision));
  if (!alreadyExists && hasProgressDeadline(d)) {
    setCondition((d.status ??= {}), newCondition("Progressing", "True", Reasons.NewReplicaSet, `Created new replica set ${JSON.stringify(created.metadata.name)}`, ops.timestamp()));
    needsUpdate = true;
  }
  if (needsUpdate) writeStatus(ops, d);
  return created;
}

/** scaleReplicaSetAndRecordEvent: returns the RS as written, or the input when nothing changed. */
export function scaleReplicaSetAndRecordEvent(ops: Ops, rs: ReplicaSet, newScale: number, d: Deployment): { scaled: boolean; rs: ReplicaSet } {
  if (specReplicas(rs) === newScale) return { scaled: false, rs };
  return scaleReplicaSet(ops, rs, newScale, d);
}

/** scaleReplicaSet: sets spec.replicas and the desired/max-replicas annotations; an event when the size moved. */
export function scaleReplicaSet(ops: Ops, rs: ReplicaSet, newScale: number, d: Deployment): { scaled: boolean; rs: ReplicaSet } {
  const desired = replicasOf(d);
  const max = desired + maxSurge(d);
  const sizeNeedsUpdate = specReplicas(rs) !== newScale;
  if (!sizeNeedsUpdate && !replicasAnnotationsNeedUpdate(rs, desired, max)) return { scaled: false, rs };
  const oldScale = specReplicas(rs);
  const copy = structuredClone(rs);
  copy.spec.replicas = newScale;
  setReplicasAnnotations(copy, desired, max);
  const written = ops.updateReplicaSet(copy);
  if (sizeNeedsUpdate) {
    const op = oldScale < newScale ? "up" : "down";
    ops.event(d, "Normal", "ScalingReplicaSet", `Scaled ${op} replica set ${written.metadata.name} from ${oldScale} to ${newScale}`);
  }
  return { scaled: sizeNeedsUpdate, rs: written };
}

/**
 * scale: for a resize (or a paused deployment). One active RS takes the full size; a saturated new RS
 * means the old ones go to zero; otherwise (rolling update) spread the difference over the active
 * RSes in proportion to their size, leftovers to the largest.
 */
export function scale(ops: Ops, d: Deployment, newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): void {
  const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
  if (activeOrLatest) {
    if (specReplicas(activeOrLatest) !== replicasOf(d)) scaleReplicaSetAndRecordEvent(ops, activeOrLatest, replicasOf(d), d);
    return;
  }
  if (isSaturated(d, newRS)) {
    for (const old of filterActive(oldRSs)) scaleReplicaSetAndRecordEvent(ops, old, 0, d);
    return;
  }
  if (!isRollingUpdate(d)) return;
  const plan = proportionalScalePlan(d, newRS, oldRSs);
  for (const { rs, size } of plan) scaleReplicaSet(ops, rs, size, d);
}

/** The sizes scale() gives each active RS when resizing mid-rollout (pure, for tests). */
export function proportionalScalePlan(d: Deployment, newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): { rs: ReplicaSet; size: number }[] {
  const all = filterActive([...oldRSs, newRS]);
  const allowedSize = replicasOf(d) > 0 ? replicasOf(d) + maxSurge(d) : 0;
  const toAdd = allowedSize - replicaCount(all);
  if (toAdd > 0) all.sort(bySizeNewer);
  else if (toAdd < 0) all.sort(bySizeOlder);
  let added = 0;
  const sizes = all.map((rs) => {
    if (toAdd === 0) return specReplicas(rs);
    const p = proportion(rs, d, toAdd, added);
    added += p;
    return specReplicas(rs) + p;
  });
  // Leftovers go to the largest RS.
  if (toAdd !== 0 && sizes.length > 0) sizes[0] = Math.max(0, sizes[0]! + toAdd - added);
  return all.map((rs, i) => ({ rs, size: sizes[i]! }));
}

/** cleanupDeployment: deletes the oldest fully scaled-down old RSes beyond revisionHistoryLimit. */
export function cleanupDeployment(ops: Ops, oldRSs: ReplicaSet[], d: Deployment): void {
  for (const rs of replicaSetsToCleanUp(oldRSs, d)) ops.deleteReplicaSet(rs);
}

export function replicaSetsToCleanUp(oldRSs: ReplicaSet[], d: Deployment): ReplicaSet[] {
  if (!hasRevisionHistoryLimit(d)) return [];
  const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp).sort(byRevision);
  const diff = cleanable.length - d.spec.revisionHistoryLimit!;
  if (diff <= 0) return [];
  return cleanable
    .slice(0, diff)
    .filter((rs) => (rs.status?.replicas ?? 0) === 0 && specReplicas(rs) === 0 && (rs.metadata.generation ?? 0) <= (rs.status?.observedGeneration ?? 0));
}

/** calculateStatus: counts over all RSes, and the Available condition. */
export function calculateStatus(allRSs: (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined, d: Deployment, stamp: string): DeploymentStatus {
  const available = availableReplicaCount(allRSs);
  const total = replicaCount(allRSs);
  const status: DeploymentStatus = {
    observedGeneration: d.metadata.generation ?? 0,
    replicas: actualReplicaCount(allRSs),
    updatedReplicas: actualReplicaCount([newRS]),
    readyReplicas: readyReplicaCount(allRSs),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, total - available),
  };
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  status.conditions = (d.status?.conditions ?? []).map((c) => ({ ...c }));
  if (available >= replicasOf(d) - maxUnavailable(d)) {
    setCondition(status, newCondition("Available", "True", Reasons.MinimumReplicasAvailable, "Deployment has minimum availability.", stamp));
  } else {
    setCondition(status, newCondition("Available", "False", Reasons.MinimumReplicasUnavailable, "Deployment does not have minimum availability.", stamp));
  }
  return status;
}

/** Status as the API serves it: zero counts omitted (omitempty), so equal statuses compare equal. */
export function normalizeStatus(s: DeploymentStatus | undefined): DeploymentStatus {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s ?? {})) {
    if (v === undefined || v === 0 || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = v;
  }
  return out as DeploymentStatus;
}

export function syncDeploymentStatus(ops: Ops, allRSs: (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined, d: Deployment): void {
  const status = calculateStatus(allRSs, newRS, d, ops.timestamp());
  if (canonicalJson(normalizeStatus(d.status)) === canonicalJson(normalizeStatus(status))) return;
  d.status = status;
  writeStatus(ops, d);
}

/** syncStatusOnly: for a deployment being deleted. */
export function syncStatusOnly(ops: Ops, d: Deployment, rsList: ReplicaSet[]): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ops, d, rsList, false);
  syncDeploymentStatus(ops, [...oldRSs, newRS], newRS, d);
}

/** sync: scaling events and paused deployments. */
export function sync(ops: Ops, d: Deployment, rsList: ReplicaSet[]): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ops, d, rsList, false);
  scale(ops, d, newRS, oldRSs);
  // Cleaning up while paused is safe: the rollout cannot move.
  if (d.spec.paused) cleanupDeployment(ops, oldRSs, d);
  syncDeploymentStatus(ops, [...oldRSs, newRS], newRS, d);
}

/** checkPausedConditions: Progressing Unknown DeploymentPaused / DeploymentResumed, unless already timed out. */
export function checkPausedConditions(ops: Ops, d: Deployment): void {
  if (!hasProgressDeadline(d)) return;
  const cond = getCondition(d.status, "Progressing");
  if (cond?.reason === Reasons.TimedOut) return;
  const pausedCondExists = cond?.reason === Reasons.Paused;
  let next;
  if (d.spec.paused && !pausedCondExists) next = newCondition("Progressing", "Unknown", Reasons.Paused, "Deployment is paused", ops.timestamp());
  else if (!d.spec.paused && pausedCondExists) next = newCondition("Progressing", "Unknown", Reasons.Resumed, "Deployment is resumed", ops.timestamp());
  if (!next) return;
  setCondition((d.status ??= {}), next);
  writeStatus(ops, d);
}

/** isScalingEvent: an active RS was sized for another deployment size (desired-replicas annotation). */
export function isScalingEvent(ops: Ops, d: Deployment, rsList: ReplicaSet[]): boolean {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ops, d, rsList, false);
  return filterActive([...oldRSs, newRS]).some((rs) => {
    const desired = desiredReplicasAnnotation(rs);
    return desired !== undefined && desired !== replicasOf(d);
  });
}

