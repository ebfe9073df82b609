// Requests from the console. The browser's HttpOnly session cookie authenticates them (same origin
// only); the console never sees a token. Errors carry the server's metav1.Status.

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface Status {
  kind: "Status";
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { name?: string; kind?: string; causes?: StatusCause[] };
}

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly status: Status | null,
    message: string,
  ) {
    super(message);
  }
  get causes(): StatusCause[] {
    return this.status?.details?.causes ?? [];
  }
}

export const TABLE_ACCEPT = "application/json;as=Table;v=v1;g=meta.k8s.io";

export interface RequestOptions {
  body?: unknown;
  /** Defaults to application/json; patches name their own. */
  contentType?: string;
  accept?: string;
  signal?: AbortSignal;
}

/** A JSON request; non-2xx answers throw ApiError with the server's Status. */
export async function request<T = any>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  return (await requestWithStatus<T>(method, path, opts)).body;
}

/** Like `request`, also giving the HTTP status (201 Created vs 200 OK). */
export async function requestWithStatus<T = any>(method: string, path: string, opts: RequestOptions = {}): Promise<{ code: number; body: T }> {
  const headers: Record<string, string> = { Accept: opts.accept ?? "application/json" };
  let body: string | undefined;
  if (opts.body !== undefined) {
    headers["Content-Type"] = opts.contentType ?? "application/json";
    body = typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
  }
  const init: RequestInit = { method, headers, credentials: "same-origin" };
  if (body !== undefined) init.body = body;
  if (opts.signal) init.signal = opts.signal;
  const res = await fetch(path, init);
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON
  }
  if (!res.ok) {
    const status = parsed && typeof parsed === "object" && (parsed as Status).kind === "Status" ? (parsed as Status) : null;
    throw new ApiError(res.status, status, status?.message ?? `${res.status} ${res.statusText}`);
  }
  return { code: res.status, body: parsed as T };
}

/** The error's words for a person: the Status message, else the exception's. */
export const describeError = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** A WebSocket URL on this origin. */
export const socketUrl = (path: string) => `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}${path}`;
