// scheduling.k8s.io/v1: PriorityClass.
// Field numbers from k8s.io/api v0.36.3 scheduling/v1/generated.proto; ptr / keep (no `omitempty`) / inline from the
// `json` tags and field types of the Go structs. Fields in Go declaration order.
import { bool, i32, keep, msg, ptr, str, type Messages } from "./types";

export const SCHEDULING = {
  "scheduling.v1.PriorityClass": {
    1: msg("metadata", "meta.v1.ObjectMeta"),
    2: keep(i32("value")),
    3: bool("globalDefault"),
    4: str("description"),
    5: ptr(str("preemptionPolicy")),
  },
} satisfies Messages;
