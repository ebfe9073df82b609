// Which Ingresses the cluster's ingress controller serves, as ingress-nginx decides it
// (internal/ingress/controller/store/store.go GetIngressClass) with the flags kind's manifest gives it
// (deploy/static/provider/kind: --controller-class=k8s.io/ingress-nginx --ingress-class=nginx
// --watch-ingress-without-class=true):
// - spec.ingressClassName names an existing IngressClass whose spec.controller is the controller's
//   (any such class, not only `nginx`; a class that does not exist serves nothing);
// - else the deprecated `kubernetes.io/ingress.class` annotation, if present, must equal the
//   --ingress-class value (IngressClass objects are not consulted for it);
// - else an Ingress without any class is served when --watch-ingress-without-class is set.
import type { ApiContext } from "../../apiserver/context";
import { metadataOf, servedValue } from "../../apiserver/objects";
import { storagePrefix } from "../../apiserver/registry";
import type { JsonObject } from "../../apiserver/registry/types";
import { mapOf, str, strMap } from "../../apiserver/validation/values";

export const INGRESS_CLASS_ANNOTATION = "kubernetes.io/ingress.class";
export const DEFAULT_CLASS_ANNOTATION = "ingressclass.kubernetes.io/is-default-class";

export interface IngressControllerConfig {
  /** --controller-class: the spec.controller of the IngressClasses it serves. */
  controller: string;
  /** --ingress-class: the value of the deprecated annotation it serves. */
  annotationValue: string;
  /** --watch-ingress-without-class. */
  watchWithoutClass: boolean;
}

/** ingress-nginx as kind's documentation installs it. */
export const INGRESS_NGINX: IngressControllerConfig = { controller: "k8s.io/ingress-nginx", annotationValue: "nginx", watchWithoutClass: true };

/** Whether the controller configured by `config` serves `ingress`, given every IngressClass. */
export function servesIngress(ingress: JsonObject, classes: readonly JsonObject[], config: IngressControllerConfig = INGRESS_NGINX): boolean {
  const className = mapOf(ingress.spec).ingressClassName;
  if (typeof className === "string") {
    return classes.some((c) => metadataOf(c).name === className && str(mapOf(c.spec).controller) === config.controller);
  }
  const annotations = strMap(metadataOf(ingress).annotations);
  if (INGRESS_CLASS_ANNOTATION in annotations) return annotations[INGRESS_CLASS_ANNOTATION] === config.annotationValue;
  return config.watchWithoutClass;
}

/** Every object of networking.k8s.io/v1 `plural` in the store (all namespaces). */
export function storedNetworkingObjects(ctx: Pick<ApiContext, "store" | "registry">, plural: "ingresses" | "ingressclasses"): JsonObject[] {
  const rt = ctx.registry.resource("networking.k8s.io", "v1", plural);
  if (!rt) return [];
  return ctx.store.list(storagePrefix(rt)).items.map((kv) => servedValue(rt, kv.value));
}
