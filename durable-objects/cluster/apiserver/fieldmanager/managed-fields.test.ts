// managedFields on objects with thousands of fields and list items: the same ownership as for small ones,
// in about linear time (a write holds the cluster's only thread). The time limits are loose, for a loaded
// machine: with quadratic lookups these took 70 to 140 s each.
import { describe, expect, it } from "vitest";
import { configmaps } from "../registry/core/configmaps";
import type { JsonObject } from "../registry/types";
import { serverSideApply } from "./apply";
import { fieldsOf, paths } from "./fieldset";
import { entriesOf, trackUpdate } from "./managed-fields";

const N = 6000;
const fins = (from: number, n: number) => Array.from({ length: n }, (_, i) => `e.io/f${from + i}`);
const owners = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ apiVersion: "v1", kind: "ConfigMap", name: `o${from + i}`, uid: `u${from + i}` }));
const configMap = (metadata: JsonObject, extra: JsonObject = {}): JsonObject => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cm", ...metadata }, ...extra });
const T = "2026-01-01T00:00:00Z";

function timed<T>(fn: () => T): T {
  const start = performance.now();
  const out = fn();
  expect(performance.now() - start).toBeLessThan(10_000);
  return out;
}

describe("field sets of large objects", () => {
  it("lists the paths of 200,000 fields without overflowing the stack", { timeout: 60_000 }, () => {
    const obj = configMap({}, { data: Object.fromEntries(Array.from({ length: 200_000 }, (_, i) => [`k${i}`, "v"])) });
    expect(paths(fieldsOf(obj, "Object"))).toHaveLength(200_000);
  });
});

describe("trackUpdate on long lists", () => {
  it("an update of 6,000 set items onto 6,000 owns what changed, in about linear time", { timeout: 300_000 }, () => {
    const old = configMap({ finalizers: fins(0, N) });
    trackUpdate(configmaps, undefined, old, "creator", T);
    const next = configMap({ finalizers: fins(N / 2, N), managedFields: (old.metadata as JsonObject).managedFields });
    timed(() => trackUpdate(configmaps, old, next, "updater", T));
    const [creator, updater] = entriesOf(next);
    const owned = (e: typeof creator) => Object.keys((e!.fieldsV1["f:metadata"] as JsonObject)["f:finalizers"] as JsonObject);
    expect(owned(creator).sort()).toEqual(fins(N / 2, N / 2).map((f) => `v:${JSON.stringify(f)}`).sort());
    expect(owned(updater).sort()).toEqual(fins(N, N / 2).map((f) => `v:${JSON.stringify(f)}`).sort());
  });
});

describe("serverSideApply on long lists", () => {
  it("takes over 6,000 keyed items from another manager with force, merges the rest, in about linear time", { timeout: 300_000 }, () => {
    const live = configMap({ ownerReferences: owners(0, N), finalizers: fins(0, N) });
    trackUpdate(configmaps, undefined, live, "creator", T);
    const applied = configMap({ ownerReferences: owners(N / 2, N).map((o) => ({ ...o, controller: true })), finalizers: fins(N / 2, N) });
    const merged = timed(() => serverSideApply(configmaps, live, applied, { manager: "applier", force: true, time: T }));
    const meta = merged.metadata as JsonObject;
    expect((meta.ownerReferences as JsonObject[]).map((o) => o.uid)).toEqual(owners(0, N + N / 2).map((o) => o.uid));
    expect((meta.ownerReferences as JsonObject[])[N / 2]).toMatchObject({ uid: `u${N / 2}`, controller: true });
    expect(meta.finalizers).toEqual(fins(0, N + N / 2));
    // Without force, every changed item is a conflict.
    let conflict: unknown;
    try {
      timed(() => serverSideApply(configmaps, live, applied, { manager: "applier", force: false, time: T }));
    } catch (err) {
      conflict = err;
    }
    expect((conflict as { status: { code: number; details: { causes: unknown[] } } }).status).toMatchObject({ code: 409 });
    expect((conflict as { status: { details: { causes: unknown[] } } }).status.details.causes).toHaveLength(N / 2);
  });

  it("removes in one pass the 6,000 items it applied before and no longer does", { timeout: 300_000 }, () => {
    const first = serverSideApply(configmaps, undefined, configMap({ ownerReferences: owners(0, N), finalizers: fins(0, N) }), { manager: "applier", force: false, time: T });
    const again = timed(() => serverSideApply(configmaps, first, configMap({ ownerReferences: owners(0, 1), finalizers: fins(N - 1, 1) }), { manager: "applier", force: false, time: T }));
    expect((again.metadata as JsonObject).ownerReferences).toEqual(owners(0, 1));
    expect((again.metadata as JsonObject).finalizers).toEqual(fins(N - 1, 1));
  });
});
