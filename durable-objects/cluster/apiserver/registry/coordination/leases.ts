// coordination.k8s.io/v1 Lease: leader election and node heartbeats. ValidateLeaseSpec and printLease (HOLDER).
import { Lease } from "kubernetes-models/coordination.k8s.io/v1/Lease";
import type { StatusCause } from "../../status";
import { fieldErr } from "../../validation/field-errors";
import { modelSchema } from "../../validation/schema";
import { child, isObject, str } from "../../validation/values";
import { ageColumn, at, column, defineResource, nameColumn } from "../define";
import type { JsonObject } from "../types";

/** strategy and preferredHolder belong to CoordinatedLeaderElection (off by default in 1.33). */
function dropGated(obj: JsonObject, old?: JsonObject): void {
  const spec = child(obj, "spec");
  for (const key of ["strategy", "preferredHolder"]) if (!old || at(old, `spec.${key}`) === undefined) delete spec[key];
}

export const leases = defineResource({
  group: "coordination.k8s.io",
  version: "v1",
  kind: "Lease",
  namespaced: true,
  openapiName: "io.k8s.api.coordination.v1.Lease",
  schema: modelSchema(Lease),
  topLevelFields: ["spec"],
  columns: [
    nameColumn,
    column("Holder", (o) => str(at(o, "spec.holderIdentity")), {
      description:
        "holderIdentity contains the identity of the holder of a current lease. If Coordinated Leader Election is used, the holder identity must be equal to the elected LeaseCandidate.metadata.name field.",
    }),
    ageColumn,
  ],
  prepareForCreate: (obj) => dropGated(obj),
  prepareForUpdate: (obj, old) => dropGated(obj, old),
  defaults(obj) {
    child(obj, "spec");
  },
  validate(obj) {
    const spec = isObject(obj.spec) ? obj.spec : {};
    const causes: StatusCause[] = [];
    if (typeof spec.leaseDurationSeconds === "number" && spec.leaseDurationSeconds <= 0) {
      causes.push(fieldErr.invalid("spec.leaseDurationSeconds", spec.leaseDurationSeconds, "must be greater than 0"));
    }
    if (typeof spec.leaseTransitions === "number" && spec.leaseTransitions < 0) {
      causes.push(fieldErr.invalid("spec.leaseTransitions", spec.leaseTransitions, "must be greater than or equal to 0"));
    }
    if (str(spec.preferredHolder) && !str(spec.strategy)) causes.push(fieldErr.forbidden("spec.preferredHolder", "may only be specified if `strategy` is defined"));
    return causes;
  },
});
