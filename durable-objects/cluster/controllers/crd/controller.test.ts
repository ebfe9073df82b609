// CustomResourceDefinitions through the edge: a CRD's resources are served at once, validated and
// pruned by its schema, printed with its columns, and removed with it.
import { runDurableObjectAlarm } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { clusterStub, newCluster, type ClusterClient } from "../../../../worker/test-helpers";

const CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
const WIDGETS = "/apis/example.com/v1/namespaces/default/widgets";

const crd = {
  apiVersion: "apiextensions.k8s.io/v1",
  kind: "CustomResourceDefinition",
  metadata: { name: "widgets.example.com" },
  spec: {
    group: "example.com",
    scope: "Namespaced",
    names: { plural: "widgets", singular: "widget", kind: "Widget", shortNames: ["wd"] },
    versions: [
      {
        name: "v1",
        served: true,
        storage: true,
        subresources: { status: {}, scale: { specReplicasPath: ".spec.replicas", statusReplicasPath: ".status.replicas" } },
        additionalPrinterColumns: [
          { name: "Size", type: "integer", jsonPath: ".spec.size" },
          { name: "Color", type: "string", jsonPath: ".spec.color" },
        ],
        schema: {
          openAPIV3Schema: {
            type: "object",
            properties: {
              spec: {
                type: "object",
                required: ["size"],
                properties: { size: { type: "integer", minimum: 1 }, color: { type: "string", enum: ["red", "blue"] }, replicas: { type: "integer" } },
              },
              status: { type: "object", properties: { replicas: { type: "integer" } } },
            },
          },
        },
      },
    ],
  },
};

const widget = (name: string, spec: Record<string, unknown>) => ({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name }, spec });

let c: ClusterClient;
beforeAll(async () => {
  c = await newCluster();
  const res = await c.send("POST", CRDS, crd);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
});

describe("custom resources", () => {
  it("appear in discovery and are served as soon as the CRD is created; the CRD becomes Established", async () => {
    const group = await c.json("/apis/example.com/v1");
    expect(group.status).toBe(200);
    expect(group.body.resources.find((r: any) => r.name === "widgets")).toMatchObject({ kind: "Widget", namespaced: true, shortNames: ["wd"] });
    await runDurableObjectAlarm(clusterStub(c.clusterId));
    const stored = (await c.json(`${CRDS}/widgets.example.com`)).body;
    expect(stored.status.conditions.map((x: any) => [x.type, x.status])).toEqual([["NamesAccepted", "True"], ["Established", "True"]]);
    expect(stored.status.acceptedNames.kind).toBe("Widget");
    expect(stored.metadata.finalizers).toContain("customresourcecleanup.apiextensions.k8s.io");
  });

  it("validates against the schema and changes nothing when invalid", async () => {
    const bad = await c.send("POST", WIDGETS, widget("bad", { size: 0, color: "green" }));
    expect(bad.status).toBe(422);
    expect(bad.body.details.causes).toEqual(
      expect.arrayContaining([
        { reason: "FieldValueInvalid", field: "spec.size", message: "Invalid value: 0: spec.size in body should be greater than or equal to 1" },
        { reason: "FieldValueNotSupported", field: "spec.color", message: 'Unsupported value: "green": supported values: "red", "blue"' },
      ]),
    );
    expect((await c.json(`${WIDGETS}/bad`)).status).toBe(404);
    const missing = await c.send("POST", WIDGETS, widget("missing", {}));
    expect(missing.body.details.causes).toEqual([{ reason: "FieldValueRequired", field: "spec.size", message: "Required value" }]);
  });

  it("prunes unknown fields, and Strict field validation refuses them", async () => {
    const pruned = await c.send("POST", `${WIDGETS}?fieldValidation=Ignore`, widget("pruned", { size: 2, extra: "x" }));
    expect(pruned.status).toBe(201);
    expect(pruned.body.spec).toEqual({ size: 2 });
    const strict = await c.send("POST", `${WIDGETS}?fieldValidation=Strict`, widget("strict", { size: 2, extra: "x" }));
    expect(strict.status).toBe(400);
    expect(strict.body.message).toBe('Widget in version "v1" cannot be handled as a Widget: strict decoding error: unknown field "spec.extra"');
  });

  it("prints the CRD's columns, and serves scale and status subresources", async () => {
    expect((await c.send("POST", WIDGETS, widget("w1", { size: 3, color: "red", replicas: 1 }))).status).toBe(201);
    const table = await c.json(`${WIDGETS}`, { headers: { Accept: "application/json;as=Table;v=v1;g=meta.k8s.io" } });
    expect(table.body.columnDefinitions.map((d: any) => d.name)).toEqual(["Name", "Size", "Color"]);
    expect(table.body.rows.find((r: any) => r.cells[0] === "w1").cells).toEqual(["w1", 3, "red"]);
    const scaled = await c.send("PATCH", `${WIDGETS}/w1/scale`, { spec: { replicas: 4 } }, { "Content-Type": "application/merge-patch+json" });
    expect(scaled.status).toBe(200);
    expect(scaled.body).toMatchObject({ kind: "Scale", spec: { replicas: 4 } });
    expect((await c.json(`${WIDGETS}/w1`)).body.spec.replicas).toBe(4);
    const smp = await c.send("PATCH", `${WIDGETS}/w1`, { spec: { size: 5 } }, { "Content-Type": "application/strategic-merge-patch+json" });
    expect(smp.status).toBe(415);
  });

  it("deleting the CRD deletes its resources and stops serving them", async () => {
    const del = await c.send("DELETE", `${CRDS}/widgets.example.com`);
    expect(del.status).toBe(200);
    for (let i = 0; i < 5 && (await c.json(`${CRDS}/widgets.example.com`)).status === 200; i++) await runDurableObjectAlarm(clusterStub(c.clusterId));
    expect((await c.json(`${CRDS}/widgets.example.com`)).status).toBe(404);
    expect((await c.json(WIDGETS)).status).toBe(404);
  });
});
