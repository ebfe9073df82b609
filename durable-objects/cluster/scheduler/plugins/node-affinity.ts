// NodeAffinity: spec.nodeSelector + requiredDuringSchedulingIgnoredDuringExecution as a filter; preferred terms as a score.
import type { NodeInfo } from "../cache";
import { defaultNormalizeScore, unresolvable, type Plugin } from "../framework";
import { nodeSelectorMatches, nodeSelectorTermMatches } from "../labels";
import type { PodInfo } from "../pod-info";

export const ERR_REASON_NODE_AFFINITY = "node(s) didn't match Pod's node affinity/selector";

/** GetRequiredNodeAffinity(pod).Match(node): nodeSelector and required node affinity. */
export function podMatchesNodeAffinity(pod: PodInfo, node: NodeInfo): boolean {
  for (const [k, v] of Object.entries(pod.nodeSelector)) if (node.labels[k] !== v) return false;
  if (pod.requiredNodeTerms !== undefined && !nodeSelectorMatches(pod.requiredNodeTerms, node)) return false;
  return true;
}

export const nodeAffinity: Plugin = {
  name: "NodeAffinity",
  weight: 2,
  create: ({ pod }) => ({
    filter: (node) => (podMatchesNodeAffinity(pod, node) ? null : unresolvable(ERR_REASON_NODE_AFFINITY)),
    preScore: () => pod.preferredNodeTerms.length > 0,
    score: (node) => {
      let s = 0;
      for (const t of pod.preferredNodeTerms) if (t.weight !== 0 && nodeSelectorTermMatches(t.preference, node)) s += t.weight;
      return s;
    },
    normalize: (scores) => defaultNormalizeScore(scores, false),
  }),
};
