// Which pods a scale-down deletes first: kube's ActivePodsWithRanks order, most expendable first.
import type { JsonObject } from "../../apiserver/registry/types";
import { isPodReady, readyCondition } from "../runtime/pods";

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function restarts(pod: JsonObject): number {
  const statuses = (((pod.status ?? {}) as JsonObject).containerStatuses ?? []) as JsonObject[];
  return statuses.reduce((max, s) => Math.max(max, (s.restartCount as number | undefined) ?? 0), 0);
}

const time = (v: unknown) => (typeof v === "string" ? Date.parse(v) : 0);

/**
 * Sorts pods so the first ones are deleted first: unassigned before assigned, Pending before
 * Running, not ready before ready, more pods of the same owner on its node first, ready for less
 * time, more restarts, newer.
 */
export function rankForDeletion(pods: JsonObject[]): JsonObject[] {
  const perNode = new Map<string, number>();
  for (const p of pods) {
    const node = ((p.spec ?? {}) as JsonObject).nodeName as string | undefined;
    if (node) perNode.set(node, (perNode.get(node) ?? 0) + 1);
  }
  const nodeOf = (p: JsonObject) => ((p.spec ?? {}) as JsonObject).nodeName as string | undefined;
  return [...pods].sort((a, b) => {
    const na = nodeOf(a), nb = nodeOf(b);
    if (!na !== !nb) return na ? 1 : -1;
    const pa = PHASE_RANK[String((a.status as JsonObject | undefined)?.phase)] ?? 0;
    const pb = PHASE_RANK[String((b.status as JsonObject | undefined)?.phase)] ?? 0;
    if (pa !== pb) return pa - pb;
    const ra = isPodReady(a), rb = isPodReady(b);
    if (ra !== rb) return ra ? 1 : -1;
    const da = na ? perNode.get(na)! : 0, db = nb ? perNode.get(nb)! : 0;
    if (da !== db) return db - da;
    if (ra && rb) {
      const ta = time(readyCondition(a)?.lastTransitionTime), tb = time(readyCondition(b)?.lastTransitionTime);
      if (ta !== tb) return tb - ta;
    }
    const xa = restarts(a), xb = restarts(b);
    if (xa !== xb) return xb - xa;
    return time((b.metadata as JsonObject).creationTimestamp) - time((a.metadata as JsonObject).creationTimestamp);
  });
}
