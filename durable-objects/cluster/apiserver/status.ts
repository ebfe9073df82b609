// metav1.Status: the only shape errors take, worded as kube-apiserver words them.

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: "Status";
  apiVersion: "v1";
  metadata: Record<string, unknown>;
  status: "Success" | "Failure";
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

/** metav1.Status, its fields in kube's order (kind, apiVersion, metadata, status, message, reason, details, code). */
export function status(code: number, reason: string, message: string, details?: StatusDetails): Status {
  const s: Status = { kind: "Status", apiVersion: "v1", metadata: {}, status: code < 400 ? "Success" : "Failure", message, reason, ...(details ? { details } : {}), code };
  return s;
}

/** Thrown anywhere below the HTTP layer; rendered as its Status with its code. */
export class ApiError extends Error {
  constructor(readonly status: Status) {
    super(status.message);
  }
  get code(): number {
    return this.status.code;
  }
}

/** "deployments.apps" or "namespaces": how kube names a group-resource in messages. */
export interface GroupResource {
  group: string;
  resource: string;
}
const qualified = (gr: GroupResource) => (gr.group ? `${gr.resource}.${gr.group}` : gr.resource);
const grDetails = (gr: GroupResource, name: string): StatusDetails => (gr.group ? { name, group: gr.group, kind: gr.resource } : { name, kind: gr.resource });

export const errors = {
  notFound: (gr: GroupResource, name: string) =>
    new ApiError(status(404, "NotFound", `${qualified(gr)} "${name}" not found`, grDetails(gr, name))),
  alreadyExists: (gr: GroupResource, name: string) =>
    new ApiError(status(409, "AlreadyExists", `${qualified(gr)} "${name}" already exists`, grDetails(gr, name))),
  conflict: (gr: GroupResource, name: string, why = "the object has been modified; please apply your changes to the latest version and try again") =>
    new ApiError(status(409, "Conflict", `Operation cannot be fulfilled on ${qualified(gr)} "${name}": ${why}`, grDetails(gr, name))),
  /** 422: kubectl rebuilds its message from details.kind, details.name and the causes. */
  invalid: (kind: string, group: string, name: string, causes: StatusCause[]) => {
    const list = causes.map((c) => `${c.field}: ${c.message}`).join(", ");
    const details: StatusDetails = { name, kind, causes };
    if (group) details.group = group;
    const shown = causes.length === 1 ? list : `[${list}]`;
    return new ApiError(status(422, "Invalid", `${kind}${group ? "." + group : ""} "${name}" is invalid: ${shown}`, details));
  },
  badRequest: (message: string) => new ApiError(status(400, "BadRequest", message)),
  forbidden: (message: string, gr?: GroupResource, name?: string) =>
    new ApiError(status(403, "Forbidden", message, gr ? grDetails(gr, name ?? "") : undefined)),
  unauthorized: () => new ApiError(status(401, "Unauthorized", "Unauthorized")),
  methodNotAllowed: (message = "the server does not allow this method on the requested resource") =>
    new ApiError(status(405, "MethodNotAllowed", message)),
  notAcceptable: (message: string) => new ApiError(status(406, "NotAcceptable", message)),
  unsupportedMediaType: (contentType: string) =>
    new ApiError(status(415, "UnsupportedMediaType", `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf (got ${JSON.stringify(contentType)})`)),
  /** 410 Gone, reason Expired: a watch or continue token from before the compaction point. */
  expired: (message: string) => new ApiError(status(410, "Expired", message)),
  /** 429; kubectl retries only when the response also has a Retry-After header (the HTTP layer adds it). */
  tooManyRequests: (message: string, retryAfterSeconds: number) =>
    new ApiError(status(429, "TooManyRequests", message, { retryAfterSeconds })),
  tooLarge: (message: string) => new ApiError(status(413, "RequestEntityTooLarge", message)),
  /** A path that names nothing this server serves. */
  pathNotFound: () => new ApiError(status(404, "NotFound", "the server could not find the requested resource")),
  internal: (message: string) => new ApiError(status(500, "InternalError", `Internal error occurred: ${message}`, { causes: [{ message }] })),
};
