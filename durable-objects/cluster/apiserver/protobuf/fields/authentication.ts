// authentication.k8s.io/v1: TokenRequest, SelfSubjectReview.
// Field numbers from k8s.io/api v0.36.3 authentication/v1/generated.proto; ptr / keep (no `omitempty`) / inline from
// the `json` tags and field types of the Go structs. Fields in Go declaration order.
import { i64, keep, list, mapOf, msg, ptr, str, time, type Messages } from "./types";

export const AUTHENTICATION = {
  "authentication.v1.SelfSubjectReview": {
    1: msg("metadata", "meta.v1.ObjectMeta"),
    2: msg("status", "authentication.v1.SelfSubjectReviewStatus"),
  },
  "authentication.v1.TokenRequest": {
    1: msg("metadata", "meta.v1.ObjectMeta"),
    2: msg("spec", "authentication.v1.TokenRequestSpec"),
    3: msg("status", "authentication.v1.TokenRequestStatus"),
  },
  "authentication.v1.SelfSubjectReviewStatus": {
    1: msg("userInfo", "authentication.v1.UserInfo"),
  },
  "authentication.v1.TokenRequestSpec": {
    1: list(str("audiences")),
    4: ptr(i64("expirationSeconds")),
    3: ptr(msg("boundObjectRef", "authentication.v1.BoundObjectReference")),
  },
  "authentication.v1.TokenRequestStatus": {
    1: keep(str("token")),
    2: time("expirationTimestamp"),
  },
  "authentication.v1.UserInfo": {
    1: str("username"),
    2: str("uid"),
    3: list(str("groups")),
    4: mapOf("extra", "StringList"),
  },
  // ExtraValue is a named []string: on the wire {1: repeated items}, in JSON the array (the special kind StringList).
  "authentication.v1.ExtraValue": { 1: list(str("items")) },
  "authentication.v1.BoundObjectReference": {
    1: str("kind"),
    2: str("apiVersion"),
    3: str("name"),
    4: str("uid"), // "uID" in the .proto
  },
} satisfies Messages;
