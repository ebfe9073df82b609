// PodTopologySpread: DoNotSchedule constraints filter (maxSkew, minDomains, node inclusion policies); ScheduleAnyway
// constraints — or, for pods without constraints, the system defaults (hostname maxSkew 3, zone maxSkew 5) — score.
import { LABEL_HOSTNAME, LABEL_ZONE, type NodeInfo } from "../cache";
import { MAX_NODE_SCORE, unresolvable, unschedulable, type Plugin } from "../framework";
import type { CompiledSelector } from "../labels";
import type { PodInfo, PodMatcher, SpreadConstraint } from "../pod-info";
import { podMatchesNodeAffinity } from "./node-affinity";
import { findUntoleratedTaint } from "./taint-toleration";

export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_NODE_LABEL_NOT_MATCH = `${ERR_REASON_CONSTRAINTS_NOT_MATCH} (missing required label)`;

interface Constraint extends SpreadConstraint {
  /** Pods counted for this constraint: same namespace as the incoming pod, not terminating, selected. */
  matcher: PodMatcher;
}

function explicitConstraint(pod: PodInfo, c: SpreadConstraint): Constraint {
  const ns = pod.namespace;
  const sel: CompiledSelector = c.selector;
  return {
    ...c,
    matcher: { key: `spread:${ns}|${sel.key}`, matches: (p) => p.namespace === ns && !p.terminating && sel.matches(p.labels) },
  };
}

/**
 * System default constraints. kube builds their selector from the Services/RCs/RSs/StatefulSets selecting the pod;
 * approximated here as "pods with the same controller".
 */
function defaultConstraints(pod: PodInfo): Constraint[] {
  const uid = pod.controllerUid;
  if (uid === undefined) return [];
  const ns = pod.namespace;
  const selector: CompiledSelector = { key: `owner:${uid}`, matches: () => true };
  const matcher: PodMatcher = { key: `owner:${ns}/${uid}`, matches: (p) => p.namespace === ns && !p.terminating && p.controllerUid === uid };
  const base = { whenUnsatisfiable: "ScheduleAnyway", selector, minDomains: 1, nodeAffinityPolicy: "Honor", nodeTaintsPolicy: "Ignore", matcher };
  return [
    { ...base, maxSkew: 3, topologyKey: LABEL_HOSTNAME },
    { ...base, maxSkew: 5, topologyKey: LABEL_ZONE },
  ];
}

function hasAllKeys(node: NodeInfo, cs: readonly Constraint[]): boolean {
  return cs.every((c) => node.labels[c.topologyKey] !== undefined);
}

function included(pod: PodInfo, node: NodeInfo, c: Constraint): boolean {
  if (c.nodeAffinityPolicy === "Honor" && !podMatchesNodeAffinity(pod, node)) return false;
  if (c.nodeTaintsPolicy === "Honor" && findUntoleratedTaint(node.taints, pod.tolerations)) return false;
  return true;
}

export const podTopologySpread: Plugin = {
  name: "PodTopologySpread",
  weight: 2,
  create: ({ pod, nodes }) => {
    const hard = pod.spreadConstraints.filter((c) => c.whenUnsatisfiable === "DoNotSchedule").map((c) => explicitConstraint(pod, c));
    let filterState: { counts: Map<string, number>[]; min: number[]; domains: number[] } | undefined;

    const preFilter = () => {
      const counts = hard.map(() => new Map<string, number>());
      for (const node of nodes) {
        if (!hasAllKeys(node, hard)) continue;
        hard.forEach((c, i) => {
          if (!included(pod, node, c)) return;
          const v = node.labels[c.topologyKey] as string;
          const m = counts[i] as Map<string, number>;
          m.set(v, (m.get(v) ?? 0) + node.count(c.matcher));
        });
      }
      return {
        counts,
        min: counts.map((m) => (m.size === 0 ? Number.POSITIVE_INFINITY : Math.min(...m.values()))),
        domains: counts.map((m) => m.size),
      };
    };

    // Scoring state.
    const soft = pod.spreadConstraints.filter((c) => c.whenUnsatisfiable === "ScheduleAnyway").map((c) => explicitConstraint(pod, c));
    const systemDefaulted = pod.spreadConstraints.length === 0;
    const scoring = systemDefaulted ? defaultConstraints(pod) : soft;
    const requireAllTopologies = !systemDefaulted;
    const ignored = new Set<string>();
    const tpCounts: Map<string, number>[] = scoring.map(() => new Map());
    const tpWeights: number[] = [];

    return {
      filter: (node) => {
        if (hard.length === 0) return null;
        filterState ??= preFilter();
        for (let i = 0; i < hard.length; i++) {
          const c = hard[i] as Constraint;
          const v = node.labels[c.topologyKey];
          if (v === undefined) return unresolvable(ERR_REASON_NODE_LABEL_NOT_MATCH);
          const self = c.selector.matches(pod.labels) ? 1 : 0;
          const min = (filterState.domains[i] ?? 0) < c.minDomains ? 0 : (filterState.min[i] ?? 0);
          const matchNum = filterState.counts[i]?.get(v) ?? 0;
          if (matchNum + self - min > c.maxSkew) return unschedulable(ERR_REASON_CONSTRAINTS_NOT_MATCH);
        }
        return null;
      },
      preScore: (feasible) => {
        if (scoring.length === 0) return false;
        const topoSize = scoring.map(() => 0);
        for (const node of feasible) {
          if (requireAllTopologies && !hasAllKeys(node, scoring)) {
            ignored.add(node.name);
            continue;
          }
          scoring.forEach((c, i) => {
            if (c.topologyKey === LABEL_HOSTNAME) return;
            const v = node.labels[c.topologyKey];
            const m = tpCounts[i] as Map<string, number>;
            if (v === undefined || m.has(v)) return;
            m.set(v, 0);
            topoSize[i] = (topoSize[i] ?? 0) + 1;
          });
        }
        scoring.forEach((c, i) => {
          const size = c.topologyKey === LABEL_HOSTNAME ? feasible.length - ignored.size : (topoSize[i] ?? 0);
          tpWeights[i] = Math.log(size + 2);
        });
        for (const node of nodes) {
          if (requireAllTopologies && !hasAllKeys(node, scoring)) continue;
          scoring.forEach((c, i) => {
            if (c.topologyKey === LABEL_HOSTNAME || !included(pod, node, c)) return;
            const v = node.labels[c.topologyKey];
            const m = tpCounts[i] as Map<string, number>;
            if (v === undefined || !m.has(v)) return;
            m.set(v, (m.get(v) ?? 0) + node.count(c.matcher));
          });
        }
        return true;
      },
      score: (node) => {
        if (ignored.has(node.name)) return 0;
        let s = 0;
        scoring.forEach((c, i) => {
          const v = node.labels[c.topologyKey];
          if (v === undefined) return;
          const cnt = c.topologyKey === LABEL_HOSTNAME ? node.count(c.matcher) : (tpCounts[i]?.get(v) ?? 0);
          s += cnt * (tpWeights[i] ?? 0) + (c.maxSkew - 1);
        });
        return Math.round(s);
      },
      normalize: (scores, feasible) => {
        let min = Number.POSITIVE_INFINITY;
        let max = 0;
        feasible.forEach((n, i) => {
          if (ignored.has(n.name)) return;
          const s = scores[i] ?? 0;
          if (s < min) min = s;
          if (s > max) max = s;
        });
        feasible.forEach((n, i) => {
          if (ignored.has(n.name)) scores[i] = 0;
          else if (max === 0) scores[i] = MAX_NODE_SCORE;
          else scores[i] = Math.trunc((MAX_NODE_SCORE * (max + min - (scores[i] ?? 0))) / max);
        });
      },
    };
  },
};
