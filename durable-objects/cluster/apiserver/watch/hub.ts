// Watches inside the cluster DO. Each watch is a hibernatable WebSocket from the edge Worker (which
// holds the client's HTTP stream), so a cluster with open watches and no changes can hibernate.
// A watch replays history from its resourceVersion, then receives every later committed change
// that matches it; what it watches lives in the socket's attachment and survives hibernation.
import { CompactedError } from "../../store/errors";
import type { Store, StoreEvent } from "../../store/store";
import type { ClusterClock } from "../../timers/clock";
import type { ObjectFormat } from "../negotiate";
import { servedValue } from "../objects";
import type { Registry } from "../registry";
import { storagePrefix } from "../registry";
import type { JsonObject, ResourceType } from "../registry/types";
import { compileSelectors, type ObjectFilter } from "../selectors/filter";
import { errors, status } from "../status";
import { bookmarkLine, errorLine, eventLine, visibleType } from "./events";

export const WATCH_TAG = "watch";
/** Response header of a watch's upgrade: the size of the replay that opens it (read by worker/watch). */
export const WATCH_REPLAY_BYTES_HEADER = "x-kubedo-watch-replay-bytes";
/** One DO serves at most this many open watches; more get 429 (each costs memory and fan-out CPU). */
export const MAX_WATCHES = 5_000;
/** An informer watch (allowWatchBookmarks) hears a bookmark at least this often while others write. */
const BOOKMARK_INTERVAL_MS = 60_000;
/** Replay is sent in messages of at most this many bytes. */
const MESSAGE_BYTES = 256 * 1024;

export interface WatchSpec {
  group: string;
  version: string;
  resource: string;
  namespace?: string;
  /** The query string: selectors, and what the client asked to receive. */
  query: string;
  format: ObjectFormat;
  bookmarks: boolean;
  /** Events at or below this revision are never sent (a watch from a revision not yet reached waits for it). */
  after: number;
}

interface LiveWatch {
  spec: WatchSpec;
  rt: ResourceType;
  prefix: string;
  filter: ObjectFilter;
  lastBookmark: number;
}

export class WatchHub {
  private readonly live = new Map<WebSocket, LiveWatch>();

  constructor(
    private readonly ctx: DurableObjectState,
    private readonly store: Store,
    private readonly registry: Registry,
    private readonly clock: ClusterClock,
  ) {
    store.onCommit((events) => this.fanOut(events));
  }

  /**
   * Opens a watch from `fromRevision` (undefined: the current state as synthetic ADDED events first).
   * Throws an ApiError for a request that cannot be served before the socket is opened.
   */
  open(spec: Omit<WatchSpec, "after">, rt: ResourceType, fromRevision: number | undefined): Response {
    if (this.ctx.getWebSockets(WATCH_TAG).length >= MAX_WATCHES) {
      throw errors.tooManyRequests("too many open watches on this cluster", 1);
    }
    const filter = compileSelectors(rt, new URLSearchParams(spec.query));
    const pair = new WebSocketPair();
    const server = pair[1];
    this.ctx.acceptWebSocket(server, [WATCH_TAG]);
    const prefix = this.prefixFor(rt, spec, filter);
    const out = new Batcher(server);
    const now = this.clock.now();

    // Replay runs synchronously, so no commit can slip between it and the live events.
    if (fromRevision === undefined) {
      let startAfter: string | undefined;
      let revision: number | undefined;
      for (;;) {
        const page = this.store.list(prefix, { startAfter, revision, limit: 500 });
        revision = page.revision;
        for (const kv of page.items) if (filter.matches(servedValue(rt, kv.value))) out.add(eventLine(rt, "ADDED", kv, spec.format, now));
        if (!page.more) break;
        startAfter = page.items[page.items.length - 1]!.key;
      }
      fromRevision = revision!;
    }
    const fullSpec: WatchSpec = { ...spec, after: fromRevision };
    server.serializeAttachment(fullSpec);
    const watch: LiveWatch = { spec: fullSpec, rt, prefix, filter, lastBookmark: now };
    this.live.set(server, watch);
    try {
      let after = fromRevision;
      for (;;) {
        const events = this.store.changesSince(watch.prefix, after, 1000);
        for (const e of events) {
          const line = this.render(watch, e, now);
          if (line) out.add(line);
        }
        if (events.length < 1000) break;
        after = events[events.length - 1]!.kv.modRevision;
      }
    } catch (err) {
      if (!(err instanceof CompactedError)) throw err;
      // As kube-apiserver does: the watch opens, says why it cannot continue, and ends.
      out.add(errorLine(status(410, "Expired", `too old resource version: ${fromRevision} (${err.compacted})`)));
      out.flush();
      this.close(server, 1000, "expired");
      return upgraded(pair[0], out.sent);
    }
    out.flush();
    return upgraded(pair[0], out.sent);
  }

  /** A message from the edge: "bookmark" asks for a bookmark now (sent before a watch times out). */
  message(ws: WebSocket, data: string | ArrayBuffer): void {
    const watch = this.watchOf(ws);
    if (!watch) return;
    if (data === "bookmark" && watch.spec.bookmarks) this.sendBookmark(ws, watch);
  }

  closed(ws: WebSocket): void {
    this.live.delete(ws);
  }

  count(): number {
    return this.ctx.getWebSockets(WATCH_TAG).length;
  }

  private fanOut(events: StoreEvent[]): void {
    const sockets = this.ctx.getWebSockets(WATCH_TAG);
    if (sockets.length === 0) return;
    const now = this.clock.now();
    const rendered = new Map<string, string | null>();
    for (const ws of sockets) {
      const watch = this.watchOf(ws);
      if (!watch) continue;
      const out = new Batcher(ws);
      for (const e of events) {
        if (e.kv.modRevision <= watch.spec.after || !e.kv.key.startsWith(watch.prefix)) continue;
        // Watchers that see the same event the same way share one rendering.
        const cacheKey = watch.filter.everything ? `${e.kv.modRevision}|${watch.spec.group}/${watch.spec.resource}|${JSON.stringify(watch.spec.format)}` : undefined;
        let line = cacheKey ? rendered.get(cacheKey) : undefined;
        if (line === undefined) {
          line = this.render(watch, e, now);
          if (cacheKey) rendered.set(cacheKey, line);
        }
        if (line) out.add(line);
      }
      if (out.empty() && watch.spec.bookmarks && now - watch.lastBookmark >= BOOKMARK_INTERVAL_MS) {
        this.sendBookmark(ws, watch);
        continue;
      }
      out.flush();
    }
  }

  private render(watch: LiveWatch, event: StoreEvent, now: number): string | null {
    const type = visibleType(
      event,
      (o) => watch.filter.matches(servedValue(watch.rt, o)),
      () => (event.prevRevision ? this.store.at(event.kv.key, event.prevRevision)?.value ?? null : null),
      watch.filter.everything,
    );
    return type ? eventLine(watch.rt, type, event.kv, watch.spec.format, now) : null;
  }

  private sendBookmark(ws: WebSocket, watch: LiveWatch): void {
    watch.lastBookmark = this.clock.now();
    // A watch from a revision not reached yet hears no bookmark from before it (as kube's cacheWatcher).
    const revision = this.store.revision();
    if (revision >= watch.spec.after) safeSend(ws, bookmarkLine(watch.rt, revision));
  }

  /** The live state of a socket, rebuilt from its attachment after the DO woke from hibernation. */
  private watchOf(ws: WebSocket): LiveWatch | undefined {
    let watch = this.live.get(ws);
    if (watch) return watch;
    const spec = ws.deserializeAttachment() as WatchSpec | null;
    const rt = spec && this.registry.resource(spec.group, spec.version, spec.resource);
    if (!spec || !rt) {
      this.close(ws, 1011, "unknown watch");
      return undefined;
    }
    const filter = compileSelectors(rt, new URLSearchParams(spec.query));
    watch = { spec, rt, prefix: this.prefixFor(rt, spec, filter), filter, lastBookmark: 0 };
    this.live.set(ws, watch);
    return watch;
  }

  /** The narrowest key prefix: one namespace, or one object for metadata.name=X. */
  private prefixFor(rt: ResourceType, spec: Pick<WatchSpec, "namespace">, filter: ObjectFilter): string {
    const base = storagePrefix(rt, spec.namespace);
    // A name filter narrows to the key itself (plus nothing else: keys never contain "/" after the name).
    return filter.name !== undefined && !filter.name.includes("/") ? `${base}${filter.name}` : base;
  }

  private close(ws: WebSocket, code: number, reason: string): void {
    this.live.delete(ws);
    try {
      ws.close(code, reason);
    } catch {
      // already closing
    }
  }
}

/**
 * The edge's end of a new watch. The header tells the relay how much of what follows is the replay
 * (the watch's initial events), which a slow client is not cut off for.
 */
function upgraded(webSocket: WebSocket, replayBytes: number): Response {
  return new Response(null, { status: 101, webSocket, headers: { [WATCH_REPLAY_BYTES_HEADER]: String(replayBytes) } });
}

/** Collects NDJSON lines and sends them in as few WebSocket messages as fit. */
class Batcher {
  private parts: string[] = [];
  private bytes = 0;
  /** Characters sent so far. */
  sent = 0;
  constructor(private readonly ws: WebSocket) {}
  add(line: string): void {
    this.parts.push(line);
    this.bytes += line.length;
    if (this.bytes >= MESSAGE_BYTES) this.flush();
  }
  empty(): boolean {
    return this.parts.length === 0;
  }
  flush(): void {
    if (this.parts.length === 0) return;
    this.sent += this.bytes;
    safeSend(this.ws, this.parts.join(""));
    this.parts = [];
    this.bytes = 0;
  }
}

function safeSend(ws: WebSocket, data: string): void {
  try {
    ws.send(data);
  } catch {
    // The edge went away; webSocketClose will clean up.
  }
}

export type { JsonObject };
