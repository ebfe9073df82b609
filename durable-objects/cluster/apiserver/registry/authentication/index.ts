// authentication.k8s.io/v1 SelfSubjectReview (kubectl auth whoami): who the server thinks you are.
import { defineResource } from "../define";
import type { ResourceType } from "../types";
import { tokenReviews } from "./tokenreviews";

export const selfSubjectReviews: ResourceType = defineResource({
  group: "authentication.k8s.io",
  version: "v1",
  kind: "SelfSubjectReview",
  namespaced: false,
  verbs: ["create"],
  columns: [],
  openapiName: "io.k8s.api.authentication.v1.SelfSubjectReview",
  review: (obj, user) => {
    const userInfo: Record<string, unknown> = { username: user.username, groups: user.groups };
    if (user.uid) userInfo.uid = user.uid;
    return { ...obj, status: { userInfo } };
  },
});

export const authenticationTypes: ResourceType[] = [tokenReviews, selfSubjectReviews];
