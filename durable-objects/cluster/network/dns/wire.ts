// CoreDNS on the wire: a DNS message in (RFC 1035, with EDNS), the zone's answer out, and DNS over TCP
// framing (each message after its 2-byte length, RFC 7766), as `kubectl port-forward` to a CoreDNS pod's
// port 53 carries it to `dig +tcp`. Messages are read and written by dns-packet.
import { Buffer } from "node:buffer";
import * as dnsPacket from "dns-packet";
import { type DnsRecord, type DnsView, lookupRecords } from "./zone";

const RCODES = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4 } as const;
/** Queries a TCP connection may hold unanswered before CoreDNS (miekg/dns) would have read them all. */
const MAX_MESSAGE = 65535;

const flagsOf = (query: { flags?: number }, rcode: number, authoritative: boolean): number =>
  ((query.flags ?? 0) & (dnsPacket.RECURSION_DESIRED | dnsPacket.CHECKING_DISABLED)) | (authoritative ? dnsPacket.AUTHORITATIVE_ANSWER : 0) | rcode;

/**
 * The `loadbalance` plugin shuffles A records in each answer; the model rotates them by the message id,
 * so repeated queries see each address first in turn and the same query gets the same answer.
 */
function rotated(records: DnsRecord[], id: number): DnsRecord[] {
  const a = records.filter((r) => r.type === "A");
  if (a.length < 2) return records;
  const shift = id % a.length;
  const order = [...a.slice(shift), ...a.slice(0, shift)];
  let i = 0;
  return records.map((r) => (r.type === "A" ? order[i++]! : r));
}

const toPacketRecord = (r: DnsRecord) => ({ ...r, class: "IN" }) as dnsPacket.Answer;

function formErr(id: number): Uint8Array {
  return dnsPacket.encode({ id, type: "response", flags: RCODES.FORMERR, questions: [], answers: [], authorities: [], additionals: [] });
}

/** CoreDNS's reply to one DNS message; null when the bytes are not even a header (the server drops them). */
export function answerDnsMessage(view: DnsView, message: Uint8Array): Uint8Array | null {
  if (message.length < 12) return null;
  const buf = Buffer.from(message.buffer, message.byteOffset, message.byteLength);
  let query: dnsPacket.Packet;
  try {
    query = dnsPacket.decode(buf);
  } catch {
    return formErr(buf.readUInt16BE(0));
  }
  const id = query.id ?? 0;
  if (query.type === "response") return null;
  const opt = (query.additionals ?? []).find((r) => r.type === "OPT") as { udpPayloadSize?: number; flags?: number } | undefined;
  const edns = opt ? [{ type: "OPT", name: ".", udpPayloadSize: Math.max(512, opt.udpPayloadSize ?? 512), flags: (opt.flags ?? 0) & dnsPacket.DNSSEC_OK } as unknown as dnsPacket.Answer] : [];
  const questions = query.questions ?? [];
  if (((query.flags ?? 0) >> 11) & 0xf) {
    return dnsPacket.encode({ id, type: "response", flags: flagsOf(query, RCODES.NOTIMP, false), questions, answers: [], authorities: [], additionals: edns });
  }
  if (questions.length !== 1) return formErr(id);
  const question = questions[0]!;
  const result = lookupRecords(view, question.name, String(question.type));
  return dnsPacket.encode({
    id,
    type: "response",
    flags: flagsOf(query, RCODES[result.rcode], result.authoritative),
    questions,
    answers: rotated(result.answers, id).map(toPacketRecord),
    authorities: result.authorities.map(toPacketRecord),
    additionals: [...result.additionals.map(toPacketRecord), ...edns],
  });
}

export interface DnsStreamStep {
  consumed: number;
  output: Uint8Array;
  close: boolean;
}

/** DNS over TCP: answers every complete length-prefixed message in `pending`, in order. */
export function dnsOverTcp(view: DnsView, pending: Uint8Array): DnsStreamStep {
  const out: Uint8Array[] = [];
  let consumed = 0;
  let close = false;
  while (pending.length - consumed >= 2) {
    const length = (pending[consumed]! << 8) | pending[consumed + 1]!;
    if (length > MAX_MESSAGE || pending.length - consumed - 2 < length) break;
    const reply = answerDnsMessage(view, pending.subarray(consumed + 2, consumed + 2 + length));
    consumed += 2 + length;
    if (!reply) {
      close = true;
      break;
    }
    out.push(new Uint8Array([reply.length >> 8, reply.length & 0xff]), reply);
  }
  const output = new Uint8Array(out.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of out) {
    output.set(b, at);
    at += b.length;
  }
  return { consumed, output, close };
}
