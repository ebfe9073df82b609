// Errors of the patch functions, worded as kube-apiserver words them. The HTTP layer turns them into a
// Status: PatchError.code is the status kube answers (400 BadRequest, 413, 422 Invalid). Where kube answers
// a client's mistake with a 500 (strategicpatch's errors it does not classify), the code is 400: a 500 is
// never the answer to what a client sends.

export type PatchErrorKind = "invalid-patch" | "apply-failed";

export class PatchError extends Error {
  override readonly name = "PatchError";
  constructor(
    /** invalid-patch: the body is not a patch of its type; apply-failed: it is, but does not apply to this object. */
    readonly kind: PatchErrorKind,
    message: string,
    readonly code: 400 | 413 | 422 = kind === "invalid-patch" ? 400 : 422,
  ) {
    super(message);
  }
}

/** A Content-Type that is no patch type of this resource: kube answers 415 UnsupportedMediaType with this message. */
export class UnsupportedPatchTypeError extends Error {
  override readonly name = "UnsupportedPatchTypeError";
  readonly code = 415;
  constructor(
    readonly contentType: string,
    readonly accepted: readonly string[],
  ) {
    super(`the body of the request was in an unknown format - accepted media types include: ${accepted.join(", ")}`);
  }
}

/** application/apply-patch+yaml is server-side apply, which is not a patch function of this folder. */
export class ApplyPatchNotHandledError extends Error {
  override readonly name = "ApplyPatchNotHandledError";
  constructor(readonly contentType: string) {
    super(`${contentType} (server-side apply) is not handled by applyPatch`);
  }
}

/** Go's name of a decoded JSON value's kind, as encoding/json puts it in "cannot unmarshal X into ...". */
export function goJsonKind(v: unknown): string {
  if (Array.isArray(v)) return "array";
  if (v === null) return "null";
  if (typeof v === "object") return "object";
  if (typeof v === "boolean") return "bool";
  return typeof v; // string, number
}

/** Roughly Go's %v of a decoded JSON value (map[k:v], [a b], <nil>), for messages kube builds with it. */
export function goFormat(v: unknown): string {
  if (v === null || v === undefined) return "<nil>";
  if (Array.isArray(v)) return `[${v.map(goFormat).join(" ")}]`;
  if (typeof v === "object") {
    const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `map[${entries.map(([k, x]) => `${k}:${goFormat(x)}`).join(" ")}]`;
  }
  return String(v);
}

/** Go's reflect type name of a decoded JSON value. */
export function goTypeName(v: unknown): string {
  if (v === null || v === undefined) return "<nil>";
  if (Array.isArray(v)) return "[]interface {}";
  if (typeof v === "object") return "map[string]interface {}";
  if (typeof v === "number") return Number.isInteger(v) ? "int64" : "float64";
  return typeof v === "boolean" ? "bool" : "string";
}
