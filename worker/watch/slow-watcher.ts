// What the edge holds for a watch client that does not keep up, and when it gives up on one.
//
// kube-apiserver's cacher gives each watcher a small buffer of live events; a watcher whose buffer
// stays full while new events arrive is "forced to close due to unresponsiveness"
// (storage/cacher/cache_watcher.go add/forget): its stream ends as a normal end of watch, and
// client-go, kubectl and the Python client then watch again from the last resourceVersion they
// received. The relay does the same with a byte budget:
//   - HTTP: the response body is a pull stream, so what this Worker holds for a client is exactly
//     the bytes the runtime has not taken yet. (A TransformStream's writer.desiredSize only fell
//     once ~9 MB had already left the Worker into the runtime's pipe and the connection's socket
//     buffers, measured under wrangler dev; with an 8 MiB threshold on top, a stalled reader was
//     ended only after ~17 MB, and a slower writer never reached it.)
//   - WebSocket: workerd's WebSocket has no bufferedAmount (cloudflare/workerd#988), so the relay
//     assumes the client drains at least MIN_DRAIN_BYTES_PER_SECOND and counts the rest as backlog.
// The replay a watch starts with (its initial events) is not backlog: as kube's initial events, it
// is delivered at the client's pace.

/** A watch whose live events wait unread beyond this many bytes is ended. */
export const SLOW_WATCHER_BACKLOG_BYTES = 2 * 1024 * 1024;
/** After ending a slow watch, what was queued may still be read for this long; then the stream is cut. */
export const SLOW_WATCHER_DRAIN_MS = 30_000;
/** The WebSocket path's assumed minimum drain rate (no bufferedAmount to measure the real one). */
export const MIN_DRAIN_BYTES_PER_SECOND = 16 * 1024;

/**
 * The body of an HTTP watch: a pull stream over a queue of whole watch events, so its length is
 * what the Worker holds for the client. `push` answers false once the client is too far behind.
 */
export class WatchBody {
  readonly readable: ReadableStream<Uint8Array>;
  private readonly queue: Uint8Array[] = [];
  private queued = 0;
  private taken = 0;
  private controller!: ReadableStreamDefaultController<Uint8Array>;
  private waiting: (() => void) | null = null;
  private ending = false;
  private drainTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly replayBytes: number,
    onCancel: () => void,
    private readonly limit = SLOW_WATCHER_BACKLOG_BYTES,
  ) {
    this.readable = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.controller = controller;
        },
        pull: () => this.pull(),
        cancel: () => {
          this.release();
          onCancel();
        },
      },
      { highWaterMark: 0 },
    );
  }

  /** Bytes queued and not yet taken by the client. */
  get backlog(): number {
    return this.queued;
  }

  /** Queues one chunk of whole events; false (and nothing queued) when the live backlog is over the limit. */
  push(chunk: Uint8Array): boolean {
    if (this.ending) return false;
    // Replay not yet taken does not count against the client.
    const replayUnread = Math.max(0, this.replayBytes - this.taken);
    if (this.queued - replayUnread + chunk.length > this.limit) return false;
    this.queue.push(chunk);
    this.queued += chunk.length;
    this.wake();
    return true;
  }

  /** Ends the stream once the client has read what is queued (a normal end of watch); cuts it after `drainMs`. */
  end(drainMs = SLOW_WATCHER_DRAIN_MS): void {
    if (this.ending) return;
    this.ending = true;
    this.wake();
    if (this.queued > 0) this.drainTimer = setTimeout(() => this.abort(new Error("watch client too slow")), drainMs);
  }

  /** Ends the stream now, dropping what is queued. */
  abort(reason: Error): void {
    this.ending = true;
    this.release();
    try {
      this.controller.error(reason);
    } catch {
      // already closed
    }
  }

  private async pull(): Promise<void> {
    while (this.queue.length === 0 && !this.ending) await new Promise<void>((resolve) => (this.waiting = resolve));
    const chunk = this.queue.shift();
    if (chunk) {
      this.queued -= chunk.length;
      this.taken += chunk.length;
      this.controller.enqueue(chunk);
    }
    if (this.ending && this.queue.length === 0) {
      if (this.drainTimer) clearTimeout(this.drainTimer);
      try {
        this.controller.close();
      } catch {
        // already closed or errored
      }
    }
  }

  private wake(): void {
    const w = this.waiting;
    this.waiting = null;
    w?.();
  }

  private release(): void {
    if (this.drainTimer) clearTimeout(this.drainTimer);
    this.queue.length = 0;
    this.queued = 0;
    this.wake();
  }
}

/**
 * The WebSocket path's estimate of a client's backlog: bytes sent beyond the replay, less what a
 * client draining MIN_DRAIN_BYTES_PER_SECOND has taken since the watch opened (a leaky bucket).
 */
export class SendBudget {
  private backlog = 0;
  private last: number;

  constructor(
    private replayBytes: number,
    private readonly limit = SLOW_WATCHER_BACKLOG_BYTES,
    private readonly drainPerSecond = MIN_DRAIN_BYTES_PER_SECOND,
    private readonly now: () => number = Date.now,
  ) {
    this.last = now();
  }

  /** Counts `bytes` about to be sent; false when the client would be too far behind. */
  spend(bytes: number): boolean {
    const t = this.now();
    this.backlog = Math.max(0, this.backlog - ((t - this.last) / 1000) * this.drainPerSecond);
    this.last = t;
    const fromReplay = Math.min(this.replayBytes, bytes);
    this.replayBytes -= fromReplay;
    if (this.backlog + bytes - fromReplay > this.limit) return false;
    this.backlog += bytes - fromReplay;
    return true;
  }
}
