// The Endpoints subsets on their own: ready and not-ready addresses, kube's address order, repacking
// by port set, terminating pods, headless services without ports, truncation at 1000 addresses.
import { describe, expect, it } from "vitest";
import type { JsonObject } from "../../apiserver/registry/types";
import { pod, pods, service } from "../endpointslice/testing";
import { addressCount, buildSubsets, repackSubsets, truncateSubsets } from "./subsets";

const ips = (list: unknown) => ((list ?? []) as JsonObject[]).map((a) => a.ip);

describe("endpoints subsets", () => {
  it("puts ready pods in addresses and unready ones in notReadyAddresses, sorted by IP bytes, with node and target", () => {
    const subsets = buildSubsets(service(), [pod("b", "10.244.1.9"), pod("a", "10.244.1.10"), pod("c", "10.244.1.3", { ready: false }), pod("none", undefined)]);
    expect(subsets).toEqual([
      {
        addresses: [
          { ip: "10.244.1.10", nodeName: "node-1", targetRef: { kind: "Pod", namespace: "default", name: "a", uid: "uid-a" } },
          { ip: "10.244.1.9", nodeName: "node-1", targetRef: { kind: "Pod", namespace: "default", name: "b", uid: "uid-b" } },
        ],
        notReadyAddresses: [{ ip: "10.244.1.3", nodeName: "node-1", targetRef: { kind: "Pod", namespace: "default", name: "c", uid: "uid-c" } }],
        ports: [{ name: "http", port: 8080, protocol: "TCP" }],
      },
    ]);
  });

  it("omits terminating pods, unless not-ready addresses are published (then every address is ready)", () => {
    const ps = [pod("a", "10.244.1.2"), pod("old", "10.244.1.3", { terminating: true }), pod("cold", "10.244.1.4", { ready: false })];
    expect(buildSubsets(service(), ps).map((s) => [ips(s.addresses), ips(s.notReadyAddresses)])).toEqual([[["10.244.1.2"], ["10.244.1.4"]]]);
    expect(buildSubsets(service({ spec: { publishNotReadyAddresses: true } }), ps).map((s) => [ips(s.addresses), ips(s.notReadyAddresses)])).toEqual([
      [["10.244.1.2", "10.244.1.3", "10.244.1.4"], []],
    ]);
  });

  it("repacks by port: each subset lists the addresses that offer the same ports (a pod lacking a named port is missing from that port's subset)", () => {
    const svc = service({
      spec: {
        ports: [
          { name: "http", protocol: "TCP", port: 80, targetPort: "http" },
          { name: "metrics", protocol: "TCP", port: 9100, targetPort: "metrics", appProtocol: "http" },
        ],
      },
    });
    const subsets = buildSubsets(svc, [pod("a", "10.244.1.2", { ports: { http: 8080, metrics: 9100 } }), pod("b", "10.244.1.3", { ports: { http: 8080, metrics: 9100 } }), pod("c", "10.244.1.4", { ports: { http: 8080 } })]);
    expect(subsets.map((s) => [ips(s.addresses), s.ports])).toEqual([
      [["10.244.1.2", "10.244.1.3", "10.244.1.4"], [{ name: "http", port: 8080, protocol: "TCP" }]],
      [["10.244.1.2", "10.244.1.3"], [{ name: "metrics", port: 9100, protocol: "TCP", appProtocol: "http" }]],
    ]);
    // Where every pod offers both, one subset carries both ports.
    const both = buildSubsets(svc, [pod("a", "10.244.1.2", { ports: { http: 8080, metrics: 9100 } }), pod("b", "10.244.1.3", { ports: { http: 8080, metrics: 9100 } })]);
    expect(both.map((s) => [ips(s.addresses), (s.ports as JsonObject[]).map((p) => p.name)])).toEqual([[["10.244.1.2", "10.244.1.3"], ["http", "metrics"]]]);
  });

  it("gives a headless service without ports a subset without ports, with hostnames for its subdomain", () => {
    const svc = service({ spec: { clusterIP: "None", clusterIPs: ["None"], ports: [] } });
    expect(buildSubsets(svc, [pod("db-0", "10.244.1.2", { hostname: "db-0", subdomain: "web" })])).toEqual([
      { addresses: [{ ip: "10.244.1.2", hostname: "db-0", nodeName: "node-1", targetRef: { kind: "Pod", namespace: "default", name: "db-0", uid: "uid-db-0" } }] },
    ]);
    // A service with an IP and no ports has nothing to list.
    expect(buildSubsets(service({ spec: { ports: [] } }), pods(2))).toEqual([]);
  });

  it("an address not ready in one of two entries for a port is not ready", () => {
    const a = { ip: "10.0.0.1", targetRef: { uid: "u1" } };
    const port = { port: 80, protocol: "TCP" };
    expect(repackSubsets([{ addresses: [a], ports: [port] }, { notReadyAddresses: [a], ports: [port] }])).toEqual([{ notReadyAddresses: [a], ports: [port] }]);
  });

  it("truncates to 1000 addresses, ready ones first, sharing the room among subsets", () => {
    const ready = (n: number, from: number) => Array.from({ length: n }, (_, i) => ({ ip: `10.0.${Math.floor((from + i) / 250)}.${(from + i) % 250}` }));
    const mixed = [
      { addresses: ready(600, 0), notReadyAddresses: ready(100, 600), ports: [{ port: 80 }] },
      { addresses: ready(300, 700), notReadyAddresses: ready(100, 1000), ports: [{ port: 81 }] },
    ];
    expect(truncateSubsets(mixed)).toBe(true);
    expect(mixed.map((s) => [s.addresses.length, (s.notReadyAddresses ?? []).length])).toEqual([[600, 50], [300, 50]]);
    expect(addressCount(mixed)).toBe(1000);

    const tooReady: JsonObject[] = [{ addresses: ready(1200, 0), ports: [{ port: 80 }] }, { notReadyAddresses: ready(5, 1200), ports: [{ port: 81 }] }];
    expect(truncateSubsets(tooReady)).toBe(true);
    expect(tooReady).toHaveLength(1); // the not-ready-only subset is emptied, and dropped
    expect(addressCount(tooReady)).toBe(1000);

    const small = [{ addresses: ready(3, 0) }];
    expect(truncateSubsets(small)).toBe(false);
  });
});
