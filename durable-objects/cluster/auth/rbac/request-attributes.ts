// authorizer.Attributes for an HTTP request (filters.GetAuthorizerAttributes over the RequestInfo).
import type { UserInfo } from "../../apiserver/context";
import type { RequestInfo } from "../../apiserver/request-info";
import { parseFieldSelector } from "../../apiserver/selectors/fields";
import { nonResourceAttributes, resourceAttributes, type Attributes } from "./types";

export function requestAttributes(user: UserInfo, method: string, url: URL, info: RequestInfo | null): Attributes {
  // Discovery (/api, /apis/apps/v1) is a non-resource request to kube, like /version or /openapi/v3.
  if (!info || info.kind !== "resource") return nonResourceAttributes(user, method.toLowerCase(), url.pathname);
  let namespace = info.namespace ?? "";
  let name = info.name ?? "";
  // A namespace's own path (/api/v1/namespaces/x) is in that namespace, as kube's RequestInfo has it.
  if (info.group === "" && info.resource === "namespaces" && !namespace && name) namespace = name;
  if ((info.verb === "list" || info.verb === "watch") && !name) {
    // A list or watch of exactly one name may be granted by resourceNames.
    const fields = url.searchParams.get("fieldSelector");
    if (fields) {
      try {
        const exact = parseFieldSelector(fields).filter((r) => r.field === "metadata.name" && r.op === "=");
        if (exact.length === 1 && exact[0]!.value && !/[/%]/.test(exact[0]!.value) && exact[0]!.value !== "." && exact[0]!.value !== "..") name = exact[0]!.value;
      } catch {
        // an invalid selector fails later, in the handler
      }
    }
  }
  return resourceAttributes(user, {
    verb: info.verb,
    namespace,
    apiGroup: info.group,
    apiVersion: info.version,
    resource: info.resource,
    subresource: info.subresource ?? "",
    name,
    path: url.pathname,
  });
}
