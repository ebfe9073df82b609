// Request bodies a decoder cannot read, answered in kube-apiserver's words: Go's JSON error inside
// "the object provided is unrecognized (must be of type <Kind>)" with kube's summary of the body
// (kubectl's test/cmd posts a YAML Pod to the namespaces collection with --raw), and nothing stored.
import { beforeAll, describe, expect, it } from "vitest";
import { newCluster, type ClusterClient } from "../../../worker/test-helpers";

let c: ClusterClient;

beforeAll(async () => {
  c = await newCluster();
});

const VALID_POD_YAML = `apiVersion: v1
kind: Pod
metadata:
  name: valid-pod
  labels:
    name: valid-pod
spec:
  containers:
  - name: kubernetes-serve-hostname
    image: registry.k8s.io/serve_hostname
`;

async function post(path: string, body: string, contentType = "application/json") {
  const res = await c.fetch(path, { method: "POST", body, headers: { "Content-Type": contentType } });
  return { status: res.status, text: await res.text() };
}

const hex = (s: string) => [...new TextEncoder().encode(s)].map((b) => b.toString(16).padStart(2, "0")).join("");

describe("bodies that are not JSON", () => {
  it("a YAML Pod posted as JSON to the namespaces collection (kubectl create --raw)", async () => {
    const res = await post("/api/v1/namespaces", VALID_POD_YAML);
    expect(res.status).toBe(400);
    const body = JSON.parse(res.text);
    expect(body).toMatchObject({ kind: "Status", status: "Failure", reason: "BadRequest", code: 400 });
    expect(body.message).toBe(
      `the object provided is unrecognized (must be of type Namespace): couldn't get version/kind; json parse error: invalid character 'a' looking for beginning of value (${hex(VALID_POD_YAML.slice(0, 30))} ...)`,
    );
  });

  it("a truncated JSON object, summarised as text", async () => {
    const res = await post("/api/v1/namespaces/default/configmaps", '{"apiVersion":"v1","kind":"ConfigMap"');
    expect(JSON.parse(res.text).message).toBe(
      `the object provided is unrecognized (must be of type ConfigMap): couldn't get version/kind; json parse error: unexpected end of JSON input ({"apiVersion":"v1","kind":"Con ...)`,
    );
  });

  it("a JSON array, and a kind that is not a string", async () => {
    const arr = await post("/api/v1/namespaces", "[1,2]");
    expect(JSON.parse(arr.text).message).toBe(
      `the object provided is unrecognized (must be of type Namespace): couldn't get version/kind; json parse error: json: cannot unmarshal array into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" } (5b312c325d)`,
    );
    const kind = await post("/api/v1/namespaces", '{"kind":5}');
    expect(JSON.parse(kind.text).message).toBe(
      `the object provided is unrecognized (must be of type Namespace): couldn't get version/kind; json parse error: json: cannot unmarshal number into Go struct field .kind of type string ({"kind":5})`,
    );
  });

  it("nesting deeper than Go's 10,000 levels: 400, not a stack overflow, and nothing stored", async () => {
    const deep = `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"deep"},"data":${"[".repeat(100_000)}${"]".repeat(100_000)}}`;
    const res = await post("/api/v1/namespaces/default/configmaps", deep);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).message).toBe(
      `the object provided is unrecognized (must be of type ConfigMap): couldn't get version/kind; json parse error: invalid character '[' exceeded max depth ({"apiVersion":"v1","kind":"Con ...)`,
    );
    expect((await c.json("/api/v1/namespaces/default/configmaps/deep")).status).toBe(404);
  });

  it("a PUT names the kind it decodes into, a subresource its own kind", async () => {
    const put = await c.fetch("/api/v1/namespaces/default", { method: "PUT", body: "{", headers: { "Content-Type": "application/json" } });
    expect((await put.json<any>()).message).toBe("the object provided is unrecognized (must be of type Namespace): couldn't get version/kind; json parse error: unexpected end of JSON input ({)");
    const sa = await c.send("POST", "/api/v1/namespaces/default/serviceaccounts", { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "body-sa" } });
    expect(sa.status).toBe(201);
    const token = await post("/api/v1/namespaces/default/serviceaccounts/body-sa/token", "nope");
    expect(JSON.parse(token.text).message).toBe(
      `the object provided is unrecognized (must be of type TokenRequest): couldn't get version/kind; json parse error: invalid character 'o' in literal null (expecting 'u') (6e6f7065)`,
    );
  });

  it("a value of the wrong type for the kind's Go struct, in encoding/json's words", async () => {
    const res = await c.send("POST", "/api/v1/namespaces/default/pods", {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "typed", labels: "invalid" },
      spec: { containers: [{ name: "a", image: "nginx" }] },
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field ObjectMeta.metadata.labels of type map[string]string');
    const port = await c.send("POST", "/apis/apps/v1/namespaces/default/deployments", {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "typed" },
      spec: { replicas: "3", selector: { matchLabels: { a: "b" } }, template: { metadata: { labels: { a: "b" } }, spec: { containers: [{ name: "a", image: "nginx" }] } } },
    });
    expect(port.body.message).toBe('Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32');
    expect((await c.json("/api/v1/namespaces/default/pods/typed")).status).toBe(404);
  });
});
