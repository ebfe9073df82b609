// The bytes of JSON responses, through the edge Worker, compared with what kube-apiserver writes: metav1.Status
// fields in Go order, a newline after every body (json.Encoder), objects re-encoded from their Go structs whatever
// order the client sent (map keys sorted, zero values Go writes), custom resources with every key sorted, pretty
// output for curl, HTML-safe escaping.
import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { ORIGIN, newCluster, type ClusterClient, openCrd } from "../../../../worker/test-helpers";

let c: ClusterClient;
beforeAll(async () => {
  c = await newCluster();
});

/** The raw body text of a request. */
async function text(path: string, init: RequestInit = {}): Promise<{ status: number; text: string }> {
  const res = await c.fetch(path, init);
  return { status: res.status, text: await res.text() };
}
const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  text(path, { method: "POST", body, headers: { "Content-Type": "application/json", ...headers } });
const keys = (o: unknown) => Object.keys(o as object);

describe("metav1.Status bytes", () => {
  it("writes kind, apiVersion, metadata, status, message, reason, details, code, then a newline", async () => {
    const res = await text("/api/v1/namespaces/nope");
    expect(res.status).toBe(404);
    expect(res.text).toBe(
      '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"namespaces \\"nope\\" not found","reason":"NotFound","details":{"name":"nope","kind":"namespaces"},"code":404}\n',
    );
  });

  it("writes causes as reason, message, field", async () => {
    const res = await post("/api/v1/namespaces/default/configmaps", JSON.stringify({ metadata: { name: "Bad_Name" } }));
    expect(res.status).toBe(422);
    expect(res.text).toMatch(/"details":\{"name":"Bad_Name","kind":"ConfigMap","causes":\[\{"reason":"FieldValueInvalid","message":"Invalid value: \\"Bad_Name\\": [^"]*","field":"metadata.name"\}\]\},"code":422\}\n$/);
  });

  it("answers the edge's own errors the same way", async () => {
    const res = await SELF_fetch(`/clusters/${c.clusterId}/api/v1/namespaces`, { headers: { Authorization: "Bearer not-a-token" } });
    expect(res.status).toBe(401);
    expect(res.text).toBe('{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}\n');
  });
});

describe("objects in Go struct order", () => {
  it("a Pod sent in scrambled order comes back in PodSpec/ObjectMeta declaration order, labels sorted", async () => {
    const body = '{"spec":{"containers":[{"image":"nginx","name":"web"}]},"metadata":{"labels":{"tier":"web","app":"demo"},"name":"scrambled"},"kind":"Pod","apiVersion":"v1"}';
    const res = await post("/api/v1/namespaces/default/pods", body);
    expect(res.status, res.text).toBe(201);
    expect(res.text.endsWith("}\n")).toBe(true);
    const pod = JSON.parse(res.text);
    expect(keys(pod)).toEqual(["kind", "apiVersion", "metadata", "spec", "status"]);
    const meta = keys(pod.metadata).filter((k) => k !== "generation");
    expect(meta).toEqual(["name", "namespace", "uid", "resourceVersion", "creationTimestamp", "labels", "managedFields"]);
    expect(keys(pod.metadata.labels)).toEqual(["app", "tier"]);
    expect(keys(pod.metadata.managedFields[0])).toEqual(["manager", "operation", "apiVersion", "time", "fieldsType", "fieldsV1"]);
    const container = keys(pod.spec.containers[0]);
    expect(container.slice(0, 3)).toEqual(["name", "image", "resources"]);
    expect(pod.spec.containers[0].resources).toEqual({});
    // PodSpec declares volumes first: the ServiceAccount plugin's kube-api-access volume comes before containers.
    expect(keys(pod.spec).slice(0, 2)).toEqual(["volumes", "containers"]);
  });

  it("a Deployment: spec fields in DeploymentSpec order, the template's zero creationTimestamp as null", async () => {
    const body = JSON.stringify({
      spec: {
        template: { spec: { containers: [{ image: "nginx", name: "web" }] }, metadata: { labels: { app: "web" } } },
        selector: { matchLabels: { app: "web" } },
        replicas: 2,
      },
      metadata: { name: "scrambled" },
      apiVersion: "apps/v1",
      kind: "Deployment",
    });
    const res = await post("/apis/apps/v1/namespaces/default/deployments", body);
    expect(res.status, res.text).toBe(201);
    const d = JSON.parse(res.text);
    expect(keys(d)).toEqual(["kind", "apiVersion", "metadata", "spec", "status"]);
    expect(keys(d.spec)).toEqual(["replicas", "selector", "template", "strategy", "revisionHistoryLimit", "progressDeadlineSeconds"]);
    expect(keys(d.spec.strategy)).toEqual(["type", "rollingUpdate"]);
    expect(d.spec.template.metadata).toEqual({ creationTimestamp: null, labels: { app: "web" } });
    expect(keys(d.spec.template.metadata)).toEqual(["creationTimestamp", "labels"]);
    expect(res.text).toContain('"template":{"metadata":{"creationTimestamp":null,"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx","resources":{}');
  });

  it("a ConfigMap: data keys sorted, read back the same way", async () => {
    const res = await post("/api/v1/namespaces/default/configmaps", '{"data":{"z":"1","a":"2","m":"3"},"metadata":{"name":"sorted"},"kind":"ConfigMap","apiVersion":"v1"}');
    expect(res.status, res.text).toBe(201);
    const got = await text("/api/v1/namespaces/default/configmaps/sorted");
    expect(got.text).toMatch(/^\{"kind":"ConfigMap","apiVersion":"v1","metadata":\{"name":"sorted","namespace":"default","uid":"[^"]+","resourceVersion":"\d+","creationTimestamp":"[^"]+Z","managedFields":\[.*\]\},"data":\{"a":"2","m":"3","z":"1"\}\}\n$/);
  });

  it("lists: kind, apiVersion, metadata, items; items without kind, in Go order", async () => {
    const res = await text("/api/v1/namespaces/default/configmaps");
    expect(res.text).toMatch(/^\{"kind":"ConfigMapList","apiVersion":"v1","metadata":\{"resourceVersion":"\d+"\},"items":\[\{"metadata":\{"name":/);
    expect(res.text.endsWith("]}\n")).toBe(true);
  });

  it("escapes <, > and & as encoding/json does", async () => {
    const res = await post("/api/v1/namespaces/default/configmaps", JSON.stringify({ metadata: { name: "html", annotations: { note: "a<b&c>d" } } }));
    expect(res.status, res.text).toBe(201);
    expect(res.text).toContain('"annotations":{"note":"a\\u003cb\\u0026c\\u003ed"}');
    expect(JSON.parse(res.text).metadata.annotations.note).toBe("a<b&c>d");
  });

  it("canonicalizes quantities as Quantity.MarshalJSON does", async () => {
    const pod = {
      metadata: { name: "quantities", annotations: { at: "x" } },
      spec: { containers: [{ name: "c", image: "busybox", resources: { requests: { memory: "1024Mi", cpu: "0.5" } } }] },
    };
    const res = await post("/api/v1/namespaces/default/pods", JSON.stringify(pod));
    expect(res.status, res.text).toBe(201);
    expect(res.text).toContain('"resources":{"requests":{"cpu":"500m","memory":"1Gi"}}');
  });
});

describe("custom resources are unstructured: every key sorted", () => {
  it("sorts the keys of a custom resource at every level, metadata included", async () => {
    const crd = openCrd("example.com", { plural: "gadgets", kind: "Gadget" });
    expect((await post("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", JSON.stringify(crd))).status).toBe(201);
    const cr = '{"spec":{"zeta":{"y":1,"b":2},"alpha":[{"k":1,"a":2}]},"metadata":{"name":"g1","labels":{"z":"1","a":"2"}},"kind":"Gadget","apiVersion":"example.com/v1"}';
    const res = await post("/apis/example.com/v1/namespaces/default/gadgets", cr);
    expect(res.status, res.text).toBe(201);
    const got = await text("/apis/example.com/v1/namespaces/default/gadgets/g1");
    const obj = JSON.parse(got.text);
    expect(keys(obj)).toEqual(["apiVersion", "kind", "metadata", "spec"]);
    expect(keys(obj.metadata)).toEqual([...keys(obj.metadata)].sort());
    expect(keys(obj.metadata)).toContain("creationTimestamp");
    expect(got.text).toContain('"labels":{"a":"2","z":"1"}');
    expect(got.text).toContain('"spec":{"alpha":[{"a":2,"k":1}],"zeta":{"b":2,"y":1}}');
    expect(got.text.endsWith("}\n")).toBe(true);
    // An UnstructuredList: keys sorted, and metadata.continue always set (storage's UpdateList), "" on the last page.
    const list = await text("/apis/example.com/v1/namespaces/default/gadgets");
    expect(list.text).toMatch(/^\{"apiVersion":"example.com\/v1","items":\[\{"apiVersion":"example.com\/v1","kind":"Gadget","metadata":\{"creationTimestamp":/);
    expect(list.text).toMatch(/\],"kind":"GadgetList","metadata":\{"continue":"","resourceVersion":"\d+"\}\}\n$/);
  });
});

describe("discovery, version and pretty output", () => {
  it("ends discovery documents with a newline, in Go order", async () => {
    const api = await text("/api", { headers: { Accept: "application/json" } });
    expect(api.text).toMatch(/^\{"kind":"APIVersions","versions":\["v1"\],"serverAddressByClientCIDRs":\[\{"clientCIDR":"0.0.0.0\/0","serverAddress":"[^"]+"\}\]\}\n$/);
    const apis = await text("/apis", { headers: { Accept: "application/json" } });
    expect(apis.text).toMatch(/^\{"kind":"APIGroupList","apiVersion":"v1","groups":\[\{"name":"apiregistration.k8s.io","versions":\[\{"groupVersion":"apiregistration.k8s.io\/v1","version":"v1"\}\],"preferredVersion":\{"groupVersion":"apiregistration.k8s.io\/v1","version":"v1"\}\},\{"name":"apps",/);
    expect(apis.text.endsWith("}\n")).toBe(true);
  });

  it("writes /version indented, without a trailing newline (WriteRawJSON)", async () => {
    const res = await text("/version");
    expect(res.text.startsWith('{\n  "major": "1",\n  "minor": "33",\n  "emulationMajor": "1",\n  "emulationMinor": "33",\n  "minCompatibilityMajor": "1",\n  "minCompatibilityMinor": "32",\n  "gitVersion": "v1.33.0",\n')).toBe(true);
    expect(res.text.endsWith('"\n}')).toBe(true);
  });

  it("indents for curl and ?pretty=true, without the newline; ?pretty=false wins over the User-Agent", async () => {
    const curl = await text("/api/v1/namespaces/default", { headers: { "User-Agent": "curl/8.5.0" } });
    expect(curl.text).toMatch(/^\{\n {2}"kind": "Namespace",\n {2}"apiVersion": "v1",\n {2}"metadata": \{\n {4}"name": "default",/);
    expect(curl.text.endsWith("\n}")).toBe(true);
    const query = await text("/api/v1/namespaces/default?pretty=true");
    expect(query.text).toBe(curl.text);
    const compact = await text("/api/v1/namespaces/default?pretty=false", { headers: { "User-Agent": "curl/8.5.0" } });
    expect(compact.text).toMatch(/^\{"kind":"Namespace","apiVersion":"v1","metadata":\{"name":"default"/);
    expect(compact.text.endsWith("}\n")).toBe(true);
    const error = await text("/api/v1/namespaces/nope", { headers: { "User-Agent": "curl/8.5.0" } });
    expect(error.text).toBe('{\n  "kind": "Status",\n  "apiVersion": "v1",\n  "metadata": {},\n  "status": "Failure",\n  "message": "namespaces \\"nope\\" not found",\n  "reason": "NotFound",\n  "details": {\n    "name": "nope",\n    "kind": "namespaces"\n  },\n  "code": 404\n}');
  });
});

/** A request to the edge without the client's token. */
async function SELF_fetch(path: string, init: RequestInit): Promise<{ status: number; text: string }> {
  const res = await SELF.fetch(`${ORIGIN}${path}`, init);
  return { status: res.status, text: await res.text() };
}
