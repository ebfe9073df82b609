// The Go-struct JSON encoder against what encoding/json writes for the same Go values.
import { describe, expect, it } from "vitest";
import { encodeAs, encodeObject, encodeUnstructured } from "./json";
import { goEscape, indentJson, isPrettyPrint, jsonText } from "./response";

describe("encodeObject: built-in kinds as their Go structs", () => {
  it("writes fields in declaration order whatever the input order, and drops fields the struct does not have", () => {
    const out = encodeObject({ status: {}, spec: { finalizers: ["kubernetes"] }, metadata: { name: "ns" }, apiVersion: "v1", kind: "Namespace", bogus: 1 });
    expect(out).toBe('{"kind":"Namespace","apiVersion":"v1","metadata":{"name":"ns","creationTimestamp":null},"spec":{"finalizers":["kubernetes"]},"status":{}}');
  });

  it("writes the zero values Go writes: structs always, scalars and nil slices/maps/pointers without omitempty", () => {
    // RoleBinding.roleRef is a struct of scalars without omitempty; Role.rules a slice without omitempty.
    expect(encodeObject({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", metadata: { name: "rb" } })).toBe(
      '{"kind":"RoleBinding","apiVersion":"rbac.authorization.k8s.io/v1","metadata":{"name":"rb","creationTimestamp":null},"roleRef":{"apiGroup":"","kind":"","name":""}}',
    );
    expect(encodeObject({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: { name: "r" } })).toBe(
      '{"kind":"Role","apiVersion":"rbac.authorization.k8s.io/v1","metadata":{"name":"r","creationTimestamp":null},"rules":null}',
    );
    // ServicePort.targetPort: a non-pointer IntOrString (0); ServiceStatus.loadBalancer: a struct.
    expect(encodeAs("core.v1.Service", { spec: { ports: [{ port: 80 }] } })).toBe(
      '{"metadata":{"creationTimestamp":null},"spec":{"ports":[{"port":80,"targetPort":0}]},"status":{"loadBalancer":{}}}',
    );
  });

  it("drops what omitempty drops: empty strings, 0, false, null, empty slices and maps; keeps set pointers", () => {
    const out = encodeAs("apps.v1.DeploymentSpec", {
      replicas: 0, // *int32: set, so written
      minReadySeconds: 0,
      paused: false,
      revisionHistoryLimit: null,
      selector: { matchLabels: {}, matchExpressions: [] },
      template: { metadata: { labels: {}, finalizers: [], name: "" }, spec: { containers: [] } },
    });
    expect(out).toBe('{"replicas":0,"selector":{},"template":{"metadata":{"creationTimestamp":null},"spec":{"containers":[]}},"strategy":{}}');
  });

  it("sorts map keys, and maps inside maps (ResourceList values are quantities)", () => {
    expect(encodeAs("core.v1.ResourceRequirements", { limits: { memory: "1Gi", cpu: "2" }, requests: { "nvidia.com/gpu": 1, cpu: "100m" } })).toBe(
      '{"limits":{"cpu":"2","memory":"1Gi"},"requests":{"cpu":"100m","nvidia.com/gpu":"1"}}',
    );
  });

  it("writes quantities, times and micro times in their canonical form", () => {
    expect(encodeAs("core.v1.ResourceRequirements", { requests: { cpu: "0.5", memory: "1024Mi", x: "1e3", y: "bad" } })).toBe(
      '{"requests":{"cpu":"500m","memory":"1Gi","x":"1e3","y":"bad"}}',
    );
    const meta = (creationTimestamp: string) => encodeAs("meta.v1.ObjectMeta", { creationTimestamp });
    expect(meta("2024-01-02T03:04:05Z")).toBe('{"creationTimestamp":"2024-01-02T03:04:05Z"}');
    expect(meta("2024-01-02T03:04:05.987654Z")).toBe('{"creationTimestamp":"2024-01-02T03:04:05Z"}');
    expect(meta("2024-01-02T05:04:05+02:00")).toBe('{"creationTimestamp":"2024-01-02T03:04:05Z"}');
    expect(meta("0099-01-02T03:04:05Z")).toBe('{"creationTimestamp":"0099-01-02T03:04:05Z"}');
    const lease = (renewTime: string) => encodeAs("coordination.v1.LeaseSpec", { renewTime });
    expect(lease("2024-01-02T03:04:05.1Z")).toBe('{"renewTime":"2024-01-02T03:04:05.100000Z"}');
    expect(lease("2024-01-02T03:04:05.123456789-01:00")).toBe('{"renewTime":"2024-01-02T04:04:05.123456Z"}');
  });

  it("inlines embedded structs in their place (Probe's handler, EphemeralContainer's common fields)", () => {
    expect(encodeAs("core.v1.Probe", { periodSeconds: 5, httpGet: { port: "http", path: "/" } })).toBe('{"httpGet":{"path":"/","port":"http"},"periodSeconds":5}');
    expect(encodeAs("core.v1.EphemeralContainer", { targetContainerName: "web", image: "busybox", name: "debug" })).toBe(
      '{"name":"debug","image":"busybox","resources":{},"targetContainerName":"web"}',
    );
  });

  it("keeps raw JSON as sent (FieldsV1, RawExtension without a kind) and encodes embedded objects by their kind", () => {
    const entry = encodeAs("meta.v1.ManagedFieldsEntry", { fieldsV1: { "f:spec": {}, "f:metadata": {} }, manager: "m" });
    expect(entry).toBe('{"manager":"m","fieldsV1":{"f:spec":{},"f:metadata":{}}}');
    const revision = { apiVersion: "apps/v1", kind: "ControllerRevision", revision: 2, data: { spec: { z: 1, a: 2 } } };
    expect(encodeObject(revision)).toBe('{"kind":"ControllerRevision","apiVersion":"apps/v1","metadata":{"creationTimestamp":null},"data":{"spec":{"z":1,"a":2}},"revision":2}');
    const table = { kind: "Table", apiVersion: "meta.k8s.io/v1", metadata: {}, columnDefinitions: [], rows: [{ cells: ["a", 1], object: { metadata: { name: "x" }, kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1" } }, { cells: [] }] };
    expect(encodeObject(table)).toBe(
      '{"kind":"Table","apiVersion":"meta.k8s.io/v1","metadata":{},"columnDefinitions":[],"rows":[{"cells":["a",1],"object":{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":{"name":"x","creationTimestamp":null}}},{"cells":[],"object":null}]}',
    );
  });

  it("encodes CRD schemas: JSONSchemaProps in order, OrBool and OrArray as what they hold", () => {
    const schema = { type: "object", additionalProperties: false, items: [{ type: "string" }], properties: { b: { type: "integer" }, a: { type: "string", default: { z: 1, a: 2 } } } };
    expect(encodeAs("apiextensions.v1.JSONSchemaProps", schema)).toBe(
      '{"type":"object","items":[{"type":"string"}],"properties":{"a":{"type":"string","default":{"z":1,"a":2}},"b":{"type":"integer"}},"additionalProperties":false}',
    );
  });

  it("writes a Status as metav1.Status: kind, apiVersion, metadata, status, message, reason, details, code", () => {
    const status = { code: 404, details: { kind: "pods", name: "p", causes: [{ field: "f", message: "m", reason: "r" }] }, reason: "NotFound", message: "gone", status: "Failure", metadata: {}, apiVersion: "v1", kind: "Status" };
    expect(encodeObject(status)).toBe(
      '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"gone","reason":"NotFound","details":{"name":"p","kind":"pods","causes":[{"reason":"r","message":"m","field":"f"}]},"code":404}',
    );
  });

  it("lists: items by the list's item type, without kind unless set", () => {
    const list = { items: [{ metadata: { name: "a" } }], metadata: { resourceVersion: "5" }, apiVersion: "v1", kind: "ConfigMapList" };
    expect(encodeObject(list)).toBe('{"kind":"ConfigMapList","apiVersion":"v1","metadata":{"resourceVersion":"5"},"items":[{"metadata":{"name":"a","creationTimestamp":null}}]}');
  });
});

describe("encodeObject: unstructured (custom resources)", () => {
  it("sorts every key at every level, metadata included", () => {
    const cr = { spec: { z: [{ b: 1, a: null }], a: "x" }, metadata: { uid: "u", name: "n" }, kind: "Widget", apiVersion: "example.com/v1" };
    expect(encodeObject(cr)).toBe('{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"n","uid":"u"},"spec":{"a":"x","z":[{"a":null,"b":1}]}}');
    expect(encodeUnstructured({ "10": 1, "9": 2, b: 3 })).toBe('{"10":1,"9":2,"b":3}');
  });

  it("writes anything that is not an object as JSON", () => {
    expect(encodeObject([1, "a"])).toBe('[1,"a"]');
    expect(encodeObject({ items: [] })).toBe('{"items":[]}');
  });
});

describe("response text", () => {
  it("escapes what encoding/json escapes", () => {
    expect(goEscape('{"a":"<b>&\u2028\u2029"}')).toBe('{"a":"\\u003cb\\u003e\\u0026\\u2028\\u2029"}');
    expect(jsonText('{"a":1}')).toBe('{"a":1}\n');
  });

  it("indents as json.MarshalIndent(v, \"\", \"  \") does", () => {
    const compact = JSON.stringify({ a: [], b: {}, c: [1, { d: "x,y:{}[]\\\"" }], e: null });
    expect(indentJson(compact)).toBe(JSON.stringify(JSON.parse(compact), null, 2));
    expect(jsonText('{"a":1}', true)).toBe('{\n  "a": 1\n}');
  });

  it("pretty-prints for ?pretty= (strconv.ParseBool) or a curl, Wget or browser User-Agent", () => {
    const url = (q = "") => new URL(`https://x/api${q}`);
    expect(isPrettyPrint(url(), "curl/8.5.0")).toBe(true);
    expect(isPrettyPrint(url(), "Wget/1.21")).toBe(true);
    expect(isPrettyPrint(url(), "Mozilla/5.0 (X11)")).toBe(true);
    expect(isPrettyPrint(url(), "kubectl/v1.33.0")).toBe(false);
    expect(isPrettyPrint(url("?pretty=1"), "kubectl/v1.33.0")).toBe(true);
    expect(isPrettyPrint(url("?pretty=True"), null)).toBe(true);
    expect(isPrettyPrint(url("?pretty=yes"), "curl/8")).toBe(false);
    expect(isPrettyPrint(url("?pretty=false"), "curl/8")).toBe(false);
    expect(isPrettyPrint(url("?pretty="), "curl/8")).toBe(true);
  });
});
