import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import { describe, expect, it } from "vitest";
// Real request bodies, captured from real kubectl binaries against a throwaway HTTPS server on 127.0.0.1 that
// answered GET /version with {"major":"1","minor":"33","gitVersion":"v1.33.0"} and the POST with 201 + a JSON
// Namespace, and wrote each POST body to a file as received (kubeconfig: insecure-skip-tls-verify, a bearer
// token, --cache-dir a temp dir):
//   kubectl.1.33 create namespace demo                 → kubectl-1.33-create-namespace.bin (protobuf)
//   kubectl.1.32 create namespace demo                 → kubectl-1.32-create-namespace.bin (protobuf, same bytes)
//   kubectl.1.33 create namespace demo --save-config   → kubectl-1.33-create-namespace-save-config.bin
//   kubectl.1.31 create namespace demo [--save-config] → kubectl-1.31-create-namespace[-save-config].json (JSON:
//     1.31 is the last kubectl sending JSON; the decoded protobuf must match it).
// The other kinds' kubectl bodies are tested in decode.kubectl.test.ts.
import saveConfig133 from "../../../../test/fixtures/protobuf/kubectl-1.33-create-namespace-save-config.bin?url&inline";
import namespace132 from "../../../../test/fixtures/protobuf/kubectl-1.32-create-namespace.bin?url&inline";
import namespace133 from "../../../../test/fixtures/protobuf/kubectl-1.33-create-namespace.bin?url&inline";
import saveConfig131Json from "../../../../test/fixtures/protobuf/kubectl-1.31-create-namespace-save-config.json";
import namespace131Json from "../../../../test/fixtures/protobuf/kubectl-1.31-create-namespace.json";
import { decodeSpecial } from "./decode";
import { MESSAGES, PROTOBUF_KINDS, type MessageName, type ValueKind } from "./fields";
import { KUBERNETES_PROTOBUF_MAGIC, ProtobufDecodeError, decodeKubernetesProtobuf } from "./index";
import { fixture, withoutNulls } from "./test-helpers";

function decodeError(body: Uint8Array): ProtobufDecodeError {
  try {
    decodeKubernetesProtobuf(body);
  } catch (err) {
    if (err instanceof ProtobufDecodeError) return err;
    throw err;
  }
  throw new Error("expected a ProtobufDecodeError, but the body decoded");
}

// ---- a test-only encoder, on @bufbuild/protobuf's BinaryWriter ----
type Build = (w: BinaryWriter) => unknown;
const LEN = WireType.LengthDelimited;
const VARINT = WireType.Varint;

function message(...builds: Build[]): Uint8Array {
  const w = new BinaryWriter();
  for (const build of builds) build(w);
  return w.finish();
}
const str = (no: number, value: string): Build => (w) => w.tag(no, LEN).string(value);
const int = (no: number, value: number): Build => (w) => w.tag(no, VARINT).int64(value);
const bool = (no: number, value: boolean): Build => (w) => w.tag(no, VARINT).bool(value);
const sub = (no: number, ...builds: Build[]): Build => (w) => w.tag(no, LEN).bytes(message(...builds));
const bytes = (no: number, value: Uint8Array): Build => (w) => w.tag(no, LEN).bytes(value);
const entry = (no: number, key: string, value: string): Build => sub(no, str(1, key), str(2, value));
const json = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));

/** "k8s\0" + runtime.Unknown{typeMeta, raw, contentEncoding, contentType}, every field written as Go does. */
function envelope(apiVersion: string, kind: string, raw: Uint8Array, contentEncoding = ""): Uint8Array {
  const unknown = message(sub(1, str(1, apiVersion), str(2, kind)), bytes(2, raw), str(3, contentEncoding), str(4, ""));
  return new Uint8Array([...KUBERNETES_PROTOBUF_MAGIC, ...unknown]);
}
const namespace = (...metadata: Build[]): Uint8Array => envelope("v1", "Namespace", message(sub(1, ...metadata)));

describe("decodeKubernetesProtobuf: real kubectl bodies", () => {
  const expected = { apiVersion: "v1", kind: "Namespace", metadata: { name: "demo" }, spec: {}, status: {} };

  it("decodes kubectl 1.33's `create namespace demo`", () => {
    expect(decodeKubernetesProtobuf(fixture(namespace133))).toStrictEqual(expected);
  });

  it("decodes kubectl 1.32's `create namespace demo`", () => {
    expect(decodeKubernetesProtobuf(fixture(namespace132))).toStrictEqual(expected);
  });

  it("matches what kubectl 1.31 sent as JSON for the same command", () => {
    expect(decodeKubernetesProtobuf(fixture(namespace133))).toStrictEqual(withoutNulls(namespace131Json));
  });

  it("decodes the annotations of `create namespace demo --save-config` as 1.31's JSON has them", () => {
    const decoded = decodeKubernetesProtobuf(fixture(saveConfig133));
    expect(decoded).toStrictEqual(withoutNulls(saveConfig131Json));
    expect(decoded.metadata).toStrictEqual({
      name: "demo",
      annotations: {
        "kubectl.kubernetes.io/last-applied-configuration":
          '{"kind":"Namespace","apiVersion":"v1","metadata":{"name":"demo","creationTimestamp":null},"spec":{},"status":{}}\n',
      },
    });
  });
});

describe("decodeKubernetesProtobuf: every kind the server serves", () => {
  it("decodes an autoscaling/v1 HorizontalPodAutoscaler, as kubectl autoscale sends it", () => {
    // kubectl 1.33 autoscale deployment web --min=2 --max=5 --cpu-percent=60 (field numbers: autoscaling/v1 generated.proto)
    const hpa = message(
      sub(1, str(1, "web"), str(2, ""), str(3, ""), int(7, 0), sub(8)),
      sub(2, sub(1, str(1, "Deployment"), str(2, "web"), str(3, "apps/v1")), int(2, 2), int(3, 5), int(4, 60)),
      sub(3, int(3, 0), int(4, 0)),
    );
    expect(decodeKubernetesProtobuf(envelope("autoscaling/v1", "HorizontalPodAutoscaler", hpa))).toStrictEqual({
      apiVersion: "autoscaling/v1",
      kind: "HorizontalPodAutoscaler",
      metadata: { name: "web" },
      spec: { scaleTargetRef: { kind: "Deployment", name: "web", apiVersion: "apps/v1" }, minReplicas: 2, maxReplicas: 5, targetCPUUtilizationPercentage: 60 },
      status: { currentReplicas: 0, desiredReplicas: 0 },
    });
  });

  it("decodes kubectl drain's policy/v1 Eviction with its DeleteOptions, and DeleteOptions under any group version", () => {
    const eviction = message(sub(1, str(1, "web-1"), str(3, "default")), sub(2, int(1, 30), sub(2, str(1, "uid-1"))));
    expect(decodeKubernetesProtobuf(envelope("policy/v1", "Eviction", eviction))).toStrictEqual({
      apiVersion: "policy/v1",
      kind: "Eviction",
      metadata: { name: "web-1", namespace: "default" },
      deleteOptions: { gracePeriodSeconds: 30, preconditions: { uid: "uid-1" } },
    });
    expect(decodeKubernetesProtobuf(envelope("apps/v1", "DeleteOptions", message(str(4, "Foreground"))))).toStrictEqual({
      apiVersion: "apps/v1",
      kind: "DeleteOptions",
      propagationPolicy: "Foreground",
    });
  });

  it("decodes every served kind's top-level message (StatefulSet, NetworkPolicy, Lease, CustomResourceDefinition, …)", () => {
    const served = [
      ["apps/v1", "StatefulSet"],
      ["apps/v1", "DaemonSet"],
      ["apps/v1", "ReplicaSet"],
      ["apps/v1", "ControllerRevision"],
      ["autoscaling/v2", "HorizontalPodAutoscaler"],
      ["networking.k8s.io/v1", "NetworkPolicy"],
      ["networking.k8s.io/v1", "IngressClass"],
      ["coordination.k8s.io/v1", "Lease"],
      ["discovery.k8s.io/v1", "EndpointSlice"],
      ["storage.k8s.io/v1", "StorageClass"],
      ["events.k8s.io/v1", "Event"],
      ["apiextensions.k8s.io/v1", "CustomResourceDefinition"],
      ["v1", "Node"],
      ["v1", "PersistentVolume"],
      ["v1", "PersistentVolumeClaim"],
      ["v1", "Endpoints"],
      ["v1", "LimitRange"],
      ["v1", "ReplicationController"],
      ["v1", "PodTemplate"],
      ["v1", "Event"],
      ["v1", "Binding"],
      ["authorization.k8s.io/v1", "SubjectAccessReview"],
      ["authorization.k8s.io/v1", "LocalSubjectAccessReview"],
      ["autoscaling/v1", "Scale"],
    ];
    for (const [apiVersion, kind] of served) {
      const decoded = decodeKubernetesProtobuf(envelope(apiVersion!, kind!, message(sub(1, str(1, "x")))));
      expect(decoded, kind).toMatchObject({ apiVersion, kind, metadata: { name: "x" } });
    }
  });

  it("decodes a CRD's schema: JSONSchemaProps with doubles, JSON defaults and the unions as their JSON", () => {
    const schema = message(
      str(5, "object"),
      (w) => w.tag(9, WireType.Bit64).double(2.5), // maximum
      sub(8, bytes(1, json({ a: 1 }))), // default: JSON
      sub(30, bool(1, false)), // additionalProperties: JSONSchemaPropsOrBool{allows: false}
      sub(24, sub(1, str(5, "string"))), // items: JSONSchemaPropsOrArray{schema}
    );
    // CustomResourceDefinitionVersion{name, served, storage, schema: CustomResourceValidation{openAPIV3Schema}}
    const version = sub(7, str(1, "v1"), bool(2, true), bool(3, true), sub(4, (w) => w.tag(1, LEN).bytes(schema)));
    const crd = message(sub(1, str(1, "ws.example.com")), sub(2, str(1, "example.com"), version));
    const decoded = decodeKubernetesProtobuf(envelope("apiextensions.k8s.io/v1", "CustomResourceDefinition", crd));
    const spec = decoded.spec as { versions: { schema: { openAPIV3Schema: unknown } }[] };
    expect(spec.versions[0]!.schema.openAPIV3Schema).toStrictEqual({
      type: "object",
      maximum: 2.5,
      default: { a: 1 },
      additionalProperties: false,
      items: { type: "string" },
    });
  });
});

describe("decodeKubernetesProtobuf: errors", () => {
  it("rejects a body without the k8s\\0 magic", () => {
    for (const body of [new Uint8Array(0), new Uint8Array([0x6b, 0x38, 0x73]), json({ kind: "Namespace" })]) {
      const err = decodeError(body);
      expect(err.code).toBe("malformed");
      expect(err.message).toContain("k8s");
    }
  });

  it("rejects a truncated body", () => {
    const body = fixture(namespace133);
    for (const length of [6, 10, 25, 40]) {
      const err = decodeError(body.subarray(0, length));
      expect(err.code).toBe("malformed");
      expect(err.message).toMatch(/^malformed protobuf body: /);
    }
  });

  it("never throws anything but ProtobufDecodeError on any prefix or corruption of a real body", () => {
    const body = fixture(saveConfig133);
    for (let length = 0; length <= body.length; length++) {
      try {
        decodeKubernetesProtobuf(body.subarray(0, length));
      } catch (err) {
        expect(err).toBeInstanceOf(ProtobufDecodeError);
      }
    }
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 2000; i++) {
      const corrupt = body.slice();
      corrupt[4 + Math.floor(random() * (corrupt.length - 4))] = Math.floor(random() * 256);
      try {
        decodeKubernetesProtobuf(corrupt);
      } catch (err) {
        expect(err).toBeInstanceOf(ProtobufDecodeError);
      }
    }
  });

  it("rejects a kind without a Go type as unsupported, naming it (custom resources are JSON only, as in kube)", () => {
    const err = decodeError(envelope("example.com/v1", "Widget", message(sub(1, str(1, "w")))));
    expect(err.code).toBe("unsupported");
    expect(err.message).toContain("Widget");
    expect(err.message).toContain("example.com/v1");
    // A known kind under another apiVersion is another type.
    expect(decodeError(envelope("v2", "Namespace", new Uint8Array(0))).code).toBe("unsupported");
  });

  it("rejects a non-empty contentEncoding as unsupported", () => {
    const err = decodeError(envelope("v1", "Namespace", new Uint8Array(0), "gzip"));
    expect(err.code).toBe("unsupported");
    expect(err.message).toContain("gzip");
  });

  it("rejects an envelope without a kind", () => {
    expect(decodeError(envelope("v1", "", new Uint8Array(0))).code).toBe("malformed");
  });

  it("rejects a known field sent with the wrong wire type", () => {
    const err = decodeError(namespace(int(1, 7)));
    expect(err.code).toBe("malformed");
    expect(err.message).toContain("meta.v1.ObjectMeta.name");
  });
});

describe("decodeKubernetesProtobuf: field tables", () => {
  it("decodes labels and annotations maps", () => {
    const decoded = decodeKubernetesProtobuf(
      namespace(
        str(1, "demo"),
        entry(11, "app", "web"),
        entry(11, "tier", ""),
        entry(12, "note", "hello"),
        sub(12, str(1, "no-value")), // a map entry without its value: the zero value
      ),
    );
    expect(decoded.metadata).toStrictEqual({
      name: "demo",
      labels: { app: "web", tier: "" },
      annotations: { note: "hello", "no-value": "" },
    });
  });

  it("keeps a map key __proto__ as a key, as JSON.parse does", () => {
    const decoded = decodeKubernetesProtobuf(namespace(entry(11, "__proto__", "x")));
    expect(decoded.metadata).toStrictEqual({ labels: JSON.parse('{"__proto__":"x"}') });
    expect(Object.keys((decoded.metadata as { labels: object }).labels)).toStrictEqual(["__proto__"]);
  });

  it("decodes Time as RFC 3339 in whole seconds, and drops Go's zero time", () => {
    const decoded = decodeKubernetesProtobuf(
      namespace(
        str(1, "demo"),
        sub(8, int(1, 1704164645), int(2, 987654321)), // 2024-01-02T03:04:05.987654321Z
        sub(9, int(1, 0), int(2, 0)), // deletionTimestamp at the Unix epoch: sent, so kept
      ),
    );
    expect(decoded.metadata).toStrictEqual({
      name: "demo",
      creationTimestamp: "2024-01-02T03:04:05Z",
      deletionTimestamp: "1970-01-01T00:00:00Z",
    });
    const zero = decodeKubernetesProtobuf(namespace(str(1, "demo"), sub(8), sub(9, int(1, -62135596800), int(2, 0))));
    expect(zero.metadata).toStrictEqual({ name: "demo" });
  });

  it("decodes MicroTime with microseconds, IntOrString, Quantity and RawExtension", () => {
    expect(decodeSpecial("MicroTime", message(int(1, 1704164645), int(2, 123456789)))).toBe(
      "2024-01-02T03:04:05.123456Z",
    );
    expect(decodeSpecial("MicroTime", message(int(1, 1704164645)))).toBe("2024-01-02T03:04:05.000000Z");
    expect(decodeSpecial("IntOrString", message(int(1, 0), int(2, 8080), str(3, "")))).toBe(8080);
    expect(decodeSpecial("IntOrString", message(int(1, 0), int(2, -1), str(3, "")))).toBe(-1);
    expect(decodeSpecial("IntOrString", message(int(1, 1), int(2, 0), str(3, "http")))).toBe("http");
    expect(decodeSpecial("Quantity", message(str(1, "500m")))).toBe("500m");
    expect(decodeSpecial("RawExtension", message(bytes(1, json({ a: [1, "b"] }))))).toStrictEqual({ a: [1, "b"] });
    expect(decodeSpecial("RawExtension", message())).toBeUndefined();
  });

  it("decodes ownerReferences, keeping the pointer bools exactly when sent", () => {
    const owner = (controller?: boolean): Build =>
      sub(
        13,
        str(1, "ReplicaSet"),
        str(3, "web-1"),
        str(4, "uid-1"),
        str(5, "apps/v1"),
        ...(controller === undefined ? [] : [bool(6, controller)]),
      );
    const decoded = decodeKubernetesProtobuf(namespace(str(1, "demo"), owner(true), owner(false), owner()));
    const ref = { apiVersion: "apps/v1", kind: "ReplicaSet", name: "web-1", uid: "uid-1" };
    expect(decoded.metadata).toStrictEqual({
      name: "demo",
      ownerReferences: [{ ...ref, controller: true }, { ...ref, controller: false }, ref],
    });
  });

  it("drops the zero values Go writes for non-pointer fields, but keeps sent pointers", () => {
    const decoded = decodeKubernetesProtobuf(
      envelope(
        "v1",
        "Namespace",
        message(
          sub(
            1,
            str(1, "demo"),
            ...[2, 3, 4, 5, 6].map((no) => str(no, "")), // generateName, namespace, selfLink, uid, resourceVersion
            int(7, 0), // generation
            sub(8), // creationTimestamp: Go's zero time
            int(10, 0), // deletionGracePeriodSeconds: a pointer, sent as 0
          ),
          sub(2), // spec
          sub(3, str(1, "")), // status.phase ""
        ),
      ),
    );
    expect(decoded).toStrictEqual({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "demo", deletionGracePeriodSeconds: 0 },
      spec: {},
      status: {},
    });
  });

  it("fills absent non-pointer structs with {} as Go's JSON does", () => {
    expect(decodeKubernetesProtobuf(envelope("v1", "Namespace", new Uint8Array(0)))).toStrictEqual({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: {},
      spec: {},
      status: {},
    });
  });

  it("decodes all of ObjectMeta, NamespaceSpec and NamespaceStatus", () => {
    const decoded = decodeKubernetesProtobuf(
      envelope(
        "v1",
        "Namespace",
        message(
          sub(
            1,
            str(1, "demo"),
            str(2, "demo-"),
            str(3, "ns"),
            str(4, "/api/v1/namespaces/demo"),
            str(5, "0b3c"),
            str(6, "42"),
            int(7, 3),
            sub(8, int(1, 1704164645)),
            sub(9, int(1, 1704164700)),
            int(10, 30),
            str(14, "example.com/cleanup"),
            str(14, "kubernetes"),
            sub(
              17,
              str(1, "kubectl-create"),
              str(2, "Update"),
              str(3, "v1"),
              sub(4, int(1, 1704164645)),
              str(6, "FieldsV1"),
              sub(7, bytes(1, json({ "f:metadata": { "f:labels": { ".": {} } } }))),
              str(8, ""),
            ),
          ),
          sub(2, str(1, "kubernetes")),
          sub(
            3,
            str(1, "Terminating"),
            sub(
              2,
              str(1, "NamespaceDeletionContentFailure"),
              str(2, "False"),
              sub(4, int(1, 1704164645)),
              str(5, "ContentDeleted"),
              str(6, "All content successfully deleted"),
            ),
          ),
        ),
      ),
    );
    expect(decoded).toStrictEqual({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: {
        name: "demo",
        generateName: "demo-",
        namespace: "ns",
        selfLink: "/api/v1/namespaces/demo",
        uid: "0b3c",
        resourceVersion: "42",
        generation: 3,
        creationTimestamp: "2024-01-02T03:04:05Z",
        deletionTimestamp: "2024-01-02T03:05:00Z",
        deletionGracePeriodSeconds: 30,
        finalizers: ["example.com/cleanup", "kubernetes"],
        managedFields: [
          {
            manager: "kubectl-create",
            operation: "Update",
            apiVersion: "v1",
            time: "2024-01-02T03:04:05Z",
            fieldsType: "FieldsV1",
            fieldsV1: { "f:metadata": { "f:labels": { ".": {} } } },
          },
        ],
      },
      spec: { finalizers: ["kubernetes"] },
      status: {
        phase: "Terminating",
        conditions: [
          {
            type: "NamespaceDeletionContentFailure",
            status: "False",
            lastTransitionTime: "2024-01-02T03:04:05Z",
            reason: "ContentDeleted",
            message: "All content successfully deleted",
          },
        ],
      },
    });
  });

  it("merges inline (embedded) structs into their parent: Probe's handler, Volume's source", () => {
    const pod = decodeKubernetesProtobuf(
      envelope(
        "v1",
        "Pod",
        message(
          sub(
            2, // spec
            sub(1, str(1, "cache"), sub(2, sub(2, str(1, "Memory")))), // volumes[0]: name, volumeSource{emptyDir}
            sub(
              2, // containers[0]
              str(1, "web"),
              sub(10, sub(1, sub(1, str(1, "true"))), int(2, 5)), // livenessProbe: handler{exec{command}}, delay
              sub(11, sub(1, sub(2, str(1, "/healthz"), sub(2, int(1, 1), str(3, "http")))), int(4, 10)),
            ),
            sub(34, str(2, "web")), // ephemeralContainers[0]: no EphemeralContainerCommon sent, only its target
          ),
        ),
      ),
    );
    expect(pod.spec).toStrictEqual({
      volumes: [{ name: "cache", emptyDir: { medium: "Memory" } }],
      containers: [
        {
          name: "web",
          resources: {},
          livenessProbe: { exec: { command: ["true"] }, initialDelaySeconds: 5 },
          readinessProbe: { httpGet: { path: "/healthz", port: "http" }, periodSeconds: 10 },
        },
      ],
      // The embedded struct's zero value, as Go's JSON has it: name has no omitempty, resources is a struct.
      ephemeralContainers: [{ name: "", resources: {}, targetContainerName: "web" }],
    });
  });

  it("keeps the zero value of scalars without omitempty, sent or not, and drops it otherwise", () => {
    const binding = (...roleRef: Build[]) =>
      decodeKubernetesProtobuf(envelope("rbac.authorization.k8s.io/v1", "RoleBinding", message(sub(3, ...roleRef))));
    expect(binding(str(1, ""), str(2, "Role"), str(3, "r"))).toStrictEqual({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: {},
      roleRef: { apiGroup: "", kind: "Role", name: "r" },
    });
    expect(binding().roleRef).toStrictEqual({ apiGroup: "", kind: "", name: "" });
    const priorityClass = decodeKubernetesProtobuf(envelope("scheduling.k8s.io/v1", "PriorityClass", message()));
    expect(priorityClass).toStrictEqual({
      apiVersion: "scheduling.k8s.io/v1",
      kind: "PriorityClass",
      metadata: {},
      value: 0,
    });
  });

  it("fills what Go's JSON has for unsent non-pointer fields: nested structs, IntOrString 0", () => {
    expect(decodeKubernetesProtobuf(envelope("apps/v1", "Deployment", message()))).toStrictEqual({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: {},
      spec: { template: { metadata: {}, spec: {} }, strategy: {} },
      status: {},
    });
    const service = decodeKubernetesProtobuf(envelope("v1", "Service", message(sub(2, sub(1, str(1, "web"))))));
    expect(service.spec).toStrictEqual({ ports: [{ name: "web", port: 0, targetPort: 0 }] });
  });

  it("decodes ExtraValue maps (a named []string) as arrays", () => {
    const extra = (key: string, ...items: string[]): Build =>
      sub(4, str(1, key), sub(2, ...items.map((i) => str(1, i))));
    const review = decodeKubernetesProtobuf(
      envelope(
        "authentication.k8s.io/v1",
        "SelfSubjectReview",
        message(sub(2, sub(1, str(1, "alice"), str(3, "devs"), extra("scopes", "a", "b"), extra("none")))),
      ),
    );
    expect(review.status).toStrictEqual({
      userInfo: { username: "alice", groups: ["devs"], extra: { scopes: ["a", "b"], none: [] } },
    });
  });

  it("skips field numbers it does not know", () => {
    const decoded = decodeKubernetesProtobuf(
      namespace(
        str(1, "demo"),
        str(15, "old-cluster-name"), // ObjectMeta.clusterName, removed in 1.25
        int(99, 7),
        (w) => w.tag(100, WireType.Bit64).fixed64(1),
        (w) => w.tag(101, WireType.Bit32).fixed32(1),
        sub(102, str(1, "nested")),
      ),
    );
    expect(decoded.metadata).toStrictEqual({ name: "demo" });
  });

  it("has a table for every referenced message and kind, without duplicate JSON names", () => {
    const referenced = (kind: ValueKind | { map: ValueKind }): string[] =>
      typeof kind !== "object" ? [] : "map" in kind ? referenced(kind.map) : [kind.message];
    /** The JSON names of a message's fields, an inline field's own fields in its stead. */
    const jsonNames = (name: MessageName): string[] =>
      Object.values(MESSAGES[name] ?? {}).flatMap((f) =>
        f.inline && typeof f.kind === "object" && "message" in f.kind ? jsonNames(f.kind.message) : [f.json],
      );
    for (const [name, spec] of Object.entries(MESSAGES)) {
      const names = jsonNames(name as MessageName);
      expect(new Set(names).size, name).toBe(names.length);
      for (const ref of Object.values(spec).flatMap((f) => referenced(f.kind))) {
        expect(MESSAGES, name).toHaveProperty([ref]);
      }
      for (const field of Object.values(spec)) {
        if (field.inline) expect(typeof field.kind === "object" && "message" in field.kind, name).toBe(true);
        if (field.keepZero) expect(["string", "bool", "int32", "int64", "double"], name).toContain(field.kind);
      }
    }
    for (const message of Object.values(PROTOBUF_KINDS)) expect(MESSAGES).toHaveProperty([message]);
  });
});
