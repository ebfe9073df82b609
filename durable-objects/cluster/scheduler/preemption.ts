// DefaultPreemption (kube-scheduler's PostFilter): when a pod fits nowhere, find a node where removing
// pods of lower priority would let it fit. On each node that failed only resolvably, every lower-priority
// pod is taken away and the filters run again; if the pod then fits, victims are given back from the
// most important down while it still fits (the reprieve), and those left are the node's victims. The
// node chosen has the least important highest victim, then the lowest sum of victim priorities, then
// the fewest victims, then the first name. The caller evicts the victims and nominates the node.
// Pods already being deleted are not victims (their room is coming anyway); a pod with
// preemptionPolicy Never preempts nothing.
import type { JsonObject } from "../apiserver/registry/types";
import type { NodeInfo, SchedulerCache } from "./cache";
import type { Plugin, Status } from "./framework";
import { parsePod, type PodInfo } from "./pod-info";

export interface Preemption {
  nodeName: string;
  victims: PodInfo[];
}

function fits(cache: SchedulerCache, pod: JsonObject, node: NodeInfo, plugins: readonly Plugin[]): boolean {
  const ctx = { cache, pod: parsePod(pod), nodes: cache.nodes() };
  return plugins.every((p) => !p.create(ctx).filter?.(node));
}

/** kube's MoreImportantPod: higher priority first, then the one that started earlier. */
const startOf = (p: PodInfo) => String(((p.raw.status ?? {}) as JsonObject).startTime ?? "");
const moreImportant = (a: PodInfo, b: PodInfo) => b.priority - a.priority || startOf(a).localeCompare(startOf(b));

export function findPreemption(cache: SchedulerCache, pod: JsonObject, statuses: Map<string, Status>, plugins: readonly Plugin[]): Preemption | null {
  const preemptor = parsePod(pod);
  if (preemptor.preemptionPolicy === "Never") return null;
  const candidates: Preemption[] = [];
  for (const node of cache.nodes()) {
    const status = statuses.get(node.name);
    if (!status || status.code === "UnschedulableAndUnresolvable") continue;
    const lower = [...node.pods.values()].filter((p) => p.priority < preemptor.priority && !p.terminating).sort(moreImportant);
    if (lower.length === 0) continue;
    for (const p of lower) node.removePod(p.key);
    const victims: PodInfo[] = [];
    if (fits(cache, pod, node, plugins)) {
      for (const p of lower) {
        node.addPod(p);
        if (!fits(cache, pod, node, plugins)) {
          node.removePod(p.key);
          victims.push(p);
        }
      }
      for (const p of victims) node.addPod(p);
      candidates.push({ nodeName: node.name, victims });
    } else for (const p of lower) node.addPod(p);
  }
  const highest = (c: Preemption) => Math.max(...c.victims.map((v) => v.priority));
  const sum = (c: Preemption) => c.victims.reduce((n, v) => n + v.priority, 0);
  candidates.sort((a, b) => highest(a) - highest(b) || sum(a) - sum(b) || a.victims.length - b.victims.length || (a.nodeName < b.nodeName ? -1 : 1));
  return candidates[0] ?? null;
}
