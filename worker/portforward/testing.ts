// What kubectl 1.33 sends on a port-forward connection, for tests: its first SYN_STREAM exactly as
// captured (`kubectl port-forward -v=9` logs each WebSocket write), and frames that continue its zlib
// stream (stored blocks, each ending at a sync-flush point as Go's compressor ends them).
import { FLAG_FIN } from "./spdy";

export const hex = (s: string) => Uint8Array.from(s.trim().split(/\s+/).map((h) => parseInt(h, 16)));
/** kubectl 1.33's first SYN_STREAM (stream 1: streamType error, port 80, requestID 0), one Write per message. */
export const KUBECTL_ERROR_STREAM = [
  "80 03", "00 01", "00 00 00 3D", "00 00 00 01", "00 00 00 00", "00", "00",
  "78 F9 E3 C6 A7 C2 02 25 3A 70 3A 2B 29 4A 4D CC 85 16 25 AC A9 A0 80 86 14 CB 45 A0 24 CC 64 61 C0 C0 C0 C0 59 04 89 C4 4C 50 E2 66 34 00 00 00 00 FF FF",
].map(hex);

const enc = new TextEncoder();

/** A header block continuing kubectl's zlib stream: one stored block, then the sync-flush marker. */
function storedBlock(headers: Record<string, string>): Uint8Array {
  const parts: number[] = [];
  const u32 = (n: number) => parts.push((n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
  u32(Object.keys(headers).length);
  for (const [k, v] of Object.entries(headers)) {
    u32(k.length);
    parts.push(...enc.encode(k));
    u32(v.length);
    parts.push(...enc.encode(v));
  }
  return Uint8Array.from([0x00, parts.length & 0xff, parts.length >> 8, ~parts.length & 0xff, (~parts.length >> 8) & 0xff, ...parts, 0, 0, 0, 0xff, 0xff]);
}

export function synStream(streamId: number, headers: Record<string, string>): Uint8Array {
  const block = storedBlock(headers);
  const out = new Uint8Array(18 + block.length);
  const v = new DataView(out.buffer);
  v.setUint16(0, 0x8003);
  v.setUint16(2, 1);
  v.setUint32(4, 10 + block.length);
  v.setUint32(8, streamId);
  out.set(block, 18);
  return out;
}

export function dataFrame(streamId: number, data: string, fin = false): Uint8Array {
  const bytes = enc.encode(data);
  const out = new Uint8Array(8 + bytes.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, streamId);
  v.setUint32(4, ((fin ? FLAG_FIN : 0) << 24) | bytes.length);
  out.set(bytes, 8);
  return out;
}
