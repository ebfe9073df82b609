// One TCP connection into a pod, as the byte stream port-forward carries: what the client has sent
// and the program has not yet read → what the program writes back. HTTP/1.x requests are framed by
// their head and Content-Length (or a chunked body) and answered one by one, as on a keep-alive
// connection; anything else is read a line at a time (redis-cli's PING, nc).
import type { ApiContext } from "../apiserver/context";
import type { JsonObject } from "../apiserver/registry/types";
import { connectToPod, sendLineToPod, streamBinaryToPod } from "./dataplane";
import { formatResponse, type HttpRequestModel } from "./http";

export interface StreamStep {
  /** How many bytes of `pending` the program has read; the rest waits for more to arrive. */
  consumed: number;
  /** What the program wrote back. */
  output: Uint8Array;
  /** The program closed the connection (after writing `output`). */
  close: boolean;
}

/** A request head larger than this is answered as nginx does one it cannot hold: the connection closes. */
const MAX_HEAD = 64 * 1024;
const REQUEST_LINE = /^([A-Z]+) (\S+) (HTTP\/1\.[01])$/;
const encoder = new TextEncoder();
const utf8 = new TextDecoder();
const latin1 = (bytes: Uint8Array): string => {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return s;
};

interface Framed {
  /** Bytes the unit takes from the stream. */
  length: number;
  request?: HttpRequestModel;
  /** Whether the client asked to close after this request. */
  closeAfter?: boolean;
  line?: string;
}

/** Finds the end of the head ("\r\n\r\n", or bare "\n\n" which servers accept too); -1 if not yet. */
function headEnd(bytes: Uint8Array): { at: number; sep: number } | null {
  for (let i = 0; i + 1 < bytes.length; i++) {
    if (bytes[i] === 10 && bytes[i + 1] === 10) return { at: i, sep: 2 };
    if (bytes[i] === 13 && bytes[i + 1] === 10 && bytes[i + 2] === 13 && bytes[i + 3] === 10) return { at: i, sep: 4 };
  }
  return null;
}

/** A chunked body's payload and length in bytes, or null while incomplete. */
function dechunk(bytes: Uint8Array, from: number): { body: Uint8Array; end: number } | null {
  const parts: Uint8Array[] = [];
  let at = from;
  for (;;) {
    const nl = bytes.indexOf(10, at);
    if (nl < 0) return null;
    const size = Number.parseInt(latin1(bytes.subarray(at, nl)).trim(), 16);
    if (!Number.isFinite(size)) return { body: new Uint8Array(), end: bytes.length };
    at = nl + 1;
    if (size === 0) {
      // Trailers end with an empty line.
      const end = bytes.indexOf(10, at);
      if (end < 0) return null;
      const merged = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let o = 0;
      for (const p of parts) merged.set(p, (o += p.length) - p.length);
      return { body: merged, end: end + 1 };
    }
    if (bytes.length < at + size + 2) return null;
    parts.push(bytes.subarray(at, at + size));
    at += size + 2;
  }
}

/** The next complete unit at the start of `bytes`, null while it is incomplete. */
function nextUnit(bytes: Uint8Array, clientIP: string): Framed | null {
  const nl = bytes.indexOf(10);
  if (nl < 0) return bytes.length > MAX_HEAD ? { length: bytes.length, closeAfter: true } : null;
  const first = latin1(bytes.subarray(0, nl)).replace(/\r$/, "");
  const m = REQUEST_LINE.exec(first);
  if (!m) return { length: nl + 1, line: first };
  const end = headEnd(bytes);
  if (!end) return bytes.length > MAX_HEAD ? { length: bytes.length, closeAfter: true } : null;
  const headers: Record<string, string> = {};
  for (const raw of latin1(bytes.subarray(nl + 1, end.at)).split("\n")) {
    const line = raw.replace(/\r$/, "");
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const bodyStart = end.at + end.sep;
  let body: Uint8Array = new Uint8Array();
  let length = bodyStart;
  if (/chunked/i.test(headers["transfer-encoding"] ?? "")) {
    const chunked = dechunk(bytes, bodyStart);
    if (!chunked) return null;
    body = chunked.body;
    length = chunked.end;
  } else {
    const declared = Number(headers["content-length"] ?? "0");
    const n = Number.isInteger(declared) && declared > 0 ? declared : 0;
    if (bytes.length < bodyStart + n) return null;
    body = bytes.subarray(bodyStart, bodyStart + n);
    length = bodyStart + n;
  }
  const version = m[3]!;
  const connection = (headers.connection ?? "").toLowerCase();
  const closeAfter = connection.includes("close") || (version === "HTTP/1.0" && !connection.includes("keep-alive"));
  const request: HttpRequestModel = { method: m[1]!, path: m[2]!, headers, body: utf8.decode(body), clientIP, version };
  return { length, request, closeAfter };
}

/**
 * What the program listening on `pod`'s `port` does with the bytes the client has sent and it has
 * not yet read: it answers every complete request (or line) in order, and may close.
 */
export function streamToPod(ctx: ApiContext, pod: JsonObject, port: number, pending: Uint8Array, clientIP: string): StreamStep {
  const binary = streamBinaryToPod(ctx, pod, port, pending);
  if (binary) return binary;
  const out: string[] = [];
  let consumed = 0;
  let close = false;
  while (!close && consumed < pending.length) {
    const unit = nextUnit(pending.subarray(consumed), clientIP);
    if (!unit) break;
    consumed += unit.length;
    if (unit.request) {
      const answer = connectToPod(ctx, pod, port, unit.request);
      if (answer.kind === "response") {
        out.push(formatResponse(answer));
        close = answer.closes === true || unit.closeAfter === true;
      } else {
        if (answer.kind === "closed" && answer.data) out.push(answer.data);
        close = true;
      }
    } else if (unit.line !== undefined) {
      const answer = sendLineToPod(ctx, pod, port, unit.line);
      if (answer.kind === "data") {
        out.push(answer.data);
        close = answer.close;
      } else close = answer.kind !== "open";
    } else close = true;
  }
  return { consumed, output: encoder.encode(out.join("")), close };
}
