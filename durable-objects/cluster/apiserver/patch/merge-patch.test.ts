import { describe, expect, it } from "vitest";
import { PatchError } from "./errors";
import { applyMergePatch } from "./merge-patch";

const deployment = () => ({
  metadata: { name: "web", labels: { app: "web", tier: "fe" }, annotations: { note: "a" } },
  spec: { replicas: 3, template: { spec: { containers: [{ name: "web", image: "nginx" }, { name: "side", image: "busybox" }] } } },
});

describe("applyMergePatch", () => {
  it("kubectl label / annotate / label removal", () => {
    expect(applyMergePatch(deployment(), { metadata: { labels: { env: "prod" } } }).metadata).toMatchObject({ labels: { app: "web", tier: "fe", env: "prod" } });
    expect(applyMergePatch(deployment(), { metadata: { annotations: { note: "hi" } } }).metadata).toMatchObject({ annotations: { note: "hi" } });
    expect(applyMergePatch(deployment(), { metadata: { labels: { tier: null } } }).metadata).toMatchObject({ labels: { app: "web" } });
  });

  it("kubectl scale on the scale subresource", () => {
    const scale = { kind: "Scale", apiVersion: "autoscaling/v1", spec: { replicas: 3 }, status: { replicas: 3 } };
    expect(applyMergePatch(scale, { spec: { replicas: 5 } })).toEqual({ ...scale, spec: { replicas: 5 } });
  });

  it("arrays are replaced whole, scalars replaced, objects created where missing", () => {
    const out = applyMergePatch(deployment(), { spec: { template: { spec: { containers: [{ name: "only" }] } }, paused: true, strategy: { type: "Recreate", x: null } } });
    expect(out.spec).toEqual({ replicas: 3, paused: true, strategy: { type: "Recreate" }, template: { spec: { containers: [{ name: "only" }] } } });
  });

  it("null deletes; deleting what is absent is a no-op; a scalar can become an object", () => {
    expect(applyMergePatch({ a: 1, b: { c: 2 } }, { a: null, z: null, b: null })).toEqual({});
    expect(applyMergePatch({ a: "x" }, { a: { b: 1 } })).toEqual({ a: { b: 1 } });
  });

  it("leaves its inputs alone and shares nothing with them", () => {
    const doc = deployment();
    const patch = { metadata: { labels: { env: "prod" } } };
    const out = applyMergePatch(doc, patch);
    (out.spec as { replicas: number }).replicas = 0;
    ((out.metadata as { labels: Record<string, string> }).labels).env = "dev";
    expect(doc).toEqual(deployment());
    expect(patch).toEqual({ metadata: { labels: { env: "prod" } } });
  });

  it("a body that is not an object is a 400, as kube words it", () => {
    expect(() => applyMergePatch({}, [1])).toThrow(new PatchError("invalid-patch", "error decoding patch: json: cannot unmarshal array into Go value of type map[string]interface {}"));
    expect(() => applyMergePatch({}, null)).toThrow("Invalid JSON Patch");
  });

  it("refuses __proto__ fields instead of touching prototypes", () => {
    expect(() => applyMergePatch({}, JSON.parse('{"__proto__":{"polluted":1}}'))).toThrow(PatchError);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
