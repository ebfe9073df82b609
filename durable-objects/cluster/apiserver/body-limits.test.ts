// Request bodies that would make the server recurse or expand without bound, through the edge Worker:
// refused with kube's 400 texts before anything walks them, and nothing stored.
import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import { beforeAll, describe, expect, it } from "vitest";
import { newCluster, openCrd, type ClusterClient } from "../../../worker/test-helpers";
import { KUBERNETES_PROTOBUF_MAGIC } from "./protobuf";

const CM = "/api/v1/namespaces/default/configmaps";
const WIDGETS = "/apis/example.com/v1/namespaces/default/widgets";
const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
const configMap = (name: string, extra = "") => `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"${name}"}${extra}}`;

let c: ClusterClient;
beforeAll(async () => {
  c = await newCluster();
  const crd = openCrd("example.com", { plural: "widgets", kind: "Widget" });
  expect((await c.send("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd)).status).toBe(201);
});

function expectBadRequest(res: { status: number; body: any }, message: string) {
  expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(400);
  expect(res.body).toMatchObject({ kind: "Status", status: "Failure", reason: "BadRequest", code: 400, message });
}

describe("nesting depth", () => {
  it("a JSON create nested 100,000 deep is a 400 with kube's decode text, at once, and stores nothing", async () => {
    const start = Date.now();
    const res = await c.send("POST", CM, configMap("deep", `,"x":${nested(100_000)}`));
    expect(Date.now() - start).toBeLessThan(3000);
    expectBadRequest(
      res,
      `the object provided is unrecognized (must be of type ConfigMap): couldn't get version/kind; json parse error: invalid character '{' exceeded max depth ({"apiVersion":"v1","kind":"Con ...)`,
    );
    expect((await c.json(`${CM}/deep`)).status).toBe(404);
  });

  it("a JSON update too deep is refused the same way and changes nothing", async () => {
    const created = await c.send("POST", CM, configMap("upd", ',"data":{"a":"b"}'));
    expect(created.status).toBe(201);
    const res = await c.send("PUT", `${CM}/upd`, configMap("upd", `,"data":{"a":"c"},"x":${nested(501)}`));
    expectBadRequest(res, expect.stringContaining("(must be of type ConfigMap): couldn't get version/kind; json parse error: invalid character '{' exceeded max depth"));
    expect((await c.json(`${CM}/upd`)).body.metadata.resourceVersion).toBe(created.body.metadata.resourceVersion);
  });

  it("a YAML create too deep, or expanding through aliases, is a 400 with go-yaml's words", async () => {
    const deep = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ydeep\nx: ${"[".repeat(100_000)}\n`;
    const res = await c.json(CM, { method: "POST", headers: { "Content-Type": "application/yaml" }, body: deep });
    expectBadRequest(res, expect.stringMatching(/^the object provided is unrecognized \(must be of type ConfigMap\): yaml: line 5: exceeded max depth of 500 \([0-9a-f]{60} \.\.\.\)$/));
    // 100 references to one 100 KB string: 10 MB once expanded (the parser's own alias count lets scalars through).
    const bomb = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\nx: &a ${"x".repeat(100_000)}\ny: [${Array(100).fill("*a").join(", ")}]\n`;
    const aliased = await c.json(CM, { method: "POST", headers: { "Content-Type": "application/yaml" }, body: bomb });
    expectBadRequest(aliased, expect.stringContaining("(must be of type ConfigMap): yaml: document contains excessive aliasing"));
    expect((await c.json(`${CM}/ydeep`)).status).toBe(404);
    expect((await c.json(`${CM}/bomb`)).status).toBe(404);
  });

  it("a protobuf body whose embedded JSON (a managedFields entry's fieldsV1) is too deep is a 400 and changes nothing", async () => {
    const created = await c.send("POST", CM, configMap("pb-deep", ',"data":{"a":"b"}'));
    expect(created.status).toBe(201);
    // "k8s\0" + runtime.Unknown{typeMeta: {v1, ConfigMap}, raw: ConfigMap{metadata: {name, managedFields: [{manager, fieldsV1: {raw: JSON}}]}}}
    const w = (build: (w: BinaryWriter) => void) => {
      const writer = new BinaryWriter();
      build(writer);
      return writer.finish();
    };
    const LEN = WireType.LengthDelimited;
    const entry = w((e) => e.tag(1, LEN).string("m").tag(7, LEN).bytes(w((f) => f.tag(1, LEN).bytes(new TextEncoder().encode(nested(100_000))))));
    const cm = w((x) => x.tag(1, LEN).bytes(w((m) => m.tag(1, LEN).string("pb-deep").tag(17, LEN).bytes(entry))));
    const unknown = w((u) => {
      u.tag(1, LEN).bytes(w((t) => t.tag(1, LEN).string("v1").tag(2, LEN).string("ConfigMap")));
      u.tag(2, LEN).bytes(cm);
    });
    const res = await c.json(`${CM}/pb-deep`, { method: "PUT", headers: { "Content-Type": "application/vnd.kubernetes.protobuf" }, body: new Uint8Array([...KUBERNETES_PROTOBUF_MAGIC, ...unknown]) });
    expectBadRequest(res, "unable to decode the protobuf body: an embedded object exceeded max depth of 500");
    expect((await c.json(`${CM}/pb-deep`)).body).toEqual(created.body);
  });

  it("DeleteOptions too deep are a 400 and delete nothing", async () => {
    expect((await c.send("POST", CM, configMap("keep"))).status).toBe(201);
    const res = await c.send("DELETE", `${CM}/keep`, `{"kind":"DeleteOptions","apiVersion":"v1","x":${nested(100_000)}}`);
    expectBadRequest(res, "couldn't get version/kind; json parse error: invalid character '{' exceeded max depth");
    expect((await c.json(`${CM}/keep`)).status).toBe(200);
  });

  it("500 levels are accepted, stored, read back, listed and patched", async () => {
    // The object (1) and spec (2) hold x: 498 more levels make 500.
    const body = `{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"x":${nested(498)}}}`;
    expect((await c.send("POST", WIDGETS, body)).status).toBe(201);
    expect((await c.json(`${WIDGETS}/w`)).status).toBe(200);
    expect((await c.json(WIDGETS)).status).toBe(200);
    const merge = await c.json(`${WIDGETS}/w`, { method: "PATCH", headers: { "Content-Type": "application/merge-patch+json" }, body: `{"spec":{"y":${nested(498)}}}` });
    expect(merge.status).toBe(200);
    const apply = await c.json(`${WIDGETS}/w2?fieldManager=t`, { method: "PATCH", headers: { "Content-Type": "application/apply-patch+yaml" }, body: body.replace('"w"', '"w2"') });
    expect(apply.status).toBe(201);
    const tooDeep = await c.send("POST", WIDGETS, body.replace('"w"', '"w3"').replace('"x":', '"x":{"b":').replace(/}$/, "}}"));
    expect(tooDeep.status).toBe(400);
  });
});

describe("objects too large to store", () => {
  it("are refused before validation and managedFields do their work on them (413, as the store words it)", async () => {
    // 180,000 keys: 2.6 MB of JSON, over the store's 1.5 MiB. The name is also invalid, which would take a
    // validation of every key to find; the size alone decides.
    const data = Object.fromEntries(Array.from({ length: 180_000 }, (_, i) => [`k${i}`, "v"]));
    const res = await c.send("POST", CM, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "Too_Big" }, data });
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(413);
    expect(res.body).toMatchObject({ reason: "RequestEntityTooLarge", message: expect.stringMatching(/^configmaps "Too_Big" is too large to store: \d+ bytes, the limit is 1572864$/) });
    const created = await c.send("POST", CM, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "small" } });
    const put = await c.send("PUT", `${CM}/small`, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "small" }, data: { ...data, "bad key!": "x" } });
    expect(put.status).toBe(413);
    expect((await c.json(`${CM}/small`)).body).toEqual(created.body);
  });
});
