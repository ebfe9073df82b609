// CoreDNS on the wire: a dig-like query in, CoreDNS's flags, records and EDNS out; DNS over TCP framing.
import { Buffer } from "node:buffer";
import * as dnsPacket from "dns-packet";
import { describe, expect, it } from "vitest";
import { answerDnsMessage, dnsOverTcp } from "./wire";
import type { DnsView } from "./zone";

const view: DnsView = {
  namespaceExists: (ns) => ns === "default",
  service: (ns, name) => (ns === "default" && name === "web" ? { metadata: { name, namespace: ns }, spec: { clusterIP: "10.96.12.7", ports: [{ port: 80 }] } } : undefined),
  services: () => [],
  endpointSlices: () => [],
  allEndpointSlices: () => [],
  serial: 1733450000,
};
const headlessView: DnsView = {
  ...view,
  service: (ns, name) => ({ metadata: { name, namespace: ns }, spec: { clusterIP: "None" } }),
  endpointSlices: () => [{ addressType: "IPv4", endpoints: ["10.244.1.1", "10.244.1.2", "10.244.1.3"].map((ip) => ({ addresses: [ip], conditions: { ready: true } })), ports: [] }],
};

/** What `dig +tcp NAME TYPE` sends: recursion desired, EDNS with a 1232-byte buffer. */
const query = (name: string, type: string, id = 4242) =>
  dnsPacket.encode({
    id,
    type: "query",
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ name, type: type as "A", class: "IN" }],
    additionals: [{ type: "OPT", name: ".", udpPayloadSize: 1232 } as unknown as dnsPacket.Answer],
  });

const decode = (bytes: Uint8Array) => dnsPacket.decode(Buffer.from(bytes)) as dnsPacket.DecodedPacket & { rcode: string };

describe("answerDnsMessage", () => {
  it("answers as CoreDNS: qr aa rd (no ra), the id, the question, the record, and EDNS back", () => {
    const reply = decode(answerDnsMessage(view, query("web.default.svc.cluster.local", "A"))!);
    expect(reply).toMatchObject({ id: 4242, type: "response", flag_qr: true, flag_aa: true, flag_rd: true, flag_ra: false, rcode: "NOERROR" });
    expect(reply.questions).toEqual([{ name: "web.default.svc.cluster.local", type: "A", class: "IN" }]);
    expect(reply.answers).toEqual([{ name: "web.default.svc.cluster.local", type: "A", ttl: 30, class: "IN", flush: false, data: "10.96.12.7" }]);
    expect(reply.additionals).toMatchObject([{ type: "OPT", udpPayloadSize: 1232 }]);
  });

  it("NXDOMAIN carries the zone's SOA; outside the zone is SERVFAIL without aa", () => {
    const nx = decode(answerDnsMessage(view, query("nope.default.svc.cluster.local", "A"))!);
    expect(nx.rcode).toBe("NXDOMAIN");
    expect(nx.authorities).toMatchObject([{ name: "cluster.local", type: "SOA", ttl: 30, data: { mname: "ns.dns.cluster.local", rname: "hostmaster.cluster.local", serial: 1733450000 } }]);
    const out = decode(answerDnsMessage(view, query("example.com", "A"))!);
    expect(out).toMatchObject({ rcode: "SERVFAIL", flag_aa: false });
  });

  it("loadbalance: each query id sees the headless Service's addresses rotated", () => {
    const first = (id: number) => (decode(answerDnsMessage(headlessView, query("db.default.svc.cluster.local", "A", id))!).answers![0] as { data: string }).data;
    expect([first(0), first(1), first(2), first(3)]).toEqual(["10.244.1.1", "10.244.1.2", "10.244.1.3", "10.244.1.1"]);
  });

  it("bytes that are a header but no message get FORMERR; less than a header is dropped", () => {
    const broken = new Uint8Array([0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 60]);
    expect(decode(answerDnsMessage(view, broken)!)).toMatchObject({ id: 0x1234, rcode: "FORMERR" });
    expect(answerDnsMessage(view, new Uint8Array([1, 2, 3]))).toBeNull();
  });
});

describe("dnsOverTcp", () => {
  const framed = (msg: Uint8Array) => new Uint8Array([msg.length >> 8, msg.length & 0xff, ...msg]);

  it("waits for a whole message, answers each in order, and leaves a partial one unread", () => {
    const one = framed(query("web.default.svc.cluster.local", "A", 1));
    const two = framed(query("web.default.svc.cluster.local", "AAAA", 2));
    expect(dnsOverTcp(view, one.subarray(0, 5))).toMatchObject({ consumed: 0, close: false });
    const both = new Uint8Array([...one, ...two, ...two.subarray(0, 3)]);
    const step = dnsOverTcp(view, both);
    expect(step.consumed).toBe(one.length + two.length);
    expect(step.close).toBe(false);
    const firstLength = (step.output[0]! << 8) | step.output[1]!;
    const a = decode(step.output.subarray(2, 2 + firstLength));
    const b = decode(step.output.subarray(4 + firstLength));
    expect([a.id, a.answers!.length, b.id, b.answers!.length, b.rcode]).toEqual([1, 1, 2, 0, "NOERROR"]);
  });
});
