// Kubernetes protobuf (application/vnd.kubernetes.protobuf) request bodies → JSON-form objects.
export { decodeKubernetesProtobuf } from "./decode";
export { ProtobufDecodeError, type ProtobufDecodeErrorCode } from "./errors";
export {
  MESSAGES,
  PROTOBUF_KINDS,
  type FieldSpec,
  type MessageName,
  type MessageSpec,
  type ScalarKind,
  type SpecialKind,
  type ValueKind,
} from "./fields";
export { KUBERNETES_PROTOBUF_MAGIC, KUBERNETES_PROTOBUF_MEDIA_TYPE, hasKubernetesProtobufMagic } from "./wire";
