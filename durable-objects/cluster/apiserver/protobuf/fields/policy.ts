// policy/v1: PodDisruptionBudget.
// Field numbers from k8s.io/api v0.36.3 policy/v1/generated.proto; ptr / keep (no `omitempty`) / inline from the
// `json` tags and field types of the Go structs. Fields in Go declaration order.
import { i32, i64, intOrString, keep, list, mapOf, msg, ptr, str, type Messages } from "./types";

export const POLICY = {
  "policy.v1.PodDisruptionBudget": {
    1: msg("metadata", "meta.v1.ObjectMeta"),
    2: msg("spec", "policy.v1.PodDisruptionBudgetSpec"),
    3: msg("status", "policy.v1.PodDisruptionBudgetStatus"),
  },
  "policy.v1.PodDisruptionBudgetSpec": {
    1: ptr(intOrString("minAvailable")),
    2: ptr(msg("selector", "meta.v1.LabelSelector")),
    3: ptr(intOrString("maxUnavailable")),
    4: ptr(str("unhealthyPodEvictionPolicy")),
  },
  "policy.v1.PodDisruptionBudgetStatus": {
    1: i64("observedGeneration"),
    2: mapOf("disruptedPods", "Time"),
    3: keep(i32("disruptionsAllowed")),
    4: keep(i32("currentHealthy")),
    5: keep(i32("desiredHealthy")),
    6: keep(i32("expectedPods")),
    7: list(msg("conditions", "meta.v1.Condition")),
  },
} satisfies Messages;
