// Part 1: the MVCC store inside one cluster DO, no HTTP. Node calls ClusterDO.benchStore over
// Miniflare's RPC proxy; each call runs `perCall` operations of one kind inside the DO.
//
// Timing: under local workerd, performance.now() inside the DO advances during synchronous work at
// 1 ms resolution (checked: a 50M-iteration loop read 55 ms; in production it stays frozen until
// I/O). So throughput and µs/op come from the in-DO clock summed over calls of hundreds of ops;
// "call" latencies are timed in Node around each RPC and include the proxy hop (see the noop row).
import { summarize } from "./stats.mjs";

/** A namespace-sized value (~330 bytes of JSON), like what the API server stores. */
const VALUE = {
  apiVersion: "v1",
  kind: "Namespace",
  metadata: {
    name: "bench",
    uid: "00000000-0000-4000-8000-000000000000",
    creationTimestamp: "2026-01-01T00:00:00Z",
    labels: { "kubernetes.io/metadata.name": "bench", team: "bench" },
    annotations: { note: "x".repeat(64) },
  },
  spec: { finalizers: ["kubernetes"] },
  status: { phase: "Active" },
};

const sum = (xs) => xs.reduce((a, b) => a + b, 0);

async function run(stub, label, { op, prefix = "/bench/k/", calls, perCall = 1, from = () => 0, limit = 0, expectItems }) {
  const callMs = [];
  const doMs = [];
  let items = 0;
  for (let c = 0; c < calls; c++) {
    const t0 = performance.now();
    const r = JSON.parse(await stub.benchStore(op, prefix, from(c), perCall, VALUE, limit));
    callMs.push(performance.now() - t0);
    doMs.push(r.clockMs);
    items += r.items;
  }
  if (expectItems !== undefined && items !== expectItems) throw new Error(`bench store ${label}: expected ${expectItems} items, got ${items}`);
  const ops = calls * perCall;
  const doTotal = sum(doMs);
  const call = summarize(callMs);
  const inDo = summarize(doMs);
  return {
    op: label,
    ops,
    perCall,
    opsPerSec: doTotal > 0 && perCall > 1 ? (ops / doTotal) * 1000 : null,
    usPerOp: doTotal > 0 && perCall > 1 ? (doTotal / ops) * 1000 : null,
    callP50: call.p50,
    callP99: call.p99,
    doP50: inDo.p50,
    doP99: inDo.p99,
    doTotalMs: doTotal,
  };
}

export async function benchStore(mf, { quick }) {
  const ns = await mf.getDurableObjectNamespace("CLUSTER");
  const stub = ns.get(ns.idFromName(`bench-store-${Date.now()}`));
  const keys = quick ? 1000 : 2500; // created, then updated: 2 × keys writes
  const batch = 250;
  await stub.benchStore("noop", ""); // constructs the DO (migrations, bootstrap) outside the timings

  const rows = [];
  rows.push(await run(stub, "noop (RPC hop only)", { op: "noop", calls: quick ? 100 : 300 }));
  rows.push(await run(stub, "create", { op: "create", calls: keys / batch, perCall: batch, from: (c) => c * batch }));
  rows.push(await run(stub, "update", { op: "update", calls: keys / batch, perCall: batch, from: (c) => c * batch }));
  rows.push(await run(stub, "create, 1 per call", { op: "create", prefix: "/bench/one/", calls: quick ? 50 : 200, from: (c) => c }));
  const gets = 500;
  rows.push(await run(stub, "get", { op: "get", calls: quick ? 20 : 60, perCall: gets, from: (c) => (c * gets) % keys, expectItems: (quick ? 20 : 60) * gets }));
  rows.push(await run(stub, "get, 1 per call", { op: "get", calls: quick ? 50 : 200, from: (c) => c % keys, expectItems: quick ? 50 : 200 }));
  // A prefix holding exactly 1,000 live keys, listed whole.
  await run(stub, "setup", { op: "create", prefix: "/bench/list/", calls: 4, perCall: 250, from: (c) => c * 250 });
  const lists = quick ? 30 : 100;
  rows.push(await run(stub, "list 1,000 keys", { op: "list", prefix: "/bench/list/", calls: lists, perCall: 1, expectItems: lists * 1000 }));
  const listRow = rows.at(-1);
  listRow.opsPerSec = (listRow.ops / listRow.doTotalMs) * 1000;
  listRow.usPerOp = (listRow.doTotalMs / listRow.ops) * 1000;

  const [create, update] = [rows[1], rows[2]];
  const writes = { ops: create.ops + update.ops, perSec: ((create.ops + update.ops) / (create.doTotalMs + update.doTotalMs)) * 1000 };
  return { rows, writes };
}

/**
 * A new cluster's start: the first call to a fresh cluster DO builds it (schema migrations, bootstrap:
 * namespaces, RBAC policy, nodes, the control plane's mirror pods, the add-ons' objects). Timed in
 * Node around that first call, over `count` fresh clusters.
 */
export async function benchClusterStart(mf, { quick }) {
  const ns = await mf.getDurableObjectNamespace("CLUSTER");
  const count = quick ? 10 : 30;
  const ms = [];
  for (let i = 0; i < count; i++) {
    const stub = ns.get(ns.idFromName(`bench-start-${Date.now()}-${i}`));
    const t0 = performance.now();
    await stub.benchStore("noop", "");
    ms.push(performance.now() - t0);
  }
  return { count, ...summarize(ms) };
}
