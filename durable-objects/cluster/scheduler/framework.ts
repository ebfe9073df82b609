// The minimal scheduling-framework shape the plugins implement (one instance per scheduling cycle).
import type { NodeInfo, SchedulerCache } from "./cache";
import type { PodInfo } from "./pod-info";

export const MAX_NODE_SCORE = 100;

export type StatusCode = "Unschedulable" | "UnschedulableAndUnresolvable";

export interface Status {
  code: StatusCode;
  reasons: string[];
}

export function unschedulable(...reasons: string[]): Status {
  return { code: "Unschedulable", reasons };
}

export function unresolvable(...reasons: string[]): Status {
  return { code: "UnschedulableAndUnresolvable", reasons };
}

export interface CycleContext {
  cache: SchedulerCache;
  pod: PodInfo;
  /** All nodes in the snapshot. */
  nodes: readonly NodeInfo[];
}

export interface PluginInstance {
  /** Before any node: a status here fails the pod on every node (kube's PreFilter). */
  preFilter?(): Status | null;
  /** null = the node passes. */
  filter?(node: NodeInfo): Status | null;
  /** Called with the feasible nodes before scoring; false = skip this plugin's score. */
  preScore?(feasible: readonly NodeInfo[]): boolean;
  score?(node: NodeInfo): number;
  /** Normalises scores (parallel to `feasible`) in place to 0..MAX_NODE_SCORE. */
  normalize?(scores: number[], feasible: readonly NodeInfo[]): void;
}

export interface Plugin {
  name: string;
  /** Score weight in the default profile (0 = filter only). */
  weight: number;
  create(ctx: CycleContext): PluginInstance;
}

/** helper.DefaultNormalizeScore (integer arithmetic like the Go code). */
export function defaultNormalizeScore(scores: number[], reverse: boolean): void {
  let max = 0;
  for (const s of scores) if (s > max) max = s;
  for (let i = 0; i < scores.length; i++) {
    if (max === 0) {
      scores[i] = reverse ? MAX_NODE_SCORE : 0;
      continue;
    }
    let s = Math.trunc((MAX_NODE_SCORE * (scores[i] ?? 0)) / max);
    if (reverse) s = MAX_NODE_SCORE - s;
    scores[i] = s;
  }
}
