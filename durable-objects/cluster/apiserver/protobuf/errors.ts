/**
 * Why a Kubernetes protobuf body could not be decoded:
 * - "malformed": not a Kubernetes protobuf body (no "k8s\0" magic), truncated, or bad wire data → 400 BadRequest.
 * - "unsupported": well-formed, but a kind (or content encoding) this server has no field table for →
 *   415 UnsupportedMediaType, so the client can retry as JSON.
 */
export type ProtobufDecodeErrorCode = "malformed" | "unsupported";

export class ProtobufDecodeError extends Error {
  override readonly name = "ProtobufDecodeError";

  constructor(
    readonly code: ProtobufDecodeErrorCode,
    message: string,
  ) {
    super(message);
  }
}
