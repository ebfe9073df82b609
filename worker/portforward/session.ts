// One port-forward connection, as the kubelet serves it: kubectl opens two streams per forwarded
// connection (an error stream, then a data stream, both naming the port and a requestID); once both
// are there the pod's port is dialled. Bytes on the data stream go to the pod's program, its answer
// comes back on the data stream; when either side closes, both streams are closed, and a failure is
// written to the error stream first (kubectl prints it).
import { FLAG_FIN, FrameReader, FrameWriter, GOAWAY, INVALID_STREAM, PING, PROTOCOL_ERROR, RST_STREAM, SYN_STREAM, SpdyProtocolError, type Frame } from "./spdy";

/** What the pod does with a forwarded connection (the cluster answers; see network/port-forward.ts). */
export interface PodPort {
  /** Dials the port: null when accepted, or the kubelet's error message. */
  dial(port: number): Promise<string | null>;
  /** The bytes the client has sent and the program has not read: how many it read, its answer, whether it closed. */
  send(port: number, pending: Uint8Array): Promise<{ consumed: number; output: Uint8Array; closed: boolean }>;
}

interface Pair {
  port: number;
  errorStream?: number;
  dataStream?: number;
  /** The connection to the pod is up. */
  open: boolean;
  /** Client bytes the program has not read yet. */
  pending: Uint8Array;
  /** The pod's side is closed (both streams finished). */
  done: boolean;
  /** The client closed its data stream (or reset it). */
  clientClosed: boolean;
}

/** The largest data frame written (kubectl reads any size; this keeps frames modest). */
const MAX_DATA_FRAME = 32 * 1024;
const text = new TextEncoder();

export class PortForwardSession {
  private readonly reader = new FrameReader();
  private readonly writer = new FrameWriter();
  private readonly pairs = new Map<string, Pair>();
  private readonly byStream = new Map<number, string>();
  private lastStream = 0;
  /** Frames are handled one at a time, in order, even while the cluster is being asked. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly write: (bytes: Uint8Array) => void,
    private readonly pod: PodPort,
    private readonly close: (code: number, reason: string) => void,
  ) {}

  /** Bytes from the client (one WebSocket message). */
  receive(bytes: Uint8Array): Promise<void> {
    this.queue = this.queue.then(async () => {
      let frames: Frame[];
      try {
        frames = this.reader.push(bytes);
      } catch (e) {
        if (!(e instanceof SpdyProtocolError)) throw e;
        this.write(this.writer.goAway(this.lastStream, PROTOCOL_ERROR));
        this.close(1002, e.message);
        return;
      }
      for (const frame of frames) await this.handle(frame);
    });
    return this.queue;
  }

  private async handle(frame: Frame): Promise<void> {
    if (!frame.control) return this.onData(frame.streamId, frame.data, (frame.flags & FLAG_FIN) !== 0);
    switch (frame.type) {
      case SYN_STREAM:
        return this.onSynStream(frame.streamId!, frame.headers!);
      case PING:
        this.write(this.writer.ping(frame.payload));
        return;
      case RST_STREAM:
        this.forget(frame.streamId!);
        return;
      case GOAWAY:
        this.close(1000, "");
        return;
      default:
        // SETTINGS, WINDOW_UPDATE, HEADERS: nothing the forwarder acts on.
        return;
    }
  }

  private async onSynStream(streamId: number, headers: Map<string, string>): Promise<void> {
    this.lastStream = Math.max(this.lastStream, streamId);
    const type = headers.get("streamtype");
    const port = Number(headers.get("port"));
    const requestId = headers.get("requestid") ?? "";
    if ((type !== "error" && type !== "data") || !Number.isInteger(port) || port < 1 || port > 65535) {
      this.write(this.writer.rstStream(streamId, PROTOCOL_ERROR));
      return;
    }
    this.write(this.writer.synReply(streamId));
    const key = `${requestId}/${port}`;
    const pair = this.pairs.get(key) ?? { port, open: false, pending: new Uint8Array(0), done: false, clientClosed: false };
    this.pairs.set(key, pair);
    this.byStream.set(streamId, key);
    if (type === "error") pair.errorStream = streamId;
    else pair.dataStream = streamId;
    if (pair.errorStream === undefined || pair.dataStream === undefined) return;
    const refused = await this.pod.dial(port);
    if (refused !== null) return this.finish(pair, refused);
    pair.open = true;
    if (pair.pending.length > 0) await this.pump(pair);
  }

  private async onData(streamId: number, data: Uint8Array, fin: boolean): Promise<void> {
    const key = this.byStream.get(streamId);
    const pair = key ? this.pairs.get(key) : undefined;
    if (!pair || pair.done) {
      if (!pair) this.write(this.writer.rstStream(streamId, INVALID_STREAM));
      return;
    }
    if (streamId !== pair.dataStream) return;
    if (fin) pair.clientClosed = true;
    if (data.length > 0) {
      const merged = new Uint8Array(pair.pending.length + data.length);
      merged.set(pair.pending);
      merged.set(data, pair.pending.length);
      pair.pending = merged;
      if (pair.open) await this.pump(pair);
    }
    // The client closed its side: the program reads end of file and closes too.
    if (fin && !pair.done) this.finish(pair, "");
    this.release(pair);
  }

  /** Hands the program what it has not read; writes its answer; closes if it did. */
  private async pump(pair: Pair): Promise<void> {
    const { consumed, output, closed } = await this.pod.send(pair.port, pair.pending);
    pair.pending = pair.pending.slice(consumed);
    for (let at = 0; at < output.length; at += MAX_DATA_FRAME) this.write(this.writer.data(pair.dataStream!, output.subarray(at, at + MAX_DATA_FRAME)));
    if (closed) this.finish(pair, "");
  }

  /** Ends a forwarded connection: the error (if any) on the error stream, then both streams closed. */
  private finish(pair: Pair, error: string): void {
    pair.done = true;
    if (pair.dataStream !== undefined) this.write(this.writer.data(pair.dataStream, new Uint8Array(0), true));
    if (pair.errorStream !== undefined) {
      if (error) this.write(this.writer.data(pair.errorStream, text.encode(error)));
      this.write(this.writer.data(pair.errorStream, new Uint8Array(0), true));
    }
  }

  private forget(streamId: number): void {
    const key = this.byStream.get(streamId);
    const pair = key ? this.pairs.get(key) : undefined;
    if (!pair) return;
    pair.done = true;
    pair.clientClosed = true;
    this.release(pair);
  }

  /** Drops a connection both sides have closed, so a long session keeps only its live ones. */
  private release(pair: Pair): void {
    if (!pair.done || !pair.clientClosed) return;
    for (const id of [pair.errorStream, pair.dataStream]) if (id !== undefined) this.byStream.delete(id);
    for (const [key, p] of this.pairs) if (p === pair) this.pairs.delete(key);
  }
}
