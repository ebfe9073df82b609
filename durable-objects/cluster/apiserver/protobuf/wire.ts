// Framing of Kubernetes protobuf bodies. Varints and length-delimited reads come from @bufbuild/protobuf's
// BinaryReader (pure JS, no eval: safe in workerd).
import { WireType } from "@bufbuild/protobuf/wire";

export { BinaryReader, WireType } from "@bufbuild/protobuf/wire";

export const KUBERNETES_PROTOBUF_MEDIA_TYPE = "application/vnd.kubernetes.protobuf";

/** Every Kubernetes protobuf body starts with these 4 bytes ("k8s\0"), then a runtime.Unknown envelope. */
export const KUBERNETES_PROTOBUF_MAGIC: Readonly<Uint8Array> = new Uint8Array([0x6b, 0x38, 0x73, 0x00]);

export function hasKubernetesProtobufMagic(body: Uint8Array): boolean {
  return body.length >= KUBERNETES_PROTOBUF_MAGIC.length && KUBERNETES_PROTOBUF_MAGIC.every((b, i) => body[i] === b);
}

export function wireTypeName(wireType: WireType): string {
  return WireType[wireType] ?? String(wireType);
}
