// One scheduling cycle: filter every node, score the feasible ones, pick the best (ties broken by a hash of
// pod uid + node name), or explain why nothing fits.
import type { JsonObject } from "../apiserver/registry/types";
import type { NodeInfo, SchedulerCache } from "./cache";
import { fitErrorMessage, NO_NODES_AVAILABLE_MSG, preemptionMessage, reasonHistogram } from "./fit-error";
import type { CycleContext, Plugin, PluginInstance, Status } from "./framework";
import { fnv1a } from "./json";
import { parsePod } from "./pod-info";
import { balancedAllocation } from "./plugins/balanced-allocation";
import { imageLocality } from "./plugins/image-locality";
import { interPodAffinity } from "./plugins/inter-pod-affinity";
import { nodeAffinity } from "./plugins/node-affinity";
import { nodeName } from "./plugins/node-name";
import { nodePorts } from "./plugins/node-ports";
import { nodeResourcesFit } from "./plugins/node-resources-fit";
import { nodeUnschedulable } from "./plugins/node-unschedulable";
import { podTopologySpread } from "./plugins/pod-topology-spread";
import { taintToleration } from "./plugins/taint-toleration";
import { volumeBinding, volumeRestrictions } from "./plugins/volume-binding";

export type ScheduleResult =
  | { nodeName: string }
  | { nodeName: null; message: string; reasons: Record<string, number> /* reason → node count */ };

/** The default profile's plugins in kube-scheduler's order (filters run in this order; first failure wins). */
export const DEFAULT_PLUGINS: readonly Plugin[] = [
  nodeUnschedulable,
  nodeName,
  taintToleration,
  nodeAffinity,
  nodePorts,
  nodeResourcesFit,
  volumeRestrictions,
  volumeBinding,
  podTopologySpread,
  interPodAffinity,
  balancedAllocation,
  imageLocality,
];

export interface NodeScore {
  nodeName: string;
  total: number;
  plugins: Record<string, number>;
}

export interface ScheduleDetail {
  result: ScheduleResult;
  /** Per-node status of the nodes that failed filtering. */
  statuses: Map<string, Status>;
  /** Weighted, normalised scores of the feasible nodes (empty when fewer than two were feasible). */
  scores: NodeScore[];
}

/** FitError.Error() when a PreFilter failed: its reasons stand in for the per-node histogram. */
function preFilterMessage(numAllNodes: number, refused: Status, post: string): string {
  return `0/${numAllNodes} nodes are available: ${refused.reasons.join(", ")}. ${post}.`;
}

export function schedulePod(cache: SchedulerCache, pod: JsonObject): ScheduleResult {
  return schedulePodDetailed(cache, pod).result;
}

export function schedulePodDetailed(cache: SchedulerCache, pod: JsonObject, plugins: readonly Plugin[] = DEFAULT_PLUGINS): ScheduleDetail {
  const nodes = cache.nodes();
  const statuses = new Map<string, Status>();
  if (nodes.length === 0) {
    return { result: { nodeName: null, message: NO_NODES_AVAILABLE_MSG, reasons: {} }, statuses, scores: [] };
  }
  const ctx: CycleContext = { cache, pod: parsePod(pod), nodes };
  const instances: [Plugin, PluginInstance][] = plugins.map((p) => [p, p.create(ctx)]);

  // PreFilter: one plugin's refusal stands for every node, and the message is that plugin's alone.
  for (const [, inst] of instances) {
    const refused = inst.preFilter?.();
    if (!refused) continue;
    for (const node of nodes) statuses.set(node.name, refused);
    const post = preemptionMessage(ctx.pod, nodes.length, statuses.values());
    return { result: { nodeName: null, message: preFilterMessage(nodes.length, refused, post), reasons: {} }, statuses, scores: [] };
  }

  const feasible: NodeInfo[] = [];
  for (const node of nodes) {
    let failed: Status | null = null;
    for (const [, inst] of instances) {
      failed = inst.filter?.(node) ?? null;
      if (failed) break;
    }
    if (failed) statuses.set(node.name, failed);
    else feasible.push(node);
  }

  if (feasible.length === 0) {
    const reasons = reasonHistogram(statuses.values());
    const post = preemptionMessage(ctx.pod, nodes.length, statuses.values());
    return { result: { nodeName: null, message: fitErrorMessage(nodes.length, reasons, post), reasons }, statuses, scores: [] };
  }
  if (feasible.length === 1) return { result: { nodeName: (feasible[0] as NodeInfo).name }, statuses, scores: [] };

  const scores: NodeScore[] = feasible.map((n) => ({ nodeName: n.name, total: 0, plugins: {} }));
  for (const [plugin, inst] of instances) {
    if (plugin.weight === 0 || !inst.score) continue;
    if (inst.preScore && !inst.preScore(feasible)) continue;
    const raw = feasible.map((n) => (inst.score as (n: NodeInfo) => number)(n));
    inst.normalize?.(raw, feasible);
    raw.forEach((s, i) => {
      const ns = scores[i] as NodeScore;
      ns.plugins[plugin.name] = s;
      ns.total += s * plugin.weight;
    });
  }

  const seed = ctx.pod.uid;
  let best: NodeScore | undefined;
  let bestTie = 0;
  for (const s of scores) {
    const tie = fnv1a(`${seed}/${s.nodeName}`);
    if (!best || s.total > best.total || (s.total === best.total && tie > bestTie)) {
      best = s;
      bestTie = tie;
    }
  }
  return { result: { nodeName: (best as NodeScore).nodeName }, statuses, scores };
}
