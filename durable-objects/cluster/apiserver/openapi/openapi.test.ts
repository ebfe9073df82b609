// OpenAPI documents built from the registry and the generated definitions: the v3 index and
// group-version documents kubectl ≥1.29 reads, strict unknown-field detection, and the v2 document
// (JSON and gnostic protobuf) kubectl 1.27/1.28 read.
import { BinaryReader, WireType } from "@bufbuild/protobuf/wire";
import { describe, expect, it } from "vitest";
import { builtinTypes, Registry } from "../registry";
import { defineResource, SCALE, STATUS } from "../registry/define";
import { namespaces } from "../registry/core/namespaces";
import type { ResourceType } from "../registry/types";
import { builtinDefinitionName, closure, definition, definitionForKind, definitionNames, generatedKinds, type ResourceTypeWithSchema } from "./definitions";
import { unknownFieldPaths, unknownFieldPathsForType } from "./fields";
import { isOpenAPIPath, serveOpenAPI } from "./http";
import { openapiV2 } from "./v2";
import { encodeOpenAPIv2 } from "./v2-protobuf";
import { openapiV3Document, openapiV3Index } from "./v3";

const deployments = defineResource({ group: "apps", version: "v1", kind: "Deployment", namespaced: true, columns: [], shortNames: ["deploy"], subresources: [STATUS, SCALE] });
const replicasets = defineResource({ group: "apps", version: "v1", kind: "ReplicaSet", namespaced: true, columns: [], subresources: [STATUS, SCALE] });
const configmaps = defineResource({ group: "", version: "v1", kind: "ConfigMap", namespaced: true, columns: [] });
const pods = defineResource({ group: "", version: "v1", kind: "Pod", namespaced: true, columns: [], subresources: [STATUS, { name: "log", verbs: ["get"] }, { name: "exec", verbs: ["create", "get"] }] });
const clusterroles = defineResource({ group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRole", namespaced: false, columns: [] });
const jobs = defineResource({ group: "batch", version: "v1", kind: "Job", namespaced: true, columns: [], subresources: [STATUS] });

const builtins = (): ResourceType[] => [namespaces, configmaps, pods, deployments, replicasets, clusterroles, jobs];

const crontabSchema = {
  type: "object",
  properties: {
    spec: { type: "object", properties: { cronSpec: { type: "string" }, replicas: { type: "integer" }, extra: { type: "object", "x-kubernetes-preserve-unknown-fields": true } } },
  },
};
const crontabs: ResourceTypeWithSchema = {
  ...defineResource({ group: "stable.example.com", version: "v1", kind: "CronTab", namespaced: true, columns: [] }),
  openapiSchema: crontabSchema,
};

const deploymentPath = "/apis/apps/v1/namespaces/{namespace}/deployments/{name}";

describe("generated definitions", () => {
  it("hold the built-in kinds with descriptions, types and formats", () => {
    expect(definitionForKind("apps/v1", "Deployment")).toBe("io.k8s.api.apps.v1.Deployment");
    expect(definitionNames().length).toBeGreaterThan(400);
    const spec = definition("io.k8s.api.apps.v1.DeploymentSpec")!;
    expect(spec.required).toEqual(["selector", "template"]);
    expect(spec.properties!.replicas).toMatchObject({ type: "integer", format: "int32", description: expect.stringContaining("Number of desired pods") });
    expect(definition("io.k8s.api.core.v1.PodSecurityContext")!.properties!.supplementalGroups).toMatchObject({ type: "array", items: { type: "integer", format: "int64" } });
    expect(definition("io.k8s.api.core.v1.Secret")!.properties!.data).toMatchObject({ additionalProperties: { type: "string", format: "byte" } });
    expect(definition("io.k8s.api.apps.v1.Deployment")!["x-kubernetes-group-version-kind"]).toEqual([{ group: "apps", kind: "Deployment", version: "v1" }]);
    expect(definition("io.k8s.api.core.v1.ContainerPort")!.properties!.protocol!.enum).toEqual(["SCTP", "TCP", "UDP"]);
    expect(definition("io.k8s.apimachinery.pkg.util.intstr.IntOrString")).toMatchObject({ type: "string", format: "int-or-string", "x-kubernetes-int-or-string": true });
    expect(definition("io.k8s.apimachinery.pkg.apis.meta.v1.Time")).toMatchObject({ type: "string", format: "date-time" });
    // Every reference resolves.
    const all = closure(definitionNames());
    expect(all.length).toBe(definitionNames().length);
  });
});

describe("OpenAPI v3", () => {
  it("indexes every served group-version with a stable content hash", () => {
    const registry = new Registry(builtins());
    const index = openapiV3Index(registry);
    expect(Object.keys(index.paths)).toEqual(["api/v1", "apis/apps/v1", "apis/batch/v1", "apis/rbac.authorization.k8s.io/v1"]);
    const url = index.paths["apis/apps/v1"]!.serverRelativeURL;
    expect(url).toMatch(/^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]{16}$/);
    const doc = openapiV3Document(registry, "apis/apps/v1")!;
    expect(url).toBe(`/openapi/v3/apis/apps/v1?hash=${doc.hash}`);
    expect(JSON.parse(doc.body).openapi).toBe("3.0.0");
    // Same registry content → same hashes, even from another Registry instance.
    expect(openapiV3Index(new Registry(builtins()))).toEqual(index);
    // A type added at run time (a CRD) appears, and only its group-version's hash is new.
    const grown = openapiV3Index(new Registry([...builtins(), crontabs]));
    expect(grown.paths["apis/stable.example.com/v1"]).toBeDefined();
    expect(grown.paths["apis/apps/v1"]).toEqual(index.paths["apis/apps/v1"]);
    // A change to a group-version's types changes its hash.
    const fewer = openapiV3Index(new Registry([namespaces, configmaps, pods, deployments, clusterroles, jobs]));
    expect(fewer.paths["apis/apps/v1"]).not.toEqual(index.paths["apis/apps/v1"]);
  });

  it("has the PATCH operation kubectl looks for, with the GVK and fieldValidation", () => {
    const doc = JSON.parse(openapiV3Document(new Registry(builtins()), "apis/apps/v1")!.body);
    expect(doc.openapi).toBe("3.0.0");
    const patch = doc.paths[deploymentPath].patch;
    expect(patch["x-kubernetes-action"]).toBe("patch");
    expect(patch["x-kubernetes-group-version-kind"]).toEqual({ group: "apps", kind: "Deployment", version: "v1" });
    expect(patch.parameters.map((p: any) => p.name)).toEqual(["dryRun", "fieldManager", "fieldValidation", "force"]);
    expect(patch.parameters.every((p: any) => p.in === "query" && p.schema.type)).toBe(true);
    expect(Object.keys(patch.requestBody.content)).toContain("application/strategic-merge-patch+json");
    // The scale subresource speaks autoscaling/v1 Scale; status subresources carry fieldValidation too.
    expect(doc.paths[`${deploymentPath}/scale`].patch["x-kubernetes-group-version-kind"]).toEqual({ group: "autoscaling", kind: "Scale", version: "v1" });
    expect(doc.paths[`${deploymentPath}/status`].patch.parameters.map((p: any) => p.name)).toContain("fieldValidation");
    // explain finds the GVK through the list path.
    expect(doc.paths["/apis/apps/v1/namespaces/{namespace}/deployments"].get["x-kubernetes-group-version-kind"]).toEqual({ group: "apps", kind: "Deployment", version: "v1" });
    // Cluster-scoped kinds have no namespace segment.
    const rbac = JSON.parse(openapiV3Document(new Registry(builtins()), "/apis/rbac.authorization.k8s.io/v1")!.body);
    expect(rbac.paths["/apis/rbac.authorization.k8s.io/v1/clusterroles/{name}"].patch["x-kubernetes-group-version-kind"].kind).toBe("ClusterRole");
  });

  it("carries the schemas of the group-version's kinds, with descriptions and kube's ref style", () => {
    const doc = JSON.parse(openapiV3Document(new Registry(builtins()), "apis/apps/v1")!.body);
    const schemas = doc.components.schemas;
    expect(schemas["io.k8s.api.apps.v1.DeploymentSpec"].properties.replicas).toMatchObject({ type: "integer", format: "int32", description: expect.any(String) });
    expect(schemas["io.k8s.api.apps.v1.Deployment"]["x-kubernetes-group-version-kind"]).toEqual([{ group: "apps", kind: "Deployment", version: "v1" }]);
    expect(schemas["io.k8s.api.apps.v1.Deployment"].properties.spec).toEqual({
      allOf: [{ $ref: "#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec" }],
      description: expect.stringContaining("desired behavior"),
    });
    // Everything referenced is there (core/v1 PodSpec, meta ObjectMeta, autoscaling Scale, …).
    const refs = new Set<string>();
    JSON.stringify(doc, (k, v) => (k === "$ref" && typeof v === "string" ? (refs.add(v), v) : v));
    for (const ref of refs) expect(schemas[ref.replace("#/components/schemas/", "")], ref).toBeDefined();
    expect(schemas["io.k8s.api.core.v1.PodSpec"]).toBeDefined();
    expect(schemas["io.k8s.api.autoscaling.v1.Scale"]).toBeDefined();
    expect(schemas["io.k8s.api.core.v1.ConfigMap"]).toBeUndefined();
    // Patch metadata: what the server's strategic merge uses.
    expect(schemas["io.k8s.api.core.v1.PodSpec"].properties.containers).toMatchObject({ "x-kubernetes-patch-merge-key": "name", "x-kubernetes-patch-strategy": "merge" });
    expect(schemas["io.k8s.api.core.v1.Container"].properties.ports).toMatchObject({ "x-kubernetes-patch-merge-key": "containerPort" });
    // IntOrString and Quantity as kube-openapi v3 writes them.
    expect(schemas["io.k8s.apimachinery.pkg.util.intstr.IntOrString"]).toMatchObject({ format: "int-or-string", oneOf: [{ type: "integer" }, { type: "string" }] });
    expect(schemas["io.k8s.apimachinery.pkg.api.resource.Quantity"].oneOf).toEqual([{ type: "string" }, { type: "number" }]);
  });

  it("describes custom resources from their schema", () => {
    const doc = JSON.parse(openapiV3Document(new Registry([...builtins(), crontabs]), "apis/stable.example.com/v1")!.body);
    const s = doc.components.schemas["com.example.stable.v1.CronTab"];
    expect(s["x-kubernetes-group-version-kind"]).toEqual([{ group: "stable.example.com", kind: "CronTab", version: "v1" }]);
    expect(s.properties.spec.properties.cronSpec).toEqual({ type: "string" });
    expect(s.properties.metadata.allOf[0].$ref).toBe("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
    const patch = doc.paths["/apis/stable.example.com/v1/namespaces/{namespace}/crontabs/{name}"].patch;
    expect(patch["x-kubernetes-group-version-kind"].kind).toBe("CronTab");
    // kubectl sends a strategic merge patch exactly when the PATCH operation takes one: not for custom resources.
    expect(Object.keys(patch.requestBody.content)).toEqual(["application/apply-patch+yaml", "application/json-patch+json", "application/merge-patch+json"]);
    const v2 = openapiV2(new Registry([...builtins(), crontabs])).doc.paths;
    expect((v2["/apis/stable.example.com/v1/namespaces/{namespace}/crontabs/{name}"]!.patch as any).consumes).not.toContain("application/strategic-merge-patch+json");
    expect((v2[deploymentPath]!.patch as any).consumes).toContain("application/strategic-merge-patch+json");
  });

  it("describes subresources by what they speak", () => {
    const core = JSON.parse(openapiV3Document(new Registry(builtins()), "api/v1")!.body);
    const pod = "/api/v1/namespaces/{namespace}/pods/{name}";
    expect(core.paths[`${pod}/log`].get.responses["200"].content["*/*"].schema).toEqual({ type: "string" });
    expect(core.paths[`${pod}/exec`].post["x-kubernetes-action"]).toBe("connect");
    expect(core.paths[`${pod}/status`].put.requestBody.content["*/*"].schema.$ref).toBe("#/components/schemas/io.k8s.api.core.v1.Pod");
    expect(core.paths["/api/v1/namespaces/{name}/finalize"].put.requestBody.content["*/*"].schema.$ref).toBe("#/components/schemas/io.k8s.api.core.v1.Namespace");
    expect(core.paths["/api/v1/pods"].get["x-kubernetes-action"]).toBe("list");
  });

  it("covers every group-version of the built-in registry, with a definition for every built-in kind", () => {
    const registry = new Registry(builtinTypes);
    const generatedGroups = new Set(Object.keys(generatedKinds()).map((k) => k.split("/").slice(0, -2).join("/")));
    for (const rt of builtinTypes) {
      if (generatedGroups.has(rt.group)) expect(builtinDefinitionName(rt), `${rt.group}/${rt.version} ${rt.kind}`).toBeDefined();
    }
    for (const path of Object.keys(openapiV3Index(registry).paths)) {
      const doc = JSON.parse(openapiV3Document(registry, path)!.body);
      const refs = new Set<string>();
      JSON.stringify(doc, (k, v) => (k === "$ref" && typeof v === "string" ? (refs.add(v), v) : v));
      for (const ref of refs) expect(doc.components.schemas[ref.replace("#/components/schemas/", "")], `${path}: ${ref}`).toBeDefined();
    }
    expect(openapiV2(registry).json.length).toBeGreaterThan(1000);
  });

  it("returns null for a group-version nobody serves", () => {
    expect(openapiV3Document(new Registry(builtins()), "apis/nope/v1")).toBeNull();
    expect(openapiV3Document(new Registry(builtins()), "apis/apps")).toBeNull();
  });
});

describe("the HTTP endpoints", () => {
  const registry = new Registry(builtins());
  const get = (path: string, headers: Record<string, string> = {}) => {
    const url = new URL(`https://kube.test${path}`);
    return serveOpenAPI(new Request(url, { headers }), url.pathname, registry);
  };

  it("serve the index, and documents immutable at their hash", async () => {
    expect(isOpenAPIPath("/openapi/v3/apis/apps/v1")).toBe(true);
    expect(isOpenAPIPath("/openapi/v4")).toBe(false);
    const index = get("/openapi/v3");
    expect(index.headers.get("content-type")).toBe("application/json");
    const url = (await index.json<any>()).paths["apis/apps/v1"].serverRelativeURL as string;
    const hashed = get(url, { Accept: "application/json" });
    expect(hashed.status).toBe(200);
    expect(hashed.headers.get("cache-control")).toContain("immutable");
    expect((await hashed.json<any>()).paths[deploymentPath].patch).toBeDefined();
    const plain = get("/openapi/v3/apis/apps/v1");
    expect(plain.headers.get("cache-control")).toBe("no-cache, private");
    const stale = get("/openapi/v3/apis/apps/v1?hash=0000");
    expect(stale.status).toBe(200);
    expect(stale.headers.get("cache-control")).toBe("no-cache, private");
    const again = get(url, { "If-None-Match": hashed.headers.get("etag")! });
    expect(again.status).toBe(304);
  });

  it("answer an unknown group-version with a NotFound Status", () => {
    expect(() => get("/openapi/v3/apis/nope/v1")).toThrowError(expect.objectContaining({ status: expect.objectContaining({ code: 404, reason: "NotFound" }) }));
  });

  it("serve v2 as JSON by default and as protobuf when asked", async () => {
    const json = get("/openapi/v2");
    expect(json.headers.get("content-type")).toBe("application/json");
    expect((await json.json<any>()).swagger).toBe("2.0");
    const pb = get("/openapi/v2", { Accept: "application/com.github.proto-openapi.spec.v2@v1.0+protobuf" });
    expect(pb.headers.get("content-type")).toBe("application/com.github.proto-openapi.spec.v2.v1.0+protobuf");
    const bytes = new Uint8Array(await pb.arrayBuffer());
    expect(readDocument(bytes).swagger).toBe("2.0");
  });
});

describe("unknown fields (strict field validation)", () => {
  const deployment = () => ({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", labels: { "any-label": "x" }, annotations: { "anything/goes": "y" }, managedFields: [{ manager: "m", fieldsV1: { "f:spec": { "f:whatever": {} } } }] },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: "web" } },
      template: {
        metadata: { labels: { app: "web" } },
        spec: {
          containers: [
            { name: "web", image: "nginx", resources: { limits: { cpu: "1", "example.com/gpu": 1 } }, env: [{ name: "A", value: "b" }] },
            { name: "side", imagee: "busybox", ports: [{ containerPort: 80, hostPortt: 1 }] },
          ],
          nodeSelector: { "kubernetes.io/os": "linux" },
        },
      },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: 0 } },
    },
    status: { conditions: [{ type: "Available", status: "True", bogus: 1 }] },
    extra: true,
  });

  it("finds unknown fields at any depth, and not in maps or free-form values", () => {
    expect(unknownFieldPaths("io.k8s.api.apps.v1.Deployment", deployment())).toEqual([
      "spec.template.spec.containers[1].imagee",
      "spec.template.spec.containers[1].ports[0].hostPortt",
      "status.conditions[0].bogus",
      "extra",
    ]);
  });

  it("checks metadata, and finds nothing in a clean object", () => {
    const d: any = deployment();
    delete d.extra;
    delete d.status;
    d.spec.template.spec.containers.pop();
    expect(unknownFieldPaths("io.k8s.api.apps.v1.Deployment", d)).toEqual([]);
    d.metadata.labelz = {};
    expect(unknownFieldPaths("io.k8s.api.apps.v1.Deployment", d)).toEqual(["metadata.labelz"]);
  });

  it("uses a registry type's definition or custom schema", () => {
    expect(unknownFieldPathsForType(configmaps, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x" }, data: { a: "b" }, dataa: {} })).toEqual(["dataa"]);
    expect(unknownFieldPathsForType(crontabs, { apiVersion: "stable.example.com/v1", kind: "CronTab", metadata: { name: "x", foo: 1 }, spec: { cronSpec: "* * * * *", extra: { a: { b: 1 } }, nope: 1 } })).toEqual([
      "metadata.foo",
      "spec.nope",
    ]);
    const unknownKind = defineResource({ group: "x.io", version: "v1", kind: "Thing", namespaced: true, columns: [] });
    expect(unknownFieldPathsForType(unknownKind, { spec: {} })).toBeUndefined();
  });
});

// ---- a reader for the v2 protobuf (test-only), following gnostic's OpenAPIv2.proto -----------------------

type Fields = Map<number, (Uint8Array | number | bigint)[]>;
function fields(bytes: Uint8Array): Fields {
  const r = new BinaryReader(bytes);
  const out: Fields = new Map();
  while (r.pos < r.len) {
    const [no, type] = r.tag();
    const list = out.get(no) ?? [];
    if (type === WireType.LengthDelimited) list.push(r.bytes());
    else if (type === WireType.Varint) list.push(BigInt(r.uint64()));
    else if (type === WireType.Bit64) list.push(r.double());
    else throw new Error(`unexpected wire type ${type}`);
    out.set(no, list);
  }
  return out;
}
const text = (b: unknown) => new TextDecoder().decode(b as Uint8Array);
const one = (f: Fields, no: number) => f.get(no)?.[0] as Uint8Array | undefined;
const many = (f: Fields, no: number) => (f.get(no) ?? []) as Uint8Array[];

/** Decodes the parts of openapi.v2.Document the tests look at, into Swagger-like JSON. */
function readSchema(b: Uint8Array): any {
  const f = fields(b);
  const s: any = {};
  if (one(f, 1)) s.$ref = text(one(f, 1));
  if (one(f, 2)) s.format = text(one(f, 2));
  if (one(f, 4)) s.description = text(one(f, 4));
  if (f.get(19)) s.required = many(f, 19).map(text);
  if (f.get(20)) s.enum = many(f, 20).map((a) => JSON.parse(text(one(fields(a), 2))));
  if (one(f, 21)) s.additionalProperties = readSchema(one(fields(one(f, 21)!), 1)!);
  if (one(f, 22)) s.type = many(fields(one(f, 22)!), 1).map(text);
  if (one(f, 23)) s.items = readSchema(one(fields(one(f, 23)!), 1)!);
  if (one(f, 25)) s.properties = Object.fromEntries(many(fields(one(f, 25)!), 1).map((ns) => [text(one(fields(ns), 1)), readSchema(one(fields(ns), 2)!)]));
  for (const ext of many(f, 31)) s[text(one(fields(ext), 1))] = JSON.parse(text(one(fields(one(fields(ext), 2)!), 2)));
  return s;
}
function readOperation(b: Uint8Array): any {
  const f = fields(b);
  const op: any = { operationId: text(one(f, 5)), parameters: [] };
  for (const item of many(f, 8)) {
    const param = fields(one(fields(item), 1)!);
    if (one(param, 1)) op.parameters.push({ in: "body", schema: readSchema(one(fields(one(param, 1)!), 5)!) });
    else {
      const nb = fields(one(param, 2)!);
      const sub = fields((one(nb, 3) ?? one(nb, 4))!);
      op.parameters.push({ in: text(one(sub, 2)), name: text(one(sub, 4)), type: text(one(sub, one(nb, 3) ? 6 : 5)) });
    }
  }
  for (const ext of many(f, 13)) op[text(one(fields(ext), 1))] = JSON.parse(text(one(fields(one(fields(ext), 2)!), 2)));
  return op;
}
function readDocument(bytes: Uint8Array): any {
  const f = fields(bytes);
  const doc: any = { swagger: text(one(f, 1)), info: {}, paths: {}, definitions: {} };
  const info = fields(one(f, 2)!);
  doc.info = { title: text(one(info, 1)), version: text(one(info, 2)) };
  for (const np of many(fields(one(f, 8)!), 2)) {
    const n = fields(np);
    const item = fields(one(n, 2)!);
    const methods: Record<number, string> = { 2: "get", 3: "put", 4: "post", 5: "delete", 8: "patch" };
    const out: any = {};
    for (const [no, m] of Object.entries(methods)) if (one(item, Number(no))) out[m] = readOperation(one(item, Number(no))!);
    doc.paths[text(one(n, 1))] = out;
  }
  for (const ns of many(fields(one(f, 9)!), 1)) doc.definitions[text(one(fields(ns), 1))] = readSchema(one(fields(ns), 2)!);
  return doc;
}

describe("OpenAPI v2", () => {
  it("round-trips through the gnostic protobuf encoding", () => {
    const { doc } = openapiV2(new Registry(builtins()));
    const decoded = readDocument(encodeOpenAPIv2(doc));
    expect(decoded.info).toEqual({ title: "Kubernetes", version: "v1.33.0" });
    expect(Object.keys(decoded.definitions)).toEqual(Object.keys(doc.definitions));
    expect(Object.keys(decoded.paths)).toEqual(Object.keys(doc.paths));
    const patch = decoded.paths[deploymentPath].patch;
    expect(patch["x-kubernetes-group-version-kind"]).toEqual({ group: "apps", kind: "Deployment", version: "v1" });
    expect(patch.parameters.filter((p: any) => p.in === "query").map((p: any) => p.name)).toEqual(["dryRun", "fieldManager", "fieldValidation", "force"]);
    expect(patch.parameters[0]).toEqual({ in: "body", schema: { $ref: "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch" } });
    const d = decoded.definitions["io.k8s.api.apps.v1.Deployment"];
    expect(d["x-kubernetes-group-version-kind"]).toEqual([{ group: "apps", kind: "Deployment", version: "v1" }]);
    expect(d.properties.spec).toEqual({ $ref: "#/definitions/io.k8s.api.apps.v1.DeploymentSpec", description: expect.stringContaining("desired behavior") });
    const spec = decoded.definitions["io.k8s.api.apps.v1.DeploymentSpec"];
    expect(spec.properties.replicas).toMatchObject({ type: ["integer"], format: "int32" });
    expect(spec.required).toEqual(["selector", "template"]);
    expect(spec.properties.strategy["x-kubernetes-patch-strategy"]).toBe("retainKeys");
    const podSpec = decoded.definitions["io.k8s.api.core.v1.PodSpec"];
    expect(podSpec.properties.containers).toMatchObject({ type: ["array"], items: { $ref: "#/definitions/io.k8s.api.core.v1.Container" }, "x-kubernetes-patch-merge-key": "name" });
    expect(decoded.definitions["io.k8s.api.core.v1.ConfigMap"].properties.data.additionalProperties).toEqual({ type: ["string"] });
    expect(decoded.definitions["io.k8s.apimachinery.pkg.util.intstr.IntOrString"]).toMatchObject({ type: ["string"], format: "int-or-string" });
    expect(decoded.definitions["io.k8s.api.core.v1.ContainerPort"].properties.protocol.enum).toEqual(["SCTP", "TCP", "UDP"]);
  });

  it("has only what kube-openapi's v2 model parser accepts", () => {
    const { doc } = openapiV2(new Registry([...builtins(), crontabs]));
    const names = new Set(Object.keys(doc.definitions));
    const check = (s: any, where: string) => {
      if (s.$ref) {
        expect(names.has(s.$ref.replace("#/definitions/", "")), where).toBe(true);
        expect(s.type ?? s.properties, where).toBeUndefined();
        return;
      }
      expect(s.allOf ?? s.oneOf ?? s.anyOf, where).toBeUndefined();
      if (s.type === "array") expect(s.items, where).toBeDefined();
      if (s.type !== undefined) expect(["string", "integer", "number", "boolean", "object", "array"], where).toContain(s.type);
      for (const [k, p] of Object.entries(s.properties ?? {})) check(p, `${where}.${k}`);
      if (s.items) check(s.items, `${where}[]`);
      if (typeof s.additionalProperties === "object") check(s.additionalProperties, `${where}{}`);
    };
    for (const [name, s] of Object.entries(doc.definitions)) check(s, name);
  });
});
