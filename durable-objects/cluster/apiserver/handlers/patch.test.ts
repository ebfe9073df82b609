// PATCH and server-side apply bodies built to amplify the object or to recurse without bound, through the
// edge Worker: answered at once with kube's texts, and the object left as it was.
import { beforeAll, describe, expect, it } from "vitest";
import { newCluster, type ClusterClient } from "../../../../worker/test-helpers";

const CM = "/api/v1/namespaces/default/configmaps";
const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
const patch = (path: string, type: string, body: string) => c.json(path, { method: "PATCH", headers: { "Content-Type": type }, body });

let c: ClusterClient;
beforeAll(async () => {
  c = await newCluster();
});

async function configMap(name: string) {
  const owner = { apiVersion: "v1", kind: "ConfigMap", name: "owner", uid: "u1" };
  const res = await c.send("POST", CM, { apiVersion: "v1", kind: "ConfigMap", metadata: { name, finalizers: ["example.com/keep"], ownerReferences: [owner] }, data: { a: "b" } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function expectUnchanged(before: any) {
  const now = (await c.json(`${CM}/${before.metadata.name}`)).body;
  expect(now.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
  expect(now).toEqual(before);
}

describe("JSON patch amplification (issue 11)", () => {
  it("25 copies of managedFields into itself answer 422 within milliseconds, as kube words it, and change nothing", async () => {
    const before = await configMap("copy");
    expect(before.metadata.managedFields).toHaveLength(1);
    const ops = Array.from({ length: 25 }, () => ({ op: "copy", from: "/metadata/managedFields", path: "/metadata/managedFields/-" }));
    const start = Date.now();
    const res = await patch(`${CM}/copy`, "application/json-patch+json", JSON.stringify(ops));
    expect(Date.now() - start).toBeLessThan(2000);
    // kube-apiserver answers every JSON patch that does not apply with NewGenericServerResponse(422): no details.
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "the server rejected our request due to an error in our request", reason: "Invalid", details: {}, code: 422 });
    await expectUnchanged(before);
  });
});

describe("nesting depth of patch bodies", () => {
  it("JSON, merge and strategic merge patches nested 100,000 deep are a 400 with kube's texts and change nothing", async () => {
    const before = await configMap("deep");
    const cases: [string, string, string][] = [
      ["application/json-patch+json", `[{"op":"add","path":"/data/x","value":${nested(100_000)}}]`, "error decoding patch: invalid character '{' exceeded max depth"],
      ["application/merge-patch+json", `{"data":${nested(100_000)}}`, "error decoding patch: invalid character '{' exceeded max depth"],
      ["application/strategic-merge-patch+json", `{"data":${nested(100_000)}}`, "invalid character '{' exceeded max depth"],
    ];
    for (const [type, body, message] of cases) {
      const res = await patch(`${CM}/deep`, type, body);
      expect(res.status, type).toBe(400);
      expect(res.body).toMatchObject({ reason: "BadRequest", code: 400, message });
    }
    await expectUnchanged(before);
  });

  it("a JSON patch may not make an object deeper than the limit, one add at a time", async () => {
    const before = await configMap("grow");
    // Each body is 402 deep; the second add goes 401 levels down the first: 601.
    const ops = `[{"op":"add","path":"/metadata/x","value":${nested(400)}},{"op":"add","path":"/metadata/x${"/a".repeat(399)}","value":${nested(200)}}]`;
    const res = await patch(`${CM}/grow`, "application/json-patch+json", ops);
    expect(res.status).toBe(422);
    await expectUnchanged(before);
  });

  it("server-side apply of a body nested 100,000 deep is a 400 and creates nothing", async () => {
    const body = `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"adeep"},"x":${nested(100_000)}}`;
    const res = await patch(`${CM}/adeep?fieldManager=test`, "application/apply-patch+yaml", body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ reason: "BadRequest", message: "error decoding YAML: error converting YAML to JSON: yaml: exceeded max depth of 500" });
    const yaml = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: adeep\nx:\n${"- ".repeat(100_000)}x\n`;
    const res2 = await patch(`${CM}/adeep?fieldManager=test`, "application/apply-patch+yaml", yaml);
    expect(res2.body).toMatchObject({ code: 400, message: "error decoding YAML: error converting YAML to JSON: yaml: line 6: exceeded max depth of 500" });
    expect((await c.json(`${CM}/adeep`)).status).toBe(404);
  });
});

describe("strategic merge patch directives of the wrong type: 400 with kube's text, never a 500", () => {
  it.each([
    [{ metadata: { "$setElementOrder/finalizers": "x" } }, "expected a []interface {}, but received a string"],
    [{ metadata: { "$setElementOrder/finalizers": ["example.com/keep"], finalizers: "x" } }, "expected a []interface {}, but received a string"],
    [{ metadata: { $patch: 1 } }, "unknown patch type: 1 in map: map[$patch:1]"],
    [{ metadata: { $retainKeys: "x" } }, "invalid patch format of retainKeys"],
    [{ metadata: { ownerReferences: [{ $patch: "merge", uid: "u" }] } }, "merging lists cannot yet be specified in the patch"],
    [{ metadata: { ownerReferences: [{ name: "no-uid" }] } }, "map: map[name:no-uid] does not contain declared merge key: uid"],
  ])("%j", async (body, message) => {
    const before = await configMap(`smp-${Math.random().toString(36).slice(2, 8)}`);
    const res = await patch(`${CM}/${before.metadata.name}`, "application/strategic-merge-patch+json", JSON.stringify(body));
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body).toMatchObject({ reason: "BadRequest", message });
    await expectUnchanged(before);
  });

  it("a $deleteFromPrimitiveList that is no list is ignored, as kube ignores it", async () => {
    const before = await configMap("dfpl");
    const res = await patch(`${CM}/dfpl`, "application/strategic-merge-patch+json", JSON.stringify({ metadata: { "$deleteFromPrimitiveList/finalizers": "x" } }));
    expect(res.status).toBe(200);
    expect(res.body.metadata.finalizers).toEqual(["example.com/keep"]);
  });
});

describe("a patched object of the wrong Go type (kube's NewInvalid on field patch)", () => {
  it("strategic merge patch: the unstructured converter's words, the patch as Go's %+v prints it", async () => {
    const before = await configMap("smp-type");
    const res = await patch(`${CM}/smp-type`, "application/strategic-merge-patch+json", '{"metadata":{"labels":"invalid"}}');
    expect(res.status).toBe(422);
    const message = 'Invalid value: "map[metadata:map[labels:invalid]]": cannot restore map from string';
    expect(res.body).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: ` "" is invalid: patch: ${message}`,
      reason: "Invalid",
      details: { causes: [{ reason: "FieldValueInvalid", message, field: "patch" }] },
      code: 422,
    });
    await expectUnchanged(before);
  });

  it("merge and JSON patch: encoding/json's words, the patched object as JSON", async () => {
    const before = await configMap("json-type");
    for (const [type, body] of [
      ["application/merge-patch+json", '{"data":"invalid"}'],
      ["application/json-patch+json", '[{"op":"replace","path":"/data","value":"invalid"}]'],
    ]) {
      const res = await patch(`${CM}/json-type`, type!, body!);
      expect(res.status, type).toBe(422);
      expect(res.body.message).toMatch(/^ "" is invalid: patch: Invalid value: "\{\\"apiVersion\\":\\"v1\\",\\"data\\":\\"invalid\\",.*": json: cannot unmarshal string into Go struct field ConfigMap\.data of type map\[string\]string$/);
      expect(res.body.details.causes).toHaveLength(1);
      expect(res.body.details.causes[0].field).toBe("patch");
    }
    await expectUnchanged(before);
  });
});
