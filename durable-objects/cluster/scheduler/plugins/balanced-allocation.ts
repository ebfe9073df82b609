// NodeResourcesBalancedAllocation: favours nodes whose cpu and memory utilisation (after placing the pod) are close.
import { MAX_NODE_SCORE, type Plugin } from "../framework";
import { CPU, MEMORY } from "../resources";

export const balancedAllocation: Plugin = {
  name: "NodeResourcesBalancedAllocation",
  weight: 1,
  create: ({ pod }) => {
    const cpu = pod.requests.get(CPU) ?? 0;
    const mem = pod.requests.get(MEMORY) ?? 0;
    return {
      // Best-effort pods (no cpu/memory requests) are not scored.
      preScore: () => cpu !== 0 || mem !== 0,
      score: (node) => {
        const fractions: number[] = [];
        for (const [r, want] of [
          [CPU, cpu],
          [MEMORY, mem],
        ] as const) {
          const alloc = node.allocatable.get(r) ?? 0;
          if (alloc === 0) continue;
          fractions.push(Math.min(1, (node.requestedOf(r) + want) / alloc));
        }
        let std = 0;
        if (fractions.length === 2) std = Math.abs(((fractions[0] ?? 0) - (fractions[1] ?? 0)) / 2);
        return Math.trunc((1 - std) * MAX_NODE_SCORE);
      },
    };
  },
};
