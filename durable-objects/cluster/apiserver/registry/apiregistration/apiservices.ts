// apiregistration.k8s.io/v1 APIService (kube-aggregator): one per group-version the cluster serves.
// The API server's own group-versions are "Local" (always Available); one naming a Service would be
// served by that Service, which no simulated cluster runs, so it reports why it is not available.
// Ports kube-aggregator's validation, strategy (status reset on create, spec kept on status writes),
// defaulting (service port 443) and printer (NAME, SERVICE, AVAILABLE, AGE).
import { APIService } from "kubernetes-models/apiregistration.k8s.io/v1/APIService";
import type { StatusCause } from "../../status";
import { dns1035Label } from "../../validation/dns-names";
import { fieldErr } from "../../validation/field-errors";
import { dns1123Subdomain } from "../../validation/names";
import { pathSegmentErrors } from "../../validation/path-segment";
import { portNumErrors } from "../../validation/ports";
import { modelSchema } from "../../validation/schema";
import { ageColumn, at, column, defineResource, nameColumn, STATUS } from "../define";
import type { JsonObject } from "../types";

const CONDITION_STATUSES = ["True", "False", "Unknown"];

/** kubectl get apiservices' AVAILABLE cell: True, or the status with its reason. */
function available(o: JsonObject): string {
  const conditions = (at(o, "status.conditions") ?? []) as JsonObject[];
  const c = Array.isArray(conditions) ? conditions.find((x) => x?.type === "Available") : undefined;
  if (!c) return "Unknown";
  if (c.status === "True" || !c.reason) return String(c.status);
  return `${String(c.status)} (${String(c.reason)})`;
}

function validateSpec(o: JsonObject): StatusCause[] {
  const causes: StatusCause[] = [];
  const spec = (o.spec && typeof o.spec === "object" ? o.spec : {}) as JsonObject;
  const group = typeof spec.group === "string" ? spec.group : "";
  const version = typeof spec.version === "string" ? spec.version : "";
  const name = String(at(o, "metadata.name") ?? "");
  const required = `${version}.${group}`;
  if (name && pathSegmentErrors(name).length === 0 && name !== required) {
    causes.push(fieldErr.invalid("metadata.name", name, `must be \`spec.version+"."+spec.group\`: ${JSON.stringify(required)}`));
  }
  if (group === "" && version !== "v1") causes.push(fieldErr.required("spec.group", "only v1 may have an empty group and it better be legacy kube"));
  if (group) for (const e of dns1123Subdomain(group)) causes.push(fieldErr.invalid("spec.group", group, e));
  for (const e of dns1035Label(version)) causes.push(fieldErr.invalid("spec.version", version, e));
  const groupPriority = typeof spec.groupPriorityMinimum === "number" ? spec.groupPriorityMinimum : 0;
  if (groupPriority <= 0 || groupPriority > 20000) causes.push(fieldErr.invalid("spec.groupPriorityMinimum", groupPriority, "must be positive and less than 20000"));
  const versionPriority = typeof spec.versionPriority === "number" ? spec.versionPriority : 0;
  if (versionPriority <= 0 || versionPriority > 1000) causes.push(fieldErr.invalid("spec.versionPriority", versionPriority, "must be positive and less than 1000"));
  const caBundle = typeof spec.caBundle === "string" ? spec.caBundle : "";
  const service = spec.service && typeof spec.service === "object" ? (spec.service as JsonObject) : undefined;
  if (!service) {
    if (caBundle) causes.push(fieldErr.invalid("spec.caBundle", `${atob(caBundle).length} bytes`, "local APIServices may not have a caBundle"));
    if (spec.insecureSkipTLSVerify === true) causes.push(fieldErr.invalid("spec.insecureSkipTLSVerify", true, "local APIServices may not have insecureSkipTLSVerify"));
    return causes;
  }
  if (!service.namespace) causes.push(fieldErr.required("spec.service.namespace"));
  if (!service.name) causes.push(fieldErr.required("spec.service.name"));
  const portErrs = portNumErrors(service.port);
  if (portErrs.length > 0) causes.push(fieldErr.invalid("spec.service.port", service.port, `port is not valid: ${portErrs.join(", ")}`));
  if (spec.insecureSkipTLSVerify === true && caBundle) causes.push(fieldErr.invalid("spec.insecureSkipTLSVerify", true, "may not be true if caBundle is present"));
  return causes;
}

function validateStatus(o: JsonObject): StatusCause[] {
  const conditions = at(o, "status.conditions");
  if (!Array.isArray(conditions)) return [];
  return conditions.flatMap((c: JsonObject, i) =>
    CONDITION_STATUSES.includes(String(c?.status)) ? [] : [fieldErr.notSupported(`status.conditions[${i}].status`, c?.status, CONDITION_STATUSES)],
  );
}

export const apiServices = defineResource({
  group: "apiregistration.k8s.io",
  version: "v1",
  kind: "APIService",
  namespaced: false,
  categories: ["api-extensions"],
  subresources: [STATUS],
  statusOwnedByServer: true,
  allowUnconditionalUpdate: false,
  openapiName: "io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIService",
  schema: modelSchema(APIService),
  validateName: pathSegmentErrors,
  columns: [
    nameColumn,
    column(
      "Service",
      (o) => {
        const service = at(o, "spec.service") as JsonObject | undefined | null;
        return service ? `${String(service.namespace ?? "")}/${String(service.name ?? "")}` : "Local";
      },
      { description: "The reference to the service that hosts this API endpoint." },
    ),
    column("Available", available, { description: "Whether this service is available." }),
    ageColumn,
  ],
  defaults(obj) {
    const service = at(obj, "spec.service") as JsonObject | undefined | null;
    if (service && typeof service === "object" && service.port === undefined) service.port = 443;
  },
  validate(obj, old) {
    // A status write validates the conditions; everything else validates the spec (kube's two strategies).
    if (old && JSON.stringify(old.spec) === JSON.stringify(obj.spec)) return [...validateSpec(obj), ...validateStatus(obj)];
    return validateSpec(obj);
  },
});

export const apiregistrationTypes = [apiServices];
