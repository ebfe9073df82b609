// validateObject on an object with thousands of mistakes: every cause reported, in about linear time.
import { describe, expect, it } from "vitest";
import { pods } from "../registry/core/pods";
import { ApiError } from "../status";
import { validateObject } from "./validate";

describe("validateObject", () => {
  it("a Pod with 5,000 invalid containers is one 422 listing them, without comparing every cause with every other", { timeout: 300_000 }, () => {
    const containers = Array.from({ length: 5000 }, (_, j) => ({ name: `Bad_${j}`, image: "", imagePullPolicy: "Sometimes", ports: [{ containerPort: -1 }] }));
    const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "bad", namespace: "default" }, spec: { containers } };
    const start = performance.now();
    let err: unknown;
    try {
      validateObject(pods, pod);
    } catch (e) {
      err = e;
    }
    expect(performance.now() - start).toBeLessThan(5000);
    expect(err).toBeInstanceOf(ApiError);
    const causes = (err as ApiError).status.details!.causes!;
    expect((err as ApiError).status.code).toBe(422);
    // The type's own wording wins over the schema's for the same field: one cause per field and problem.
    expect(causes.filter((c) => c.field === "spec.containers[4999].imagePullPolicy")).toHaveLength(1);
    expect(causes.filter((c) => c.field === "spec.containers[4999].name")).toHaveLength(1);
  });
});
