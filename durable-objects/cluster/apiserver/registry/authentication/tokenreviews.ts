// authentication.k8s.io/v1 TokenReview: "who is this bearer token?", answered by the cluster's token
// authenticator (kube's tokenreview REST: never stored; a token nobody recognises is simply not
// authenticated). Webhook token authenticators and the auth-delegator role rely on it.
import { errors } from "../../status";
import { defineResource } from "../define";
import type { JsonObject, ResourceType } from "../types";

/** kube-apiserver's --api-audiences default: its own issuer. */
const API_AUDIENCES = ["https://kubernetes.default.svc.cluster.local"];

export const tokenReviews: ResourceType = defineResource({
  group: "authentication.k8s.io",
  version: "v1",
  kind: "TokenReview",
  namespaced: false,
  verbs: ["create"],
  columns: [],
  openapiName: "io.k8s.api.authentication.v1.TokenReview",
  review: (obj, _user, _namespace, ctx) => {
    const spec = (obj.spec && typeof obj.spec === "object" ? obj.spec : {}) as JsonObject;
    const token = typeof spec.token === "string" ? spec.token : "";
    if (!token) throw errors.badRequest("token is required for TokenReview in authentication");
    const asked = Array.isArray(spec.audiences) ? spec.audiences.filter((a): a is string => typeof a === "string") : [];
    const audiences = asked.length > 0 ? asked : API_AUDIENCES;
    const found = ctx.tokens?.authenticate(token, ctx.clock.now(), audiences) ?? { ok: false as const };
    const status: JsonObject = {};
    if (found.ok) {
      status.authenticated = true;
      const user: JsonObject = { username: found.user.username };
      if (found.user.uid) user.uid = found.user.uid;
      user.groups = found.user.groups;
      status.user = user;
      status.audiences = found.audiences;
    } else {
      status.user = {};
      if (found.error) status.error = found.error;
    }
    return { ...obj, status };
  },
});
