// DefaultPreemption's choice: which node, which victims (the fewest, the least important), and when
// there are none.
import { describe, expect, it } from "vitest";
import type { JsonObject } from "../apiserver/registry/types";
import { SchedulerCache } from "./cache";
import { findPreemption } from "./preemption";
import { DEFAULT_PLUGINS, schedulePodDetailed } from "./schedule";
import { makeNode, makePod } from "./testing";

const prioritized = (name: string, cpu: string, priority: number, nodeName?: string, extra: JsonObject = {}) =>
  makePod(name, { cpu, ...(nodeName ? { nodeName, phase: "Running" } : {}), spec: { priority, ...extra } });

function cluster(nodes: JsonObject[], pods: JsonObject[]): SchedulerCache {
  const cache = new SchedulerCache();
  for (const n of nodes) cache.upsertNode(n);
  for (const p of pods) cache.upsertPod(p);
  return cache;
}

const preempt = (cache: SchedulerCache, pod: JsonObject) => {
  const detail = schedulePodDetailed(cache, pod);
  expect(detail.result.nodeName).toBeNull();
  const p = findPreemption(cache, pod, detail.statuses, DEFAULT_PLUGINS);
  return p && { node: p.nodeName, victims: p.victims.map((v) => v.name).sort() };
};

describe("findPreemption", () => {
  it("evicts only what is needed, the least important first, on the node where that costs least", () => {
    const cache = cluster(
      [makeNode("a"), makeNode("b")],
      [prioritized("a-low", "1", 1, "a"), prioritized("a-mid", "2", 50, "a"), prioritized("b-mid1", "2", 50, "b"), prioritized("b-mid2", "2", 60, "b")],
    );
    // 2 CPU is needed. On a (1 free), evicting a-low (priority 1) is enough: the reprieve gives a-mid
    // back. On b (0 free) it takes b-mid1 (50). a's most important victim is the least important: a.
    expect(preempt(cache, prioritized("vip", "2", 100))).toEqual({ node: "a", victims: ["a-low"] });
    // 3 CPU: on a, a-mid must go and a-low is given back; on b, b-mid1 goes (b-mid2 is more important).
    // Both cost one victim of priority 50: the first name wins.
    expect(preempt(cache, prioritized("bigger", "3", 100))).toEqual({ node: "a", victims: ["a-mid"] });
    // 4 CPU: a loses both (highest 50, sum 51), b both as well (highest 60): a.
    expect(preempt(cache, prioritized("whole", "4", 100))).toEqual({ node: "a", victims: ["a-low", "a-mid"] });
    // The cache is as it was.
    expect(cache.nodes().map((n) => n.pods.size)).toEqual([2, 2]);
  });

  it("finds none when nothing of lower priority would make room, or for preemptionPolicy Never", () => {
    const cache = cluster([makeNode("a")], [prioritized("peer", "3", 100, "a")]);
    expect(preempt(cache, prioritized("vip", "2", 100))).toBeNull();
    const low = cluster([makeNode("a")], [prioritized("low", "3", 1, "a")]);
    expect(preempt(low, prioritized("polite", "2", 100, undefined, { preemptionPolicy: "Never" }))).toBeNull();
    expect(preempt(low, prioritized("vip", "2", 100))).toEqual({ node: "a", victims: ["low"] });
  });

  it("does not preempt where a filter other than room fails (a taint, a selector)", () => {
    const cache = cluster([makeNode("a", { labels: { disk: "hdd" } })], [prioritized("low", "3", 1, "a")]);
    expect(preempt(cache, prioritized("picky", "2", 100, undefined, { nodeSelector: { disk: "ssd" } }))).toBeNull();
  });
});
