// Whatever a client sends, the answer is a metav1.Status it can act on, never a 5xx, and a refused
// request changes nothing: a battery of malformed requests (bad query values, bodies, paths, content
// types and accept headers) on several kinds and verbs, through the edge Worker. And when something
// does go wrong inside, the answer says so without the engine's or runtime's words.
import { runInDurableObject } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { clusterStub, newCluster, type ClusterClient } from "../../../worker/test-helpers";
import { edgeError } from "../../../worker/app";
import type { ClusterDO } from "../cluster-do";
import { settle } from "../testing";

const CM = "/api/v1/namespaces/default/configmaps";
const DEPLOY = "/apis/apps/v1/namespaces/default/deployments";
const POD = "/api/v1/namespaces/default/pods";
const NS = "/api/v1/namespaces";

interface Probe {
  method: string;
  path: string;
  body?: string | Uint8Array;
  contentType?: string;
  accept?: string;
}

const get = (path: string, accept?: string): Probe => ({ method: "GET", path, ...(accept ? { accept } : {}) });
const send = (method: string, path: string, body: string | Uint8Array, contentType = "application/json"): Probe => ({ method, path, body, contentType });

const deep = (levels: number) => "[".repeat(levels) + "]".repeat(levels);
const configMap = (extra: string) => `{"apiVersion":"v1","kind":"ConfigMap",${extra}}`;

/** Requests no server should accept; each must answer 4xx with a Status and write nothing. */
const PROBES: Probe[] = [
  // Query values a parser must refuse (or read as kube does) rather than pass to the storage engine.
  ...["limit=999999999999999999999", "limit=abc", "limit=1e3", "limit=%00", "timeoutSeconds=1e99&watch=1", "timeoutSeconds=-x&watch=true"].map((q) => get(`${CM}?${q}`)),
  ...["resourceVersion=-5", "resourceVersion=abc", "resourceVersion=18446744073709551616", "resourceVersionMatch=Bogus&resourceVersion=1", "resourceVersionMatch=Exact"].map((q) => get(`${DEPLOY}?${q}`)),
  ...["resourceVersion=-5", "resourceVersion=%ff"].map((q) => get(`${NS}/default?${q}`)),
  ...["watch=true&resourceVersion=-1", "watch=True&resourceVersionMatch=Exact", "watch=1&sendInitialEvents=true", "watch=1&labelSelector=a%20in%20(", "watch=1&fieldSelector=spec.bogus%3Dx"].map((q) => get(`${POD}?${q}`)),
  ...["continue=garbage&limit=1", "continue=%ff%fe", "labelSelector=!!!", "labelSelector=a%3D%3Db%3D%3Dc", "fieldSelector=spec.unknown%3Dx"].map((q) => get(`${CM}?${q}`)),
  get(`/apis/apps/v1/watch/namespaces/default/deployments/x?resourceVersion=abc`),
  get(`${POD}/nothing/log?tailLines=x`),
  get(`${POD}/nothing/log?sinceTime=soon`),
  get(`${POD}/nothing/log?limitBytes=0`),
  // Option values on writes.
  { method: "DELETE", path: `${CM}/nothing?gracePeriodSeconds=soon` },
  { method: "DELETE", path: `${CM}/nothing?propagationPolicy=Bogus` },
  { method: "DELETE", path: `${CM}?gracePeriodSeconds=1e9` },
  send("POST", `${CM}?dryRun=Bogus`, configMap(`"metadata":{"name":"dry-bogus"}`)),
  send("POST", `${CM}?fieldValidation=Bogus`, configMap(`"metadata":{"name":"fv-bogus"}`)),
  // Bodies that are not an object of the kind the path names.
  ...["{", "[]", '"x"', "null", "42", "true", "", "\u00ff\u00fe", deep(2_000), '{"a":' + '{"a":'.repeat(500) + "1" + "}".repeat(501)].map((b) => send("POST", CM, b)),
  send("POST", CM, '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"wrong-kind"}}'),
  send("POST", CM, configMap(`"metadata":"x"`)),
  send("POST", CM, configMap(`"metadata":{"name":"Not_A_Name"}`)),
  send("POST", CM, configMap(`"metadata":{"name":"${"x".repeat(300)}"}`)),
  send("POST", CM, configMap(`"metadata":{"name":"labels"},"data":{"k":1}`)),
  send("POST", CM, configMap(`"metadata":{"name":"bad-labels","labels":"x"}`)),
  send("POST", DEPLOY, '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"replicas":"many"}}'),
  send("POST", DEPLOY, '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"replicas":1e400}}'),
  send("POST", DEPLOY, '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{}}'),
  send("POST", POD, '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":"x"}}'),
  send("POST", POD, '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"i","resources":{"limits":{"cpu":"lots"}}}]}}'),
  send("POST", NS, '{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"-"}}'),
  send("PUT", `${CM}/nothing`, configMap(`"metadata":{"name":"other"}`)),
  send("PUT", `${CM}/nothing`, "{"),
  send("PUT", CM, configMap(`"metadata":{"name":"put-collection"}`)),
  send("POST", `${CM}/nothing`, configMap(`"metadata":{"name":"nothing"}`)),
  // Content types.
  send("POST", CM, configMap(`"metadata":{"name":"ct"}`), "text/plain"),
  send("POST", CM, "a: [b\nc: :", "application/yaml"),
  send("POST", CM, "&a [*a]", "application/yaml"),
  send("POST", CM, new Uint8Array([0x6b, 0x38, 0x73, 0x00, 0xff, 0xff, 0xff, 0xff, 0x0f]), "application/vnd.kubernetes.protobuf"),
  send("POST", CM, new Uint8Array([1, 2, 3]), "application/vnd.kubernetes.protobuf"),
  // Patches of every type that do not apply.
  send("PATCH", `${CM}/nothing`, "{}", "application/merge-patch+json"),
  send("PATCH", `${NS}/default`, "[]", "application/merge-patch+json"),
  send("PATCH", `${NS}/default`, "{", "application/merge-patch+json"),
  send("PATCH", `${NS}/default`, '{"op":"add"}', "application/json-patch+json"),
  send("PATCH", `${NS}/default`, '[{"op":"explode","path":"/x"}]', "application/json-patch+json"),
  send("PATCH", `${NS}/default`, '[{"op":"add","path":"no-slash","value":1}]', "application/json-patch+json"),
  send("PATCH", `${NS}/default`, '[{"op":"remove","path":"/metadata/nothing/deeper"}]', "application/json-patch+json"),
  send("PATCH", `${NS}/default`, '[{"op":"test","path":"/metadata/name","value":"other"}]', "application/json-patch+json"),
  send("PATCH", `${NS}/default`, '{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"default"}}', "application/apply-patch+yaml"),
  send("PATCH", `${NS}/default?fieldManager=x`, "a: [b", "application/apply-patch+yaml"),
  send("PATCH", `${NS}/default?fieldManager=x`, '{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"other"}}', "application/apply-patch+yaml"),
  send("PATCH", `${NS}/default`, "{}", "application/unknown-patch"),
  send("PATCH", CM, "{}", "application/merge-patch+json"),
  // Paths and methods that name nothing.
  get("/api/v1/namespaces/%ff/configmaps"),
  get("/api/v1/namespaces/default/configmaps/%E0%A4%A"),
  get("/api/v1/namespaces/default/configmaps/x/y/z/w"),
  get("/api/v2/configmaps"),
  get("/apis/nonexistent.example.com/v1/things"),
  get("/apis/apps/v1/namespaces/default/deployments/x/unknown"),
  get("/api/v1/nodes/x/proxy/../../secret"),
  get(`/api/v1/namespaces/default/configmaps/${"%00".repeat(10)}`),
  get(`${NS}/default/configmaps/${"n".repeat(5_000)}`),
  { method: "OPTIONS", path: CM },
  { method: "TRACE", path: CM },
  { method: "POST", path: "/version" },
  { method: "DELETE", path: "/apis" },
  // Accept headers it cannot serve.
  get(CM, "application/json;as=Table;v=v9;g=meta.k8s.io"),
  get(CM, "text/html"),
  get(CM, "application/json;as=Bogus;v=v1;g=meta.k8s.io"),
  get(`${CM}?includeObject=Bogus`, "application/json;as=Table;v=v1;g=meta.k8s.io"),
];

async function revision(c: ClusterClient): Promise<number> {
  return runInDurableObject(clusterStub(c.clusterId), (o: ClusterDO) => o.store.revision());
}

let c: ClusterClient;

beforeAll(async () => {
  c = await newCluster();
  // Wake the cluster and let its controllers finish bootstrapping before measuring its revision.
  expect((await c.json(NS)).status).toBe(200);
  await runInDurableObject(clusterStub(c.clusterId), (o: ClusterDO) => settle(o));
});

describe("malformed requests", () => {
  it("each answers a 4xx Status and the store does not change", async () => {
    const before = await revision(c);
    const failures: string[] = [];
    for (const p of PROBES) {
      const headers: Record<string, string> = {};
      if (p.contentType !== undefined) headers["Content-Type"] = p.contentType;
      if (p.accept) headers.Accept = p.accept;
      const res = await c.fetch(p.path, { method: p.method, headers, ...(p.body !== undefined ? { body: p.body } : {}) });
      const text = await res.text();
      const what = `${p.method} ${p.path.slice(0, 120)} ${p.contentType ?? ""} ${p.accept ?? ""} → ${res.status} ${text.slice(0, 300)}`;
      if (res.status < 400 || res.status >= 500) {
        failures.push(what);
        continue;
      }
      if (p.method === "HEAD") continue;
      let body: any;
      try {
        body = JSON.parse(text);
      } catch {
        failures.push(`not JSON: ${what}`);
        continue;
      }
      if (body.kind !== "Status" || body.status !== "Failure" || body.code !== res.status || typeof body.reason !== "string") failures.push(`not a Status: ${what}`);
      if (/sqlite|SQLITE|TypeError|RangeError|SyntaxError|stack|undefined|\bat .*\.ts:/.test(body.message ?? "")) failures.push(`leaks an internal error: ${what}`);
    }
    expect(failures).toEqual([]);
    const changed = await runInDurableObject(clusterStub(c.clusterId), (o: ClusterDO) => o.store.changesSince("", before).map((e) => `${e.type} ${e.kv.key}`));
    expect(changed).toEqual([]);
  }, 60_000);
});

describe("internal errors", () => {
  it("answer 500 InternalError without the engine's words, on the cluster and at the edge", async () => {
    const stub = clusterStub(c.clusterId);
    await runInDurableObject(stub, (o: ClusterDO) => {
      const original = o.store.get.bind(o.store);
      o.store.get = () => {
        o.store.get = original;
        throw new Error("datatype mismatch: SQLITE_MISMATCH");
      };
    });
    const res = await c.json(`${NS}/default`);
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ kind: "Status", status: "Failure", reason: "InternalError", code: 500 });
    expect(JSON.stringify(res.body)).not.toMatch(/SQLITE|mismatch/i);
    expect(res.body.message).toMatch(/^Internal error occurred: the server could not complete the request \(error id [0-9a-f-]{36}\)$/);
  });
});

describe("the edge's uncaught errors", () => {
  it("answer 500 InternalError without the runtime's words", async () => {
    const res = edgeError(new TypeError("Cannot read properties of undefined (reading 'tenant') at worker/auth/authenticate.ts:42"), { req: { method: "GET", url: "https://kubedo.test/v1/clusters" } });
    expect(res.status).toBe(500);
    const body = (await res.json()) as any;
    expect(body).toMatchObject({ kind: "Status", status: "Failure", reason: "InternalError", code: 500 });
    expect(JSON.stringify(body)).not.toMatch(/TypeError|undefined|tenant|authenticate/);
    expect(body.message).toMatch(/^Internal error occurred: the server could not complete the request \(error id [0-9a-f-]{36}\)$/);
  });
});
