// Simulated machine faults, set by a user or the console as an annotation on the Node:
//   kubedo.dev/fault=stopped       the machine is down (its containers die; it reboots when the fault is lifted)
//   kubedo.dev/fault=partitioned   the machine runs but cannot reach the API server
// Either way its kubelet stops posting status and acting on pods; the node lifecycle controller notices
// after the grace period. Removing the annotation brings the kubelet back.
import type { JsonObject } from "../apiserver/registry/types";

export const FAULT_ANNOTATION = "kubedo.dev/fault";
export type Fault = "stopped" | "partitioned";

export function faultOf(node: JsonObject | undefined): Fault | undefined {
  const value = ((node?.metadata as JsonObject | undefined)?.annotations as Record<string, string> | undefined)?.[FAULT_ANNOTATION];
  return value === "stopped" || value === "partitioned" ? value : undefined;
}
