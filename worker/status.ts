// metav1.Status responses from the edge (before a request reaches a cluster), written as kube writes them.
import { encodeAs, textResponse } from "../durable-objects/cluster/apiserver/serializer";
import { status, type StatusDetails } from "../durable-objects/cluster/apiserver/status";

export function statusJson(code: number, reason: string, message: string, details?: StatusDetails): Response {
  return textResponse(encodeAs("meta.v1.Status", status(code, reason, message, details)), { status: code });
}
