import { describe, expect, it } from "vitest";
import { causesOf, cells, created, schemaCausesOf, updated } from "../apps/test-helpers";
import { endpointslices } from "./endpointslices";

const slice = () => ({
  apiVersion: "discovery.k8s.io/v1",
  kind: "EndpointSlice",
  metadata: { name: "web-abc12", labels: { "kubernetes.io/service-name": "web" } },
  addressType: "IPv4",
  endpoints: ["10.244.0.5", "10.244.0.6", "10.244.1.2", "10.244.1.3"].map((ip) => ({ addresses: [ip], conditions: { ready: true } })),
  ports: [{ name: "http", port: 80 }, { port: 443 }],
});

describe("endpointslices", () => {
  it("defaults port protocols and names, prints ADDRESSTYPE PORTS ENDPOINTS", () => {
    const eps = created(endpointslices, slice());
    expect(eps.ports).toEqual([{ name: "http", port: 80, protocol: "TCP" }, { name: "", port: 443, protocol: "TCP" }]);
    expect(cells(endpointslices, eps)).toMatchObject({ AddressType: "IPv4", Ports: "80,443", Endpoints: "10.244.0.5,10.244.0.6,10.244.1.2 + 1 more..." });
    expect(causesOf(endpointslices, eps)).toEqual([]);
    expect(schemaCausesOf(endpointslices, eps)).toEqual([]);
    const empty = created(endpointslices, { metadata: { name: "e" }, addressType: "IPv4" });
    expect(empty).toMatchObject({ endpoints: null, ports: null });
    expect(cells(endpointslices, empty)).toMatchObject({ Ports: "<unset>", Endpoints: "<unset>" });
  });

  it("validates addresses for the address type and keeps the type immutable", () => {
    const bad = created(endpointslices, { ...slice(), endpoints: [{ addresses: ["127.0.0.1", "nope"] }, { addresses: [] }] });
    expect(causesOf(endpointslices, bad)).toEqual([
      'endpoints[0].addresses[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
      'endpoints[0].addresses[1]: Invalid value: "nope": must be a valid IPv4 address',
      "endpoints[1].addresses: Required value: must contain at least 1 address",
    ]);
    const old = created(endpointslices, slice());
    expect(causesOf(endpointslices, { ...old, addressType: "IPv6", endpoints: [] }, old)).toEqual(['addressType: Invalid value: "IPv6": field is immutable']);
  });

  it("counts label changes as a new generation", () => {
    const old = created(endpointslices, slice());
    const next = structuredClone(old) as { metadata: { labels: Record<string, string> } };
    next.metadata.labels.extra = "x";
    expect((updated(endpointslices, old, next as never).metadata as { generation: number }).generation).toBe(2);
  });
});
