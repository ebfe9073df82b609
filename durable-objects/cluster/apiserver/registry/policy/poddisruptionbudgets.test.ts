import { describe, expect, it } from "vitest";
import { causesOf, cells, created, schemaCausesOf } from "../apps/test-helpers";
import { poddisruptionbudgets } from "./poddisruptionbudgets";

/** What `kubectl create pdb pdb --selector=app=web --min-available=1` sends. */
const kubectlCreate = () => ({
  kind: "PodDisruptionBudget",
  apiVersion: "policy/v1",
  metadata: { name: "pdb", creationTimestamp: null },
  spec: { minAvailable: 1, selector: { matchLabels: { app: "web" } } } as Record<string, unknown>,
  status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 },
});

describe("poddisruptionbudgets", () => {
  it("starts from the zero status and prints MIN AVAILABLE / MAX UNAVAILABLE", () => {
    const pdb = created(poddisruptionbudgets, kubectlCreate());
    expect(pdb.status).toEqual({ disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 });
    expect(cells(poddisruptionbudgets, pdb)).toMatchObject({ Name: "pdb", "Min Available": "1", "Max Unavailable": "N/A", "Allowed Disruptions": 0 });
    expect(causesOf(poddisruptionbudgets, pdb)).toEqual([]);
    expect(schemaCausesOf(poddisruptionbudgets, pdb)).toEqual([]);
    const percent = kubectlCreate();
    percent.spec = { maxUnavailable: "50%", selector: { matchLabels: { app: "web" } } };
    expect(cells(poddisruptionbudgets, created(poddisruptionbudgets, percent))).toMatchObject({ "Min Available": "N/A", "Max Unavailable": "50%" });
  });

  it("rejects both minAvailable and maxUnavailable, and percentages over 100%", () => {
    const body = kubectlCreate();
    body.spec.maxUnavailable = "150%";
    const causes = causesOf(poddisruptionbudgets, created(poddisruptionbudgets, body));
    expect(causes[0]).toMatch(/^spec: Invalid value: policy\.PodDisruptionBudgetSpec\{MinAvailable:\(\*intstr\.IntOrString\)\(0x[0-9a-f]+\), .*\}: minAvailable and maxUnavailable cannot be both set$/);
    expect(causes.slice(1)).toEqual(['spec.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"150%"}: must not be greater than 100%']);
  });
});
