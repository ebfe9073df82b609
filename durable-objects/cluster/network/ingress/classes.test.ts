// Which Ingresses ingress-nginx serves with kind's flags.
import { describe, expect, it } from "vitest";
import type { JsonObject } from "../../apiserver/registry/types";
import { INGRESS_NGINX, servesIngress } from "./classes";

const ingressClass = (name: string, controller: string): JsonObject => ({ metadata: { name }, spec: { controller } });
const ingress = (className?: string, annotation?: string): JsonObject => ({
  metadata: { name: "ing", namespace: "default", ...(annotation !== undefined ? { annotations: { "kubernetes.io/ingress.class": annotation } } : {}) },
  spec: className ? { ingressClassName: className } : {},
});

describe("servesIngress", () => {
  const classes = [ingressClass("nginx", "k8s.io/ingress-nginx"), ingressClass("internal", "k8s.io/ingress-nginx"), ingressClass("traefik", "traefik.io/ingress-controller")];

  it("serves a class name of any IngressClass with its controller, and only an existing one", () => {
    expect(servesIngress(ingress("nginx"), classes)).toBe(true);
    expect(servesIngress(ingress("internal"), classes)).toBe(true);
    expect(servesIngress(ingress("traefik"), classes)).toBe(false);
    expect(servesIngress(ingress("nginx"), [])).toBe(false);
  });

  it("the class name decides before the annotation; the annotation must be --ingress-class", () => {
    expect(servesIngress(ingress("nginx", "traefik"), classes)).toBe(true);
    expect(servesIngress(ingress(undefined, "nginx"), [])).toBe(true);
    expect(servesIngress(ingress(undefined, "traefik"), classes)).toBe(false);
    expect(servesIngress(ingress(undefined, ""), classes)).toBe(false);
  });

  it("serves classless Ingresses only with --watch-ingress-without-class", () => {
    expect(servesIngress(ingress(), [])).toBe(true);
    expect(servesIngress(ingress(), classes, { ...INGRESS_NGINX, watchWithoutClass: false })).toBe(false);
  });
});
