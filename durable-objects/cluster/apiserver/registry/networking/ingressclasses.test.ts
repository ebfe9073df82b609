import { describe, expect, it } from "vitest";
import { causesOf, cells, created } from "../apps/test-helpers";
import { ingressclasses } from "./ingressclasses";

describe("ingressclasses", () => {
  const body = () => ({
    metadata: { name: "nginx" },
    spec: { controller: "k8s.io/ingress-nginx", parameters: { apiGroup: "k8s.example.com", kind: "IngressParameters", name: "external-lb" } },
  });

  it("defaults the parameters scope and prints CONTROLLER PARAMETERS", () => {
    const obj = created(ingressclasses, body());
    expect(obj.spec).toMatchObject({ parameters: { scope: "Cluster" } });
    expect(causesOf(ingressclasses, obj)).toEqual([]);
    expect(cells(ingressclasses, obj)).toMatchObject({ Controller: "k8s.io/ingress-nginx", Parameters: "IngressParameters.k8s.example.com/external-lb" });
    expect(ingressclasses.namespaced).toBe(false);
  });

  it("wants a domain-prefixed controller that never changes", () => {
    const obj = created(ingressclasses, { metadata: { name: "x" }, spec: { controller: "nginx" } });
    expect(causesOf(ingressclasses, obj)).toEqual(['spec.controller: Invalid value: "nginx": must be a domain-prefixed path (such as "acme.io/foo")']);
    const old = created(ingressclasses, body());
    const next = created(ingressclasses, { ...body(), spec: { controller: "example.com/other" } });
    expect(causesOf(ingressclasses, next, old)[0]).toBe('spec.controller: Invalid value: "example.com/other": field is immutable');
  });
});
