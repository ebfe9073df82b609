// A StatefulSet's ControllerRevisions (kube's pkg/controller/history and the statefulset controller's
// getStatefulSetRevisions, newRevision, ApplyRevision, truncateHistory). A revision holds the strategic
// merge patch that puts its template back; its name is `<set>-<hash>` where the hash is fnv32 of that
// patch (and the collision count), and the pods it made carry that name in controller-revision-hash.
import type { JsonObject, ResourceType } from "../../apiserver/registry/types";
import { ApiError } from "../../apiserver/status";
import { encodeUnstructured } from "../../apiserver/serializer";
import { getPatch } from "../daemonset/history";
import { safeEncodeString } from "../deployment/util";
import type { Client } from "../runtime/client";
import type { Informer } from "../runtime/informer";
import { labelsOf, meta, nameOf, namespaceOf, spec, status } from "./identity";

export const REVISION_HASH_LABEL = "controller.kubernetes.io/hash";

/** Go's hash/fnv New32 (multiply, then xor). */
function fnv32(bytes: Uint8Array, hash = 0x811c9dc5): number {
  let h = hash >>> 0;
  for (const b of bytes) {
    h = Math.imul(h, 0x01000193) >>> 0;
    h = (h ^ b) >>> 0;
  }
  return h;
}

/** HashControllerRevision: fnv32 of the data's bytes, then the collision count in decimal, safe-encoded. */
export function hashRevision(data: string, collisionCount: number): string {
  const h = fnv32(new TextEncoder().encode(String(collisionCount)), fnv32(new TextEncoder().encode(data)));
  return safeEncodeString(String(h));
}

export const revisionNumber = (r: JsonObject) => Number(r.revision ?? 0) || 0;

/** SortControllerRevisions: by revision, then creation, then name. */
export function sortRevisions(revisions: JsonObject[]): JsonObject[] {
  return [...revisions].sort(
    (a, b) => revisionNumber(a) - revisionNumber(b) || String(meta(a).creationTimestamp ?? "").localeCompare(String(meta(b).creationTimestamp ?? "")) || nameOf(a).localeCompare(nameOf(b)),
  );
}

/** EqualRevision: same hash label (when both have one) and the same data. */
function equalRevision(a: JsonObject, b: JsonObject): boolean {
  const ha = labelsOf(a)[REVISION_HASH_LABEL];
  const hb = labelsOf(b)[REVISION_HASH_LABEL];
  if (ha !== undefined && hb !== undefined && ha !== hb) return false;
  return encodeUnstructured(a.data) === encodeUnstructured(b.data);
}

/** ApplyRevision: the set with the revision's template. */
export function templateOfRevision(revision: JsonObject): JsonObject {
  const template = structuredClone(((revision.data as JsonObject | undefined)?.spec as JsonObject | undefined)?.template ?? {}) as JsonObject;
  delete template.$patch;
  return template;
}

export interface HistoryDeps {
  client: Client;
  revisionsRt: ResourceType;
  setsRt: ResourceType;
  revisions: Informer;
  ownerRef(set: JsonObject): JsonObject;
}

/** newRevision: the revision the set's template would be (named by its hash). */
function newRevision(h: HistoryDeps, set: JsonObject, revision: number, collisionCount: number): JsonObject {
  const patch = getPatch(set);
  const hash = hashRevision(patch, collisionCount);
  const templateLabels = labelsOf((spec(set).template ?? {}) as JsonObject);
  return {
    apiVersion: "apps/v1",
    kind: "ControllerRevision",
    metadata: {
      name: `${nameOf(set).slice(0, 223)}-${hash}`,
      namespace: namespaceOf(set),
      labels: { ...templateLabels, [REVISION_HASH_LABEL]: hash },
      ...(meta(set).annotations ? { annotations: structuredClone(meta(set).annotations) } : {}),
      ownerReferences: [h.ownerRef(set)],
    },
    data: JSON.parse(patch) as JsonObject,
    revision,
  };
}

/**
 * getStatefulSetRevisions: the current revision (status.currentRevision, else the update revision) and
 * the update revision (the set's template: an equal revision reused, renumbered when it is not the
 * latest, or a new one created, counting hash collisions). Returns the collision count to write.
 */
export function setRevisions(h: HistoryDeps, set: JsonObject, owned: JsonObject[]): { current: JsonObject; update: JsonObject; collisionCount: number; all: JsonObject[] } {
  const revisions = sortRevisions(owned);
  // kube always hashes with a count (0 until a collision), so the first revision's name is stable.
  let collisionCount = typeof status(set).collisionCount === "number" ? (status(set).collisionCount as number) : 0;
  const next = revisions.length === 0 ? 1 : revisionNumber(revisions[revisions.length - 1]!) + 1;
  let update = newRevision(h, set, next, collisionCount);
  const equal = revisions.filter((r) => equalRevision(r, update));
  const last = revisions[revisions.length - 1];
  let all = revisions;
  if (equal.length > 0 && last && equalRevision(last, equal[equal.length - 1]!)) {
    update = last;
  } else if (equal.length > 0) {
    const target = equal[equal.length - 1]!;
    update = h.client.modify(h.revisionsRt, namespaceOf(target), nameOf(target), (o) => {
      o.revision = next;
    }) ?? target;
    all = revisions.map((r) => (nameOf(r) === nameOf(update) ? update : r));
  } else {
    for (;;) {
      const candidate = newRevision(h, set, next, collisionCount);
      try {
        update = h.client.create(h.revisionsRt, namespaceOf(set), candidate);
        break;
      } catch (err) {
        if (!(err instanceof ApiError && err.status.reason === "AlreadyExists")) throw err;
        const existing = h.revisions.get(`${namespaceOf(set)}/${nameOf(candidate)}`);
        if (existing && equalRevision(existing, candidate)) {
          update = existing;
          break;
        }
        collisionCount += 1;
      }
    }
    all = [...revisions, update];
  }
  const current = revisions.find((r) => nameOf(r) === status(set).currentRevision) ?? update;
  return { current, update, collisionCount, all };
}

/** truncateHistory: beyond revisionHistoryLimit, the oldest revisions no pod runs (nor current/update) go. */
export function truncateHistory(h: HistoryDeps, set: JsonObject, revisions: JsonObject[], live: Set<string>): void {
  const limit = typeof spec(set).revisionHistoryLimit === "number" ? (spec(set).revisionHistoryLimit as number) : 10;
  const history = sortRevisions(revisions).filter((r) => !live.has(nameOf(r)));
  const excess = history.length - limit;
  for (const r of history.slice(0, Math.max(0, excess))) h.client.delete(h.revisionsRt, namespaceOf(r), nameOf(r));
}
