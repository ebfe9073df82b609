// The 403 an unauthorized request gets: responsewriters.ForbiddenStatusError and forbiddenMessage
// (k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/errors.go) with apierrors.NewForbidden.
import { ApiError, status } from "../../apiserver/status";
import type { Attributes } from "./types";

export function forbiddenMessage(a: Attributes): string {
  const user = JSON.stringify(a.user.username);
  if (!a.resourceRequest) return `User ${user} cannot ${a.verb} path ${JSON.stringify(a.path)}`;
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const where = a.namespace ? `in the namespace ${JSON.stringify(a.namespace)}` : "at the cluster scope";
  return `User ${user} cannot ${a.verb} resource ${JSON.stringify(resource)} in API group ${JSON.stringify(a.apiGroup)} ${where}`;
}

/** apierrors.NewForbidden(GroupResource{group, resource}, name, err). */
export function newForbidden(group: string, resource: string, name: string, message: string): ApiError {
  if (!group && !resource) return new ApiError(status(403, "Forbidden", `forbidden: ${message}`, {}));
  const qualified = group ? `${resource}.${group}` : resource;
  const text = name ? `${qualified} ${JSON.stringify(name)} is forbidden: ${message}` : `${qualified} is forbidden: ${message}`;
  const details: { name?: string; group?: string; kind?: string } = {};
  if (name) details.name = name;
  if (group) details.group = group;
  details.kind = resource;
  return new ApiError(status(403, "Forbidden", text, details));
}

export function forbidden(a: Attributes, reason: string): ApiError {
  const msg = reason ? `${forbiddenMessage(a)}: ${reason}` : forbiddenMessage(a);
  return newForbidden(a.apiGroup, a.resource, a.name, msg);
}
