// SPDY/3.1 framing (draft 3.1), the server's half of what kubectl's port-forward speaks inside its
// WebSocket: frames read from a byte stream that WebSocket messages may split anywhere, header blocks
// inflated with the connection's one zlib context and the SPDY dictionary (fflate), and the frames a
// server writes. Flow-control windows are not enforced by kubectl's client (spdystream), and the
// replies here are small, so WINDOW_UPDATE is read and ignored.
import { Unzlib } from "fflate";
import { SPDY_DICTIONARY, SPDY_DICTIONARY_ID } from "./spdy-dictionary";

export const SYN_STREAM = 1;
export const SYN_REPLY = 2;
export const RST_STREAM = 3;
export const SETTINGS = 4;
export const PING = 6;
export const GOAWAY = 7;
export const HEADERS = 8;
export const WINDOW_UPDATE = 9;
export const FLAG_FIN = 0x01;
/** RST_STREAM status codes. */
export const PROTOCOL_ERROR = 1;
export const INVALID_STREAM = 2;

export type Frame =
  | { control: false; streamId: number; flags: number; data: Uint8Array }
  | { control: true; type: number; flags: number; payload: Uint8Array; streamId?: number; headers?: Map<string, string> };

/** The largest frame accepted from a client (kubectl writes 32 KiB data frames at most). */
const MAX_FRAME = 1 << 20;

export class SpdyProtocolError extends Error {}

const u32 = (b: Uint8Array, at: number) => ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
const latin1 = (b: Uint8Array) => String.fromCharCode(...b);

/** Reads frames from the client's bytes, however they arrive. */
export class FrameReader {
  private buffer = new Uint8Array(0);
  private inflated: Uint8Array[] = [];
  private readonly inflater = new Unzlib({ dictionary: SPDY_DICTIONARY }, (chunk) => this.inflated.push(chunk));

  /** Adds bytes and returns every frame now complete. */
  push(bytes: Uint8Array): Frame[] {
    const merged = new Uint8Array(this.buffer.length + bytes.length);
    merged.set(this.buffer);
    merged.set(bytes, this.buffer.length);
    const frames: Frame[] = [];
    let at = 0;
    while (merged.length - at >= 8) {
      const length = (merged[at + 5]! << 16) | (merged[at + 6]! << 8) | merged[at + 7]!;
      if (length > MAX_FRAME) throw new SpdyProtocolError(`frame of ${length} bytes is too large`);
      if (merged.length - at < 8 + length) break;
      frames.push(this.frame(merged.subarray(at, at + 8), merged.slice(at + 8, at + 8 + length)));
      at += 8 + length;
    }
    this.buffer = merged.slice(at);
    return frames;
  }

  private frame(head: Uint8Array, payload: Uint8Array): Frame {
    const flags = head[4]!;
    if ((head[0]! & 0x80) === 0) return { control: false, streamId: u32(head, 0) & 0x7fffffff, flags, data: payload };
    const version = ((head[0]! & 0x7f) << 8) | head[1]!;
    if (version !== 3) throw new SpdyProtocolError(`unsupported SPDY version ${version}`);
    const type = (head[2]! << 8) | head[3]!;
    const frame: Frame = { control: true, type, flags, payload };
    if (type === SYN_STREAM || type === SYN_REPLY || type === HEADERS || type === RST_STREAM || type === WINDOW_UPDATE) {
      if (payload.length < 4) throw new SpdyProtocolError("control frame too short");
      frame.streamId = u32(payload, 0) & 0x7fffffff;
    }
    if (type === SYN_STREAM) frame.headers = this.headerBlock(payload.subarray(10));
    else if (type === SYN_REPLY || type === HEADERS) frame.headers = this.headerBlock(payload.subarray(4));
    return frame;
  }

  /** A name/value header block: inflated in the connection's zlib stream, names lower-cased. */
  private headerBlock(compressed: Uint8Array): Map<string, string> {
    this.inflated = [];
    try {
      this.inflater.push(compressed);
    } catch (e) {
      throw new SpdyProtocolError(`header block does not inflate: ${(e as Error).message}`);
    }
    const size = this.inflated.reduce((n, c) => n + c.length, 0);
    const block = new Uint8Array(size);
    let o = 0;
    for (const c of this.inflated) {
      block.set(c, o);
      o += c.length;
    }
    const headers = new Map<string, string>();
    if (block.length < 4) throw new SpdyProtocolError("header block too short");
    const count = u32(block, 0);
    let at = 4;
    for (let i = 0; i < count; i++) {
      if (at + 4 > block.length) throw new SpdyProtocolError("header block truncated");
      const nameLength = u32(block, at);
      const name = latin1(block.subarray(at + 4, at + 4 + nameLength)).toLowerCase();
      at += 4 + nameLength;
      if (at + 4 > block.length) throw new SpdyProtocolError("header block truncated");
      const valueLength = u32(block, at);
      // Several values of one name are separated by NUL; the first is the one that counts here.
      headers.set(name, latin1(block.subarray(at + 4, at + 4 + valueLength)).split("\0")[0]!);
      at += 4 + valueLength;
    }
    return headers;
  }
}

/** Writes a server's frames. Its header blocks are zlib "stored" blocks: valid, and need no compressor. */
export class FrameWriter {
  private started = false;

  data(streamId: number, data: Uint8Array, fin = false): Uint8Array {
    const out = new Uint8Array(8 + data.length);
    const view = new DataView(out.buffer);
    view.setUint32(0, streamId & 0x7fffffff);
    view.setUint32(4, ((fin ? FLAG_FIN : 0) << 24) | data.length);
    out.set(data, 8);
    return out;
  }

  synReply(streamId: number): Uint8Array {
    const block = this.headerBlock();
    const payload = new Uint8Array(4 + block.length);
    new DataView(payload.buffer).setUint32(0, streamId & 0x7fffffff);
    payload.set(block, 4);
    return control(SYN_REPLY, 0, payload);
  }

  rstStream(streamId: number, status: number): Uint8Array {
    return control(RST_STREAM, 0, words(streamId & 0x7fffffff, status));
  }

  /** A PING answered: the same id back. */
  ping(payload: Uint8Array): Uint8Array {
    return control(PING, 0, payload);
  }

  goAway(lastGoodStreamId: number, status = 0): Uint8Array {
    return control(GOAWAY, 0, words(lastGoodStreamId & 0x7fffffff, status));
  }

  /** An empty name/value block (count 0) in one stored deflate block; the zlib header goes first, once. */
  private headerBlock(): Uint8Array {
    const content = [0, 0, 0, 0];
    // BFINAL=0, BTYPE=00 (stored), then LEN and its one's complement, little-endian; then an empty
    // stored block, as a sync flush ends: Go's inflater hands data over only at such a boundary and
    // would otherwise read on into the next frame's bytes.
    const stored = [0x00, content.length, 0x00, ~content.length & 0xff, 0xff, ...content, 0x00, 0x00, 0x00, 0xff, 0xff];
    if (this.started) return Uint8Array.from(stored);
    this.started = true;
    // CMF 0x78 (deflate, 32 KiB window), FLG 0xbb (a preset dictionary, named next by its Adler-32, as
    // Go's compressor writes it; the check bits make CMF·256+FLG a multiple of 31). Stored blocks never
    // refer to the dictionary, but readers given one may insist the stream declares it.
    const id = SPDY_DICTIONARY_ID;
    return Uint8Array.from([0x78, 0xbb, id >>> 24, (id >>> 16) & 0xff, (id >>> 8) & 0xff, id & 0xff, ...stored]);
  }
}

function control(type: number, flags: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + payload.length);
  const view = new DataView(out.buffer);
  view.setUint16(0, 0x8000 | 3);
  view.setUint16(2, type);
  view.setUint32(4, (flags << 24) | payload.length);
  out.set(payload, 8);
  return out;
}

function words(...values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setUint32(i * 4, v >>> 0));
  return out;
}
