// How long a pod's deletion may take (the pod strategy's CheckGracefulDelete), for the DELETE
// handler: 0 removes the pod at once; otherwise it is marked (deletionTimestamp = now + seconds,
// deletionGracePeriodSeconds = seconds) and the kubelet model removes it with a grace-0 DELETE.
import type { JsonObject } from "../types";
import { at } from "../define";

/** The grace period for deleting `pod` when the request asked for `requested` seconds (or nothing). */
export function podGracePeriod(pod: JsonObject, requested?: number): number {
  const fromSpec = at(pod, "spec.terminationGracePeriodSeconds");
  let period = requested ?? (typeof fromSpec === "number" ? fromSpec : 0);
  // Nothing runs for an unscheduled or finished pod: delete it now.
  if (!at(pod, "spec.nodeName")) period = 0;
  const phase = at(pod, "status.phase");
  if (phase === "Succeeded" || phase === "Failed") period = 0;
  return period < 0 ? 1 : period;
}
