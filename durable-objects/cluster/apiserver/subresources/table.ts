// The subresources with handlers of their own (streams, proxies, and the POSTs that create something
// other than the object), looked up by group/resource/subresource as kube gives each kind's storage
// its subresources. `status` and `scale`, which are views of the object, go through the verb handlers.
import type { ServiceAccountTokens } from "../../auth/service-account-tokens";
import { portForward } from "../../network/port-forward";
import { proxyToPod, proxyToService } from "../../network/proxy";
import type { ApiContext, ApiResult, ResourceRequest } from "../context";
import { getObject } from "../handlers/read";
import { currentObject } from "../handlers/update";
import type { Verb } from "../registry/types";
import { ApiError, status } from "../status";
import { bindPod, evictPod, podLogs, podStream } from "./pods";
import { requestToken } from "./token";

export interface SubresourceCall {
  request: Request;
  ctx: ApiContext;
  req: ResourceRequest;
  verb: Verb;
  /** The rest of the path after a proxy subresource. */
  proxyPath: string;
  tokens: ServiceAccountTokens;
}

export interface SubresourceHandler {
  /** The verbs this handler serves ("any": a connecter such as a proxy takes every method). */
  verbs: Verb[] | "any";
  /** The request body is the subresource's kind, decoded before the handler runs. */
  readsBody?: boolean;
  handle(call: SubresourceCall): Promise<Response | ApiResult> | Response | ApiResult;
}

const handlers: Record<string, SubresourceHandler> = {
  "/pods/log": { verbs: ["get"], handle: ({ ctx, req }) => podLogs(ctx, req) },
  "/pods/exec": { verbs: "any", handle: ({ ctx, req }) => podStream(ctx, req) },
  "/pods/attach": { verbs: "any", handle: ({ ctx, req }) => podStream(ctx, req) },
  "/pods/portforward": { verbs: "any", handle: ({ request, ctx, req }) => portForward(ctx, req, request) },
  "/pods/proxy": { verbs: "any", handle: ({ request, ctx, req, proxyPath }) => proxyToPod(ctx, req, request, proxyPath) },
  "/services/proxy": { verbs: "any", handle: ({ request, ctx, req, proxyPath }) => proxyToService(ctx, req, request, proxyPath) },
  "/nodes/proxy": {
    verbs: "any",
    handle: ({ ctx, req }) => {
      // The kubelet's own endpoints (stats, metrics, logs) are not served yet.
      currentObject(ctx, req);
      throw new ApiError(status(503, "ServiceUnavailable", `no endpoints available for node "${req.name}"`));
    },
  },
  "/pods/ephemeralcontainers": { verbs: ["get"], handle: ({ ctx, req }) => getObject(ctx, req, { as: "object" }) },
  "/pods/resize": { verbs: ["get"], handle: ({ ctx, req }) => getObject(ctx, req, { as: "object" }) },
  "/serviceaccounts/token": { verbs: ["create"], readsBody: true, handle: ({ ctx, req, tokens }) => requestToken(ctx, req, tokens) },
  "/pods/binding": { verbs: ["create"], readsBody: true, handle: ({ ctx, req }) => bindPod(ctx, req) },
  "/pods/eviction": { verbs: ["create"], readsBody: true, handle: ({ ctx, req }) => evictPod(ctx, req) },
};

/** The handler of one subresource for one verb, if it has its own. */
export function subresourceHandler(group: string, plural: string, subresource: string, verb: Verb): SubresourceHandler | undefined {
  const h = handlers[`${group}/${plural}/${subresource}`];
  return h && (h.verbs === "any" || h.verbs.includes(verb)) ? h : undefined;
}
