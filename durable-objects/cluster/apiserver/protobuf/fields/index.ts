// Field tables for the Kubernetes protobuf messages we decode: data only, interpreted by decode.ts. One file per
// API group (core/v1 in three: core, pod, volume); the vocabulary is in types.ts.
//
// To support a new kind: add its messages to the table of its group (field numbers from the generated.proto of
// k8s.io/api or k8s.io/apimachinery, pointer-ness and `omitempty` from the Go types), then one line to
// PROTOBUF_KINDS. A message name that no table defines fails to type-check here. The tables follow k8s.io/api
// v0.36.3 (fields newer than a client are simply never sent; fields newer than the tables are skipped). They are
// checked by decode.kubectl.test.ts against real kubectl bodies and against bodies protobufjs encoded from the
// generated.proto files with every field of every kind set.
import { APPS } from "./apps";
import { AUTHENTICATION } from "./authentication";
import { AUTHORIZATION } from "./authorization";
import { BATCH } from "./batch";
import { CORE } from "./core";
import { META } from "./meta";
import { NETWORKING } from "./networking";
import { POD } from "./pod";
import { POLICY } from "./policy";
import { RBAC } from "./rbac";
import { SCHEDULING } from "./scheduling";
import type { MessageSpec, SpecialKind } from "./types";
import { VOLUME } from "./volume";

export type { FieldSpec, MessageSpec, ScalarKind, SpecialKind, ValueKind } from "./types";

const TABLES = {
  ...META,
  ...CORE,
  ...POD,
  ...VOLUME,
  ...APPS,
  ...BATCH,
  ...RBAC,
  ...POLICY,
  ...NETWORKING,
  ...SCHEDULING,
  ...AUTHORIZATION,
  ...AUTHENTICATION,
};

/** "core.v1.PodSpec", "meta.v1.ObjectMeta", …: every message with a table. */
export type MessageName = keyof typeof TABLES;

export const MESSAGES: Readonly<Record<MessageName, MessageSpec>> = TABLES;

/** The wire message carrying each special kind; decode.ts turns it into the JSON form. */
export const SPECIAL_MESSAGES: Readonly<Record<SpecialKind, MessageName>> = {
  Time: "meta.v1.Time",
  MicroTime: "meta.v1.MicroTime",
  IntOrString: "intstr.IntOrString",
  Quantity: "resource.Quantity",
  RawExtension: "runtime.RawExtension",
  FieldsV1: "meta.v1.FieldsV1",
  StringList: "authentication.v1.ExtraValue",
};

/** Top-level kinds accepted as protobuf request bodies, keyed by "apiVersion/kind" from the envelope's TypeMeta. */
export const PROTOBUF_KINDS: Readonly<Record<string, MessageName>> = {
  "v1/Namespace": "core.v1.Namespace",
  "v1/Service": "core.v1.Service",
  "v1/ConfigMap": "core.v1.ConfigMap",
  "v1/Secret": "core.v1.Secret",
  "v1/ServiceAccount": "core.v1.ServiceAccount",
  "v1/ResourceQuota": "core.v1.ResourceQuota",
  "v1/Pod": "core.v1.Pod",
  "apps/v1/Deployment": "apps.v1.Deployment",
  "batch/v1/Job": "batch.v1.Job",
  "batch/v1/CronJob": "batch.v1.CronJob",
  "rbac.authorization.k8s.io/v1/Role": "rbac.v1.Role",
  "rbac.authorization.k8s.io/v1/ClusterRole": "rbac.v1.ClusterRole",
  "rbac.authorization.k8s.io/v1/RoleBinding": "rbac.v1.RoleBinding",
  "rbac.authorization.k8s.io/v1/ClusterRoleBinding": "rbac.v1.ClusterRoleBinding",
  "policy/v1/PodDisruptionBudget": "policy.v1.PodDisruptionBudget",
  "networking.k8s.io/v1/Ingress": "networking.v1.Ingress",
  "scheduling.k8s.io/v1/PriorityClass": "scheduling.v1.PriorityClass",
  "authorization.k8s.io/v1/SelfSubjectAccessReview": "authorization.v1.SelfSubjectAccessReview",
  "authorization.k8s.io/v1/SelfSubjectRulesReview": "authorization.v1.SelfSubjectRulesReview",
  "authentication.k8s.io/v1/TokenRequest": "authentication.v1.TokenRequest",
  "authentication.k8s.io/v1/SelfSubjectReview": "authentication.v1.SelfSubjectReview",
};
