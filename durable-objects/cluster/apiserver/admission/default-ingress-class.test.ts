// The DefaultIngressClass admission plugin as kube ≥ 1.28 runs it.
import { describe, expect, it } from "vitest";
import type { JsonObject } from "../registry/types";
import { admitDefaultIngressClass, defaultIngressClassName } from "./default-ingress-class";
import { defaultIngressClass } from "../../controllers/ingress/default-class";

const ingressClass = (name: string, created: string, isDefault: string | undefined): JsonObject => ({
  apiVersion: "networking.k8s.io/v1",
  kind: "IngressClass",
  metadata: { name, creationTimestamp: created, ...(isDefault !== undefined ? { annotations: { "ingressclass.kubernetes.io/is-default-class": isDefault } } : {}) },
  spec: { controller: "example.com/controller" },
});
const ingress = (spec: JsonObject = {}, annotations?: Record<string, string>): JsonObject => ({
  apiVersion: "networking.k8s.io/v1",
  kind: "Ingress",
  metadata: { name: "ing", ...(annotations ? { annotations } : {}) },
  spec: { defaultBackend: { service: { name: "web", port: { number: 80 } } }, ...spec },
});

describe("DefaultIngressClass", () => {
  it("gives a classless Ingress the default class", () => {
    const ing = ingress();
    expect(admitDefaultIngressClass([ingressClass("plain", "2025-01-01T00:00:00Z", undefined), defaultIngressClass()], ing)).toBe("nginx");
    expect((ing.spec as JsonObject).ingressClassName).toBe("nginx");
  });

  it("leaves an Ingress with a class name or the annotation (even empty) alone", () => {
    const classes = [defaultIngressClass()];
    const named = ingress({ ingressClassName: "other" });
    expect(admitDefaultIngressClass(classes, named)).toBeUndefined();
    expect((named.spec as JsonObject).ingressClassName).toBe("other");
    for (const value of ["traefik", ""]) {
      const annotated = ingress({}, { "kubernetes.io/ingress.class": value });
      expect(admitDefaultIngressClass(classes, annotated)).toBeUndefined();
      expect((annotated.spec as JsonObject).ingressClassName).toBeUndefined();
    }
  });

  it("changes nothing without a default (only the value \"true\" counts)", () => {
    const ing = ingress();
    expect(admitDefaultIngressClass([ingressClass("a", "2025-01-01T00:00:00Z", "True"), ingressClass("b", "2025-01-01T00:00:00Z", undefined)], ing)).toBeUndefined();
    expect(ing.spec).not.toHaveProperty("ingressClassName");
    const bare: JsonObject = { metadata: { name: "x" } };
    expect(admitDefaultIngressClass([], bare)).toBeUndefined();
    expect(bare).not.toHaveProperty("spec");
  });

  it("with several defaults picks the newest, then the smallest name", () => {
    const classes = [ingressClass("old", "2025-01-01T00:00:00Z", "true"), ingressClass("zeta", "2025-03-01T00:00:00Z", "true"), ingressClass("alpha", "2025-03-01T00:00:00Z", "true")];
    expect(defaultIngressClassName(classes)).toBe("alpha");
    expect(defaultIngressClassName(classes.slice(0, 1))).toBe("old");
  });
});
