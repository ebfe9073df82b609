// Request bodies: JSON, or Kubernetes protobuf (kubectl 1.32+ typed writes), both decoded to the
// same JSON object. A size cap like kube-apiserver's protects the DO.
import { parse as parseYaml } from "yaml";
import { decodeKubernetesProtobuf, KUBERNETES_PROTOBUF_MEDIA_TYPE, ProtobufDecodeError } from "./protobuf";
import type { JsonObject } from "./registry/types";
import { errors } from "./status";

/** kube-apiserver's default limit on a request body (3 MiB). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

async function readBytes(request: Request): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw errors.tooLarge(`Request entity too large: limit is ${MAX_BODY_BYTES}`);
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > MAX_BODY_BYTES) throw errors.tooLarge(`Request entity too large: limit is ${MAX_BODY_BYTES}`);
  return bytes;
}

/** A PATCH body as text (its type decides how it is read). */
export async function readText(request: Request): Promise<string> {
  const bytes = await readBytes(request);
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw errors.badRequest("the body of the request is not valid UTF-8");
  }
}

export async function readBody(request: Request): Promise<JsonObject | undefined> {
  const bytes = await readBytes(request);
  if (bytes.byteLength === 0) return undefined;

  // A missing Content-Type is JSON (kubectl scale --current-replicas sends none).
  const contentType = (request.headers.get("content-type") ?? "application/json").split(";")[0]!.trim().toLowerCase();
  if (contentType === KUBERNETES_PROTOBUF_MEDIA_TYPE) {
    try {
      return decodeKubernetesProtobuf(bytes);
    } catch (err) {
      if (err instanceof ProtobufDecodeError) {
        if (err.code === "unsupported") throw errors.unsupportedMediaType(`${contentType} (${err.message})`);
        throw errors.badRequest(`unable to decode the protobuf body: ${err.message}`);
      }
      throw err;
    }
  }
  if (contentType === "application/yaml") {
    let parsed: unknown;
    try {
      parsed = parseYaml(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes), { uniqueKeys: true, maxAliasCount: 100 });
    } catch (err) {
      throw errors.badRequest(`the body of the request could not be decoded as YAML: ${(err as Error).message.split("\n")[0]}`);
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw errors.badRequest("the body of the request must be an object");
    return parsed as JsonObject;
  }
  if (contentType === "application/json" || contentType === "") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes));
    } catch (err) {
      throw errors.badRequest(`the body of the request could not be decoded as JSON: ${(err as Error).message}`);
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw errors.badRequest("the body of the request must be a JSON object");
    }
    return parsed as JsonObject;
  }
  throw errors.unsupportedMediaType(contentType);
}
