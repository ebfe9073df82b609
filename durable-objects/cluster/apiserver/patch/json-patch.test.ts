import { describe, expect, it } from "vitest";
import { PatchError } from "./errors";
import { applyJsonPatch } from "./json-patch";

const deployment = () => ({
  metadata: { name: "web", annotations: { "deployment.kubernetes.io/revision": "2" }, labels: { app: "web" } },
  spec: {
    replicas: 1,
    template: { metadata: { labels: { app: "web", "pod-template-hash": "abc" } }, spec: { containers: [{ name: "web", image: "nginx:1.27" }] } },
  },
});

function failure(doc: unknown, patch: unknown): PatchError {
  try {
    applyJsonPatch(doc, patch);
  } catch (err) {
    if (err instanceof PatchError) return err;
    throw err;
  }
  throw new Error("expected a PatchError");
}

describe("applyJsonPatch", () => {
  it("kubectl patch --type=json: replace /spec/replicas", () => {
    const out = applyJsonPatch(deployment(), [{ op: "replace", path: "/spec/replicas", value: 3 }]) as ReturnType<typeof deployment>;
    expect(out.spec.replicas).toBe(3);
  });

  it("rollout undo: replaces the template and the annotations", () => {
    const template = { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "nginx:1.25" }] } };
    const annotations = { "deployment.kubernetes.io/revision": "1" };
    const out = applyJsonPatch(deployment(), [
      { op: "replace", path: "/spec/template", value: template },
      { op: "replace", path: "/metadata/annotations", value: annotations },
    ]);
    expect(out).toEqual({ ...deployment(), metadata: { ...deployment().metadata, annotations }, spec: { replicas: 1, template } });
  });

  it("add, remove, move, copy, test and array indexes", () => {
    const out = applyJsonPatch(deployment(), [
      { op: "add", path: "/metadata/labels/tier", value: "fe" },
      { op: "remove", path: "/metadata/labels/app" },
      { op: "add", path: "/spec/template/spec/containers/-", value: { name: "log", image: "fluentd" } },
      { op: "add", path: "/spec/template/spec/containers/0", value: { name: "init" } },
      { op: "move", from: "/metadata/labels/tier", path: "/metadata/labels/role" },
      { op: "copy", from: "/metadata/name", path: "/metadata/labels/name" },
      { op: "test", path: "/spec/template/spec/containers/2/name", value: "log" },
      { op: "add", path: "/metadata/annotations/a~1b", value: "slash" },
    ]) as ReturnType<typeof deployment>;
    expect(out.metadata.labels).toEqual({ role: "fe", name: "web" });
    expect(out.spec.template.spec.containers.map((c) => c.name)).toEqual(["init", "web", "log"]);
    expect(out.metadata.annotations).toHaveProperty("a/b", "slash");
  });

  it("is atomic and leaves its inputs alone", () => {
    const doc = deployment();
    const patch = [
      { op: "replace", path: "/spec/replicas", value: 9 },
      { op: "test", path: "/metadata/name", value: "other" },
    ];
    expect(() => applyJsonPatch(doc, patch)).toThrow(PatchError);
    expect(doc).toEqual(deployment());
    const value = { a: 1 };
    const out = applyJsonPatch({}, [{ op: "add", path: "/x", value }]) as { x: { a: number } };
    out.x.a = 2;
    expect(value.a).toBe(1);
  });

  it("keeps kube's leniencies: replace of a missing key adds it; test of a missing key against null passes", () => {
    expect(applyJsonPatch({ metadata: {} }, [{ op: "replace", path: "/metadata/labels", value: { a: "b" } }])).toEqual({ metadata: { labels: { a: "b" } } });
    expect(applyJsonPatch({ a: 1 }, [{ op: "test", path: "/b", value: null }])).toEqual({ a: 1 });
  });

  it("null is an empty patch", () => {
    expect(applyJsonPatch({ a: 1 }, null)).toEqual({ a: 1 });
  });
});

describe("bodies that are no JSON patch (400)", () => {
  it.each([
    [{ op: "add" }, "error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp"],
    ["x", "error decoding patch: json: cannot unmarshal string into Go value of type []handlers.jsonPatchOp"],
    [[1], "error decoding patch: json: cannot unmarshal number into Go value of type handlers.jsonPatchOp"],
    [[{ op: "add", path: 3, value: 1 }], "error decoding patch: json: cannot unmarshal number into Go struct field jsonPatchOp.path of type string"],
  ])("%j", (patch, message) => {
    expect(failure({}, patch)).toMatchObject({ kind: "invalid-patch", code: 400, message });
  });

  it("more than 10000 operations is a 413", () => {
    const ops = Array.from({ length: 10001 }, () => ({ op: "test", path: "/a", value: 1 }));
    expect(failure({ a: 1 }, ops)).toMatchObject({ kind: "invalid-patch", code: 413 });
  });
});

describe("operations that do not apply (422, evanphx/json-patch's words)", () => {
  it.each([
    [[{ op: "frob", path: "/a" }], "Unexpected kind: frob"],
    [[{ path: "/a" }], "Unexpected kind: unknown"],
    [[{ op: "add", value: 1 }], "add operation failed to decode path: operation missing path field: missing value"],
    [[{ op: "add", path: "/a" }], "add operation, missing value field: missing value"],
    [[{ op: "move", path: "/a" }], "move operation failed to decode from: operation, missing from field: missing value"],
    [[{ op: "add", path: "/spec/foo/bar", value: 1 }], 'add operation does not apply: doc is missing path: "/spec/foo/bar": missing value'],
    [[{ op: "add", path: "/spec/replicas/x", value: 1 }], 'add operation does not apply: doc is missing path: "/spec/replicas/x": missing value'],
    [[{ op: "add", path: "spec", value: 1 }], 'add operation does not apply: doc is missing path: "spec": missing value'],
    [[{ op: "remove", path: "/spec/x" }], "error in remove for path: '/spec/x': Unable to remove nonexistent key: x: missing value"],
    [[{ op: "remove", path: "/nope/x" }], 'remove operation does not apply: doc is missing path: "/nope/x": missing value'],
    [[{ op: "remove", path: "/spec/template/spec/containers/5" }], "error in remove for path: '/spec/template/spec/containers/5': Unable to access invalid index: 5: invalid index referenced"],
    [[{ op: "add", path: "/spec/template/spec/containers/7", value: {} }], "error in add for path: '/spec/template/spec/containers/7': Unable to access invalid index: 7: invalid index referenced"],
    [[{ op: "replace", path: "/nope/x", value: 1 }], "replace operation does not apply: doc is missing path: /nope/x: missing value"],
    [[{ op: "replace", path: "/spec/template/spec/containers/3", value: {} }], "replace operation does not apply: doc is missing key: /spec/template/spec/containers/3: missing value"],
    [[{ op: "test", path: "/spec/replicas", value: 2 }], "testing value /spec/replicas failed: test failed"],
    [[{ op: "test", path: "/nope/x", value: 2 }], "test operation does not apply: is missing path: /nope/x: missing value"],
    [[{ op: "move", from: "/nope/x", path: "/a" }], "move operation does not apply: doc is missing from path: /nope/x: missing value"],
    [[{ op: "copy", from: "/spec/x", path: "/a" }], "error in copy for from: '/spec/x': Unable to remove nonexistent key: x: missing value"],
    [[{ op: "copy", from: "/spec/replicas", path: "/nope/a" }], "copy operation does not apply: doc is missing destination path: /nope/a: missing value"],
    [[{ op: "add", path: "/__proto__/polluted", value: 1 }], 'add operation does not apply: doc is missing path: "/__proto__/polluted": missing value'],
  ])("%j", (patch, message) => {
    expect(failure(deployment(), patch)).toMatchObject({ kind: "apply-failed", code: 422, message });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("budgets: no patch amplifies the object or holds the thread (CVE-2019-1002100)", () => {
  const copyInto = (list: string, times: number) => Array.from({ length: times }, () => ({ op: "copy", from: list, path: `${list}/-` }));
  const COPY_LIMIT_MESSAGE = /^Unable to complete the copy, the accumulated size increase of copy is (\d+), exceeding the limit 3145728$/;

  it("copies may add at most 3 MiB in all, as kube's JSONPatchMaxCopyBytes: 422 with evanphx/json-patch's words", () => {
    // Two copies of a 1.6 MB list: the second passes 3 MiB.
    const doc = { spec: { items: Array.from({ length: 200_000 }, () => "abcdef") } };
    const err = failure(doc, copyInto("/spec/items", 2));
    expect(err).toMatchObject({ kind: "apply-failed", code: 422 });
    const [, accumulated] = COPY_LIMIT_MESSAGE.exec(err.message) ?? [];
    // Go's size of what was copied: the list (200,000 × `"abcdef",` and brackets), then the list holding its copy.
    const list = 200_000 * 9 + 1;
    expect(Number(accumulated)).toBe(list + (list + list + 1));
    // Within the limit, copies still work.
    expect((applyJsonPatch({ a: [1, 2] }, copyInto("/a", 3)) as { a: unknown[] }).a).toHaveLength(5);
  });

  it("copies are independent of their sources, whatever changes either afterwards (copy-on-write)", () => {
    const doc = () => ({ a: { k: "v", list: [1, { x: 1 }] }, l: [1] });
    const apply = (ops: unknown[]) => applyJsonPatch(doc(), ops) as Record<string, any>;
    expect(apply([{ op: "copy", from: "/a", path: "/b" }, { op: "add", path: "/b/list/1/y", value: 2 }])).toEqual({ ...doc(), b: { k: "v", list: [1, { x: 1, y: 2 }] } });
    expect(apply([{ op: "copy", from: "/a", path: "/b" }, { op: "replace", path: "/a/list/0", value: 9 }, { op: "remove", path: "/a/k" }])).toEqual({ a: { list: [9, { x: 1 }] }, l: [1], b: doc().a });
    expect(apply([{ op: "copy", from: "/l", path: "/l/-" }, { op: "copy", from: "/l", path: "/l/-" }, { op: "remove", path: "/l/1/0" }]).l).toEqual([1, [], [1, [1]]]);
    expect(apply([{ op: "copy", from: "/a", path: "/a/list/1/self" }]).a).toEqual({ k: "v", list: [1, { x: 1, self: doc().a }] });
    expect(apply([{ op: "copy", from: "/a", path: "/b" }, { op: "move", from: "/b/list", path: "/m" }])).toEqual({ ...doc(), b: { k: "v" }, m: doc().a.list });
    expect(apply([{ op: "copy", from: "/a", path: "/b" }, { op: "test", path: "/b", value: doc().a }]).b).toEqual(doc().a);
    // The result shares nothing between the two places.
    const out = apply([{ op: "copy", from: "/a", path: "/b" }]);
    out.b.list[1].x = 5;
    expect(out.a.list[1].x).toBe(1);
  });

  it("the 25-copy doubling of issue 11 fails at the copy that passes 3 MiB, in milliseconds", () => {
    const doc = { metadata: { managedFields: [{ manager: "kubectl-client-side-apply", operation: "Update", fieldsV1: { "f:data": { "f:a": {} } } }] } };
    const start = performance.now();
    const err = failure(doc, copyInto("/metadata/managedFields", 25));
    expect(performance.now() - start).toBeLessThan(2000);
    expect(err).toMatchObject({ kind: "apply-failed", code: 422, message: expect.stringMatching(COPY_LIMIT_MESSAGE) });
  });

  it("Go's escaping counts: <, >, &, U+2028 and U+2029 are 6 bytes each", () => {
    for (const c of ["<", "&", "\u2028"]) {
      const err = failure({ a: c.repeat(600_000) }, [{ op: "copy", from: "/a", path: "/b" }]);
      expect(err.message).toMatch(COPY_LIMIT_MESSAGE);
      expect(Number(COPY_LIMIT_MESSAGE.exec(err.message)![1])).toBe(600_000 * 6 + 2);
    }
    // UTF-8: é is 2 bytes, € 3.
    const err = failure({ a: "é€".repeat(700_000) }, [{ op: "copy", from: "/a", path: "/b" }]);
    expect(Number(COPY_LIMIT_MESSAGE.exec(err.message)![1])).toBe(700_000 * 5 + 2);
  });

  it("inserting or removing before many list items is bounded (422), not a quadratic stall", () => {
    const doc = { a: Array.from({ length: 100_000 }, () => 0) };
    const ops = Array.from({ length: 150 }, () => ({ op: "add", path: "/a/0", value: 1 }));
    const start = performance.now();
    expect(failure(doc, ops)).toMatchObject({ kind: "apply-failed", code: 422, message: expect.stringMatching(/^The allowed maximum list items a JSON patch may shift is 10000000, got \d+$/) });
    expect(performance.now() - start).toBeLessThan(2000);
    // Appending shifts nothing.
    const appends = Array.from({ length: 1000 }, () => ({ op: "add", path: "/a/-", value: 1 }));
    expect((applyJsonPatch(doc, appends) as { a: unknown[] }).a).toHaveLength(101_000);
  });

  it("a result nested deeper than 500 levels is refused (422): later patches cannot deepen an object without bound", () => {
    const deep = (n: number): unknown => (n === 0 ? 1 : { a: deep(n - 1) });
    const doc = { x: deep(400) };
    const path = `/x${"/a".repeat(400)}`;
    expect(failure(doc, [{ op: "add", path, value: deep(200) }])).toMatchObject({ kind: "apply-failed", code: 422, message: "the patched object exceeded max depth of 500" });
    expect(applyJsonPatch(doc, [{ op: "add", path, value: deep(50) }])).toBeDefined();
    // A copy of a deep value into a deep place too.
    expect(failure(doc, [{ op: "copy", from: "/x", path }])).toMatchObject({ kind: "apply-failed", code: 422 });
  });
});
