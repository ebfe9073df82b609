// Request bodies: JSON, or Kubernetes protobuf (kubectl 1.32+ typed writes), both decoded to the
// same JSON object. A size cap like kube-apiserver's protects the DO, and so do the nesting and alias
// limits of decode-limits.ts, checked before anything walks the body.
import { jsonDepthError, MAX_NESTING_DEPTH, measure, parseYamlDocument, YamlLimitError } from "./decode-limits";
import { decodeKubernetesProtobuf, KUBERNETES_PROTOBUF_MEDIA_TYPE, ProtobufDecodeError } from "./protobuf";
import type { JsonObject } from "./registry/types";
import { goJsonSyntaxError } from "./decoding/go-json-scanner";
import { goJsonKind } from "./patch/errors";
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

/**
 * The request body as a JSON object. `into` names the kind a create or update decodes into: kube's
 * decoder then words a body it cannot read as "the object provided is unrecognized (must be of type
 * <kind>)" with Go's JSON error and a summary of the body.
 */
export async function readBody(request: Request, into?: string): Promise<JsonObject | undefined> {
  const bytes = await readBytes(request);
  if (bytes.byteLength === 0) return undefined;

  // A missing Content-Type is JSON (kubectl scale --current-replicas sends none).
  const contentType = (request.headers.get("content-type") ?? "application/json").split(";")[0]!.trim().toLowerCase();
  if (contentType === KUBERNETES_PROTOBUF_MEDIA_TYPE) {
    try {
      const decoded = decodeKubernetesProtobuf(bytes);
      // Typed fields nest as their types do, but embedded JSON (RawExtension, FieldsV1) nests as it likes.
      if (measure(decoded, { depth: MAX_NESTING_DEPTH }).over) {
        throw errors.badRequest(`unable to decode the protobuf body: an embedded object exceeded max depth of ${MAX_NESTING_DEPTH}`);
      }
      return decoded;
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
      parsed = parseYamlDocument(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes));
    } catch (err) {
      if (err instanceof YamlLimitError) throw decodeFailure(err.message, bytes, into);
      throw errors.badRequest(`the body of the request could not be decoded as YAML: ${(err as Error).message.split("\n")[0]}`);
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw errors.badRequest("the body of the request must be an object");
    return parsed as JsonObject;
  }
  if (contentType === "application/json" || contentType === "") {
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
    } catch {
      throw errors.badRequest("the body of the request is not valid UTF-8");
    }
    // Go's own syntax check first, in its words; then the nesting limit (decode-limits.ts: kube's
    // 10,000 levels would overflow the walkers after JSON.parse, so 500, in the scanner's words).
    const syntax = goJsonSyntaxError(text) ?? jsonDepthError(text) ?? goTypeMetaError(text);
    if (syntax) throw decodeFailure(`couldn't get version/kind; json parse error: ${syntax}`, bytes, into);
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw errors.badRequest("the body of the request must be a JSON object");
    }
    return parsed as JsonObject;
  }
  throw errors.unsupportedMediaType(contentType);
}

/** Go's reflect name of the struct kube's SimpleMetaFactory reads apiVersion and kind into. */
const TYPE_META_STRUCT = 'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';

/**
 * What encoding/json says when reading apiVersion and kind out of a syntactically valid body fails:
 * a value that is not an object, or an apiVersion/kind that is not a string. (null decodes to nothing.)
 */
function goTypeMetaError(text: string): string | null {
  const value: unknown = JSON.parse(text);
  if (value === null) return null;
  if (typeof value !== "object" || Array.isArray(value)) return `json: cannot unmarshal ${goJsonKind(value)} into Go value of type ${TYPE_META_STRUCT}`;
  for (const field of ["apiVersion", "kind"]) {
    const v = (value as JsonObject)[field];
    if (v !== undefined && v !== null && typeof v !== "string") return `json: cannot unmarshal ${goJsonKind(v)} into Go struct field .${field} of type string`;
  }
  return null;
}

/** kube's transformDecodeError for a body whose kind is unknown; a plain 400 where no kind is expected. */
function decodeFailure(message: string, body: Uint8Array, into: string | undefined) {
  // DeleteOptions and other bodies without a kind of their own: kube answers in the decoder's words alone.
  if (!into) return errors.badRequest(message);
  return errors.badRequest(`the object provided is unrecognized (must be of type ${into}): ${message} (${summarizeBody(body, 30)})`);
}

/** kube's summarizeData: the start of a JSON object as text, anything else in hex, " ..." when cut. */
function summarizeBody(body: Uint8Array, max: number): string {
  if (body.length === 0) return "<empty>";
  const head = body.subarray(0, max);
  const shown = body[0] === 0x7b ? new TextDecoder().decode(head) : [...head].map((b) => b.toString(16).padStart(2, "0")).join("");
  return body.length > max ? `${shown} ...` : shown;
}
