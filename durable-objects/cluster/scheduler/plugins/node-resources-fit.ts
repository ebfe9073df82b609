// NodeResourcesFit: filter on pods/cpu/memory/ephemeral-storage/extended resources; LeastAllocated score (cpu, memory).
import type { NodeInfo } from "../cache";
import { MAX_NODE_SCORE, unschedulable, type Plugin } from "../framework";
import type { PodInfo } from "../pod-info";
import { CPU, EPHEMERAL_STORAGE, MEMORY, PODS } from "../resources";

/** The failure reasons (empty = fits), in kube's order: pods, cpu, memory, ephemeral-storage, extended. */
export function insufficientResources(pod: PodInfo, node: NodeInfo): string[] {
  const out: string[] = [];
  if (node.pods.size + 1 > node.allowedPodNumber()) out.push("Too many pods");
  const check = (r: string) => {
    const want = pod.requests.get(r) ?? 0;
    if (want > 0 && want > (node.allocatable.get(r) ?? 0) - node.requestedOf(r)) out.push(`Insufficient ${r}`);
  };
  check(CPU);
  check(MEMORY);
  check(EPHEMERAL_STORAGE);
  const scalars = [...pod.requests.keys()].filter((r) => r !== CPU && r !== MEMORY && r !== EPHEMERAL_STORAGE && r !== PODS).sort();
  for (const r of scalars) check(r);
  return out;
}

export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

export const nodeResourcesFit: Plugin = {
  name: "NodeResourcesFit",
  weight: 1,
  create: ({ pod }) => ({
    filter: (node) => {
      const reasons = insufficientResources(pod, node);
      return reasons.length > 0 ? unschedulable(...reasons) : null;
    },
    score: (node) => {
      // LeastAllocated over cpu and memory (weight 1 each), using non-zero requests.
      let sum = 0;
      let weights = 0;
      const cpuAlloc = node.allocatable.get(CPU) ?? 0;
      const memAlloc = node.allocatable.get(MEMORY) ?? 0;
      if (cpuAlloc !== 0) {
        sum += leastRequestedScore(node.nonZeroCpu + pod.nonZeroCpu, cpuAlloc);
        weights++;
      }
      if (memAlloc !== 0) {
        sum += leastRequestedScore(node.nonZeroMemory + pod.nonZeroMemory, memAlloc);
        weights++;
      }
      return weights === 0 ? 0 : Math.trunc(sum / weights);
    },
  }),
};
