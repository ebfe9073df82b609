// Which authorizer answers a request's access reviews. Reviews are computed in the registry entry,
// which only sees the requesting user, so the API server ties the cluster's authorizer to that
// request's user object (as kube puts it on the request context) before any handler runs.
import type { UserInfo } from "../../context";
import type { RbacAuthorizer } from "../../../auth/rbac/authorizer";

const reviewers = new WeakMap<UserInfo, RbacAuthorizer>();

export function bindReviewer(user: UserInfo, authorizer: RbacAuthorizer): void {
  reviewers.set(user, authorizer);
}

export function reviewerFor(user: UserInfo): RbacAuthorizer | undefined {
  return reviewers.get(user);
}
