// networking.k8s.io/v1 IngressClass (cluster-scoped): SetDefaults_IngressClass (parameters scope
// Cluster), validateIngressClassSpec (a domain-prefixed controller that never changes) and printIngressClass.
import { IngressClass } from "kubernetes-models/networking.k8s.io/v1/IngressClass";
import type { StatusCause } from "../../status";
import { fieldErr } from "../../validation/field-errors";
import { dns1123Label, dns1123Subdomain } from "../../validation/names";
import { modelSchema } from "../../validation/schema";
import { child, isObject, str } from "../../validation/values";
import { ageColumn, at, column, defineResource, nameColumn } from "../define";
import type { JsonObject } from "../types";
import { validateTypedReference } from "./ingresses";

const MAX_CONTROLLER_LENGTH = 250;
const HTTP_PATH = /^[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/;
const SCOPES = ["Cluster", "Namespace"];

/** IsDomainPrefixedPath, e.g. "k8s.io/ingress-nginx". */
function validateController(controller: string): StatusCause[] {
  const path = "spec.controller";
  const causes: StatusCause[] = [];
  if (controller.length > MAX_CONTROLLER_LENGTH) causes.push(fieldErr.tooLong(path, MAX_CONTROLLER_LENGTH));
  if (!controller) return [...causes, fieldErr.required(path)];
  const slash = controller.indexOf("/");
  const host = slash < 0 ? controller : controller.slice(0, slash);
  const rest = slash < 0 ? "" : controller.slice(slash + 1);
  if (slash < 0 || !host || !rest) return [...causes, fieldErr.invalid(path, controller, 'must be a domain-prefixed path (such as "acme.io/foo")')];
  causes.push(...dns1123Subdomain(host).map((m) => fieldErr.invalid(path, host, m)));
  if (!HTTP_PATH.test(rest)) causes.push(fieldErr.invalid(path, rest, "Invalid path (regex used for validation is '[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+')"));
  return causes;
}

function validateParameters(params: unknown): StatusCause[] {
  if (!isObject(params)) return [];
  const path = "spec.parameters";
  const causes = validateTypedReference(params, path);
  if (params.scope === undefined || params.scope === null) return [...causes, fieldErr.required(`${path}.scope`)];
  const scope = str(params.scope);
  if (!SCOPES.includes(scope)) return [...causes, fieldErr.notSupported(`${path}.scope`, scope, SCOPES)];
  if (scope === "Namespace") {
    if (typeof params.namespace !== "string") causes.push(fieldErr.required(`${path}.namespace`, "`parameters.scope` is set to 'Namespace'"));
    else causes.push(...dns1123Label(params.namespace).map((m) => fieldErr.invalid(`${path}.namespace`, params.namespace, m)));
  }
  if (scope === "Cluster" && params.namespace !== undefined && params.namespace !== null) {
    causes.push(fieldErr.forbidden(`${path}.namespace`, "`parameters.scope` is set to 'Cluster'"));
  }
  return causes;
}

/** "Kind.apiGroup/name" of the parameters reference. */
function parametersCell(o: JsonObject): string {
  const p = at(o, "spec.parameters");
  if (!isObject(p)) return "<none>";
  return `${str(p.kind)}${typeof p.apiGroup === "string" ? `.${p.apiGroup}` : ""}/${str(p.name)}`;
}

export const ingressclasses = defineResource({
  group: "networking.k8s.io",
  version: "v1",
  kind: "IngressClass",
  plural: "ingressclasses",
  namespaced: false,
  openapiName: "io.k8s.api.networking.v1.IngressClass",
  schema: modelSchema(IngressClass),
  generation: true,
  topLevelFields: ["spec"],
  columns: [
    nameColumn,
    column("Controller", (o) => str(at(o, "spec.controller")), { description: "Controller that is responsible for handling this class" }),
    column("Parameters", parametersCell, { description: "A reference to a resource with additional parameters" }),
    ageColumn,
  ],
  defaults(obj) {
    const spec = child(obj, "spec");
    if (isObject(spec.parameters) && (spec.parameters.scope === undefined || spec.parameters.scope === null)) spec.parameters.scope = "Cluster";
  },
  validate(obj, old) {
    const causes = [...validateController(str(at(obj, "spec.controller"))), ...validateParameters(at(obj, "spec.parameters"))];
    const controller = at(obj, "spec.controller");
    if (old && controller !== at(old, "spec.controller")) causes.unshift(fieldErr.invalid("spec.controller", controller ?? "", "field is immutable"));
    return causes;
  },
});
