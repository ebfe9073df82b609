// The edge half of a watch. The Worker holds the client's chunked HTTP stream and subscribes to the
// cluster DO over a WebSocket the DO accepts as hibernatable, so an idle cluster with open watches
// sleeps. The relay also enforces what kube-apiserver enforces on a watch: a server-side timeout
// (with a last bookmark for informers), and an end for clients that do not keep up (slow-watcher.ts).
import { parseInt64, queryBool } from "../../durable-objects/cluster/apiserver/query";
import { WATCH_REPLAY_BYTES_HEADER } from "../../durable-objects/cluster/apiserver/watch/hub";
import { SendBudget, WatchBody } from "./slow-watcher";

export { SLOW_WATCHER_BACKLOG_BYTES } from "./slow-watcher";

/** kube-apiserver's default: a random timeout between --min-request-timeout (1800 s) and twice that. */
const MIN_REQUEST_TIMEOUT_S = 1800;
/** After asking for a final bookmark, how long to wait for it before closing. */
const FINAL_BOOKMARK_WAIT_MS = 250;

/**
 * How long a watch runs, as kube-apiserver's handleWatch decides: timeoutSeconds when given, a random
 * 30 to 60 minutes when absent or 0, and no time at all when negative (the watch opens and ends).
 * A value that is not an int64 never gets here: the cluster refuses it with 400 before the upgrade.
 */
export function watchTimeoutMs(query: URLSearchParams): number {
  const requested = parseInt64(query.get("timeoutSeconds") ?? "0");
  const seconds = typeof requested === "number" ? requested : 0;
  if (seconds < 0) return 0;
  if (seconds > 0) return Math.min(seconds * 1000, MAX_TIMER_MS);
  return Math.floor(MIN_REQUEST_TIMEOUT_S * (1 + Math.random())) * 1000;
}

/** Longer timers fire at once (a 32-bit millisecond count), so a longer timeout is this long. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export function isWatchRequest(method: string, url: URL): boolean {
  if (method !== "GET") return false;
  return queryBool(url.searchParams, "watch") || /^\/apis?\/(?:[^/]+\/)?[^/]+\/watch\//.test(url.pathname);
}

export async function relayWatch(stub: { fetch(req: Request): Promise<Response> }, doRequest: Request, url: URL, clientSignal: AbortSignal): Promise<Response> {
  const headers = new Headers(doRequest.headers);
  headers.set("Upgrade", "websocket");
  const upstream = await stub.fetch(new Request(doRequest.url, { method: "GET", headers }));
  const ws = upstream.webSocket;
  if (upstream.status !== 101 || !ws) return new Response(upstream.body, upstream); // a Status error
  ws.accept();

  const body = new WatchBody(replayBytes(upstream), () => finish(1001, "client went away"));
  const encoder = new TextEncoder();
  const bookmarks = queryBool(url.searchParams, "allowWatchBookmarks");
  let done = false;

  // Ends the watch: the client reads what is queued, then a normal end of stream.
  const finish = (code = 1000, reason = "watch ended") => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    try {
      ws.close(code, reason);
    } catch {
      // already closed
    }
    body.end();
  };

  ws.addEventListener("message", (event) => {
    if (done) return;
    const chunk = typeof event.data === "string" ? encoder.encode(event.data) : new Uint8Array(event.data as ArrayBuffer);
    // A client that does not keep up is closed, as kube's cacher closes an unresponsive watcher.
    if (!body.push(chunk)) finish(1008, "slow watcher");
  });
  ws.addEventListener("close", () => finish());
  ws.addEventListener("error", () => finish(1011, "upstream error"));
  clientSignal.addEventListener("abort", () => finish(1001, "client went away"));

  const timeoutMs = watchTimeoutMs(url.searchParams);
  const timer = setTimeout(() => {
    if (!bookmarks || timeoutMs === 0) return finish();
    try {
      ws.send("bookmark");
    } catch {
      return finish();
    }
    setTimeout(() => finish(), FINAL_BOOKMARK_WAIT_MS);
  }, timeoutMs);

  // Headers go out now, before any event: kubectl waits for them (KUBECTL.md §0.3). The stream must
  // not be compressed: a gzip encoder holds events back until its buffer fills. "identity" keeps
  // Miniflare's (and Cloudflare's) automatic compression off; no-transform asks proxies the same.
  return new Response(body.readable, {
    status: 200,
    headers: {
      "Content-Type": "application/json",
      "Content-Encoding": "identity",
      "Cache-Control": "no-cache, private, no-transform",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

/**
 * A watch over a WebSocket (kube-apiserver serves watches this way to clients that ask with
 * `Upgrade: websocket`; the console's many live views use it, since a browser keeps only six
 * HTTP/1.1 streams per host). Each text frame is one watch event, as kube-apiserver sends them.
 */
export async function relayWatchSocket(stub: { fetch(req: Request): Promise<Response> }, doRequest: Request, url: URL): Promise<Response> {
  const headers = new Headers(doRequest.headers);
  headers.set("Upgrade", "websocket");
  // A browser cannot set Accept on a WebSocket; it asks for Table rows (what kubectl get -w receives)
  // with this subprotocol instead, which the answer must echo.
  const protocols = (headers.get("sec-websocket-protocol") ?? "").split(",").map((p) => p.trim());
  const table = protocols.includes(TABLE_SUBPROTOCOL);
  if (table) headers.set("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io");
  headers.delete("sec-websocket-protocol");
  const upstream = await stub.fetch(new Request(doRequest.url, { method: "GET", headers }));
  const ws = upstream.webSocket;
  if (upstream.status !== 101 || !ws) return new Response(upstream.body, upstream); // a Status error
  ws.accept();
  const pair = new WebSocketPair();
  const client = pair[1];
  client.accept();
  const decoder = new TextDecoder();
  const budget = new SendBudget(replayBytes(upstream));
  let done = false;
  const finish = (code = 1000, reason = "watch ended") => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    for (const socket of [ws, client]) {
      try {
        socket.close(code, reason);
      } catch {
        // already closed
      }
    }
  };
  ws.addEventListener("message", (event) => {
    if (done) return;
    const text = typeof event.data === "string" ? event.data : decoder.decode(event.data as ArrayBuffer);
    // A normal close for a client too far behind: it watches again from its last resourceVersion.
    if (!budget.spend(text.length)) return finish(1000, "slow watcher");
    try {
      for (const line of text.split("\n")) if (line) client.send(line);
    } catch {
      finish(1001, "client went away");
    }
  });
  ws.addEventListener("close", () => finish());
  ws.addEventListener("error", () => finish(1011, "upstream error"));
  client.addEventListener("close", () => finish(1000, "client closed"));
  client.addEventListener("error", () => finish(1001, "client went away"));
  const timer = setTimeout(() => finish(), watchTimeoutMs(url.searchParams));
  return new Response(null, { status: 101, webSocket: pair[0], headers: table ? { "Sec-WebSocket-Protocol": TABLE_SUBPROTOCOL } : {} });
}

function replayBytes(upgrade: Response): number {
  const n = Number(upgrade.headers.get(WATCH_REPLAY_BYTES_HEADER));
  return Number.isFinite(n) && n > 0 ? n : 0;
}

/** The WebSocket subprotocol that asks a watch for meta.k8s.io/v1 Table events. */
export const TABLE_SUBPROTOCOL = "table.v1.meta.k8s.io";
