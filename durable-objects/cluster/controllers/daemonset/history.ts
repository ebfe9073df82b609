// A DaemonSet's history: one ControllerRevision per distinct template (kube's update.go constructHistory,
// snapshot, dedupCurHistories, cleanupHistory, Match and getPatch). A revision's data is the strategic
// merge patch that puts its template back, which is what `kubectl rollout undo ds/NAME` sends.
import type { JsonObject, ResourceType } from "../../apiserver/registry/types";
import { ApiError } from "../../apiserver/status";
import { encodeAs, encodeUnstructured } from "../../apiserver/serializer";
import type { Client } from "../runtime/client";
import type { Informer } from "../runtime/informer";
import { computeHash } from "../deployment/util";
import { HASH_LABEL, labelsOf, meta, nameOf, namespaceOf, status, templateOf } from "./types";

/**
 * getPatch: `{"spec":{"template":{…,"$patch":"replace"}}}` as Go writes it — the template as its Go
 * struct encodes (creationTimestamp null and all), re-read into maps, so every key comes out sorted.
 */
export function getPatch(ds: JsonObject): string {
  const template = JSON.parse(encodeAs("core.v1.PodTemplateSpec", templateOf(ds))) as JsonObject;
  template.$patch = "replace";
  return encodeUnstructured({ spec: { template } });
}

/** Match: the revision stores exactly this DaemonSet's patch. */
export function matchesRevision(ds: JsonObject, revision: JsonObject): boolean {
  return encodeUnstructured(revision.data) === getPatch(ds);
}

const revisionOf = (r: JsonObject): number => Number(r.revision ?? 0) || 0;
export const maxRevision = (revisions: JsonObject[]): number => revisions.reduce((m, r) => Math.max(m, revisionOf(r)), 0);

export interface HistoryDeps {
  client: Client;
  revisionsRt: ResourceType;
  podsRt: ResourceType;
  daemonSetsRt: ResourceType;
  revisions: Informer;
  ownerRef(ds: JsonObject): JsonObject;
}

/** A conflict to retry the key with: the collision count was raised. */
function collision(message: string): ApiError {
  return new ApiError({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", code: 409, reason: "Conflict", message });
}

/**
 * constructHistory: labels old revisions with their hash, finds the current one (or snapshots it with
 * the next revision number), keeps one current revision and gives it the highest number.
 * `claimed` are the revisions the DaemonSet controls; `pods` its pods (relabelled when deduplicating).
 */
export function constructHistory(h: HistoryDeps, ds: JsonObject, claimed: JsonObject[], pods: JsonObject[]): { cur: JsonObject; old: JsonObject[] } {
  const current: JsonObject[] = [];
  const old: JsonObject[] = [];
  for (let r of claimed) {
    if (labelsOf(r)[HASH_LABEL] === undefined) {
      // The name stands in for the hash, so no collision can arise.
      r = h.client.modify(h.revisionsRt, namespaceOf(r), nameOf(r), (o) => {
        const m = meta(o);
        m.labels = { ...((m.labels ?? {}) as Record<string, string>), [HASH_LABEL]: nameOf(o) };
      }) ?? r;
    }
    (matchesRevision(ds, r) ? current : old).push(r);
  }
  const next = maxRevision(old) + 1;
  if (current.length === 0) return { cur: snapshot(h, ds, next), old };
  let cur = dedupCurrent(h, ds, current, pods);
  if (revisionOf(cur) < next) {
    cur = h.client.modify(h.revisionsRt, namespaceOf(cur), nameOf(cur), (o) => {
      o.revision = next;
    }) ?? cur;
  }
  return { cur, old };
}

/** snapshot: the revision `<ds>-<hash>` for the current template; a name taken by another template bumps collisionCount. */
function snapshot(h: HistoryDeps, ds: JsonObject, revision: number): JsonObject {
  const collisionCount = status(ds).collisionCount as number | undefined;
  const hash = computeHash(templateOf(ds), collisionCount);
  const name = `${nameOf(ds)}-${hash}`;
  const templateLabels = (((templateOf(ds).metadata ?? {}) as JsonObject).labels ?? {}) as Record<string, string>;
  const body: JsonObject = {
    apiVersion: "apps/v1",
    kind: "ControllerRevision",
    metadata: {
      name,
      namespace: namespaceOf(ds),
      labels: { ...templateLabels, [HASH_LABEL]: hash },
      ...(meta(ds).annotations ? { annotations: structuredClone(meta(ds).annotations) } : {}),
      ownerReferences: [h.ownerRef(ds)],
    },
    data: JSON.parse(getPatch(ds)) as JsonObject,
    revision,
  };
  try {
    return h.client.create(h.revisionsRt, namespaceOf(ds), body);
  } catch (err) {
    if (!(err instanceof ApiError && err.status.reason === "AlreadyExists")) throw err;
    const existing = h.revisions.get(`${namespaceOf(ds)}/${name}`);
    if (existing && matchesRevision(ds, existing)) return existing;
    // Another template has this hash: count the collision, and try again with the new hash.
    const fresh = h.client.modify(
      h.daemonSetsRt,
      namespaceOf(ds),
      nameOf(ds),
      (o) => {
        const s = (o.status ??= {}) as JsonObject;
        if ((s.collisionCount as number | undefined) !== collisionCount) return; // stale: just retry
        s.collisionCount = (collisionCount ?? 0) + 1;
      },
      "status",
    );
    throw collision(`found a hash collision for DaemonSet ${nameOf(ds)}; collisionCount is now ${String(status(fresh ?? ds).collisionCount)}`);
  }
}

/** dedupCurHistories: keeps the current revision with the highest number, relabels pods to its hash, deletes the others. */
function dedupCurrent(h: HistoryDeps, ds: JsonObject, current: JsonObject[], pods: JsonObject[]): JsonObject {
  if (current.length === 1) return current[0]!;
  let keep = current[0]!;
  for (const r of current) if (revisionOf(r) >= revisionOf(keep)) keep = r;
  const hash = labelsOf(keep)[HASH_LABEL]!;
  for (const pod of pods) {
    if (labelsOf(pod)[HASH_LABEL] === hash) continue;
    h.client.modify(h.podsRt, namespaceOf(pod), nameOf(pod), (o) => {
      const m = meta(o);
      m.labels = { ...((m.labels ?? {}) as Record<string, string>), [HASH_LABEL]: hash };
    });
  }
  for (const r of current) if (nameOf(r) !== nameOf(keep)) h.client.delete(h.revisionsRt, namespaceOf(r), nameOf(r));
  return keep;
}

/**
 * cleanupHistory: beyond spec.revisionHistoryLimit, deletes the oldest old revisions that no pod
 * (terminal and deleted ones included) still runs.
 */
export function cleanupHistory(h: HistoryDeps, ds: JsonObject, old: JsonObject[], pods: JsonObject[]): void {
  const limit = Number(((ds.spec ?? {}) as JsonObject).revisionHistoryLimit ?? 10);
  let toKill = old.length - limit;
  if (toKill <= 0) return;
  const liveHashes = new Set(pods.map((p) => labelsOf(p)[HASH_LABEL]).filter((x): x is string => !!x));
  for (const r of [...old].sort((a, b) => revisionOf(a) - revisionOf(b))) {
    if (toKill <= 0) break;
    if (liveHashes.has(labelsOf(r)[HASH_LABEL] ?? "")) continue;
    h.client.delete(h.revisionsRt, namespaceOf(r), nameOf(r));
    toKill--;
  }
}
