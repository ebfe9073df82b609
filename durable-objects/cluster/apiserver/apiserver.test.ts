// kube-apiserver behaviour of a cluster, end to end through the edge Worker (SELF) with a seeded
// tenant, token and cluster: discovery, CRUD of namespaces, lists and paging, selectors, the
// namespace lifecycle, and watches relayed over the DO's hibernatable WebSockets.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { clusterClient, clusterStub, newCluster, openWatch, type ClusterClient, type WatchEvent } from "../../../worker/test-helpers";
import type { ClusterDO } from "../cluster-do";
import { createObject } from "./handlers/create";
import { namespaces } from "./registry/core/namespaces";

const NS = "/api/v1/namespaces";
const SYSTEM_NAMESPACES = ["default", "kube-node-lease", "kube-public", "kube-system"];
const TABLE_ACCEPT = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";
const AGGREGATED_V2 =
  "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";
const AGGREGATED_V2BETA1 = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

const nsBody = (name: string, extra: Record<string, unknown> = {}) => ({ apiVersion: "v1", kind: "Namespace", metadata: { name, ...extra } });

function expectStatus(res: { status: number; body: any }, code: number, reason: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(code);
  expect(res.body).toMatchObject({ kind: "Status", apiVersion: "v1", status: "Failure", code, reason });
}

async function create(c: ClusterClient, name: string, extra: Record<string, unknown> = {}) {
  const res = await c.send("POST", NS, nsBody(name, extra));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function names(c: ClusterClient, query = ""): Promise<string[]> {
  const res = await c.json(`${NS}${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items.map((i: any) => i.metadata.name);
}

const rv = (obj: any) => Number(obj.metadata.resourceVersion);

let c: ClusterClient;

beforeAll(async () => {
  c = await newCluster();
});

describe("discovery and version", () => {
  it("reports the Kubernetes version at /version", async () => {
    const res = await c.json("/version");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ major: "1", minor: "33", gitVersion: "v1.33.0", platform: "linux/amd64" });
  });

  it("serves legacy /api as APIVersions", async () => {
    const res = await c.json("/api", { headers: { Accept: "application/json" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.body).toMatchObject({ kind: "APIVersions", versions: ["v1"] });
    expect(res.body.serverAddressByClientCIDRs).toEqual([{ clientCIDR: "0.0.0.0/0", serverAddress: expect.any(String) }]);
  });

  it("serves aggregated /api (v2) when asked, echoing the media type", async () => {
    const res = await c.json("/api", { headers: { Accept: AGGREGATED_V2 } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
    expect(res.body).toMatchObject({ kind: "APIGroupDiscoveryList", apiVersion: "apidiscovery.k8s.io/v2" });
    expect(res.body.items).toHaveLength(1);
    const core = res.body.items[0];
    expect(core.metadata).toEqual({ creationTimestamp: null }); // ObjectMeta{Name: ""}, as Go writes it
    expect(core.versions.map((v: any) => v.version)).toEqual(["v1"]);
    const ns = core.versions[0].resources.find((r: any) => r.resource === "namespaces");
    expect(ns).toMatchObject({
      resource: "namespaces",
      responseKind: { group: "", version: "v1", kind: "Namespace" },
      scope: "Cluster",
      singularResource: "namespace",
      shortNames: ["ns"],
      verbs: ["create", "delete", "get", "list", "patch", "update", "watch"],
    });
    expect(ns.subresources).toEqual([
      { subresource: "finalize", responseKind: { group: "", version: "v1", kind: "Namespace" }, verbs: ["update"] },
      { subresource: "status", responseKind: { group: "", version: "v1", kind: "Namespace" }, verbs: ["get", "patch", "update"] },
    ]);
  });

  it("serves aggregated discovery v2beta1 when only v2beta1 is offered", async () => {
    const res = await c.json("/api", { headers: { Accept: AGGREGATED_V2BETA1 } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList");
    expect(res.body).toMatchObject({ kind: "APIGroupDiscoveryList", apiVersion: "apidiscovery.k8s.io/v2beta1" });
    expect(res.body.items[0].versions[0].resources.some((r: any) => r.resource === "namespaces")).toBe(true);
  });

  it("serves /apis: the named groups as an APIGroupList, and aggregated", async () => {
    const legacy = await c.json("/apis");
    expect(legacy.status).toBe(200);
    expect(legacy.body.kind).toBe("APIGroupList");
    const auth = legacy.body.groups.find((g: any) => g.name === "authorization.k8s.io");
    expect(auth).toEqual({
      name: "authorization.k8s.io",
      versions: [{ groupVersion: "authorization.k8s.io/v1", version: "v1" }],
      preferredVersion: { groupVersion: "authorization.k8s.io/v1", version: "v1" },
    });
    expect(legacy.body.groups.some((g: any) => g.name === "")).toBe(false);
    const aggregated = await c.json("/apis", { headers: { Accept: AGGREGATED_V2 } });
    expect(aggregated.status).toBe(200);
    expect(aggregated.headers.get("content-type")).toContain("v=v2;as=APIGroupDiscoveryList");
    expect(aggregated.body).toMatchObject({ kind: "APIGroupDiscoveryList", apiVersion: "apidiscovery.k8s.io/v2" });
    expect(aggregated.body.items.map((i: any) => i.metadata.name)).toContain("apiextensions.k8s.io");
  });

  it("serves /api/v1 as an APIResourceList including namespaces/finalize", async () => {
    const res = await c.json("/api/v1");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: "APIResourceList", groupVersion: "v1" });
    const byName = new Map(res.body.resources.map((r: any) => [r.name, r]));
    expect(byName.get("namespaces")).toMatchObject({ name: "namespaces", singularName: "namespace", namespaced: false, kind: "Namespace", shortNames: ["ns"] });
    expect(byName.get("namespaces/finalize")).toMatchObject({ name: "namespaces/finalize", namespaced: false, kind: "Namespace", verbs: ["update"] });
  });

  it("answers an unknown group/version or resource with a 404 Status", async () => {
    const unknown = await c.json("/apis/frobnicate.example.com/v1");
    expectStatus(unknown, 404, "NotFound");
    expect(unknown.body.message).toBe("the server could not find the requested resource");
    expectStatus(await c.json("/apis/frobnicate.example.com"), 404, "NotFound");
    expectStatus(await c.json("/apis/authorization.k8s.io/v9"), 404, "NotFound");
    expectStatus(await c.json("/api/v2"), 404, "NotFound");
    expectStatus(await c.json("/api/v1/frobs"), 404, "NotFound");
    expectStatus(await c.json("/nonsense"), 404, "NotFound");
  });
});

describe("namespaces: create and read", () => {
  it("starts with the system namespaces, all Active", async () => {
    const res = await c.json(NS);
    expect(res.status).toBe(200);
    const items = res.body.items.filter((i: any) => SYSTEM_NAMESPACES.includes(i.metadata.name));
    expect(items.map((i: any) => i.metadata.name).sort()).toEqual(SYSTEM_NAMESPACES);
    for (const i of items) expect(i.status).toEqual({ phase: "Active" });
    for (const name of SYSTEM_NAMESPACES) expect((await c.json(`${NS}/${name}`)).status).toBe(200);
  });

  it("creates a namespace with server-set metadata and defaults", async () => {
    const res = await c.send("POST", NS, nsBody("created-one", { labels: { team: "a" } }));
    expect(res.status).toBe(201);
    const ns = res.body;
    expect(ns).toMatchObject({ apiVersion: "v1", kind: "Namespace", spec: { finalizers: ["kubernetes"] }, status: { phase: "Active" } });
    expect(ns.metadata.name).toBe("created-one");
    expect(ns.metadata.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(ns.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Math.abs(Date.parse(ns.metadata.creationTimestamp) - Date.now())).toBeLessThan(60_000);
    expect(ns.metadata.resourceVersion).toMatch(/^[1-9]\d*$/);
    expect(ns.metadata.labels).toEqual({ team: "a", "kubernetes.io/metadata.name": "created-one" });
    // GET returns the same stored object.
    const got = await c.json(`${NS}/created-one`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(ns);
  });

  it("ignores client-sent system metadata on create", async () => {
    const ns = await create(c, "sysmeta", { uid: "client-uid", creationTimestamp: "2001-01-01T00:00:00Z", deletionTimestamp: "2001-01-01T00:00:00Z" });
    expect(ns.metadata.uid).not.toBe("client-uid");
    expect(ns.metadata.creationTimestamp).not.toBe("2001-01-01T00:00:00Z");
    expect(ns.metadata.deletionTimestamp).toBeUndefined();
    expect(ns.status.phase).toBe("Active");
  });

  it("generates a name from generateName", async () => {
    const res = await c.send("POST", NS, { apiVersion: "v1", kind: "Namespace", metadata: { generateName: "gen-" } });
    expect(res.status).toBe(201);
    const name = res.body.metadata.name as string;
    expect(name).toMatch(/^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(res.body.metadata.generateName).toBe("gen-");
    expect((await c.json(`${NS}/${name}`)).status).toBe(200);
  });

  it("rejects a duplicate with 409 AlreadyExists", async () => {
    await create(c, "dup");
    const res = await c.send("POST", NS, nsBody("dup"));
    expectStatus(res, 409, "AlreadyExists");
    expect(res.body.message).toBe('namespaces "dup" already exists');
    expect(res.body.details).toEqual({ name: "dup", kind: "namespaces" });
  });

  it("rejects an invalid name with 422 Invalid and stores nothing", async () => {
    const before = await c.json(NS);
    const res = await c.send("POST", NS, nsBody("Bad_Name"));
    expectStatus(res, 422, "Invalid");
    expect(res.body.details.kind).toBe("Namespace");
    expect(res.body.details.name).toBe("Bad_Name");
    expect(res.body.details.causes[0].field).toBe("metadata.name");
    expect(res.body.details.causes[0].reason).toBe("FieldValueInvalid");
    expect(res.body.message).toMatch(/^Namespace "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": /);
    expectStatus(await c.json(`${NS}/Bad_Name`), 404, "NotFound");
    const after = await c.json(NS);
    expect(after.body.metadata.resourceVersion).toBe(before.body.metadata.resourceVersion);
  });

  it("requires a name or generateName", async () => {
    const res = await c.send("POST", NS, { apiVersion: "v1", kind: "Namespace", metadata: {} });
    expectStatus(res, 422, "Invalid");
    expect(res.body.details.causes[0]).toMatchObject({ field: "metadata.name", reason: "FieldValueRequired" });
  });

  it("rejects a malformed JSON body with 400 and creates nothing", async () => {
    const before = (await c.json(NS)).body.metadata.resourceVersion;
    const res = await c.send("POST", NS, '{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"malformed"}');
    expectStatus(res, 400, "BadRequest");
    expect(res.body.message).toBe('the object provided is unrecognized (must be of type Namespace): couldn\'t get version/kind; json parse error: unexpected end of JSON input ({"apiVersion":"v1","kind":"Nam ...)');
    expectStatus(await c.json(`${NS}/malformed`), 404, "NotFound");
    expect((await c.json(NS)).body.metadata.resourceVersion).toBe(before);
  });

  it("rejects a body of the wrong kind or apiVersion with 400", async () => {
    const kind = await c.send("POST", NS, { apiVersion: "v1", kind: "Pod", metadata: { name: "wrong-kind" } });
    expectStatus(kind, 400, "BadRequest");
    expect(kind.body.message).toBe('Pod in version "v1" cannot be handled as a Namespace: converting (v1.Pod) to (core.Namespace): unknown conversion');
    const version = await c.send("POST", NS, { apiVersion: "apps/v1", kind: "Namespace", metadata: { name: "wrong-kind" } });
    expectStatus(version, 400, "BadRequest");
    expect(version.body.message).toBe('Namespace in version "v1" cannot be handled as a Namespace: no kind "Namespace" is registered for version "apps/v1" in scheme "k8s.io/kubernetes/pkg/api/legacyscheme/scheme.go:30"');
    const deployment = await c.send("POST", NS, { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "wrong-kind" } });
    expect(deployment.body.message).toBe('Deployment in version "v1" cannot be handled as a Namespace: converting (v1.Deployment) to (core.Namespace): unknown conversion');
    const hpa = await c.send("POST", "/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers", { apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", metadata: { name: "wrong-version" } });
    expect(hpa.body.message).toBe("the API version in the data (autoscaling/v2) does not match the expected API version (autoscaling/v1)");
    expectStatus(await c.json(`${NS}/wrong-kind`), 404, "NotFound");
  });

  it("rejects an empty body and a non-object body with 400", async () => {
    expectStatus(await c.send("POST", NS, ""), 400, "BadRequest");
    expectStatus(await c.send("POST", NS, "[1,2]"), 400, "BadRequest");
  });

  it("dryRun=All answers 201 and persists nothing", async () => {
    const before = (await c.json(NS)).body.metadata.resourceVersion;
    const res = await c.send("POST", `${NS}?dryRun=All`, nsBody("dry"));
    expect(res.status).toBe(201);
    expect(res.body.metadata.name).toBe("dry");
    expect(res.body.status.phase).toBe("Active");
    expectStatus(await c.json(`${NS}/dry`), 404, "NotFound");
    expect((await c.json(NS)).body.metadata.resourceVersion).toBe(before);
    expectStatus(await c.send("POST", `${NS}?dryRun=Some`, nsBody("dry")), 400, "BadRequest");
  });

  it("fieldValidation=Strict rejects unknown fields; Warn creates with a Warning header", async () => {
    const strict = await c.send("POST", `${NS}?fieldValidation=Strict`, { ...nsBody("strict"), bogus: 1 });
    expectStatus(strict, 400, "BadRequest");
    expect(strict.body.message).toContain('unknown field "bogus"');
    expectStatus(await c.json(`${NS}/strict`), 404, "NotFound");

    const warn = await c.send("POST", `${NS}?fieldValidation=Warn`, { ...nsBody("warned"), bogus: 1 });
    expect(warn.status).toBe(201);
    expect(warn.headers.get("warning")).toBe('299 - "unknown field \\"bogus\\""');
  });

  it("rejects a body over 3 MiB with 413", async () => {
    const big = JSON.stringify({ ...nsBody("too-big", { annotations: { big: "x".repeat(3 * 1024 * 1024 + 10) } }) });
    const res = await c.send("POST", NS, big);
    expectStatus(res, 413, "RequestEntityTooLarge");
    expectStatus(await c.json(`${NS}/too-big`), 404, "NotFound");
  });

  it("rejects an unsupported Content-Type with 415", async () => {
    const res = await c.send("POST", NS, JSON.stringify(nsBody("text-plain")), { "Content-Type": "text/plain" });
    expectStatus(res, 415, "UnsupportedMediaType");
    expect(res.body.message).toContain('(got "text/plain")');
    expectStatus(await c.json(`${NS}/text-plain`), 404, "NotFound");
  });

  it("answers 404 NotFound for a missing namespace, in kube's words", async () => {
    const res = await c.json(`${NS}/does-not-exist`);
    expectStatus(res, 404, "NotFound");
    expect(res.body.message).toBe('namespaces "does-not-exist" not found');
    expect(res.body.details).toEqual({ name: "does-not-exist", kind: "namespaces" });
  });

  it("serves a GET as a Table when asked", async () => {
    const res = await c.json(`${NS}/default`, { headers: { Accept: TABLE_ACCEPT } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: "Table", apiVersion: "meta.k8s.io/v1" });
    expect(res.body.columnDefinitions.map((d: any) => d.name)).toEqual(["Name", "Status", "Age"]);
    expect(res.body.rows).toHaveLength(1);
    const row = res.body.rows[0];
    expect(row.cells[0]).toBe("default");
    expect(row.cells[1]).toBe("Active");
    expect(typeof row.cells[2]).toBe("string");
    expect(row.object).toMatchObject({ kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: { name: "default" } });
    expect(row.object.spec).toBeUndefined();
    expect(res.body.metadata.resourceVersion).toBe(row.object.metadata.resourceVersion);
  });

  it("serves a list as a Table with one row per namespace", async () => {
    const res = await c.json(NS, { headers: { Accept: TABLE_ACCEPT } });
    expect(res.status).toBe(200);
    expect(res.body.kind).toBe("Table");
    const rowNames = res.body.rows.map((r: any) => r.cells[0]);
    expect(rowNames).toEqual(await names(c));
  });

  it("lists as a NamespaceList with a resourceVersion and untyped items", async () => {
    const res = await c.json(NS);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: "NamespaceList", apiVersion: "v1" });
    expect(res.body.metadata.resourceVersion).toMatch(/^\d+$/);
    expect(res.body.metadata.continue).toBeUndefined();
    const list: string[] = res.body.items.map((i: any) => i.metadata.name);
    expect(list).toEqual([...list].sort());
    for (const item of res.body.items) {
      expect(item.kind).toBeUndefined();
      expect(item.apiVersion).toBeUndefined();
      expect(rv(item)).toBeLessThanOrEqual(Number(res.body.metadata.resourceVersion));
    }
  });
});

describe("list paging", () => {
  it("follows continue tokens over a fixed snapshot while namespaces come and go", async () => {
    const p = await newCluster();
    for (const n of ["page-a", "page-b", "page-c", "page-d", "page-e"]) await create(p, n);
    const expected = await names(p);
    expect(expected.length).toBe(9);

    const first = await p.json(`${NS}?limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.metadata.continue).toEqual(expect.any(String));
    const snapshot = first.body.metadata.resourceVersion;

    // Changes between pages: invisible to this list.
    await create(p, "page-bb");
    expect((await p.send("DELETE", `${NS}/page-d`)).status).toBe(200);
    expectStatus(await waitForGone(p, "page-d"), 404, "NotFound");

    const seen: string[] = first.body.items.map((i: any) => i.metadata.name);
    let token: string | undefined = first.body.metadata.continue;
    let pages = 1;
    while (token) {
      const page = await p.json(`${NS}?limit=2&continue=${encodeURIComponent(token)}`);
      expect(page.status, JSON.stringify(page.body)).toBe(200);
      expect(page.body.metadata.resourceVersion).toBe(snapshot);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((i: any) => i.metadata.name));
      token = page.body.metadata.continue;
      pages++;
    }
    expect(pages).toBe(5);
    expect(seen).toEqual(expected);
    expect(new Set(seen).size).toBe(seen.length);
    // A fresh list sees the changes.
    const now = await names(p);
    expect(now).toContain("page-bb");
    expect(now).not.toContain("page-d");
  });

  it("pages through a label-filtered list", async () => {
    const p = await newCluster();
    for (let i = 0; i < 6; i++) await create(p, `lbl-${i}`, { labels: { parity: i % 2 ? "odd" : "even" } });
    const seen: string[] = [];
    let token = "";
    do {
      const page = await p.json(`${NS}?limit=2&labelSelector=parity%3Deven${token ? `&continue=${encodeURIComponent(token)}` : ""}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((i: any) => i.metadata.name));
      token = page.body.metadata.continue ?? "";
    } while (token);
    expect(seen).toEqual(["lbl-0", "lbl-2", "lbl-4"]);
  });

  it("rejects a garbage continue token with 400", async () => {
    expectStatus(await c.json(`${NS}?limit=2&continue=not-a-token`), 400, "BadRequest");
    const token = (t: object) => encodeURIComponent(btoa(JSON.stringify(t)));
    expectStatus(await c.json(`${NS}?limit=2&continue=${token({ v: "meta.k8s.io/v1", rv: 0, start: "a" })}`), 400, "BadRequest");
    expectStatus(await c.json(`${NS}?limit=2&continue=${token({ v: "meta.k8s.io/v2", rv: 1, start: "a" })}`), 400, "BadRequest");
    expectStatus(await c.json(`${NS}?limit=2&continue=${token({ rv: 1 })}`), 400, "BadRequest");
    // resourceVersion and continue do not go together.
    const good = (await c.json(`${NS}?limit=1`)).body.metadata.continue as string;
    expectStatus(await c.json(`${NS}?limit=1&resourceVersion=5&continue=${encodeURIComponent(good)}`), 400, "BadRequest");
  });

  it("answers 410 Expired for a continue token older than the compaction point", async () => {
    const p = await newCluster();
    const first = await p.json(`${NS}?limit=1`);
    const token = first.body.metadata.continue as string;
    expect(token).toBeTruthy();
    await create(p, "after-first-page");
    await runInDurableObject(clusterStub(p.clusterId), (o: ClusterDO) => {
      o.store.compact(o.store.revision());
    });
    const res = await p.json(`${NS}?limit=1&continue=${encodeURIComponent(token)}`);
    expectStatus(res, 410, "Expired");
    expect(res.body.message).toMatch(/^The provided continue parameter is too old/);
    // A list at an exact compacted resourceVersion is Expired too; the current state is still served.
    expectStatus(await p.json(`${NS}?resourceVersion=${first.body.metadata.resourceVersion}&resourceVersionMatch=Exact`), 410, "Expired");
    expect(await names(p)).toContain("after-first-page");
  });
});

describe("selectors", () => {
  it("filters by label: =, !=, in", async () => {
    expect(await names(c, "?labelSelector=kubernetes.io/metadata.name%3Ddefault")).toEqual(["default"]);
    const all = await names(c);
    const notDefault = await names(c, "?labelSelector=kubernetes.io/metadata.name!%3Ddefault");
    expect(notDefault).toEqual(all.filter((n) => n !== "default"));
    expect(await names(c, `?labelSelector=${encodeURIComponent("kubernetes.io/metadata.name in (default,kube-system)")}`)).toEqual(["default", "kube-system"]);
    expect(await names(c, `?labelSelector=${encodeURIComponent("kubernetes.io/metadata.name notin (default)")}`)).toEqual(notDefault);
    expect(await names(c, "?labelSelector=team%3Da")).toEqual(["created-one"]);
    expect(await names(c, "?labelSelector=team")).toEqual(["created-one"]);
  });

  it("filters by field: metadata.name and status.phase", async () => {
    expect(await names(c, "?fieldSelector=metadata.name%3Ddefault")).toEqual(["default"]);
    const all = await names(c);
    expect(await names(c, "?fieldSelector=status.phase%3DActive")).toEqual(all);
    expect(await names(c, "?fieldSelector=status.phase%3DTerminating")).toEqual([]);
    expect(await names(c, "?fieldSelector=metadata.name!%3Ddefault,status.phase%3DActive")).toEqual(all.filter((n) => n !== "default"));
  });

  it("rejects an unsupported field or a malformed selector with 400", async () => {
    const res = await c.json(`${NS}?fieldSelector=spec.foo%3Dbar`);
    expectStatus(res, 400, "BadRequest");
    expect(res.body.message).toBe("field label not supported: spec.foo");
    expectStatus(await c.json(`${NS}?fieldSelector=nonsense`), 400, "BadRequest");
    expectStatus(await c.json(`${NS}?labelSelector=${encodeURIComponent("a in (b")}`), 400, "BadRequest");
  });
});

describe("update", () => {
  it("rejects a stale resourceVersion with 409 Conflict and changes nothing", async () => {
    const ns = await create(c, "upd-stale");
    const fresh = await c.send("PUT", `${NS}/upd-stale`, { ...ns, metadata: { ...ns.metadata, labels: { ...ns.metadata.labels, v: "1" } } });
    expect(fresh.status).toBe(200);
    expect(rv(fresh.body)).toBeGreaterThan(rv(ns));
    const stale = await c.send("PUT", `${NS}/upd-stale`, { ...ns, metadata: { ...ns.metadata, labels: { ...ns.metadata.labels, v: "2" } } });
    expectStatus(stale, 409, "Conflict");
    expect(stale.body.message).toBe(
      'Operation cannot be fulfilled on namespaces "upd-stale": the object has been modified; please apply your changes to the latest version and try again',
    );
    expect((await c.json(`${NS}/upd-stale`)).body.metadata.labels.v).toBe("1");
  });

  it("updates unconditionally without a resourceVersion, keeping system metadata", async () => {
    const ns = await create(c, "upd-free");
    const { resourceVersion: _drop, ...meta } = ns.metadata;
    const res = await c.send("PUT", `${NS}/upd-free`, {
      ...ns,
      metadata: { ...meta, uid: undefined, creationTimestamp: "2001-01-01T00:00:00Z", annotations: { note: "hi" } },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.metadata.annotations).toEqual({ note: "hi" });
    expect(res.body.metadata.uid).toBe(ns.metadata.uid);
    expect(res.body.metadata.creationTimestamp).toBe(ns.metadata.creationTimestamp);
    expect(rv(res.body)).toBeGreaterThan(rv(ns));
    // The label kube-apiserver sets stays, whatever the client sent.
    expect(res.body.metadata.labels["kubernetes.io/metadata.name"]).toBe("upd-free");
  });

  it("does not let a PUT change status (owned by the server)", async () => {
    const ns = await create(c, "upd-status");
    const res = await c.send("PUT", `${NS}/upd-status`, { ...ns, status: { phase: "Terminating" } });
    expect(res.status).toBe(200);
    expect(res.body.status).toEqual({ phase: "Active" });
    expect((await c.json(`${NS}/upd-status`)).body.status).toEqual({ phase: "Active" });
    // Nothing else changed, so nothing was written.
    expect(res.body.metadata.resourceVersion).toBe(ns.metadata.resourceVersion);
  });

  it("keeps spec.finalizers on PUT; only the finalize subresource changes them", async () => {
    const ns = await create(c, "upd-fin");
    const put = await c.send("PUT", `${NS}/upd-fin`, { ...ns, spec: { finalizers: [] } });
    expect(put.status).toBe(200);
    expect(put.body.spec.finalizers).toEqual(["kubernetes"]);
    const fin = await c.send("PUT", `${NS}/upd-fin/finalize`, { ...ns, spec: { finalizers: [] } });
    expect(fin.status, JSON.stringify(fin.body)).toBe(200);
    expect(fin.body.spec).toEqual({}); // an empty finalizers list is omitted (omitempty)
    expect(fin.body.status.phase).toBe("Active");
    expect((await c.json(`${NS}/upd-fin`)).body.spec).toEqual({});
    // With nothing holding it, a namespace is removed at once.
    const del = await c.send("DELETE", `${NS}/upd-fin`);
    expect(del.status).toBe(200);
    expectStatus(await c.json(`${NS}/upd-fin`), 404, "NotFound");
  });

  it("rejects a name mismatch between URL and body with 400", async () => {
    const ns = await create(c, "upd-name");
    const res = await c.send("PUT", `${NS}/upd-name`, { ...ns, metadata: { ...ns.metadata, name: "other-name" } });
    expectStatus(res, 400, "BadRequest");
    expect(res.body.message).toBe("the name of the object (other-name) does not match the name on the URL (upd-name)");
  });

  it("answers PUT of a missing namespace with 404", async () => {
    expectStatus(await c.send("PUT", `${NS}/upd-missing`, nsBody("upd-missing")), 404, "NotFound");
  });

  it("applies merge, strategic and JSON patches, recording the patcher in managedFields", async () => {
    await create(c, "patch-me");
    const merge = await c.send("PATCH", `${NS}/patch-me?fieldManager=kubectl-label`, { metadata: { labels: { a: "b" } } }, { "Content-Type": "application/merge-patch+json" });
    expect(merge.status).toBe(200);
    expect(merge.body.metadata.labels).toEqual({ a: "b", "kubernetes.io/metadata.name": "patch-me" });
    const entry = merge.body.metadata.managedFields.find((e: any) => e.manager === "kubectl-label");
    expect(entry).toMatchObject({ operation: "Update", apiVersion: "v1", fieldsType: "FieldsV1", fieldsV1: { "f:metadata": { "f:labels": { "f:a": {} } } } });
    const smp = await c.send("PATCH", `${NS}/patch-me`, { metadata: { labels: { a: null, c: "d" } } }, { "Content-Type": "application/strategic-merge-patch+json" });
    expect(smp.body.metadata.labels).toEqual({ c: "d", "kubernetes.io/metadata.name": "patch-me" });
    const json = await c.send("PATCH", `${NS}/patch-me`, [{ op: "add", path: "/metadata/annotations", value: { note: "hi" } }], { "Content-Type": "application/json-patch+json" });
    expect(json.body.metadata.annotations).toEqual({ note: "hi" });
    expect(Number(json.body.metadata.resourceVersion)).toBeGreaterThan(Number(merge.body.metadata.resourceVersion));
  });

  it("refuses a patch that does not apply, an unknown patch type, and a stale resourceVersion in the patch", async () => {
    const ns = await create(c, "patch-bad");
    const failing = await c.send("PATCH", `${NS}/patch-bad`, [{ op: "remove", path: "/spec/nothing" }], { "Content-Type": "application/json-patch+json" });
    expect(failing.status).toBe(422);
    const unknown = await c.send("PATCH", `${NS}/patch-bad`, { a: 1 }, { "Content-Type": "text/plain" });
    expectStatus(unknown, 415, "UnsupportedMediaType");
    const stale = await c.send("PATCH", `${NS}/patch-bad`, { metadata: { resourceVersion: "1", labels: { x: "y" } } }, { "Content-Type": "application/merge-patch+json" });
    expectStatus(stale, 409, "Conflict");
    const after = (await c.json(`${NS}/patch-bad`)).body;
    expect(after.metadata.resourceVersion).toBe(ns.metadata.resourceVersion);
    expect(after.metadata.labels.x).toBeUndefined();
  });

  it("changes only status through the status subresource, and never status through the main resource", async () => {
    await create(c, "patch-status");
    const main = await c.send("PATCH", `${NS}/patch-status`, { status: { phase: "Weird" }, metadata: { labels: { m: "1" } } }, { "Content-Type": "application/merge-patch+json" });
    expect(main.body.status.phase).toBe("Active");
    expect(main.body.metadata.labels.m).toBe("1");
    const status = await c.send(
      "PATCH",
      `${NS}/patch-status/status`,
      { status: { phase: "Terminating" }, metadata: { labels: { s: "1" } }, spec: { finalizers: [] } },
      { "Content-Type": "application/merge-patch+json" },
    );
    expect(status.status).toBe(200);
    expect(status.body.status.phase).toBe("Terminating");
    // As kube's status strategy: the spec stays, metadata goes through.
    expect(status.body.spec.finalizers).toEqual(["kubernetes"]);
    expect(status.body.metadata.labels.s).toBe("1");
    expect(status.body.metadata.managedFields.some((e: any) => e.subresource === "status")).toBe(true);
  });

  it("server-side apply creates, reports conflicts with another manager, and takes fields over with force", async () => {
    const apply = (manager: string, labels: Record<string, string>, force = false) =>
      c.send(
        "PATCH",
        `${NS}/ssa-ns?fieldManager=${manager}${force ? "&force=true" : ""}`,
        { apiVersion: "v1", kind: "Namespace", metadata: { name: "ssa-ns", labels } },
        { "Content-Type": "application/apply-patch+yaml" },
      );
    const created = await apply("alpha", { team: "a", keep: "yes" });
    expect(created.status).toBe(201);
    expect(created.body.metadata.managedFields).toEqual([
      expect.objectContaining({ manager: "alpha", operation: "Apply", fieldsV1: { "f:metadata": { "f:labels": { "f:keep": {}, "f:team": {} } } } }),
    ]);
    const conflict = await apply("beta", { team: "b" });
    expectStatus(conflict, 409, "Conflict");
    expect(conflict.body.message).toBe('Apply failed with 1 conflict: conflict with "alpha": .metadata.labels.team');
    expect(conflict.body.details.causes).toEqual([{ reason: "FieldManagerConflict", message: 'conflict with "alpha"', field: ".metadata.labels.team" }]);
    const forced = await apply("beta", { team: "b" }, true);
    expect(forced.status).toBe(200);
    expect(forced.body.metadata.labels.team).toBe("b");
    // alpha stops applying "keep": nobody else owns it, so it goes; "team" is beta's now and stays.
    const shrunk = await apply("alpha", {});
    expect(shrunk.body.metadata.labels).toEqual({ team: "b", "kubernetes.io/metadata.name": "ssa-ns" });
    const missingManager = await c.send("PATCH", `${NS}/ssa-ns`, { metadata: {} }, { "Content-Type": "application/apply-patch+yaml" });
    expectStatus(missingManager, 400, "BadRequest");
  });
});

describe("delete and the namespace lifecycle", () => {
  it("marks a namespace Terminating, and the namespace controller removes it", async () => {
    const ns = await create(c, "del-me");
    const res = await c.send("DELETE", `${NS}/del-me`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: "Namespace", metadata: { name: "del-me", uid: ns.metadata.uid }, status: { phase: "Terminating" } });
    expect(res.body.metadata.deletionTimestamp).toMatch(/Z$/);
    expect(rv(res.body)).toBeGreaterThan(rv(ns));

    // The controller's timer is due now; run the alarm (it may also have fired on its own).
    await runDurableObjectAlarm(clusterStub(c.clusterId));
    expectStatus(await waitForGone(c, "del-me"), 404, "NotFound");
  });

  it("answers 409 to a second DELETE while terminating, then removes it once its last finalizer goes", async () => {
    await create(c, "del-held", { finalizers: ["example.com/hold"] });
    const first = await c.send("DELETE", `${NS}/del-held`);
    expect(first.status).toBe(200);
    expect(first.body.status.phase).toBe("Terminating");
    await runDurableObjectAlarm(clusterStub(c.clusterId));

    // The controller released "kubernetes"; the client's finalizer still holds it.
    const held = await c.json(`${NS}/del-held`);
    expect(held.status).toBe(200);
    expect(held.body.spec).toEqual({});
    expect(held.body.metadata.finalizers).toEqual(["example.com/hold"]);
    expect(held.body.status.phase).toBe("Terminating");

    const again = await c.send("DELETE", `${NS}/del-held`);
    expectStatus(again, 409, "Conflict");
    expect(again.body.message).toBe(
      'Operation cannot be fulfilled on namespaces "del-held": The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.',
    );

    const released = await c.send("PUT", `${NS}/del-held`, { ...held.body, metadata: { ...held.body.metadata, finalizers: [] } });
    expect(released.status).toBe(200);
    expectStatus(await c.json(`${NS}/del-held`), 404, "NotFound");
  });

  it("checks a uid precondition (409 on mismatch) and deletes a missing namespace with 404", async () => {
    const ns = await create(c, "del-pre");
    const wrong = await c.send("DELETE", `${NS}/del-pre`, { kind: "DeleteOptions", apiVersion: "v1", preconditions: { uid: "not-the-uid" } });
    expectStatus(wrong, 409, "Conflict");
    expect(wrong.body.message).toContain(`Precondition failed: UID in precondition: not-the-uid, UID in object meta: ${ns.metadata.uid}`);
    expect((await c.json(`${NS}/del-pre`)).body.status.phase).toBe("Active");
    const staleRv = await c.send("DELETE", `${NS}/del-pre`, { kind: "DeleteOptions", apiVersion: "v1", preconditions: { resourceVersion: "1" } });
    expectStatus(staleRv, 409, "Conflict");
    const right = await c.send("DELETE", `${NS}/del-pre`, { kind: "DeleteOptions", apiVersion: "v1", preconditions: { uid: ns.metadata.uid } });
    expect(right.status).toBe(200);
    expect(right.body.status.phase).toBe("Terminating");

    const missing = await c.send("DELETE", `${NS}/never-existed`);
    expectStatus(missing, 404, "NotFound");
    expect(missing.body.message).toBe('namespaces "never-existed" not found');
  });

  it("dry-run DELETE changes nothing", async () => {
    await create(c, "del-dry");
    const res = await c.send("DELETE", `${NS}/del-dry?dryRun=All`);
    expect(res.status).toBe(200);
    expect(res.body.status.phase).toBe("Terminating");
    const got = await c.json(`${NS}/del-dry`);
    expect(got.body.status.phase).toBe("Active");
    expect(got.body.metadata.deletionTimestamp).toBeUndefined();
  });
});

async function waitForGone(client: ClusterClient, name: string, timeoutMs = 3_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await client.json(`${NS}/${name}`);
    if (res.status === 404 || Date.now() > until) return res;
    await runDurableObjectAlarm(clusterStub(client.clusterId));
    await new Promise((r) => setTimeout(r, 20));
  }
}

const eventSummary = (events: WatchEvent[]) => events.map((e) => [e.type, e.object?.metadata?.name]);

describe("watch", () => {
  it("streams ADDED events in order from a resourceVersion, with no duplicates", async () => {
    const w = await newCluster();
    const start = (await w.json(NS)).body.metadata.resourceVersion;
    const watch = await openWatch(w, `${NS}?watch=true&resourceVersion=${start}`);
    try {
      expect(watch.response.headers.get("content-type")).toBe("application/json");
      const created = [];
      for (const n of ["w-1", "w-2", "w-3", "w-4"]) created.push(await create(w, n));
      const events = await watch.take(4);
      expect(events.map((e) => e.type)).toEqual(["ADDED", "ADDED", "ADDED", "ADDED"]);
      expect(events.map((e) => e.object.metadata.name)).toEqual(["w-1", "w-2", "w-3", "w-4"]);
      expect(events.map((e) => e.object.metadata.resourceVersion)).toEqual(created.map((o) => o.metadata.resourceVersion));
      const revs = events.map(rvOfEvent);
      expect(revs).toEqual([...revs].sort((a, b) => a - b));
      expect(new Set(revs).size).toBe(4);
      expect(events[0]!.object).toMatchObject({ kind: "Namespace", apiVersion: "v1" });
      expect(await watch.drain()).toEqual([]);
    } finally {
      await watch.cancel();
    }
  });

  it("a watch on one object's path sees only that object", async () => {
    const w = await newCluster();
    const start = (await w.json(NS)).body.metadata.resourceVersion;
    for (const path of [`${NS}/only-me?watch=true&resourceVersion=${start}`, `/api/v1/watch/namespaces/only-me?resourceVersion=${start}`]) {
      const watch = await openWatch(w, path);
      try {
        await create(w, `other-${path.length}`);
        if (path.startsWith(NS)) await create(w, "only-me");
        const events = await watch.take(1);
        expect(eventSummary(events)).toEqual([["ADDED", "only-me"]]);
        expect(await watch.drain()).toEqual([]);
      } finally {
        await watch.cancel();
      }
    }
    const mismatch = await w.fetch(`${NS}/only-me?watch=true&fieldSelector=metadata.name%3Dsomeone-else`);
    expect(mismatch.status).toBe(400);
    expect((await mismatch.json<{ message: string }>()).message).toBe("fieldSelector metadata.name doesn't match requested name");
  });

  it("sends MODIFIED and DELETED as a namespace is updated and removed", async () => {
    const w = await newCluster();
    const ns = await create(w, "w-life");
    const watch = await openWatch(w, `${NS}?watch=true&resourceVersion=${ns.metadata.resourceVersion}`);
    try {
      await w.send("PUT", `${NS}/w-life`, { ...ns, metadata: { ...ns.metadata, labels: { ...ns.metadata.labels, x: "y" } } });
      await w.send("DELETE", `${NS}/w-life`);
      await runDurableObjectAlarm(clusterStub(w.clusterId));
      await waitForGone(w, "w-life");
      const events = await watch.take(3);
      expect(eventSummary(events)).toEqual([
        ["MODIFIED", "w-life"],
        ["MODIFIED", "w-life"],
        ["DELETED", "w-life"],
      ]);
      expect(events[1]!.object.status.phase).toBe("Terminating");
      expect(events[2]!.object.spec).toEqual({});
      expect(await watch.drain()).toEqual([]);
    } finally {
      await watch.cancel();
    }
  });

  it("without a resourceVersion (or with 0) starts with synthetic ADDED events for what exists", async () => {
    const w = await newCluster();
    await create(w, "w-existing");
    for (const query of ["?watch=true", "?watch=true&resourceVersion=0"]) {
      const existing = await w.json(NS);
      const watch = await openWatch(w, `${NS}${query}`);
      try {
        const initial = await watch.take(existing.body.items.length);
        expect(initial.every((e) => e.type === "ADDED")).toBe(true);
        expect(initial.map((e) => e.object.metadata.name)).toEqual(existing.body.items.map((i: any) => i.metadata.name));
        expect(initial.map((e) => e.object.metadata.name)).toEqual(expect.arrayContaining([...SYSTEM_NAMESPACES, "w-existing"]));
        expect(initial.map(rvOfEvent)).toEqual(existing.body.items.map(rv));
        expect(await watch.drain()).toEqual([]);
        const name = query.endsWith("=0") ? "w-after-0" : "w-after-unset";
        await create(w, name);
        expect(eventSummary(await watch.take(1))).toEqual([["ADDED", name]]);
      } finally {
        await watch.cancel();
      }
    }
  });

  it("with fieldSelector=metadata.name=x sees only x", async () => {
    const w = await newCluster();
    const start = (await w.json(NS)).body.metadata.resourceVersion;
    const watch = await openWatch(w, `${NS}?watch=true&resourceVersion=${start}&fieldSelector=metadata.name%3Dw-x`);
    try {
      await create(w, "w-xx");
      await create(w, "w-x-other");
      await create(w, "w");
      await create(w, "w-x");
      await create(w, "w-y");
      const events = await watch.take(1);
      expect(eventSummary(events)).toEqual([["ADDED", "w-x"]]);
      expect(await watch.drain()).toEqual([]);
    } finally {
      await watch.cancel();
    }
  });

  it("turns label selector transitions into ADDED and DELETED", async () => {
    const w = await newCluster();
    const ns = await create(w, "w-label");
    const watch = await openWatch(w, `${NS}?watch=true&resourceVersion=${ns.metadata.resourceVersion}&labelSelector=watched%3Dyes`);
    try {
      const labelled = await w.send("PUT", `${NS}/w-label`, { ...ns, metadata: { ...ns.metadata, resourceVersion: undefined, labels: { ...ns.metadata.labels, watched: "yes" } } });
      expect(labelled.status).toBe(200);
      const modified = await w.send("PUT", `${NS}/w-label`, { ...labelled.body, metadata: { ...labelled.body.metadata, annotations: { a: "1" } } });
      expect(modified.status).toBe(200);
      const unlabelled = await w.send("PUT", `${NS}/w-label`, { ...modified.body, metadata: { ...modified.body.metadata, labels: { "kubernetes.io/metadata.name": "w-label" } } });
      expect(unlabelled.status).toBe(200);
      await create(w, "w-unwatched");
      const events = await watch.take(3);
      expect(eventSummary(events)).toEqual([
        ["ADDED", "w-label"],
        ["MODIFIED", "w-label"],
        ["DELETED", "w-label"],
      ]);
      expect(events.map(rvOfEvent)).toEqual([rv(labelled.body), rv(modified.body), rv(unlabelled.body)]);
      expect(await watch.drain()).toEqual([]);
    } finally {
      await watch.cancel();
    }
  });

  it("turns field selector transitions (status.phase) into ADDED and DELETED", async () => {
    const w = await newCluster();
    const ns = await create(w, "w-phase");
    const watch = await openWatch(w, `${NS}?watch=true&resourceVersion=${ns.metadata.resourceVersion}&fieldSelector=status.phase%3DTerminating`);
    try {
      const marked = await w.send("DELETE", `${NS}/w-phase`);
      expect(marked.status).toBe(200);
      await runDurableObjectAlarm(clusterStub(w.clusterId));
      expectStatus(await waitForGone(w, "w-phase"), 404, "NotFound");
      const events = await watch.take(2);
      expect(eventSummary(events)).toEqual([
        ["ADDED", "w-phase"],
        ["DELETED", "w-phase"],
      ]);
      expect(events[0]!.object.metadata.resourceVersion).toBe(marked.body.metadata.resourceVersion);
      expect(await watch.drain()).toEqual([]);
    } finally {
      await watch.cancel();
    }
  });

  it("watches through the /watch/ path too", async () => {
    const w = await newCluster();
    const start = (await w.json(NS)).body.metadata.resourceVersion;
    const watch = await openWatch(w, `/api/v1/watch/namespaces?resourceVersion=${start}`);
    try {
      await create(w, "w-path");
      expect(eventSummary(await watch.take(1))).toEqual([["ADDED", "w-path"]]);
    } finally {
      await watch.cancel();
    }
  });

  it("from a resourceVersion not reached yet sends only the changes after it", async () => {
    // ConfigMaps: no controller writes in between (a namespace gets its default ServiceAccount).
    const w = await newCluster();
    const CMS = "/api/v1/namespaces/default/configmaps";
    const cm = async (name: string) => (await w.send("POST", CMS, { apiVersion: "v1", kind: "ConfigMap", metadata: { name } })).body;
    await cm("w-future-start");
    for (let i = 0; i < 5; i++) await runDurableObjectAlarm(clusterStub(w.clusterId));
    const head = Number((await cm("w-future-0")).metadata.resourceVersion);
    const watch = await openWatch(w, `${CMS}?watch=true&resourceVersion=${head + 2}`);
    try {
      await cm("w-future-1");
      await cm("w-future-2");
      const third = await cm("w-future-3");
      const events = await watch.take(1);
      expect(eventSummary(events)).toEqual([["ADDED", "w-future-3"]]);
      expect(rvOfEvent(events[0]!)).toBe(head + 3);
      expect(third.metadata.resourceVersion).toBe(String(head + 3));
      expect(await watch.drain()).toEqual([]);
    } finally {
      await watch.cancel();
    }
  });

  it("from a compacted revision answers 200 with one 410 Expired ERROR event, then ends", async () => {
    const w = await newCluster();
    const old = (await w.json(NS)).body.metadata.resourceVersion;
    await create(w, "w-compact");
    await runInDurableObject(clusterStub(w.clusterId), (o: ClusterDO) => {
      o.store.compact(o.store.revision());
    });
    const watch = await openWatch(w, `${NS}?watch=true&resourceVersion=${old}`);
    try {
      const events = await watch.take(1);
      expect(events[0]!.type).toBe("ERROR");
      expect(events[0]!.object).toMatchObject({ kind: "Status", apiVersion: "v1", status: "Failure", code: 410, reason: "Expired" });
      expect(events[0]!.object.message).toMatch(/^too old resource version: /);
      expect(await watch.endsWithin(3_000)).toBe(true);
    } finally {
      await watch.cancel();
    }
  });

  it("sends each event as a one-row Table when a Table is accepted", async () => {
    const w = await newCluster();
    const start = (await w.json(NS)).body.metadata.resourceVersion;
    const watch = await openWatch(w, `${NS}?watch=true&resourceVersion=${start}`, { Accept: TABLE_ACCEPT });
    try {
      const a = await create(w, "w-table-a");
      await create(w, "w-table-b");
      const events = await watch.take(2);
      for (const [i, e] of events.entries()) {
        expect(e.type).toBe("ADDED");
        expect(e.object).toMatchObject({ kind: "Table", apiVersion: "meta.k8s.io/v1" });
        expect(e.object.columnDefinitions.map((d: any) => d.name)).toEqual(["Name", "Status", "Age"]);
        expect(e.object.rows).toHaveLength(1);
        expect(e.object.rows[0].cells.slice(0, 2)).toEqual([`w-table-${"ab"[i]}`, "Active"]);
        expect(e.object.rows[0].object).toMatchObject({ kind: "PartialObjectMetadata", metadata: { name: `w-table-${"ab"[i]}` } });
      }
      expect(events[0]!.object.metadata.resourceVersion).toBe(a.metadata.resourceVersion);
    } finally {
      await watch.cancel();
    }
  });

  it("sends bookmarks only to watches that allow them", async () => {
    const w = await newCluster();
    const start = (await w.json(NS)).body.metadata.resourceVersion;
    const selector = `fieldSelector=metadata.name%3Dw-bm-x&resourceVersion=${start}`;
    const withBookmarks = await openWatch(w, `${NS}?watch=true&allowWatchBookmarks=true&${selector}`);
    const without = await openWatch(w, `${NS}?watch=true&${selector}`);
    try {
      // A write neither watch matches, more than a bookmark interval after they opened.
      await runInDurableObject(clusterStub(w.clusterId), (o: ClusterDO) => o.clock.advance(61_000));
      await create(w, "w-bm-y");
      await create(w, "w-bm-x");
      const a = await withBookmarks.take(2);
      expect(a.map((e) => e.type)).toEqual(["BOOKMARK", "ADDED"]);
      // An empty Namespace with the revision, as Go writes the zero struct.
      expect(a[0]!.object).toEqual({
        kind: "Namespace",
        apiVersion: "v1",
        metadata: { resourceVersion: expect.stringMatching(/^\d+$/), creationTimestamp: null },
        spec: {},
        status: {},
      });
      const b = await without.take(1);
      expect(eventSummary(b)).toEqual([["ADDED", "w-bm-x"]]);
      const rest = await without.drain();
      expect([...b, ...rest].some((e) => e.type === "BOOKMARK")).toBe(false);
    } finally {
      await withBookmarks.cancel();
      await without.cancel();
    }
  });

  it("rejects a bad resourceVersion with a 400 Status before streaming", async () => {
    const res = await c.json(`${NS}?watch=true&resourceVersion=abc`);
    expectStatus(res, 400, "BadRequest");
  });

  it("replays and streams 1,000 writes with no gap and no duplicate", async () => {
    const w = await newCluster();
    const stub = clusterStub(w.clusterId);
    const writeMany = (from: number, n: number) =>
      runInDurableObject(stub, (o: ClusterDO) => {
        const ctx = { store: o.store, registry: o.registry, clock: o.clock, user: { username: "test", groups: [] } };
        const configmaps = o.registry.resource("", "v1", "configmaps")!;
        for (let i = from; i < from + n; i++) {
          createObject(ctx, { rt: configmaps, namespace: "default", query: new URLSearchParams(), body: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: `bulk-${i}` } } });
        }
        return o.store.revision();
      });
    // Settle the bootstrap's controllers first, so the 1,000 writes are the only ones.
    for (let i = 0; i < 5; i++) await runDurableObjectAlarm(stub);
    const start = await runInDurableObject(stub, (o: ClusterDO) => o.store.revision());
    expect(await writeMany(0, 500)).toBe(start + 500);
    const watch = await openWatch(w, `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${start}`);
    try {
      // The rest in batches, some as one transaction, while the watch is live.
      for (let b = 0; b < 5; b++) await writeMany(500 + b * 100, 100);
      await runInDurableObject(stub, (o: ClusterDO) => {
        expect(o.store.revision()).toBe(start + 1000);
      });
      const events = await watch.take(1000, 10_000);
      expect(events.every((e) => e.type === "ADDED")).toBe(true);
      expect(events.map(rvOfEvent)).toEqual(Array.from({ length: 1000 }, (_, i) => start + 1 + i));
      expect(events.map((e) => e.object.metadata.name)).toEqual(Array.from({ length: 1000 }, (_, i) => `bulk-${i}`));
      expect(await watch.drain()).toEqual([]);
    } finally {
      await watch.cancel();
    }
  });
});

function rvOfEvent(e: WatchEvent): number {
  return Number(e.object.metadata.resourceVersion);
}

describe("service account tokens", () => {
  it("create token issues a token that authenticates as the service account, on that cluster only", async () => {
    const w = await newCluster();
    expect((await w.send("POST", "/api/v1/namespaces/default/serviceaccounts", { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "robot" } })).status).toBe(201);
    const issued = await w.send("POST", "/api/v1/namespaces/default/serviceaccounts/robot/token", { apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest", spec: {} });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    expect(issued.body).toMatchObject({ kind: "TokenRequest", apiVersion: "authentication.k8s.io/v1", spec: { expirationSeconds: 3600 } });
    const token: string = issued.body.status.token;
    expect(token.split(".")).toHaveLength(3);
    const asRobot = clusterClient(w.clusterId, token);
    const whoami = await asRobot.send("POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews", { apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" });
    expect(whoami.status).toBe(201);
    expect(whoami.body.status.userInfo).toMatchObject({ username: "system:serviceaccount:default:robot", groups: ["system:serviceaccounts", "system:serviceaccounts:default", "system:authenticated"] });
    // Another cluster does not accept it; a tampered one is refused; a deleted service account's tokens die with it.
    const other = await newCluster();
    expect((await clusterClient(other.clusterId, token).json("/api/v1/namespaces")).status).toBe(401);
    expect((await clusterClient(w.clusterId, token.slice(0, -3) + "AAA").json("/api/v1/namespaces")).status).toBe(401);
    const short = await w.send("POST", "/api/v1/namespaces/default/serviceaccounts/robot/token", { apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest", spec: { expirationSeconds: 60 } });
    expect(short.status).toBe(422);
    expect((await w.send("DELETE", "/api/v1/namespaces/default/serviceaccounts/robot")).status).toBe(200);
    expect((await asRobot.json("/api/v1/namespaces")).status).toBe(401);
    expect((await w.send("POST", "/api/v1/namespaces/default/serviceaccounts/robot/token", { kind: "TokenRequest", apiVersion: "authentication.k8s.io/v1", spec: {} })).status).toBe(404);
  });
});

describe("one object, several versions", () => {
  it("serves an autoscaling/v1 HPA as v2 and back, from one stored object", async () => {
    const w = await newCluster();
    const v1 = {
      apiVersion: "autoscaling/v1",
      kind: "HorizontalPodAutoscaler",
      metadata: { name: "web" },
      spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" }, minReplicas: 1, maxReplicas: 5, targetCPUUtilizationPercentage: 60 },
    };
    const created = await w.send("POST", "/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers", v1);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ apiVersion: "autoscaling/v1", spec: { targetCPUUtilizationPercentage: 60 } });
    const asV2 = await w.json("/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers/web");
    expect(asV2.body.apiVersion).toBe("autoscaling/v2");
    expect(asV2.body.spec.metrics).toEqual([{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 60 } } }]);
    expect(asV2.body.metadata.resourceVersion).toBe(created.body.metadata.resourceVersion);
    const listV1 = await w.json("/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers");
    expect(listV1.body.items.map((i: any) => i.spec.targetCPUUtilizationPercentage)).toEqual([60]);
  });

  it("serves core events as events.k8s.io/v1 events", async () => {
    const w = await newCluster();
    const ev = {
      apiVersion: "v1",
      kind: "Event",
      metadata: { name: "web.1" },
      involvedObject: { kind: "Pod", name: "web", namespace: "default" },
      reason: "Started",
      message: "Started container web",
      type: "Normal",
      source: { component: "kubelet" },
    };
    expect((await w.send("POST", "/api/v1/namespaces/default/events", ev)).status).toBe(201);
    const list = await w.json("/apis/events.k8s.io/v1/namespaces/default/events");
    expect(list.status).toBe(200);
    // (The namespace also holds the nodes' registration events.)
    const ours = list.body.items.filter((e: any) => e.metadata.name === "web.1");
    expect(ours).toHaveLength(1);
    expect(ours[0]).toMatchObject({ regarding: { kind: "Pod", name: "web" }, note: "Started container web", reason: "Started", type: "Normal" });
  });
});

describe("request bodies", () => {
  it("accepts YAML, and answers malformed YAML with 400 and no change", async () => {
    const w = await newCluster();
    const yaml = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: from-yaml\n";
    const ok = await w.json(NS, { method: "POST", headers: { "Content-Type": "application/yaml" }, body: yaml });
    expect(ok.status).toBe(201);
    const bad = await w.json(NS, { method: "POST", headers: { "Content-Type": "application/yaml" }, body: "metadata:\n  name: [unclosed\n" });
    expectStatus(bad, 400, "BadRequest");
    expect(bad.body.message).toContain("could not be decoded as YAML");
    expect(await names(w)).not.toContain("unclosed");
  });
});

describe("object size", () => {
  it("answers 413 for an object too large to store, and stores nothing", async () => {
    const w = await newCluster();
    const big = { apiVersion: "v1", kind: "Namespace", metadata: { name: "too-big", annotations: { a: "x".repeat(200_000) } } };
    // Annotations are capped at 256 KiB (422); a large list of finalizers is not, so the store's limit decides.
    const res = await w.send("POST", NS, { ...big, metadata: { name: "too-big", finalizers: Array.from({ length: 40_000 }, (_, i) => `example.com/f${i}-${"y".repeat(30)}`) } });
    expectStatus(res, 413, "RequestEntityTooLarge");
    expect((await w.json(`${NS}/too-big`)).status).toBe(404);
  });
});
