// The IngressClass `nginx` that installing ingress-nginx creates (kind's manifest: its labels and
// controller `k8s.io/ingress-nginx`), here also marked the cluster's default so that the
// DefaultIngressClass admission plugin gives it to Ingresses created without a class. kind's own
// manifest does not mark it default (it serves classless Ingresses through
// --watch-ingress-without-class instead). An installer creates it once: it is not put back after a
// user deletes or edits it, so this runs only when a cluster is first set up.
import type { JsonObject, ResourceType } from "../../apiserver/registry/types";
import { ApiError } from "../../apiserver/status";
import { DEFAULT_CLASS_ANNOTATION, INGRESS_NGINX } from "../../network/ingress/classes";
import type { Client } from "../runtime/client";

export const DEFAULT_INGRESS_CLASS = "nginx";
/** The controller version kind's manifest installs (deploy/static/provider/kind/deploy.yaml). */
const INGRESS_NGINX_VERSION = "1.15.1";

export function defaultIngressClass(): JsonObject {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "IngressClass",
    metadata: {
      name: DEFAULT_INGRESS_CLASS,
      labels: {
        "app.kubernetes.io/component": "controller",
        "app.kubernetes.io/instance": "ingress-nginx",
        "app.kubernetes.io/name": "ingress-nginx",
        "app.kubernetes.io/part-of": "ingress-nginx",
        "app.kubernetes.io/version": INGRESS_NGINX_VERSION,
      },
      annotations: { [DEFAULT_CLASS_ANNOTATION]: "true" },
    },
    spec: { controller: INGRESS_NGINX.controller },
  };
}

/** Creates the default IngressClass unless one of its name exists; returns whether it did. */
export function installDefaultIngressClass(client: Client, ingressClasses: ResourceType): boolean {
  try {
    client.create(ingressClasses, undefined, defaultIngressClass());
    return true;
  } catch (err) {
    if (err instanceof ApiError && err.code === 409) return false;
    throw err;
  }
}
