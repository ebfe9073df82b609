// The edge half of a watch, against a stand-in cluster DO built from a real WebSocketPair.
import { describe, expect, it } from "vitest";
import { relayWatch, SLOW_WATCHER_BACKLOG_BYTES, watchTimeoutMs } from "./relay";

/** A fake DO stub: accepts the upgrade and hands the test the DO's end of the socket. */
function fakeCluster() {
  const pair = new WebSocketPair();
  const doSide = pair[1];
  doSide.accept();
  const received: string[] = [];
  doSide.addEventListener("message", (e) => received.push(String(e.data)));
  const closed = new Promise<{ code: number; reason: string }>((r) => doSide.addEventListener("close", (e) => r({ code: e.code, reason: e.reason })));
  const stub = {
    requests: [] as Request[],
    async fetch(req: Request) {
      stub.requests.push(req);
      return new Response(null, { status: 101, webSocket: pair[0] });
    },
  };
  return { stub, doSide, received, closed };
}

const url = (q: string) => new URL(`https://cluster.test/api/v1/namespaces?watch=true${q}`);

async function readAll(res: Response): Promise<string> {
  return await new Response(res.body).text();
}

describe("watch relay", () => {
  it("asks the DO for a WebSocket and streams its messages to the client as they come", async () => {
    const { stub, doSide } = fakeCluster();
    const target = url("&timeoutSeconds=30");
    const res = await relayWatch(stub, new Request(target), target, new AbortController().signal);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    // Uncompressed, or a gzip encoder would hold events back.
    expect(res.headers.get("content-encoding")).toBe("identity");
    expect(stub.requests[0]!.headers.get("upgrade")).toBe("websocket");
    const reader = res.body!.getReader();
    doSide.send('{"type":"ADDED","object":{}}\n');
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe('{"type":"ADDED","object":{}}\n');
    doSide.close(1000, "done");
    expect((await reader.read()).done).toBe(true);
  });

  it("passes a refused upgrade (a Status error) through unchanged", async () => {
    const stub = { fetch: async () => new Response('{"kind":"Status","code":400}', { status: 400 }) };
    const target = url("");
    const res = await relayWatch(stub, new Request(target), target, new AbortController().signal);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('"code":400');
  });

  it("ends the watch at timeoutSeconds, after asking informers' watches for a last bookmark", async () => {
    const { stub, doSide, received, closed } = fakeCluster();
    doSide.addEventListener("message", () => doSide.send('{"type":"BOOKMARK","object":{"metadata":{"resourceVersion":"9"}}}\n'));
    const target = url("&timeoutSeconds=1&allowWatchBookmarks=true");
    const res = await relayWatch(stub, new Request(target), target, new AbortController().signal);
    const body = await readAll(res);
    expect(received).toEqual(["bookmark"]);
    expect(body).toBe('{"type":"BOOKMARK","object":{"metadata":{"resourceVersion":"9"}}}\n');
    expect((await closed).code).toBe(1000);
  });

  it("ends without a bookmark request when bookmarks were not asked for", async () => {
    const { stub, received, closed } = fakeCluster();
    const target = url("&timeoutSeconds=1");
    const res = await relayWatch(stub, new Request(target), target, new AbortController().signal);
    expect(await readAll(res)).toBe("");
    expect(received).toEqual([]);
    expect((await closed).code).toBe(1000);
  });

  it("closes the DO socket when the client goes away", async () => {
    const { stub, closed } = fakeCluster();
    const abort = new AbortController();
    const target = url("&timeoutSeconds=60");
    await relayWatch(stub, new Request(target), target, abort.signal);
    abort.abort();
    expect((await closed).code).toBe(1001);
  });

  it("ends a watcher that stops reading once its backlog passes the limit: what was queued, then a normal end", async () => {
    const { stub, doSide, closed } = fakeCluster();
    const target = url("&timeoutSeconds=60");
    const res = await relayWatch(stub, new Request(target), target, new AbortController().signal);
    // Nobody reads res.body: push events until the relay gives up on this watcher.
    const line = `${JSON.stringify({ type: "ADDED", object: { pad: "x".repeat(64 * 1024) } })}\n`;
    const messages = Math.ceil(SLOW_WATCHER_BACKLOG_BYTES / line.length) + 40;
    let sent = 0;
    let result: { code: number; reason: string } | undefined;
    void closed.then((c) => (result = c));
    for (; sent < messages && !result; sent++) {
      doSide.send(line);
      if (sent % 16 === 0) await new Promise((r) => setTimeout(r, 0));
    }
    const { code, reason } = await closed;
    expect(code).toBe(1008);
    expect(reason).toBe("slow watcher");
    expect(sent * line.length).toBeGreaterThan(SLOW_WATCHER_BACKLOG_BYTES);
    // The client then reads whole events up to the limit, and the stream ends normally.
    const body = await readAll(res);
    expect(body.length).toBeLessThanOrEqual(SLOW_WATCHER_BACKLOG_BYTES);
    expect(body.length).toBeGreaterThan(SLOW_WATCHER_BACKLOG_BYTES - 2 * line.length);
    expect(body.endsWith("\n")).toBe(true);
    expect(body.split("\n").filter(Boolean).every((l) => JSON.parse(l).type === "ADDED")).toBe(true);
  });

  it("defaults the timeout like kube-apiserver (30 to 60 minutes) and honours timeoutSeconds", () => {
    expect(watchTimeoutMs(new URLSearchParams("timeoutSeconds=5"))).toBe(5000);
    for (let i = 0; i < 20; i++) {
      const ms = watchTimeoutMs(new URLSearchParams());
      expect(ms).toBeGreaterThanOrEqual(1800_000);
      expect(ms).toBeLessThan(3600_000);
    }
  });
});
