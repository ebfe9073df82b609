import { describe, expect, it } from "vitest";
import { deployment, replicaSet } from "./testing";
import {
  HASH_LABEL,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  computeHash,
  equalIgnoreHash,
  findActiveOrLatest,
  findNewReplicaSet,
  findOldReplicaSets,
  fnv32a,
  maxRevision,
  maxSurge,
  maxUnavailable,
  newRSNewReplicas,
  resolveFenceposts,
  roundHalfAwayFromZero,
  safeEncodeString,
  setCondition,
  setNewReplicaSetAnnotations,
} from "./util";
import type { DeploymentStatus } from "./types";

describe("fenceposts", () => {
  // kube's TestResolveFenceposts
  it.each([
    ["39%", "39%", 10, 4, 3],
    [undefined, "39%", 10, 0, 3],
    ["39%", undefined, 10, 4, 0],
    [undefined, undefined, 10, 0, 1],
    ["25%", "25%", 1, 1, 0],
    ["25%", "25%", 3, 1, 0],
    ["25%", "25%", 10, 3, 2],
    [0, "1%", 10, 0, 1], // both resolve to zero → unavailable 1
  ] as const)("surge %s unavailable %s of %i → %i/%i", (surge, unavail, desired, es, eu) => {
    expect(resolveFenceposts(surge, unavail, desired)).toEqual({ surge: es, unavailable: eu });
  });

  it("rejects strings that are not percentages", () => {
    expect(() => resolveFenceposts("oops", "39%", 10)).toThrow();
  });

  it("MaxUnavailable: capped at replicas, zero for Recreate and for zero replicas", () => {
    expect(maxUnavailable(deployment("a", 5, { strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 0, maxUnavailable: 10 } } }))).toBe(5);
    expect(maxUnavailable(deployment("a", 10, { strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } }))).toBe(0);
    expect(maxUnavailable(deployment("a", 0))).toBe(0);
    expect(maxUnavailable(deployment("a", 10, { strategy: { type: "Recreate" } }))).toBe(0);
    expect(maxSurge(deployment("a", 10, { strategy: { type: "Recreate" } }))).toBe(0);
    expect(maxSurge(deployment("a", 10))).toBe(3);
  });

  it("rounds halves away from zero like Go's math.Round", () => {
    expect([roundHalfAwayFromZero(2.5), roundHalfAwayFromZero(-2.5), roundHalfAwayFromZero(-2.4)]).toEqual([3, -3, -2]);
  });
});

describe("pod-template-hash", () => {
  it("fnv32a matches the reference vectors", () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(fnv32a(enc(""))).toBe(0x811c9dc5);
    expect(fnv32a(enc("a"))).toBe(0xe40c292c);
    expect(fnv32a(enc("foobar"))).toBe(0xbf9cf968);
  });

  it("SafeEncodeString maps digits into the safe alphabet", () => {
    expect(safeEncodeString("0123456789")).toBe("456789bcdf");
  });

  it("is stable, independent of key order, and changes with collisionCount", () => {
    const a = { metadata: { labels: { app: "web", tier: "fe" } }, spec: { containers: [{ name: "c", image: "nginx" }] } };
    const b = { spec: { containers: [{ image: "nginx", name: "c" }] }, metadata: { labels: { tier: "fe", app: "web" } } };
    const h = computeHash(a);
    expect(h).toBe(computeHash(b));
    expect(h).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    expect(computeHash(a, 1)).not.toBe(h);
    expect(computeHash(a, 0)).not.toBe(h);
  });
});

describe("templates and ReplicaSet lookups", () => {
  const d = deployment("web", 3);
  const withHash = (image: string, hash: string) => ({ metadata: { labels: { app: "web", [HASH_LABEL]: hash } }, spec: { containers: [{ name: "c", image }] } });

  it("compares templates ignoring the hash label (and nil vs empty)", () => {
    expect(equalIgnoreHash(d.spec.template, withHash("nginx:1", "abc"))).toBe(true);
    expect(equalIgnoreHash(d.spec.template, withHash("nginx:2", "abc"))).toBe(false);
    expect(equalIgnoreHash({ metadata: { labels: { [HASH_LABEL]: "x" } } }, { metadata: {} })).toBe(true);
  });

  it("finds the oldest matching RS as new, the rest as old", () => {
    const a = { ...replicaSet("web-a", 0, 0, "2025-01-01T00:00:02Z"), spec: { replicas: 0, selector: {}, template: withHash("nginx:1", "a") } };
    const b = { ...replicaSet("web-b", 3, 3, "2025-01-01T00:00:01Z"), spec: { replicas: 3, selector: {}, template: withHash("nginx:1", "b") } };
    const c = { ...replicaSet("web-c", 0, 0, "2025-01-01T00:00:00Z"), spec: { replicas: 0, selector: {}, template: withHash("nginx:0", "c") } };
    expect(findNewReplicaSet(d, [a, b, c])?.metadata.name).toBe("web-b");
    const old = findOldReplicaSets(d, [a, b, c]);
    expect(old.all.map((r) => r.metadata.name)).toEqual(["web-a", "web-c"]);
    expect(old.required).toEqual([]);
  });

  it("FindActiveOrLatest: the single active one, the newest when none, nothing when several", () => {
    const old1 = replicaSet("o1", 0, 0, "2025-01-01T00:00:00Z");
    const old2 = replicaSet("o2", 0, 0, "2025-01-01T00:00:05Z");
    expect(findActiveOrLatest(undefined, [old1, old2])?.metadata.name).toBe("o2");
    expect(findActiveOrLatest(replicaSet("n", 2, 0, "2025-01-01T00:01:00Z"), [old1])?.metadata.name).toBe("n");
    expect(findActiveOrLatest(replicaSet("n", 2, 0, "2025-01-01T00:01:00Z"), [replicaSet("o3", 1, 1, "2025-01-01T00:00:00Z")])).toBeUndefined();
  });

  it("NewRSNewReplicas (kube's reconcileNewReplicaSet table)", () => {
    const cases: [number, number, number, number, number][] = [
      // deploymentReplicas, maxSurge, oldReplicas, newReplicas, expected
      [10, 0, 10, 0, 0],
      [10, 2, 10, 0, 2],
      [10, 2, 5, 0, 7],
      [10, 2, 10, 2, 2],
    ];
    for (const [replicas, surge, oldN, newN, expected] of cases) {
      const dd = deployment("web", replicas, { strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: surge, maxUnavailable: 1 } } });
      const oldRS = replicaSet("old", oldN, oldN, "2025-01-01T00:00:00Z");
      const newRS = replicaSet("new", newN, 0, "2025-01-01T00:01:00Z");
      expect(newRSNewReplicas(dd, [oldRS, newRS], newRS)).toBe(expected);
    }
    expect(newRSNewReplicas(deployment("web", 3, { strategy: { type: "Recreate" } }), [], replicaSet("n", 1, 0, ""))).toBe(3);
  });
});

describe("revisions", () => {
  it("MaxRevision skips unparsable revisions", () => {
    const rss = [
      replicaSet("a", 0, 0, "", { [REVISION_ANNOTATION]: "3" }),
      replicaSet("b", 0, 0, "", { [REVISION_ANNOTATION]: "x" }),
      replicaSet("c", 0, 0, "", {}),
    ];
    expect(maxRevision(rss)).toBe(3);
  });

  it("a rolled-back-to RS takes the next revision and remembers its old one", () => {
    const d = deployment("web", 3);
    d.metadata.annotations = { team: "a", [REVISION_ANNOTATION]: "4", "kubectl.kubernetes.io/last-applied-configuration": "{}" };
    const rs = replicaSet("web-1", 0, 0, "", { [REVISION_ANNOTATION]: "1" });
    expect(setNewReplicaSetAnnotations(d, rs, 5, true)).toBe(true);
    expect(rs.metadata.annotations).toEqual({ team: "a", [REVISION_ANNOTATION]: "5", [REVISION_HISTORY_ANNOTATION]: "1" });
    rs.metadata.annotations![REVISION_ANNOTATION] = "5";
    setNewReplicaSetAnnotations(d, rs, 7, true);
    expect(rs.metadata.annotations![REVISION_HISTORY_ANNOTATION]).toBe("1,5");
    expect(setNewReplicaSetAnnotations(d, rs, 7, true)).toBe(false);
  });

  it("trims revision-history to the character limit, oldest first", () => {
    const d = deployment("web", 3);
    const rs = replicaSet("web-1", 0, 0, "", { [REVISION_ANNOTATION]: "9", [REVISION_HISTORY_ANNOTATION]: "1,2,3" });
    setNewReplicaSetAnnotations(d, rs, 10, true, 6);
    expect(rs.metadata.annotations![REVISION_HISTORY_ANNOTATION]).toBe("2,3,9");
  });

  it("a new RS gets desired and max replicas", () => {
    const rs = replicaSet("web-1", 0, 0, "", {});
    setNewReplicaSetAnnotations(deployment("web", 4), rs, 1, false);
    expect(rs.metadata.annotations).toMatchObject({ [REVISION_ANNOTATION]: "1", "deployment.kubernetes.io/desired-replicas": "4", "deployment.kubernetes.io/max-replicas": "5" });
  });
});

describe("conditions", () => {
  it("keeps lastTransitionTime while the status holds, ignores a same-reason update", () => {
    const s: DeploymentStatus = {};
    setCondition(s, { type: "Available", status: "True", reason: "A", lastUpdateTime: "t1", lastTransitionTime: "t1" });
    setCondition(s, { type: "Available", status: "True", reason: "A", lastUpdateTime: "t2", lastTransitionTime: "t2" });
    expect(s.conditions?.[0]?.lastUpdateTime).toBe("t1");
    setCondition(s, { type: "Available", status: "True", reason: "B", lastUpdateTime: "t3", lastTransitionTime: "t3" });
    expect(s.conditions?.[0]).toMatchObject({ reason: "B", lastUpdateTime: "t3", lastTransitionTime: "t1" });
    setCondition(s, { type: "Available", status: "False", reason: "C", lastUpdateTime: "t4", lastTransitionTime: "t4" });
    expect(s.conditions?.[0]).toMatchObject({ lastTransitionTime: "t4" });
  });
});
