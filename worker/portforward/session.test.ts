// The SPDY side of port-forward, fed what kubectl 1.33 sends (testing.ts).
import { Unzlib } from "fflate";
import { describe, expect, it } from "vitest";
import { PortForwardSession, type PodPort } from "./session";
import { FLAG_FIN, FrameReader, GOAWAY, PING, SYN_REPLY, type Frame } from "./spdy";
import { SPDY_DICTIONARY, SPDY_DICTIONARY_ID } from "./spdy-dictionary";
import { dataFrame, hex, KUBECTL_ERROR_STREAM, synStream } from "./testing";

const enc = new TextEncoder();
const dec = new TextDecoder();

/** A session with a fake pod; every frame it writes, decoded as the client would. */
function harness(pod: PodPort) {
  const written = new FrameReader();
  const frames: Frame[] = [];
  const closed: Array<[number, string]> = [];
  const session = new PortForwardSession((bytes) => frames.push(...written.push(bytes)), pod, (code, reason) => closed.push([code, reason]));
  return { session, frames, closed };
}

const dataOn = (frames: Frame[], stream: number) =>
  frames.filter((f): f is Extract<Frame, { control: false }> => !f.control && f.streamId === stream);

describe("SPDY frames from kubectl", () => {
  it("inflates kubectl's header block with the SPDY dictionary, however the frame is split", () => {
    const reader = new FrameReader();
    const frames = KUBECTL_ERROR_STREAM.flatMap((m) => reader.push(m));
    expect(frames).toHaveLength(1);
    const f = frames[0]!;
    expect(f.control && f.type).toBe(1);
    expect(f.control && f.streamId).toBe(1);
    expect(f.control && Object.fromEntries(f.headers!)).toEqual({ streamtype: "error", port: "80", requestid: "0" });
  });

  it("knows the dictionary kubectl's zlib header names (Adler-32 e3c6a7c2, 1423 bytes)", () => {
    expect(SPDY_DICTIONARY.length).toBe(1423);
    expect(SPDY_DICTIONARY_ID.toString(16)).toBe("e3c6a7c2");
  });
});

describe("a port-forward session", () => {
  const nginx: PodPort = {
    dial: async () => null,
    send: async (_port, pending) => {
      const text = dec.decode(pending);
      if (!text.includes("\r\n\r\n")) return { consumed: 0, output: new Uint8Array(0), closed: false };
      return { consumed: pending.length, output: enc.encode("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi"), closed: false };
    },
  };

  it("replies to both streams, forwards the request once it is whole, and closes both when the client does", async () => {
    const { session, frames } = harness(nginx);
    for (const m of KUBECTL_ERROR_STREAM) await session.receive(m);
    await session.receive(synStream(3, { streamtype: "data", port: "80", requestid: "0" }));
    const replies = frames.filter((f) => f.control && f.type === SYN_REPLY);
    expect(replies.map((f) => f.control && f.streamId)).toEqual([1, 3]);
    expect(replies.every((f) => f.control && f.headers!.size === 0)).toBe(true);
    await session.receive(dataFrame(3, "GET / HTTP/1.1\r\nHost: x\r\n"));
    expect(dataOn(frames, 3)).toHaveLength(0);
    await session.receive(dataFrame(3, "\r\n"));
    expect(dec.decode(dataOn(frames, 3)[0]!.data)).toBe("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi");
    await session.receive(dataFrame(3, "", true));
    expect(dataOn(frames, 3).at(-1)!.flags & FLAG_FIN).toBe(FLAG_FIN);
    const errorFrames = dataOn(frames, 1);
    expect(errorFrames).toHaveLength(1);
    expect(errorFrames[0]!.flags & FLAG_FIN).toBe(FLAG_FIN);
    expect(errorFrames[0]!.data.length).toBe(0);
  });

  it("writes a refused dial to the error stream, then closes both streams", async () => {
    const { session, frames } = harness({ dial: async () => "connect: connection refused", send: nginx.send });
    for (const m of KUBECTL_ERROR_STREAM) await session.receive(m);
    await session.receive(synStream(3, { streamtype: "data", port: "80", requestid: "0" }));
    const errors = dataOn(frames, 1);
    expect(dec.decode(errors[0]!.data)).toBe("connect: connection refused");
    expect(errors.at(-1)!.flags & FLAG_FIN).toBe(FLAG_FIN);
    expect(dataOn(frames, 3).at(-1)!.flags & FLAG_FIN).toBe(FLAG_FIN);
  });

  it("answers a PING with the same id, and a frame of another SPDY version with GOAWAY", async () => {
    const { session, frames, closed } = harness(nginx);
    await session.receive(hex("80 03 00 06 00 00 00 04 00 00 00 07"));
    const ping = frames.find((f) => f.control && f.type === PING)!;
    expect(ping.control && [...ping.payload]).toEqual([0, 0, 0, 7]);
    await session.receive(hex("80 02 00 06 00 00 00 04 00 00 00 09"));
    expect(frames.some((f) => f.control && f.type === GOAWAY)).toBe(true);
    expect(closed[0]![0]).toBe(1002);
  });

  it("writes header blocks a zlib reader takes one frame at a time, each ending at a flush point", async () => {
    const raw: Uint8Array[] = [];
    const s2 = new PortForwardSession((b) => raw.push(b), nginx, () => {});
    for (const m of KUBECTL_ERROR_STREAM) await s2.receive(m);
    await s2.receive(synStream(3, { streamtype: "data", port: "80", requestid: "0" }));
    const blocks = raw.map((frame) => frame.subarray(12));
    const out: Uint8Array[] = [];
    const inflater = new Unzlib({ dictionary: SPDY_DICTIONARY }, (c) => out.push(c));
    for (const block of blocks) {
      // Go's inflater returns data only at a block boundary: every block must end with the empty stored block.
      expect([...block.subarray(-5)]).toEqual([0, 0, 0, 0xff, 0xff]);
      out.length = 0;
      inflater.push(block);
      expect(out.flatMap((c) => [...c])).toEqual([0, 0, 0, 0]);
    }
  });
});
