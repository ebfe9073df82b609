// TaintToleration: filter on untolerated NoSchedule/NoExecute taints; score by intolerable PreferNoSchedule taints.
import type { NodeInfo } from "../cache";
import { defaultNormalizeScore, unresolvable, type Plugin } from "../framework";
import { tolerationsTolerate, type Taint, type Toleration } from "../pod-info";

/** v1helper.FindMatchingUntoleratedTaint with the DoNotSchedule filter (NoSchedule + NoExecute). */
export function findUntoleratedTaint(taints: readonly Taint[], tolerations: readonly Toleration[]): Taint | undefined {
  return taints.find((t) => (t.effect === "NoSchedule" || t.effect === "NoExecute") && !tolerationsTolerate(tolerations, t));
}

export function untoleratedTaintReason(t: Taint): string {
  return `node(s) had untolerated taint {${t.key}: ${t.value}}`;
}

export const taintToleration: Plugin = {
  name: "TaintToleration",
  weight: 3,
  create: ({ pod }) => {
    const preferTolerations = pod.tolerations.filter((t) => t.effect === "" || t.effect === "PreferNoSchedule");
    return {
      filter: (node: NodeInfo) => {
        const t = findUntoleratedTaint(node.taints, pod.tolerations);
        return t ? unresolvable(untoleratedTaintReason(t)) : null;
      },
      score: (node: NodeInfo) => {
        let n = 0;
        for (const t of node.taints) if (t.effect === "PreferNoSchedule" && !tolerationsTolerate(preferTolerations, t)) n++;
        return n;
      },
      normalize: (scores) => defaultNormalizeScore(scores, true),
    };
  },
};
