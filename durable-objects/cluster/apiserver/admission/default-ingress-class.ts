// kube-apiserver's DefaultIngressClass admission plugin
// (plugin/pkg/admission/network/defaultingressclass): on CREATE of an Ingress (not a subresource)
// that has neither spec.ingressClassName nor the `kubernetes.io/ingress.class` annotation (present at
// all, even empty), spec.ingressClassName becomes the default IngressClass's name: the one annotated
// `ingressclass.kubernetes.io/is-default-class: "true"`. Since kube 1.28 several defaults are no
// error: the newest (creationTimestamp) wins, and at equal times the smallest name. No default: no change.
import { metadataOf } from "../objects";
import type { JsonObject } from "../registry/types";
import { child, mapOf, str, strMap } from "../validation/values";
import { DEFAULT_CLASS_ANNOTATION, INGRESS_CLASS_ANNOTATION, storedNetworkingObjects } from "../../network/ingress/classes";
import { isResource, type AdmissionPlugin } from "./chain";

/** The default IngressClass's name, if any class is marked default. */
export function defaultIngressClassName(classes: readonly JsonObject[]): string | undefined {
  const defaults = classes.filter((c) => strMap(metadataOf(c).annotations)[DEFAULT_CLASS_ANNOTATION] === "true");
  const created = (c: JsonObject) => Date.parse(str(metadataOf(c).creationTimestamp)) || 0;
  const name = (c: JsonObject) => str(metadataOf(c).name);
  defaults.sort((a, b) => created(b) - created(a) || (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));
  return defaults[0] ? name(defaults[0]) : undefined;
}

/**
 * Admits an Ingress being created, given every IngressClass: sets spec.ingressClassName in place (as
 * the plugin mutates the object) and returns the class it set, or undefined when it changed nothing.
 */
export function admitDefaultIngressClass(classes: readonly JsonObject[], ingress: JsonObject): string | undefined {
  const className = mapOf(ingress.spec).ingressClassName;
  if (className !== undefined && className !== null) return undefined;
  if (INGRESS_CLASS_ANNOTATION in strMap(mapOf(ingress.metadata).annotations)) return undefined;
  const name = defaultIngressClassName(classes);
  if (name !== undefined) child(ingress, "spec").ingressClassName = name;
  return name;
}

export const defaultIngressClassPlugin: AdmissionPlugin = {
  name: "DefaultIngressClass",
  admit(req) {
    if (req.operation === "CREATE" && isResource(req, "networking.k8s.io", "ingresses")) admitDefaultIngressClass(storedNetworkingObjects(req.ctx, "ingressclasses"), req.obj);
  },
};
