// Part 2: the Kubernetes API over HTTP, Node client → Worker (Hono, D1 auth) → cluster DO, served by
// Miniflare directly on loopback. Plain node:http with keep-alive agents (lighter than fetch, so
// the client steals less of the CPU it shares with workerd).
import http from "node:http";
import { summarize } from "./stats.mjs";

export function client(origin, token, clusterId) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const base = new URL(origin);
  const prefix = `/clusters/${clusterId}`;

  /** One request; resolves { status, body } with the body as text. */
  function request(method, path, { body, accept = "application/json" } = {}) {
    return new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const headers = { authorization: `Bearer ${token}`, accept };
      if (payload !== undefined) Object.assign(headers, { "content-type": "application/json", "content-length": Buffer.byteLength(payload) });
      const req = http.request({ host: base.hostname, port: base.port, method, path: prefix + path, headers, agent }, (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end(payload);
    });
  }

  /**
   * `total` requests from `concurrency` workers (stops early after `maxMs`); `make(i)` gives
   * [method, path, options]. Returns throughput, latency p50/p99 and the count of non-2xx answers.
   */
  async function load({ concurrency, total, maxMs = 20_000, make, check }) {
    const latencies = [];
    let next = 0;
    let failures = 0;
    let firstFailure;
    const start = performance.now();
    const deadline = start + maxMs;
    const worker = async () => {
      while (next < total && performance.now() < deadline) {
        const i = next++;
        const [method, path, opts] = make(i);
        const t0 = performance.now();
        const res = await request(method, path, opts);
        latencies.push(performance.now() - t0);
        if (res.status < 200 || res.status > 299 || (check && !check(res))) {
          failures++;
          firstFailure ??= `${method} ${path} → ${res.status} ${res.body.slice(0, 200)}`;
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const seconds = (performance.now() - start) / 1000;
    return { requests: latencies.length, concurrency, perSec: latencies.length / seconds, ...summarize(latencies), failures, firstFailure };
  }

  /**
   * Opens `watchers` watch streams on namespaces from `resourceVersion`, then creates `events`
   * namespaces one at a time. For each, latency runs from the start of the POST until a watcher has
   * parsed the ADDED event; the next POST starts once every watcher has it (or after 10 s).
   */
  async function watch({ watchers, events, resourceVersion }) {
    const watchAgent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
    const streams = [];
    let waiter = null; // { name, remaining, resolve }
    const openStart = performance.now();
    const opened = Array.from({ length: watchers }, () => {
      const stream = { req: null, seen: new Map(), buf: "" };
      streams.push(stream);
      return new Promise((resolve, reject) => {
        const path = `${prefix}/api/v1/namespaces?watch=true&resourceVersion=${resourceVersion}`;
        stream.req = http.get({ host: base.hostname, port: base.port, path, headers: { authorization: `Bearer ${token}` }, agent: watchAgent }, (res) => {
          if (res.statusCode !== 200) return reject(new Error(`watch → ${res.statusCode}`));
          resolve();
          res.setEncoding("utf8");
          res.on("data", (chunk) => {
            const now = performance.now();
            const lines = (stream.buf + chunk).split("\n");
            stream.buf = lines.pop();
            for (const line of lines) {
              if (!line.trim()) continue;
              const ev = JSON.parse(line);
              const name = ev.object?.metadata?.name;
              if (ev.type !== "ADDED" || !name || stream.seen.has(name)) continue;
              stream.seen.set(name, now);
              if (waiter && waiter.name === name && --waiter.remaining === 0) waiter.resolve();
            }
          });
          res.on("error", () => {});
        });
        stream.req.on("error", reject);
      });
    });
    await Promise.all(opened);
    const openMs = performance.now() - openStart;

    const delivery = [];
    const last = [];
    const postMs = [];
    let missing = 0;
    for (let j = 0; j < events; j++) {
      const name = `bench-watch-${j}`;
      const allSeen = new Promise((resolve) => (waiter = { name, remaining: watchers, resolve }));
      const t0 = performance.now();
      const res = await request("POST", "/api/v1/namespaces", { body: { metadata: { name } } });
      postMs.push(performance.now() - t0);
      if (res.status !== 201) throw new Error(`watch bench: POST ${name} → ${res.status} ${res.body.slice(0, 200)}`);
      let timer;
      await Promise.race([allSeen, new Promise((r) => (timer = setTimeout(r, 10_000)))]);
      clearTimeout(timer);
      const times = streams.map((s) => s.seen.get(name)).filter((t) => t !== undefined);
      missing += watchers - times.length;
      for (const t of times) delivery.push(t - t0);
      if (times.length) last.push(Math.max(...times) - t0);
    }
    waiter = null;
    for (const s of streams) s.req.destroy();
    watchAgent.destroy();
    return { watchers, events, openMs, delivery: summarize(delivery), lastWatcher: summarize(last), post: summarize(postMs), missing };
  }

  return { request, load, watch, close: () => agent.destroy() };
}
