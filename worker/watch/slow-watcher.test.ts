// The relay's budget for watch clients that do not keep up, on its own and end to end: a client that
// stops reading an HTTP watch, or falls behind on a WebSocket one, while the cluster writes
// megabytes of events, is ended with a normal end of watch (what was queued, whole events, never
// more than the limit), and watching again from the last resourceVersion it saw misses nothing.
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { newCluster, ORIGIN, type ClusterClient } from "../test-helpers";
import { MIN_DRAIN_BYTES_PER_SECOND, SendBudget, SLOW_WATCHER_BACKLOG_BYTES, WatchBody } from "./slow-watcher";

const bytes = (n: number) => new Uint8Array(n).fill(120);

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe("WatchBody", () => {
  it("queues up to the limit, not counting the replay, and refuses more", async () => {
    const body = new WatchBody(1_000, () => {}, 2_000);
    expect(body.push(bytes(1_000))).toBe(true); // the replay
    expect(body.push(bytes(1_500))).toBe(true);
    expect(body.push(bytes(600))).toBe(false);
    expect(body.push(bytes(500))).toBe(true);
    expect(body.backlog).toBe(3_000);
    body.end();
    expect((await readAll(body.readable)).length).toBe(3_000);
  });

  it("counts the replay once the client has read it", async () => {
    const body = new WatchBody(1_000, () => {}, 2_000);
    const reader = body.readable.getReader();
    expect(body.push(bytes(1_000))).toBe(true);
    expect((await reader.read()).value?.length).toBe(1_000);
    expect(body.push(bytes(2_000))).toBe(true);
    expect(body.push(bytes(1))).toBe(false);
  });

  it("cuts the stream when what was queued is not read in time after the end", async () => {
    const body = new WatchBody(0, () => {}, 10_000);
    body.push(bytes(5_000));
    body.end(50);
    await new Promise((r) => setTimeout(r, 100));
    expect(body.backlog).toBe(0);
    await expect(readAll(body.readable)).rejects.toThrow("watch client too slow");
  });

  it("tells the relay when the client goes away", async () => {
    let cancelled = false;
    const body = new WatchBody(0, () => (cancelled = true));
    body.push(bytes(10));
    await body.readable.cancel();
    expect(cancelled).toBe(true);
    expect(body.backlog).toBe(0);
  });
});

describe("SendBudget", () => {
  it("lets a client that drains the minimum rate fall behind by the limit, not more", () => {
    let now = 0;
    const budget = new SendBudget(500, 1_000, 100, () => now);
    expect(budget.spend(500)).toBe(true); // the replay
    expect(budget.spend(900)).toBe(true);
    expect(budget.spend(200)).toBe(false);
    now += 2_000; // 200 bytes drained: 700 behind
    expect(budget.spend(200)).toBe(true);
    expect(budget.spend(101)).toBe(false);
    expect(budget.spend(100)).toBe(true);
  });
});

const CM = "/api/v1/namespaces/default/configmaps";
const PAD = "x".repeat(100 * 1024);
/** Enough 100 KB events to pass the limit by a margin. */
const FLOOD = Math.ceil((SLOW_WATCHER_BACKLOG_BYTES * 1.5) / PAD.length);

async function flood(c: ClusterClient, from: number, count: number): Promise<void> {
  for (let i = from; i < from + count; i++) {
    const res = await c.send("PUT", `${CM}/flood`, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "flood" }, data: { v: String(i), pad: PAD } });
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
  }
}

async function start(c: ClusterClient): Promise<string> {
  const res = await c.send("POST", CM, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "flood" }, data: { v: "start" } });
  expect(res.status).toBe(201);
  return res.body.metadata.resourceVersion;
}

/** Reads a watch to its end (or fails after `ms`): whole events, one a line. */
async function events(res: Response, ms = 10_000): Promise<{ type: string; object: any }[]> {
  const text = await Promise.race([res.text(), new Promise<string>((_, reject) => setTimeout(() => reject(new Error("watch did not end")), ms))]);
  expect(text === "" || text.endsWith("\n")).toBe(true);
  return text.split("\n").filter(Boolean).map((l) => JSON.parse(l));
}

describe("a slow watch client", () => {
  it("over HTTP: stops reading, is ended after at most the limit, and resumes from its last resourceVersion", async () => {
    const c = await newCluster();
    const rv = await start(c);
    const res = await c.fetch(`${CM}?watch=1&resourceVersion=${rv}`);
    expect(res.status).toBe(200);
    await flood(c, 0, FLOOD); // nobody reads meanwhile
    const seen = await events(res);
    // Bounded: what waited for the client never passed the limit (plus what the runtime's pipe holds).
    expect(JSON.stringify(seen).length).toBeLessThanOrEqual(SLOW_WATCHER_BACKLOG_BYTES + 2 * (PAD.length + 1_000));
    expect(seen.length).toBeLessThan(FLOOD);
    expect(seen.map((e) => e.object.data.v)).toEqual(seen.map((_, i) => String(i)));
    // Resuming from the last resourceVersion seen delivers the rest, in order, and nothing twice.
    const last = seen.at(-1)!.object.metadata.resourceVersion;
    const resumed = await c.fetch(`${CM}?watch=1&resourceVersion=${last}&timeoutSeconds=2`);
    const rest = await events(resumed);
    expect(rest.map((e) => e.object.data.v)).toEqual(Array.from({ length: FLOOD - seen.length }, (_, i) => String(seen.length + i)));
  }, 60_000);

  it("over a WebSocket: is closed normally once it is the limit behind, and resumes from its last resourceVersion", async () => {
    const c = await newCluster();
    const rv = await start(c);
    const open = async (from: string) => {
      const res = await SELF.fetch(`${ORIGIN}/clusters/${c.clusterId}${CM}?watch=1&resourceVersion=${from}`, { headers: { Upgrade: "websocket", Authorization: `Bearer ${c.token}` } });
      expect(res.status).toBe(101);
      const ws = res.webSocket!;
      const frames: any[] = [];
      const closed = new Promise<{ code: number; reason: string }>((r) => ws.addEventListener("close", (e) => r({ code: e.code, reason: e.reason })));
      ws.addEventListener("message", (m) => frames.push(JSON.parse(m.data as string)));
      ws.accept();
      return { ws, frames, closed };
    };
    const first = await open(rv);
    const started = Date.now();
    await flood(c, 0, FLOOD);
    const { code, reason } = await first.closed;
    expect([code, reason]).toEqual([1000, "slow watcher"]);
    const allowed = SLOW_WATCHER_BACKLOG_BYTES + ((Date.now() - started) / 1000) * MIN_DRAIN_BYTES_PER_SECOND;
    expect(first.frames.length * PAD.length).toBeLessThanOrEqual(allowed);
    expect(first.frames.length).toBeLessThan(FLOOD);
    expect(first.frames.map((e) => e.object.data.v)).toEqual(first.frames.map((_, i) => String(i)));
    const second = await open(first.frames.at(-1)!.object.metadata.resourceVersion);
    const deadline = Date.now() + 10_000;
    while (second.frames.length < FLOOD - first.frames.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(second.frames.map((e) => e.object.data.v)).toEqual(Array.from({ length: FLOOD - first.frames.length }, (_, i) => String(first.frames.length + i)));
    second.ws.close();
  }, 60_000);
});
