// k8s.io/apimachinery: runtime (the envelope), meta/v1 (ObjectMeta, LabelSelector, Condition, …), and the wire
// messages of the special kinds Time, MicroTime, IntOrString, Quantity, RawExtension, FieldsV1 (StringList's is in
// authentication.ts). Field numbers from k8s.io/apimachinery v0.36.3
// pkg/{runtime,apis/meta/v1,util/intstr,api/resource}/generated.proto; ptr / keep from the Go structs.
import { bool, bytes, fieldsV1, i32, i64, keep, list, mapOf, msg, ptr, str, time, type Messages } from "./types";

export const META = {
  // k8s.io/apimachinery/pkg/runtime
  "runtime.TypeMeta": { 1: str("apiVersion"), 2: str("kind") },
  "runtime.Unknown": {
    1: msg("typeMeta", "runtime.TypeMeta"),
    2: bytes("raw"),
    3: str("contentEncoding"),
    4: str("contentType"),
  },
  "runtime.RawExtension": { 1: bytes("raw") },

  // Both are google.protobuf.Timestamp-shaped; an empty message is Go's zero time.
  "meta.v1.Time": { 1: ptr(i64("seconds")), 2: ptr(i32("nanos")) },
  "meta.v1.MicroTime": { 1: ptr(i64("seconds")), 2: ptr(i32("nanos")) },
  "meta.v1.FieldsV1": { 1: bytes("raw") },

  // k8s.io/apimachinery/pkg/util/intstr, k8s.io/apimachinery/pkg/api/resource
  "intstr.IntOrString": {
    1: i64("type"), // 0 = Int, 1 = String
    2: i32("intVal"),
    3: str("strVal"),
  },
  "resource.Quantity": { 1: str("string") },

  // k8s.io/apimachinery/pkg/apis/meta/v1
  "meta.v1.ObjectMeta": {
    1: str("name"),
    2: str("generateName"),
    3: str("namespace"),
    4: str("selfLink"),
    5: str("uid"),
    6: str("resourceVersion"),
    7: i64("generation"),
    8: time("creationTimestamp"),
    9: ptr(time("deletionTimestamp")),
    10: ptr(i64("deletionGracePeriodSeconds")),
    11: mapOf("labels", "string"),
    12: mapOf("annotations", "string"),
    13: list(msg("ownerReferences", "meta.v1.OwnerReference")),
    14: list(str("finalizers")),
    // 15 was clusterName (removed in 1.25).
    17: list(msg("managedFields", "meta.v1.ManagedFieldsEntry")),
  },
  "meta.v1.OwnerReference": {
    5: keep(str("apiVersion")),
    1: keep(str("kind")),
    3: keep(str("name")),
    4: keep(str("uid")),
    6: ptr(bool("controller")),
    7: ptr(bool("blockOwnerDeletion")),
  },
  "meta.v1.ManagedFieldsEntry": {
    1: str("manager"),
    2: str("operation"),
    3: str("apiVersion"),
    4: ptr(time("time")),
    6: str("fieldsType"),
    7: ptr(fieldsV1("fieldsV1")),
    8: str("subresource"),
  },
  "meta.v1.Condition": {
    1: keep(str("type")),
    2: keep(str("status")),
    3: i64("observedGeneration"),
    4: time("lastTransitionTime"),
    5: keep(str("reason")),
    6: keep(str("message")),
  },
  "meta.v1.LabelSelector": {
    1: mapOf("matchLabels", "string"),
    2: list(msg("matchExpressions", "meta.v1.LabelSelectorRequirement")),
  },
  "meta.v1.LabelSelectorRequirement": {
    1: keep(str("key")),
    2: keep(str("operator")),
    3: list(str("values")),
  },
  "meta.v1.FieldSelectorRequirement": {
    1: keep(str("key")),
    2: keep(str("operator")),
    3: list(str("values")),
  },
} satisfies Messages;
