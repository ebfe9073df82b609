// The audit recorder: every mutating request and every denied one (401/403) — reads too when the
// cluster asks for them — becomes an audit event in the outbox, with who (and as whom), what, the
// answer and how long it took. Each response carries the event's id as `Audit-Id`, as
// kube-apiserver's responses do.
import type { RequestInfo } from "../apiserver/request-info";
import type { UserInfo } from "../apiserver/context";
import type { Outbox } from "./outbox";

const MUTATING = new Set(["create", "update", "patch", "delete", "deletecollection"]);

export interface AuditEvent {
  id: string;
  time: number;
  cluster: string;
  user: string;
  groups: string[];
  impersonatedUser: string | null;
  verb: string;
  resource: string;
  subresource: string | null;
  apiGroup: string | null;
  namespace: string | null;
  name: string | null;
  code: number;
  latencyMs: number;
  requestId: string;
  userAgent: string | null;
}

export interface AuditOptions {
  /** Record reads as well (Metadata level). */
  reads: boolean;
}

export class AuditRecorder {
  constructor(
    private readonly outbox: Outbox,
    private readonly now: () => number,
  ) {}

  /**
   * Records one answered request if the policy wants it; returns the response with `Audit-Id`.
   * `user` is null when the request did not authenticate; `info` is the request as parsed once for
   * the whole request (`parseRequestInfo`).
   */
  async record(request: Request, url: URL, info: RequestInfo | null, response: Response, user: UserInfo | null, cluster: string, startedMs: number, opts: AuditOptions): Promise<Response> {
    const requestId = crypto.randomUUID();
    const verb = info && info.kind !== "nonresource" && info.kind !== "discovery" ? info.verb : request.method.toLowerCase();
    const denied = response.status === 401 || response.status === 403;
    const mutating = MUTATING.has(verb) || (info?.kind !== "resource" && !["get", "head"].includes(verb));
    if (denied || mutating || opts.reads) {
      const resource = info?.kind === "resource" ? info : null;
      const event: AuditEvent = {
        id: requestId,
        time: this.now(),
        cluster,
        user: user?.username ?? "system:anonymous",
        groups: user?.groups ?? ["system:unauthenticated"],
        impersonatedUser: request.headers.get("impersonate-user"),
        verb,
        resource: resource?.resource ?? url.pathname,
        subresource: resource?.subresource ?? null,
        apiGroup: resource ? (resource.group ?? "") : null,
        namespace: resource?.namespace ?? null,
        // A create names its object in the body: taken from the answer, as kube's audit fills objectRef.
        name: resource?.name ?? (resource && verb === "create" && !resource.subresource ? await createdName(response) : null),
        code: response.status,
        latencyMs: Math.max(0, Date.now() - startedMs),
        requestId,
        userAgent: request.headers.get("user-agent"),
      };
      this.outbox.append("audit", event);
    }
    // Streaming responses (watches upgrade to WebSockets) keep their own headers.
    if (response.webSocket) return response;
    const headers = new Headers(response.headers);
    headers.set("Audit-Id", requestId);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }
}

async function createdName(response: Response): Promise<string | null> {
  if (response.status !== 201 && response.status !== 200) return null;
  if (!(response.headers.get("content-type") ?? "").includes("json")) return null;
  try {
    const body = (await response.clone().json()) as { metadata?: { name?: unknown } };
    return typeof body.metadata?.name === "string" ? body.metadata.name : null;
  } catch {
    return null;
  }
}
