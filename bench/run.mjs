// npm run bench: the store inside one cluster DO, then the Kubernetes API over HTTP (writes, gets,
// lists, watch fan-out to 100 watchers), then adversarial requests, all served by Miniflare directly
// from the production bundle; last, the image lookup (in Node). BENCH_QUICK=1 for a smaller run; BENCH_CONCURRENCY=<n> (default 16) for
// the HTTP load.
//
// Anchors (PLATFORM.md §1.6 and §6, same 2-core VM, Miniflare direct unless marked):
// - etcd 3.4 peaks near 4,600 writes/s; a naive Worker → DO → SQLite write path did ~540/s here
//   (515–539 rps with a D1 audit insert per write, autocannon, 50 connections).
// - Worker → DO read: 1,474–1,929 rps; Worker-only route: 2,820–3,663 rps.
// - Watch, Worker-held stream + hibernatable WebSocket (our design, "variant B"), 100 watchers:
//   per-event delivery p50/p99 11/31 ms, last watcher p50 15 ms, write round trip p50 17 ms.
// Local figures measure CPU cost on this box; they say nothing about production latency (§6).
import os from "node:os";
import { client } from "./http.mjs";
import { startMiniflare } from "./miniflare.mjs";
import { table } from "./stats.mjs";
import { benchClusterStart, benchStore } from "./store.mjs";
import { benchRollout, benchScale } from "./workloads.mjs";
import { benchActivity } from "./activity.mjs";
import { benchConsole } from "./console.mjs";
import { benchAuth } from "./auth.mjs";
import { benchAdversarial, printAdversarial } from "./adversarial.mjs";
import { benchImages, printImages } from "./images.mjs";
import { benchNetwork } from "./network.mjs";
import { benchAdmission, printAdmission } from "./admission.mjs";
import { benchWorkloadsII, printWorkloadsII } from "./workloads-ii.mjs";

const QUICK = process.env.BENCH_QUICK === "1";
const C = Number(process.env.BENCH_CONCURRENCY) || 16;
// Writes go to their own cluster ("writes"), so the reads, lists and watches run on a cluster
// ("reads") that holds exactly LIST_SIZE namespaces.
const LIST_SIZE = 1000;
const N = QUICK
  ? { write1: 100, writeC: 1000, get1: 200, getC: 2000, list: 40, watchers: 100, events: 20 }
  : { write1: 500, writeC: 5000, get1: 1000, getC: 10000, list: 200, watchers: 100, events: 100 };

const began = performance.now();
// Anything else running on the box (tests, wrangler dev) competes for the same 2 cores: shown at start and end.
const loadavg = () => os.loadavg().map((x) => x.toFixed(2)).join(" ");
let env;
let stopping;
const stop = (code) =>
  (stopping ??= (async () => {
    await env?.dispose().catch((err) => console.error("bench: cleanup failed:", err));
    process.exit(code);
  })());
// Signals exit at once (Miniflare's own hook stops workerd; miniflare.mjs removes temp dirs on exit).
process.once("SIGINT", () => process.exit(130));
process.once("SIGTERM", () => process.exit(143));

try {
  console.log(`kubedo bench${QUICK ? " (quick)" : ""}: node ${process.version}, ${os.cpus().length} CPUs, ${os.cpus()[0]?.model ?? "?"}, load average ${loadavg()}`);
  const ADVERSARIAL = ["adv-a", "adv-b", "adv-c", "adv-d", "attacker", "bystander"];
  env = await startMiniflare(["writes", "reads", "workloads", "scale", "auth", "feed", "nofeed", "network", "batch", ...ADVERSARIAL]);
  console.log(`Miniflare direct at ${env.url} (production bundle from wrangler deploy --dry-run; DO + D1 persisted on disk in ${env.stateDir})\n`);

  // ---- 1. Store inside one DO ----
  const store = await benchStore(env.mf, { quick: QUICK });
  console.log("1. Store inside one DO (Node → ClusterDO.benchStore over Miniflare's RPC proxy; no HTTP)");
  console.log("   ops/s and µs/op: performance.now() inside the DO, summed over calls (1 ms resolution locally).");
  console.log("   call p50/p99: Node-timed round trip per call, includes the RPC hop (noop row). in-DO ms/call: DO clock per call.");
  console.log(
    table(
      [["op", "op"], ["ops", "ops"], ["per call", "perCall"], ["ops/s", "opsPerSec"], ["µs/op", "usPerOp"], ["call p50 ms", "callP50"], ["call p99 ms", "callP99"], ["in-DO p50 ms", "doP50"], ["in-DO p99 ms", "doP99"]],
      store.rows,
    ),
  );
  console.log(`   writes (create + update mix): ${store.writes.ops} in calls of 250 → ${Math.round(store.writes.perSec)} writes/s (each write its own store transaction; one DO storage commit per call)\n`);
  const start = await benchClusterStart(env.mf, { quick: QUICK });
  console.log(`   a new cluster's first answer (bootstrap: nodes, mirror pods, add-ons), ${start.count} fresh clusters: p50 ${start.p50.toFixed(1)} ms, p99 ${start.p99.toFixed(1)} ms\n`);
  // The admission chain (printed last, with the network): measured here, on a quiet box.
  const admission = await benchAdmission(env.mf, { quick: QUICK });

  // ---- 2. Through HTTP ----
  const writer = client(env.url, env.token, env.clusters.writes);
  const api = client(env.url, env.token, env.clusters.reads);
  const rows = [];
  const add = (label, r) => {
    rows.push({ label, ...r });
    if (r.failures) console.log(`   ! ${label}: ${r.failures} failed, first: ${r.firstFailure}`);
  };
  const getDefault = () => ["GET", "/api/v1/namespaces/default"];
  for (const c of [writer, api]) await c.load({ concurrency: 4, total: 100, make: getDefault }); // warm-up: DO start, auth cache, JIT
  const creates = (prefix) => {
    let n = 0;
    return () => ["POST", "/api/v1/namespaces", { body: { metadata: { name: `${prefix}-${n++}` } } }];
  };
  const writes = creates("bench");
  add("POST namespace (create)", await writer.load({ concurrency: 1, total: N.write1, make: writes }));
  add("POST namespace (create)", await writer.load({ concurrency: C, total: N.writeC, make: writes }));
  // Fill the reads cluster up to LIST_SIZE namespaces (it starts with 4 system ones); not reported.
  const have = JSON.parse((await api.request("GET", "/api/v1/namespaces")).body).items.length;
  const fill = await api.load({ concurrency: C, total: LIST_SIZE - have, make: creates("fill") });
  if (fill.failures) throw new Error(`filling the reads cluster failed: ${fill.firstFailure}`);
  add("GET namespace", await api.load({ concurrency: 1, total: N.get1, make: getDefault }));
  add("GET namespace", await api.load({ concurrency: C, total: N.getC, make: getDefault }));

  const all = JSON.parse((await api.request("GET", "/api/v1/namespaces")).body);
  const count = all.items.length;
  const page = Math.min(500, count);
  const items = (k) => (res) => JSON.parse(res.body)[res.body.includes('"kind":"Table"') ? "rows" : "items"].length === k;
  add("LIST namespaces limit=500", await api.load({ concurrency: 4, total: N.list, make: () => ["GET", "/api/v1/namespaces?limit=500"], check: items(page) }));
  add(`LIST namespaces, all ${count}`, await api.load({ concurrency: 4, total: N.list, make: () => ["GET", "/api/v1/namespaces"], check: items(count) }));
  const tableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";
  add("LIST limit=500 as Table", await api.load({ concurrency: 4, total: N.list, make: () => ["GET", "/api/v1/namespaces?limit=500", { accept: tableAccept }], check: items(page) }));

  console.log(`2. Through HTTP (node:http keep-alive → Worker → DO, loopback). POSTs on cluster "writes"; GET, LIST and watch on cluster "reads" (${count} namespaces)`);
  console.log(table([["request", "label"], ["conc.", "concurrency"], ["requests", "requests"], ["req/s", "perSec"], ["p50 ms", "p50"], ["p99 ms", "p99"], ["max ms", "max"], ["failed", "failures"]], rows));

  const rv = JSON.parse((await api.request("GET", "/api/v1/namespaces?limit=1")).body).metadata.resourceVersion;
  const w = await api.watch({ watchers: N.watchers, events: N.events, resourceVersion: rv });
  console.log(`\n   Watch: ${w.watchers} watchers opened in ${Math.round(w.openMs)} ms; ${w.events} sequential creates; missing deliveries: ${w.missing}`);
  console.log(
    table(
      [["watch (from POST start)", "label"], ["n", "n"], ["p50 ms", "p50"], ["p99 ms", "p99"], ["max ms", "max"]],
      [
        { label: "per-event delivery", ...w.delivery },
        { label: "last watcher per event", ...w.lastWatcher },
        { label: "POST round trip", ...w.post },
      ],
    ),
  );
  api.close();
  writer.close();

  // ---- 4. Edge authentication (run first: a quiet cluster) ----
  const authApi = client(env.url, env.token, env.clusters.auth);
  const auth = await benchAuth(env, authApi, env.clusters.auth, { total: QUICK ? 300 : 2000, concurrency: 4 });
  authApi.close();

  // ---- 3. Workload engine ----
  const wl = client(env.url, env.token, env.clusters.workloads);
  const rollout = await benchRollout(env, wl, env.clusters.workloads, { runs: QUICK ? 5 : 20 });
  wl.close();
  const ns = await env.mf.getDurableObjectNamespace("CLUSTER");
  const scaleApi = client(env.url, env.token, env.clusters.scale);
  const scale = await benchScale(env, scaleApi, ns.get(ns.idFromName(env.clusters.scale)), env.clusters.scale, { replicas: QUICK ? 500 : 2000, getsConcurrency: 4 });
  scaleApi.close();
  console.log("\n3. Workload engine (HTTP; readiness polled every 5 ms)");
  console.log(table([["", "label"], ["n", "n"], ["p50 ms", "p50"], ["p99 ms", "p99"], ["max ms", "max"]], rollout));
  console.log(
    `   ${scale.replicas}-replica Deployment over ${scale.nodes} nodes (instant profile): all Ready in ${(scale.readyMs / 1000).toFixed(1)} s; ` +
      `scheduler bound ${scale.scheduled} pods in ${scale.scheduleSeconds.toFixed(1)} s → ${Math.round(scale.schedulerPodsPerSec)} pods/s`,
  );
  console.log(
    table(
      [["GET namespace, 4 clients", "label"], ["n", "n"], ["p50 ms", "p50"], ["p99 ms", "p99"], ["max ms", "max"]],
      [
        { label: "idle cluster", n: scale.idleGets.requests, ...scale.idleGets },
        { label: "during the rollout", ...scale.busyGets },
      ],
    ),
  );

  // ---- 5. The console's activity feed ----
  const feedApi = client(env.url, env.token, env.clusters.feed);
  const nofeedApi = client(env.url, env.token, env.clusters.nofeed);
  const activity = await benchActivity(env, { api: feedApi, clusterId: env.clusters.feed }, { api: nofeedApi, clusterId: env.clusters.nofeed }, { replicas: QUICK ? 100 : 300 });
  feedApi.close();
  nofeedApi.close();

  console.log("\n4. Edge authentication (4 concurrent clients, keep-alive)");
  console.log(table([["request", "label"], ["requests", "requests"], ["req/s", "perSec"], ["p50 ms", "p50"], ["p99 ms", "p99"], ["max ms", "max"], ["failed", "failures"]], auth));

  console.log(`\n5. Activity feed (architecture view), ${activity.replicas}-replica Deployment on 3 nodes, instant profile`);
  console.log(
    `   all Ready in ${(activity.readyMsWithListener / 1000).toFixed(2)} s with a listener, ${(activity.readyMsWithout / 1000).toFixed(2)} s without; ` +
      `${activity.entries} entries (${Math.round(activity.entriesPerSec)}/s), ${activity.dropped} dropped; delay write → listener p50 ${activity.delay.p50.toFixed(1)} ms, p99 ${activity.delay.p99.toFixed(1)} ms`,
  );

  // ---- 9. The network (run here: a quiet box; printed last) ----
  const netApi = client(env.url, env.token, env.clusters.network);
  const network = await benchNetwork(env, netApi, env.clusters.network, { endpoints: 1000, samples: QUICK ? 5 : 20, proxied: QUICK ? 500 : 3000, concurrency: C });
  netApi.close();

  // ---- 11. Workloads II (a quiet box; printed last) ----
  const batchApi = client(env.url, env.token, env.clusters.batch);
  const workloadsII = await benchWorkloadsII(env, batchApi, env.clusters.batch, QUICK ? { completions: 200, parallelism: 50, replicas: 50, cronJobs: 20 } : { completions: 1000, parallelism: 50, replicas: 100, cronJobs: 100 });
  batchApi.close();

  // ---- 6. The console's first paint (a second Miniflare that also serves dist/web) ----
  const withAssets = await startMiniflare(["console"], { assets: true });
  let consoleTiming;
  try {
    consoleTiming = await benchConsole(withAssets, withAssets.clusters.console, { loads: QUICK ? 5 : 20 });
  } finally {
    await withAssets.dispose();
  }
  if (consoleTiming.skipped) console.log(`\n6. Console first paint: skipped (${consoleTiming.skipped})`);
  else {
    console.log(`\n6. Console first paint (Chromium, /console/…/namespaces, ${consoleTiming.loads} loads each)`);
    console.log(
      table(
        [["", "label"], ["n", "n"], ["p50 ms", "p50"], ["p99 ms", "p99"], ["max ms", "max"]],
        [
          { label: "cold (empty cache): first contentful paint", ...consoleTiming.coldFcp },
          { label: "cold: live table's first row", ...consoleTiming.coldTable },
          { label: "warm (cached assets): first contentful paint", ...consoleTiming.warmFcp },
          { label: "warm: live table's first row", ...consoleTiming.warmTable },
        ],
      ),
    );
  }

  // ---- 7. Adversarial requests (last: they leave large objects behind) ----
  const adversarial = await benchAdversarial(
    { env, clusters: { verbs: ADVERSARIAL.slice(0, 4).map((n) => env.clusters[n]), attacker: env.clusters.attacker, bystander: env.clusters.bystander } },
    { quick: QUICK },
  );
  console.log(`\n7. Adversarial requests (HTTP; the worst body or query per verb we know of, and a noisy neighbour)`);
  printAdversarial(adversarial.verbs, adversarial.noisy);

  // ---- 8. Deciding an image pull (kubelet/images; Node, not HTTP) ----
  const images = await benchImages();
  console.log(`\n8. Image pulls: the simulated registry's lookup (official list: first use per isolate and repository)`);
  printImages(images);

  console.log(`\n9. Network: ${network.endpoints} pods behind one Service (${network.slices} EndpointSlices, ${network.nodes} nodes, instant profile; all listed ready ${(network.fillMs / 1000).toFixed(1)} s after the create)`);
  console.log(
    table(
      [["", "label"], ["n", "n"], ["req/s", "perSec"], ["p50 ms", "p50"], ["p99 ms", "p99"], ["max ms", "max"], ["failed", "failures"]],
      [
        { label: "pod seen Ready → listed ready in a slice (polled every 2 ms)", ...network.delay },
        { label: `GET services/web/proxy/ → nginx, ${network.proxy.concurrency} clients`, n: network.proxy.requests, ...network.proxy },
      ],
    ),
  );
  if (network.proxy.failures) console.log(`   ! proxy: ${network.proxy.failures} failed, first: ${network.proxy.firstFailure}`);
  printAdmission(admission, table);
  printWorkloadsII(workloadsII);

  const seconds = (performance.now() - began) / 1000;
  console.log(`\nAnchors (PLATFORM.md §1.6/§6): etcd 3.4 ~4,600 writes/s; naive Worker→DO→SQLite ~540 writes/s here;`);
  console.log(`variant B watch, 100 watchers: delivery p50/p99 11/31 ms, last watcher p50 15 ms, write p50 17 ms. Total ${seconds.toFixed(1)} s; load average ${loadavg()}.`);
  const http = Object.fromEntries(rows.map((r) => [`${r.label} c${r.concurrency}`, { perSec: Math.round(r.perSec), p50: r.p50, p99: r.p99, requests: r.requests, failures: r.failures }]));
  const json = {
    quick: QUICK,
    store: { writesPerSec: Math.round(store.writes.perSec), rows: store.rows.map(({ doTotalMs, ...r }) => r) },
    http,
    workloads: { rollout, scale },
    activity,
    console: consoleTiming,
    adversarial,
    images,
    network,
    admission,
    workloadsII,
    auth: Object.fromEntries(auth.map((r) => [r.label, { perSec: Math.round(r.perSec), p50: r.p50, p99: r.p99, failures: r.failures }])),
    watch: { watchers: w.watchers, events: w.events, openMs: Math.round(w.openMs), delivery: w.delivery, lastWatcher: w.lastWatcher, post: w.post, missing: w.missing },
    seconds: Math.round(seconds),
    loadavg: os.loadavg(),
  };
  console.log(`BENCH_JSON ${JSON.stringify(json, (k, v) => (typeof v === "number" ? Math.round(v * 100) / 100 : v))}`);
  await stop(0);
} catch (err) {
  console.error(err);
  await stop(1);
}
