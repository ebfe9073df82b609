// PUT and resourceVersion: no resourceVersion, or "0" (the same to kube's versioner), is an
// unconditional update for built-in kinds (kubectl's test/cmd replaces a Node carrying
// resourceVersion "0"); custom resources and CRDs must name the version they read.
import { runDurableObjectAlarm } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { clusterStub, newCluster, openCrd, type ClusterClient } from "../../../../worker/test-helpers";

let c: ClusterClient;

beforeAll(async () => {
  c = await newCluster();
});

const node = (extra: Record<string, unknown> = {}) => ({ kind: "Node", apiVersion: "v1", metadata: { name: "node-v1-test", ...extra } });

describe("unconditional updates of built-in kinds", () => {
  it("replaces a Node carrying resourceVersion \"0\" (server dry run first, which changes nothing)", async () => {
    expect((await c.send("POST", "/api/v1/nodes", node())).status).toBe(201);
    // The simulated node controller gives every node a pod range, which an update may not drop (as kube validates).
    let spec: any;
    for (let i = 0; i < 100 && !spec?.podCIDR; i++) {
      await runDurableObjectAlarm(clusterStub(c.clusterId));
      spec = (await c.json("/api/v1/nodes/node-v1-test")).body.spec;
    }
    expect(spec.podCIDR).toBeDefined();
    const body = { ...node({ annotations: { a: "b" }, resourceVersion: "0" }), spec };
    const dry = await c.send("PUT", "/api/v1/nodes/node-v1-test?dryRun=All", body);
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect((await c.json("/api/v1/nodes/node-v1-test")).body.metadata.annotations?.a).toBeUndefined();
    const res = await c.send("PUT", "/api/v1/nodes/node-v1-test", body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.metadata.annotations.a).toBe("b");
    expect(Number(res.body.metadata.resourceVersion)).toBeGreaterThan(0);
  });

  it("still refuses a stale resourceVersion with 409", async () => {
    const res = await c.send("PUT", "/api/v1/nodes/node-v1-test", node({ resourceVersion: "1" }));
    expect(res.status).toBe(409);
    expect(res.body.reason).toBe("Conflict");
  });
});

describe("custom resources need a resourceVersion", () => {
  beforeAll(async () => {
    const crd = await c.send("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", openCrd("rv.example.com", { plural: "gadgets", kind: "Gadget" }));
    expect(crd.status, JSON.stringify(crd.body)).toBe(201);
    const cr = await c.send("POST", "/apis/rv.example.com/v1/namespaces/default/gadgets", { apiVersion: "rv.example.com/v1", kind: "Gadget", metadata: { name: "g1" }, spec: { size: 1 } });
    expect(cr.status, JSON.stringify(cr.body)).toBe(201);
  });

  for (const rv of [undefined, "0"]) {
    it(`answers 422 for a PUT with resourceVersion ${rv === undefined ? "missing" : JSON.stringify(rv)}, and changes nothing`, async () => {
      const before = await c.json("/apis/rv.example.com/v1/namespaces/default/gadgets/g1");
      const res = await c.send("PUT", "/apis/rv.example.com/v1/namespaces/default/gadgets/g1", {
        apiVersion: "rv.example.com/v1",
        kind: "Gadget",
        metadata: { name: "g1", ...(rv === undefined ? {} : { resourceVersion: rv }) },
        spec: { size: 2 },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(422);
      expect(res.body).toMatchObject({
        reason: "Invalid",
        message: 'gadgets.rv.example.com "g1" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update',
        details: { name: "g1", group: "rv.example.com", kind: "gadgets", causes: [{ reason: "FieldValueInvalid", message: "Invalid value: 0x0: must be specified for an update", field: "metadata.resourceVersion" }] },
      });
      const after = await c.json("/apis/rv.example.com/v1/namespaces/default/gadgets/g1");
      expect(after.body.metadata.resourceVersion).toBe(before.body.metadata.resourceVersion);
    });
  }

  it("updates with the resourceVersion it read, and merge-patches without one", async () => {
    const got = await c.json("/apis/rv.example.com/v1/namespaces/default/gadgets/g1");
    const put = await c.send("PUT", "/apis/rv.example.com/v1/namespaces/default/gadgets/g1", { ...got.body, spec: { size: 3 } });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const patched = await c.send("PATCH", "/apis/rv.example.com/v1/namespaces/default/gadgets/g1", { spec: { size: 4 } }, { "Content-Type": "application/merge-patch+json" });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body.spec.size).toBe(4);
  });
});
