// metav1.Status responses from the edge (before a request reaches a cluster).
import { status, type StatusDetails } from "../durable-objects/cluster/apiserver/status";

export function statusJson(code: number, reason: string, message: string, details?: StatusDetails): Response {
  return new Response(JSON.stringify(status(code, reason, message, details)), {
    status: code,
    headers: { "Content-Type": "application/json" },
  });
}
