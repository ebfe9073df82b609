import { describe, expect, it } from "vitest";
import { causesOf, cells, created, schemaCausesOf } from "../apps/test-helpers";
import { networkpolicies } from "./networkpolicies";

describe("networkpolicies", () => {
  it("derives policyTypes and defaults port protocols to TCP", () => {
    const obj = created(networkpolicies, {
      metadata: { name: "db" },
      spec: { podSelector: { matchLabels: { role: "db" } }, ingress: [{ ports: [{ port: 5432 }] }], egress: [{ to: [{ ipBlock: { cidr: "10.0.0.0/8" } }] }] },
    });
    expect(obj.spec).toEqual({
      podSelector: { matchLabels: { role: "db" } },
      ingress: [{ ports: [{ port: 5432, protocol: "TCP" }] }],
      egress: [{ to: [{ ipBlock: { cidr: "10.0.0.0/8" } }] }],
      policyTypes: ["Ingress", "Egress"],
    });
    expect(causesOf(networkpolicies, obj)).toEqual([]);
    expect(schemaCausesOf(networkpolicies, obj)).toEqual([]);
    expect(cells(networkpolicies, obj)).toMatchObject({ Name: "db", "Pod-Selector": "role=db" });
  });

  it("prints <none> for the empty pod selector (all pods)", () => {
    const obj = created(networkpolicies, { metadata: { name: "deny-all" }, spec: {} });
    expect(obj.spec).toEqual({ podSelector: {}, policyTypes: ["Ingress"] });
    expect(cells(networkpolicies, obj)).toMatchObject({ "Pod-Selector": "<none>" });
  });

  it("rejects peers and ports kube rejects", () => {
    const obj = created(networkpolicies, {
      metadata: { name: "bad" },
      spec: { podSelector: {}, ingress: [{ from: [{}], ports: [{ port: "http", endPort: 90 }] }] },
    });
    expect(causesOf(networkpolicies, obj)).toEqual([
      "spec.ingress[0].ports[0].endPort: Invalid value: 90: may not be specified when `port` is non-numeric",
      "spec.ingress[0].from[0]: Required value: must specify a peer",
    ]);
  });
});
