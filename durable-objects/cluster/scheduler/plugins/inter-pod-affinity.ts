// InterPodAffinity: required pod affinity / anti-affinity (incl. existing pods' anti-affinity towards the incoming pod)
// as a filter; preferred terms (and existing pods' terms matching the incoming pod) as a score.
import type { NodeInfo } from "../cache";
import { MAX_NODE_SCORE, unresolvable, unschedulable, type Plugin } from "../framework";
import type { AffinityTerm, PodMatcher } from "../pod-info";

export const ERR_REASON_AFFINITY = "node(s) didn't match pod affinity rules";
export const ERR_REASON_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
export const ERR_REASON_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";

/** Default hardPodAffinityWeight: existing pods' required affinity terms count this much when scoring. */
const HARD_POD_AFFINITY_WEIGHT = 1;

type TopologyCounts = Map<string, Map<string, number>>;

function inc(m: TopologyCounts, key: string, value: string, by: number): void {
  let vals = m.get(key);
  if (!vals) m.set(key, (vals = new Map()));
  vals.set(value, (vals.get(value) ?? 0) + by);
}

function get(m: TopologyCounts, key: string, value: string): number {
  return m.get(key)?.get(value) ?? 0;
}

export const interPodAffinity: Plugin = {
  name: "InterPodAffinity",
  weight: 2,
  create: ({ pod, nodes }) => {
    const affinity = pod.requiredAffinityTerms;
    const anti = pod.requiredAntiAffinityTerms;
    let state: { existingAnti: TopologyCounts; affinityCounts: TopologyCounts; antiCounts: TopologyCounts } | undefined;

    const preFilter = () => {
      const existingAnti: TopologyCounts = new Map();
      const affinityCounts: TopologyCounts = new Map();
      const antiCounts: TopologyCounts = new Map();
      const allAffinity: PodMatcher = {
        key: `all:${affinity.map((t) => t.key).join("&")}`,
        matches: (p) => affinity.every((t) => t.matches(p)),
      };
      for (const node of nodes) {
        for (const ep of node.podsWithRequiredAntiAffinity) {
          for (const t of ep.requiredAntiAffinityTerms) {
            const v = node.labels[t.topologyKey];
            if (v !== undefined && t.matches(pod)) inc(existingAnti, t.topologyKey, v, 1);
          }
        }
        if (affinity.length > 0) {
          const c = node.count(allAffinity);
          if (c > 0) {
            for (const t of affinity) {
              const v = node.labels[t.topologyKey];
              if (v !== undefined) inc(affinityCounts, t.topologyKey, v, c);
            }
          }
        }
        for (const t of anti) {
          const v = node.labels[t.topologyKey];
          if (v === undefined) continue;
          const c = node.count(t);
          if (c > 0) inc(antiCounts, t.topologyKey, v, c);
        }
      }
      return { existingAnti, affinityCounts, antiCounts };
    };

    const satisfiesAffinity = (node: NodeInfo, s: NonNullable<typeof state>): boolean => {
      if (affinity.length === 0) return true;
      let podsExist = true;
      for (const t of affinity) {
        const v = node.labels[t.topologyKey];
        if (v === undefined) return false; // all topology labels must exist on the node
        if (get(s.affinityCounts, t.topologyKey, v) <= 0) podsExist = false;
      }
      if (podsExist) return true;
      // The first pod of a group with affinity to itself may go anywhere with the topology labels.
      return s.affinityCounts.size === 0 && affinity.every((t) => t.matches(pod));
    };

    let topologyScore: TopologyCounts = new Map();

    return {
      filter: (node) => {
        state ??= preFilter();
        if (!satisfiesAffinity(node, state)) return unresolvable(ERR_REASON_AFFINITY);
        for (const t of anti) {
          const v = node.labels[t.topologyKey];
          if (v !== undefined && get(state.antiCounts, t.topologyKey, v) > 0) return unschedulable(ERR_REASON_ANTI_AFFINITY);
        }
        if (state.existingAnti.size > 0) {
          for (const [k, v] of Object.entries(node.labels)) {
            if (get(state.existingAnti, k, v) > 0) return unschedulable(ERR_REASON_EXISTING_ANTI_AFFINITY);
          }
        }
        return null;
      },
      preScore: () => {
        const hasPreferred = pod.preferredAffinityTerms.length > 0 || pod.preferredAntiAffinityTerms.length > 0;
        if (!hasPreferred && !nodes.some((n) => n.podsWithAffinity.size > 0)) return false;
        const scores: TopologyCounts = new Map();
        const addTerm = (node: NodeInfo, t: AffinityTerm, by: number) => {
          const v = node.labels[t.topologyKey];
          if (v !== undefined && by !== 0) inc(scores, t.topologyKey, v, by);
        };
        for (const node of nodes) {
          for (const w of pod.preferredAffinityTerms) addTerm(node, w.term, w.weight * node.count(w.term));
          for (const w of pod.preferredAntiAffinityTerms) addTerm(node, w.term, -w.weight * node.count(w.term));
          for (const ep of node.podsWithAffinity) {
            for (const t of ep.requiredAffinityTerms) if (t.matches(pod)) addTerm(node, t, HARD_POD_AFFINITY_WEIGHT);
            for (const w of ep.preferredAffinityTerms) if (w.term.matches(pod)) addTerm(node, w.term, w.weight);
            for (const w of ep.preferredAntiAffinityTerms) if (w.term.matches(pod)) addTerm(node, w.term, -w.weight);
          }
        }
        topologyScore = scores;
        return true;
      },
      score: (node) => {
        let s = 0;
        for (const [k, vals] of topologyScore) {
          const v = node.labels[k];
          if (v !== undefined) s += vals.get(v) ?? 0;
        }
        return s;
      },
      normalize: (scores) => {
        if (scores.length === 0) return;
        const min = Math.min(...scores);
        const max = Math.max(...scores);
        const diff = max - min;
        for (let i = 0; i < scores.length; i++) {
          scores[i] = diff > 0 ? Math.trunc(MAX_NODE_SCORE * (((scores[i] ?? 0) - min) / diff)) : 0;
        }
      },
    };
  },
};
