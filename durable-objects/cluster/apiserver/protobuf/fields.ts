// Field tables for the Kubernetes protobuf messages we decode: data only, interpreted by decode.ts.
// Field numbers follow the `protobuf:"…"` tags of the Go types (k8s.io/api/core/v1, k8s.io/apimachinery
// meta/v1, runtime, util/intstr, api/resource); JSON names and pointer-ness follow their `json:"…"` tags.
//
// To support a new kind: add its messages to MessageName and MESSAGES, then one line to PROTOBUF_KINDS.

/** Plain protobuf scalars. JSON form: int64 as a number, bytes as base64 (as Go's encoding/json does). */
export type ScalarKind = "string" | "bool" | "int32" | "int64" | "bytes";

/** Kubernetes types whose JSON form differs from their wire message (see SPECIAL_MESSAGES and decode.ts). */
export type SpecialKind = "Time" | "MicroTime" | "IntOrString" | "Quantity" | "RawExtension" | "FieldsV1";

export type ValueKind = ScalarKind | SpecialKind | { message: MessageName };

export interface FieldSpec {
  /** Name in the JSON form. */
  json: string;
  /** `{ map: V }` is a proto map<string, V>, on the wire repeated entries {1: key, 2: value}. */
  kind: ValueKind | { map: ValueKind };
  repeated?: true;
  /**
   * A Go pointer field (*T): present exactly when it was sent, even when zero (`controller: false`).
   * Non-pointer scalars are dropped when zero ("" / 0 / false), as `omitempty` does for JSON (Go's protobuf
   * marshalling writes them all). Non-pointer messages are always present, `{}` when empty, as Go's JSON has
   * them; except Time, whose zero value Go renders as null, which we leave out.
   */
  pointer?: true;
}

/** Field number → field. Unknown numbers are skipped by the decoder. */
export type MessageSpec = Readonly<Record<number, FieldSpec>>;

export type MessageName =
  // k8s.io/apimachinery/pkg/runtime
  | "runtime.TypeMeta"
  | "runtime.Unknown"
  | "runtime.RawExtension"
  // k8s.io/apimachinery/pkg/apis/meta/v1
  | "meta.v1.Time"
  | "meta.v1.MicroTime"
  | "meta.v1.FieldsV1"
  | "meta.v1.ObjectMeta"
  | "meta.v1.OwnerReference"
  | "meta.v1.ManagedFieldsEntry"
  // k8s.io/apimachinery/pkg/util/intstr, k8s.io/apimachinery/pkg/api/resource
  | "intstr.IntOrString"
  | "resource.Quantity"
  // k8s.io/api/core/v1
  | "core.v1.Namespace"
  | "core.v1.NamespaceSpec"
  | "core.v1.NamespaceStatus"
  | "core.v1.NamespaceCondition";

const str = (json: string): FieldSpec => ({ json, kind: "string" });
const msg = (json: string, message: MessageName): FieldSpec => ({ json, kind: { message } });

export const MESSAGES: Readonly<Record<MessageName, MessageSpec>> = {
  "runtime.TypeMeta": { 1: str("apiVersion"), 2: str("kind") },
  "runtime.Unknown": {
    1: msg("typeMeta", "runtime.TypeMeta"),
    2: { json: "raw", kind: "bytes" },
    3: str("contentEncoding"),
    4: str("contentType"),
  },
  "runtime.RawExtension": { 1: { json: "raw", kind: "bytes" } },

  // Both are google.protobuf.Timestamp-shaped; an empty message is Go's zero time.
  "meta.v1.Time": {
    1: { json: "seconds", kind: "int64", pointer: true },
    2: { json: "nanos", kind: "int32", pointer: true },
  },
  "meta.v1.MicroTime": {
    1: { json: "seconds", kind: "int64", pointer: true },
    2: { json: "nanos", kind: "int32", pointer: true },
  },
  "meta.v1.FieldsV1": { 1: { json: "raw", kind: "bytes" } },

  "meta.v1.ObjectMeta": {
    1: str("name"),
    2: str("generateName"),
    3: str("namespace"),
    4: str("selfLink"),
    5: str("uid"),
    6: str("resourceVersion"),
    7: { json: "generation", kind: "int64" },
    8: { json: "creationTimestamp", kind: "Time" },
    9: { json: "deletionTimestamp", kind: "Time", pointer: true },
    10: { json: "deletionGracePeriodSeconds", kind: "int64", pointer: true },
    11: { json: "labels", kind: { map: "string" } },
    12: { json: "annotations", kind: { map: "string" } },
    13: { json: "ownerReferences", kind: { message: "meta.v1.OwnerReference" }, repeated: true },
    14: { json: "finalizers", kind: "string", repeated: true },
    // 15 was clusterName (removed in 1.25).
    17: { json: "managedFields", kind: { message: "meta.v1.ManagedFieldsEntry" }, repeated: true },
  },
  "meta.v1.OwnerReference": {
    1: str("kind"),
    3: str("name"),
    4: str("uid"),
    5: str("apiVersion"),
    6: { json: "controller", kind: "bool", pointer: true },
    7: { json: "blockOwnerDeletion", kind: "bool", pointer: true },
  },
  "meta.v1.ManagedFieldsEntry": {
    1: str("manager"),
    2: str("operation"),
    3: str("apiVersion"),
    4: { json: "time", kind: "Time", pointer: true },
    6: str("fieldsType"),
    7: { json: "fieldsV1", kind: "FieldsV1", pointer: true },
    8: str("subresource"),
  },

  "intstr.IntOrString": {
    1: { json: "type", kind: "int64" }, // 0 = Int, 1 = String
    2: { json: "intVal", kind: "int32" },
    3: str("strVal"),
  },
  "resource.Quantity": { 1: str("string") },

  "core.v1.Namespace": {
    1: msg("metadata", "meta.v1.ObjectMeta"),
    2: msg("spec", "core.v1.NamespaceSpec"),
    3: msg("status", "core.v1.NamespaceStatus"),
  },
  "core.v1.NamespaceSpec": { 1: { json: "finalizers", kind: "string", repeated: true } },
  "core.v1.NamespaceStatus": {
    1: str("phase"),
    2: { json: "conditions", kind: { message: "core.v1.NamespaceCondition" }, repeated: true },
  },
  "core.v1.NamespaceCondition": {
    1: str("type"),
    2: str("status"),
    4: { json: "lastTransitionTime", kind: "Time" },
    5: str("reason"),
    6: str("message"),
  },
};

/** The wire message carrying each special kind; decode.ts turns it into the JSON form. */
export const SPECIAL_MESSAGES: Readonly<Record<SpecialKind, MessageName>> = {
  Time: "meta.v1.Time",
  MicroTime: "meta.v1.MicroTime",
  IntOrString: "intstr.IntOrString",
  Quantity: "resource.Quantity",
  RawExtension: "runtime.RawExtension",
  FieldsV1: "meta.v1.FieldsV1",
};

/** Top-level kinds accepted as protobuf request bodies, keyed by "apiVersion/kind" from the envelope's TypeMeta. */
export const PROTOBUF_KINDS: Readonly<Record<string, MessageName>> = {
  "v1/Namespace": "core.v1.Namespace",
};
