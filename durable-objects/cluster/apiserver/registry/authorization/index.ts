// authorization.k8s.io/v1 access reviews: computed answers, never stored. SubjectAccessReview asks
// about anyone, LocalSubjectAccessReview about anyone in one namespace, SelfSubjectAccessReview
// (kubectl auth can-i) about the requester, SelfSubjectRulesReview (can-i --list) for the rules.
import type { UserInfo } from "../../context";
import { errors } from "../../status";
import { nonResourceAttributes, resourceAttributes, type Attributes } from "../../../auth/rbac/types";
import { defineResource } from "../define";
import type { JsonObject, ResourceType } from "../types";
import { reviewerFor } from "./reviewer";

const GROUP = "authorization.k8s.io";
const NO_AUTHORIZER = "no authorizer is configured for this request";

type ReviewKind = "SubjectAccessReview" | "LocalSubjectAccessReview" | "SelfSubjectAccessReview";

const str = (v: unknown) => (typeof v === "string" ? v : "");
const obj = (v: unknown): JsonObject => (v && typeof v === "object" && !Array.isArray(v) ? (v as JsonObject) : {});

/** The user a review asks about: the requester for self reviews, spec.user/groups/uid otherwise. */
function subject(kind: ReviewKind, spec: JsonObject, requester: UserInfo, name: string): UserInfo {
  if (kind === "SelfSubjectAccessReview") return requester;
  const user: UserInfo = { username: str(spec.user), groups: Array.isArray(spec.groups) ? spec.groups.map(str) : [] };
  if (str(spec.uid)) user.uid = str(spec.uid);
  if (!user.username && user.groups.length === 0) {
    throw errors.invalid(kind, GROUP, name, [{ reason: "FieldValueInvalid", field: "spec.user", message: 'Invalid value: "": at least one of user or group must be specified' }]);
  }
  return user;
}

function attributesOf(kind: ReviewKind, spec: JsonObject, user: UserInfo, name: string, namespace?: string): Attributes {
  const ra = spec.resourceAttributes === undefined || spec.resourceAttributes === null ? undefined : obj(spec.resourceAttributes);
  const nra = spec.nonResourceAttributes === undefined || spec.nonResourceAttributes === null ? undefined : obj(spec.nonResourceAttributes);
  if ((ra === undefined) === (nra === undefined)) {
    const shown = `${JSON.stringify(spec.nonResourceAttributes ?? null)}`;
    throw errors.invalid(kind, GROUP, name, [
      { reason: "FieldValueInvalid", field: "spec.nonResourceAttributes", message: `Invalid value: ${shown}: exactly one of nonResourceAttributes or resourceAttributes must be specified` },
    ]);
  }
  if (nra) return nonResourceAttributes(user, str(nra.verb), str(nra.path));
  const a = ra!;
  // A LocalSubjectAccessReview is about its own namespace only.
  let ns = str(a.namespace);
  if (kind === "LocalSubjectAccessReview" && namespace !== undefined) {
    if (ns && ns !== namespace) {
      throw errors.invalid(kind, GROUP, name, [{ reason: "FieldValueInvalid", field: "spec.resourceAttributes.namespace", message: `Invalid value: ${JSON.stringify(ns)}: must match metadata.namespace` }]);
    }
    ns = namespace;
  }
  return resourceAttributes(user, {
    verb: str(a.verb),
    namespace: ns,
    apiGroup: str(a.group),
    apiVersion: str(a.version),
    resource: str(a.resource),
    subresource: str(a.subresource),
    name: str(a.name),
  });
}

function accessReview(kind: ReviewKind, plural: string, namespaced: boolean): ResourceType {
  return defineResource({
    group: GROUP,
    version: "v1",
    kind,
    plural,
    namespaced,
    verbs: ["create"],
    columns: [],
    openapiName: `io.k8s.api.authorization.v1.${kind}`,
    review: (o, requester, namespace) => {
      const name = str(obj(o.metadata).name);
      const spec = obj(o.spec);
      const attrs = attributesOf(kind, spec, subject(kind, spec, requester, name), name, namespace);
      const authz = reviewerFor(requester);
      if (!authz) return { ...o, status: { allowed: false, evaluationError: NO_AUTHORIZER } };
      const { decision, reason } = authz.authorize(attrs);
      const status: JsonObject = { allowed: decision === "allow" };
      if (decision === "deny") status.denied = true;
      if (reason) status.reason = reason;
      return { ...o, status };
    },
  });
}

export const selfSubjectRulesReviews: ResourceType = defineResource({
  group: GROUP,
  version: "v1",
  kind: "SelfSubjectRulesReview",
  namespaced: false,
  verbs: ["create"],
  columns: [],
  openapiName: "io.k8s.api.authorization.v1.SelfSubjectRulesReview",
  review: (o, requester): JsonObject => {
    const authz = reviewerFor(requester);
    if (!authz) return { ...o, status: { resourceRules: [], nonResourceRules: [], incomplete: true, evaluationError: NO_AUTHORIZER } };
    const rules = authz.rulesFor(requester, str(obj(o.spec).namespace));
    return { ...o, status: rules };
  },
});

export const authorizationTypes: ResourceType[] = [
  accessReview("SelfSubjectAccessReview", "selfsubjectaccessreviews", false),
  selfSubjectRulesReviews,
  accessReview("SubjectAccessReview", "subjectaccessreviews", false),
  accessReview("LocalSubjectAccessReview", "localsubjectaccessreviews", true),
];
