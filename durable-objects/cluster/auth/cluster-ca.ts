// The cluster's root CA certificate, as kubeadm makes one (/etc/kubernetes/pki/ca.crt: self-signed,
// subject and issuer CN=kubernetes, valid ten years, CA:TRUE, key usages digitalSignature,
// keyEncipherment and keyCertSign, a subject key identifier, SAN DNS:kubernetes), with an ECDSA P-256
// key (kubeadm's --encryption-algorithm=ECDSA-P256). It is what the kube-root-ca.crt ConfigMaps publish.
// The simulated control plane signs nothing with it, so its private key is not kept: only the PEM is.
// The DER is written here (a few fixed structures); WebCrypto makes the key and the signature.
import { sha1 } from "@noble/hashes/legacy.js";

const KV_KEY = "cluster-ca-certificate";
const TEN_YEARS_MS = 10 * 365 * 24 * 3600 * 1000;

const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

function length(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

const tlv = (tag: number, ...content: Uint8Array[]): Uint8Array => {
  const body = concat(...content);
  return concat(Uint8Array.of(tag), length(body.length), body);
};
const seq = (...c: Uint8Array[]) => tlv(0x30, ...c);
const set = (...c: Uint8Array[]) => tlv(0x31, ...c);
const utf8 = (s: string) => tlv(0x0c, new TextEncoder().encode(s));
const octets = (b: Uint8Array) => tlv(0x04, b);
const bits = (b: Uint8Array, unused = 0) => tlv(0x03, Uint8Array.of(unused), b);
const TRUE = tlv(0x01, Uint8Array.of(0xff));

/** A non-negative INTEGER from big-endian bytes (leading zeros trimmed, one added before a high bit). */
function integer(b: Uint8Array): Uint8Array {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  const trimmed = b.subarray(i);
  return tlv(0x02, trimmed[0]! & 0x80 ? concat(Uint8Array.of(0), trimmed) : trimmed);
}

function oid(dotted: string): Uint8Array {
  const [a, b, ...rest] = dotted.split(".").map(Number);
  const out = [a! * 40 + b!];
  for (const n of rest) {
    const chunk = [n & 0x7f];
    for (let v = n >> 7; v > 0; v >>= 7) chunk.unshift(0x80 | (v & 0x7f));
    out.push(...chunk);
  }
  return tlv(0x06, Uint8Array.from(out));
}

/** UTCTime, YYMMDDHHMMSSZ (certificates before 2050). */
function utcTime(ms: number): Uint8Array {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, "0");
  const s = `${two(d.getUTCFullYear() % 100)}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}Z`;
  return tlv(0x17, new TextEncoder().encode(s));
}

const ECDSA_SHA256 = seq(oid("1.2.840.10045.4.3.2"));
const name = (cn: string) => seq(set(seq(oid("2.5.4.3"), utf8(cn))));
const extension = (id: string, critical: boolean, value: Uint8Array) => seq(oid(id), ...(critical ? [TRUE] : []), octets(value));

/** WebCrypto's ECDSA signature (r ‖ s, 32 bytes each) as the DER SEQUENCE X.509 carries. */
const derSignature = (raw: Uint8Array) => seq(integer(raw.subarray(0, 32)), integer(raw.subarray(32)));

function pem(der: Uint8Array): string {
  let b64 = "";
  for (let i = 0; i < der.length; i += 0x8000) b64 += String.fromCharCode(...der.subarray(i, i + 0x8000));
  b64 = btoa(b64);
  return `-----BEGIN CERTIFICATE-----\n${b64.replace(/.{1,64}/g, "$&\n")}-----END CERTIFICATE-----\n`;
}

/** A new self-signed CA certificate for CN=kubernetes, valid from `nowMs` for ten years, as PEM. */
export async function makeClusterCA(nowMs: number): Promise<string> {
  const keys = (await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"])) as CryptoKeyPair;
  const point = new Uint8Array((await crypto.subtle.exportKey("raw", keys.publicKey)) as ArrayBuffer);
  const spki = seq(seq(oid("1.2.840.10045.2.1"), oid("1.2.840.10045.3.1.7")), bits(point));
  const serial = crypto.getRandomValues(new Uint8Array(8));
  serial[0]! &= 0x7f;
  const extensions = tlv(
    0xa3,
    seq(
      // digitalSignature (0), keyEncipherment (2), keyCertSign (5): 1010 0100, two unused bits.
      extension("2.5.29.15", true, bits(Uint8Array.of(0xa4), 2)),
      extension("2.5.29.19", true, seq(TRUE)),
      extension("2.5.29.14", false, octets(sha1(point))),
      extension("2.5.29.17", false, seq(tlv(0x82, new TextEncoder().encode("kubernetes")))),
    ),
  );
  const tbs = seq(tlv(0xa0, integer(Uint8Array.of(2))), integer(serial), ECDSA_SHA256, name("kubernetes"), seq(utcTime(nowMs), utcTime(nowMs + TEN_YEARS_MS)), name("kubernetes"), spki, extensions);
  const signature = new Uint8Array(await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, keys.privateKey, tbs));
  return pem(seq(tbs, ECDSA_SHA256, bits(derSignature(signature))));
}

/** The cluster's CA certificate (PEM), made on first use and kept in the cluster's storage. */
export async function clusterCA(kv: SyncKvStorage, nowMs: number): Promise<string> {
  const kept = kv.get(KV_KEY) as string | undefined;
  if (kept) return kept;
  const made = await makeClusterCA(nowMs);
  // Two callers racing keep the first one stored.
  const again = kv.get(KV_KEY) as string | undefined;
  if (again) return again;
  kv.put(KV_KEY, made);
  return made;
}
