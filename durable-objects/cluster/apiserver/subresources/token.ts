// POST …/serviceaccounts/<name>/token: a TokenRequest answered with a token for that service account.
import type { ServiceAccountTokens } from "../../auth/service-account-tokens";
import type { ApiContext, ApiResult, ResourceRequest } from "../context";
import { gr } from "../handlers/common";
import { metadataOf } from "../objects";
import { storageKey } from "../registry";
import type { JsonObject } from "../registry/types";
import { errors } from "../status";

const MIN_SECONDS = 600;
const MAX_SECONDS = 2 ** 32;
const DEFAULT_SECONDS = 3600;

export async function requestToken(ctx: ApiContext, req: ResourceRequest, tokens: ServiceAccountTokens): Promise<ApiResult> {
  const name = req.name!;
  const sa = ctx.store.get(storageKey(req.rt, req.namespace, name));
  if (!sa) throw errors.notFound(gr(req.rt), name);
  const body = (req.body ?? {}) as JsonObject;
  if (body.kind !== undefined && body.kind !== "TokenRequest") {
    throw errors.badRequest(`the kind in the data (${String(body.kind)}) does not match the expected kind (TokenRequest)`);
  }
  const spec = { ...((body.spec as JsonObject | undefined) ?? {}) };
  const seconds = (spec.expirationSeconds as number | undefined) ?? DEFAULT_SECONDS;
  if (!Number.isInteger(seconds) || seconds < MIN_SECONDS || seconds > MAX_SECONDS) {
    const why = seconds < MIN_SECONDS ? "may not specify a duration less than 10 minutes" : "may not specify a duration larger than 2^32 seconds";
    throw errors.invalid("TokenRequest", "authentication.k8s.io", name, [{ reason: "FieldValueInvalid", field: "spec.expirationSeconds", message: `Invalid value: ${JSON.stringify(seconds)}: ${why}` }]);
  }
  spec.expirationSeconds = seconds;
  const audiences = Array.isArray(spec.audiences) ? (spec.audiences as string[]) : [];
  spec.audiences = audiences.length > 0 ? audiences : ["https://kubernetes.default.svc.cluster.local"];
  const { token, expiration } = await tokens.issue(req.namespace!, name, metadataOf(sa.value).uid as string, audiences, ctx.clock.now(), seconds);
  return {
    code: 201,
    body: {
      kind: "TokenRequest",
      apiVersion: "authentication.k8s.io/v1",
      metadata: { name, namespace: req.namespace, creationTimestamp: ctx.clock.timestamp() },
      spec,
      status: { token, expirationTimestamp: ctx.clock.timestamp(expiration) },
    },
  };
}
