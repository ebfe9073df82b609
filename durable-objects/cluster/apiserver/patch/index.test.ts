import { describe, expect, it } from "vitest";
import { ApplyPatchNotHandledError, PatchError, UnsupportedPatchTypeError, applyPatch } from "./index";

const deploy = () => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", labels: { app: "web" } },
  spec: { replicas: 1, template: { spec: { containers: [{ name: "web", image: "nginx:1.25" }, { name: "side", image: "busybox" }] } } },
});
const D = "apps/v1/Deployment";
const CR = "stable.example.com/v1/CronTab";

describe("applyPatch", () => {
  it("dispatches on the content type, ignoring parameters", () => {
    expect(applyPatch("application/json-patch+json", deploy(), '[{"op":"replace","path":"/spec/replicas","value":3}]', D).spec).toMatchObject({ replicas: 3 });
    expect(applyPatch("application/merge-patch+json; charset=utf-8", deploy(), '{"metadata":{"labels":{"env":"prod"}}}', D).metadata).toMatchObject({ labels: { app: "web", env: "prod" } });
    const setImage = '{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"web"},{"name":"side"}],"containers":[{"image":"nginx:1.27","name":"web"}]}}}}';
    const out = applyPatch("application/strategic-merge-patch+json", deploy(), setImage, D);
    expect(out.spec).toMatchObject({ template: { spec: { containers: [{ name: "web", image: "nginx:1.27" }, { name: "side", image: "busybox" }] } } });
  });

  it("a merge patch replaces lists where a strategic one merges them", () => {
    const body = '{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"x"}]}}}}';
    expect(applyPatch("application/merge-patch+json", deploy(), body, D).spec).toMatchObject({ template: { spec: { containers: [{ name: "web", image: "x" }] } } });
    const smp = applyPatch("application/strategic-merge-patch+json", deploy(), body, D);
    expect((smp.spec as { template: { spec: { containers: unknown[] } } }).template.spec.containers).toHaveLength(2);
  });

  it("custom resources get 415 for strategic merge patch, with kube's accepted list", () => {
    const err = catchAny(() => applyPatch("application/strategic-merge-patch+json", { spec: {} }, "{}", CR));
    expect(err).toBeInstanceOf(UnsupportedPatchTypeError);
    expect(err).toMatchObject({
      code: 415,
      message: "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml",
    });
    expect(applyPatch("application/merge-patch+json", { spec: { a: 1 } }, '{"spec":{"b":2}}', CR)).toEqual({ spec: { a: 1, b: 2 } });
  });

  it("unknown types are 415; server-side apply is refused distinguishably", () => {
    expect(catchAny(() => applyPatch("application/json", deploy(), "{}", D))).toBeInstanceOf(UnsupportedPatchTypeError);
    expect(catchAny(() => applyPatch("application/apply-patch+yaml", deploy(), "{}", D))).toBeInstanceOf(ApplyPatchNotHandledError);
  });

  it("a body that is not JSON is a 400", () => {
    const err = catchAny(() => applyPatch("application/merge-patch+json", deploy(), "{nope", D));
    expect(err).toBeInstanceOf(PatchError);
    expect(err).toMatchObject({ kind: "invalid-patch", code: 400 });
    expect((err as Error).message).toMatch(/^error decoding patch: /);
  });

  it("a body nested deeper than 500 is a 400 before it is parsed, worded per type as kube's decoders word it", () => {
    const deep = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;
    const cases: [string, string, string][] = [
      ["application/json-patch+json", `[{"op":"add","path":"/x","value":${deep(499)}}]`, "error decoding patch: invalid character '[' exceeded max depth"],
      ["application/merge-patch+json", `{"x":${deep(100_000)}}`, "error decoding patch: invalid character '[' exceeded max depth"],
      ["application/strategic-merge-patch+json", `{"x":${deep(100_000)}}`, "invalid character '[' exceeded max depth"],
    ];
    for (const [type, body, message] of cases) {
      expect(catchAny(() => applyPatch(type, deploy(), body, D))).toMatchObject({ kind: "invalid-patch", code: 400, message });
    }
    // 500 levels are fine.
    expect(applyPatch("application/merge-patch+json", deploy(), `{"x":${deep(499)}}`, D)).toHaveProperty("x");
  });

  it("a JSON patch that replaces the root with a non-object fails", () => {
    expect(catchAny(() => applyPatch("application/json-patch+json", deploy(), '[{"op":"replace","path":"","value":[1]}]', D))).toBeInstanceOf(PatchError);
  });
});

function catchAny(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error("expected an error");
}
