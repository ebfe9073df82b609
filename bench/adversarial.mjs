// Part 7: adversarial requests. (a) The worst request of each verb we know of: a body or query built to
// make the cluster's single thread work as long as possible (deep nesting, amplifying patches, lists that
// merge in quadratic time, huge YAML, thousands of validation errors, huge selectors), sent a few times
// each; median and max duration per request. (b) Side by side in one run: another cluster's GET latency
// while idle, and while one client sends the 25-copy JSON patch of issue 11 over and over (workerd runs
// every Durable Object of a process on one thread, so a request that holds it stalls every tenant).
//
// Run by bench/run.mjs (section 7), or alone: node bench/adversarial.mjs, which builds and starts its own
// Miniflare and restarts it when a case takes the runtime down (the code before issue 11's fixes does);
// BENCH_QUICK=1 for 2 tries instead of 5; BENCH_ADVERSARIAL_ONLY=<regex> for some cases.
import http from "node:http";
import { percentile, round, summarize, table } from "./stats.mjs";

// Every request on a new connection (agents without keep-alive): a reused socket the server closed would
// read as a reset, which this bench takes for a runtime that went down.

/** A request holding the thread longer than this is cut off on the client side (the server keeps going). */
const TIMEOUT_MS = 30_000;
const CONFIGMAPS = "/api/v1/namespaces/default/configmaps";

/** One raw request: resolves { status, body, ms }, status "timeout" after `timeoutMs`. */
function send(agent, env, clusterId, method, path, { body, contentType = "application/json", timeoutMs = TIMEOUT_MS, headersOnly = false } = {}) {
  const base = new URL(env.url);
  return new Promise((resolve, reject) => {
    const headers = { authorization: `Bearer ${env.token}`, accept: "application/json" };
    if (body !== undefined) Object.assign(headers, { "content-type": contentType, "content-length": Buffer.byteLength(body) });
    const t0 = performance.now();
    const req = http.request({ host: base.hostname, port: base.port, method, path: `/clusters/${clusterId}${path}`, headers, agent }, (res) => {
      if (headersOnly) {
        resolve({ status: res.statusCode, body: "", ms: performance.now() - t0 });
        return req.destroy();
      }
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString("utf8"), ms: performance.now() - t0 }));
      res.on("error", reject);
    });
    req.setTimeout(timeoutMs, () => {
      req.destroy();
      resolve({ status: "timeout", body: "", ms: performance.now() - t0 });
    });
    req.on("error", (err) => resolve({ status: `error ${err.code ?? err.message}`, body: "", ms: performance.now() - t0 }));
    req.end(body);
  });
}

// ---- bodies ----
const nested = (depth) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
const configMap = (name, extra = {}) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name }, ...extra });
const manyKeys = (n, prefix = "k") => Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, "v"]));
const owners = (n, from = 0) =>
  Array.from({ length: n }, (_, i) => ({ apiVersion: "v1", kind: "ConfigMap", name: `o${from + i}`, uid: `u${from + i}` }));
/** Issue 11's probe: 25 operations, each copying managedFields (an array every written object has) into itself. */
const COPY_TARGET = configMap("copy", { data: { a: "b" } });
/** The control for COPY_25: a JSON patch that fails at its one operation (422). */
const FAILING_TEST = JSON.stringify([{ op: "test", path: "/data/a", value: "not b" }]);
export const COPY_25 = JSON.stringify(Array.from({ length: 25 }, () => ({ op: "copy", from: "/metadata/managedFields", path: "/metadata/managedFields/-" })));
const finalizers = (n, from = 0) => Array.from({ length: n }, (_, i) => `e.io/f${from + i}`);
const bigSet = (n) => `k in (${Array.from({ length: n }, (_, i) => `v${i}`).join(",")})`;

const JSON_PATCH = "application/json-patch+json";
const MERGE = "application/merge-patch+json";
const SMP = "application/strategic-merge-patch+json";
const APPLY = "application/apply-patch+yaml";

/**
 * The cases: `setup` runs once (untimed) on the case's cluster; `make(i)` gives the timed request of try i.
 * Sizes stay under the 3 MiB body limit and the 1.5 MiB object limit, so each body is one a client may send.
 */
function cases() {
  const deep = 100_000;
  // ~2.6 MiB of ConfigMap data: more than an object may hold, so validation and managedFields run on all of it.
  const bigData = JSON.stringify(configMap("big", { data: manyKeys(180_000) }));
  return [
    { verb: "create", label: `JSON nested ${deep} deep`, make: (i) => ["POST", CONFIGMAPS, { body: JSON.stringify(configMap(`deep-${i}`)).replace(/}$/, `,"x":${nested(deep)}}`) }] },
    { verb: "create", label: "ConfigMap with 180,000 keys (2.6 MiB)", make: () => ["POST", CONFIGMAPS, { body: bigData }] },
    { verb: "create", label: "ConfigMap with 20,000 finalizers", make: (i) => ["POST", CONFIGMAPS, { body: JSON.stringify(configMap(`fin-${i}`, { metadata: { name: `fin-${i}`, finalizers: finalizers(20_000) } })) }] },
    {
      verb: "create",
      label: "Pod with 5,000 invalid containers",
      make: (i) => [
        "POST",
        "/api/v1/namespaces/default/pods",
        { body: JSON.stringify({ apiVersion: "v1", kind: "Pod", metadata: { name: `bad-${i}` }, spec: { containers: Array.from({ length: 5000 }, (_, j) => ({ name: `Bad_${j}`, image: "", imagePullPolicy: "Sometimes", ports: [{ containerPort: -1 }] })) } }) },
      ],
    },
    {
      verb: "update",
      label: "ConfigMap with 180,000 keys (2.6 MiB)",
      setup: async (s) => s("POST", CONFIGMAPS, { body: JSON.stringify(configMap("big")) }),
      make: () => ["PUT", `${CONFIGMAPS}/big`, { body: bigData }],
    },
    {
      verb: "update",
      label: "20,000 finalizers onto 5,000",
      setup: async (s) => s("POST", CONFIGMAPS, { body: JSON.stringify(configMap("fins", { metadata: { name: "fins", finalizers: finalizers(5_000) } })) }),
      make: () => ["PUT", `${CONFIGMAPS}/fins`, { body: JSON.stringify(configMap("fins", { metadata: { name: "fins", finalizers: finalizers(20_000, 10_000) } })) }],
      // (no resourceVersion: an unconditional update; the first try replaces the list, the next ones keep it)
    },
    {
      verb: "get",
      label: "a 1 MB ConfigMap",
      setup: async (s) => s("POST", CONFIGMAPS, { body: JSON.stringify(configMap("huge", { data: { big: "x".repeat(1_000_000) } })) }),
      make: () => ["GET", `${CONFIGMAPS}/huge`],
    },
    {
      verb: "list",
      label: "labelSelector in() with 2,000 values, 300 objects",
      setup: async (s) => {
        for (let i = 0; i < 300; i++) await s("POST", CONFIGMAPS, { body: JSON.stringify(configMap(`l${i}`, { metadata: { name: `l${i}`, labels: { k: `w${i}` } } })) });
      },
      make: () => ["GET", `${CONFIGMAPS}?labelSelector=${encodeURIComponent(bigSet(2000))}`],
    },
    {
      verb: "list",
      label: "fieldSelector with 1,000 terms, 300 objects",
      setup: async (s) => {
        for (let i = 0; i < 300; i++) await s("POST", CONFIGMAPS, { body: JSON.stringify(configMap(`f${i}`)) });
      },
      make: () => ["GET", `${CONFIGMAPS}?fieldSelector=${encodeURIComponent(Array.from({ length: 1000 }, (_, i) => `metadata.name!=n${i}`).join(","))}`],
    },
    {
      verb: "patch json",
      label: "25 copies of managedFields into itself (2 KB)",
      setup: async (s) => s("POST", CONFIGMAPS, { body: JSON.stringify(COPY_TARGET) }),
      make: () => ["PATCH", `${CONFIGMAPS}/copy`, { body: COPY_25, contentType: JSON_PATCH }],
    },
    {
      verb: "patch json",
      label: "9,999 inserts at the head of a 25,000-item list",
      setup: async (s) => s("POST", CONFIGMAPS, { body: JSON.stringify(configMap("ins", { metadata: { name: "ins", finalizers: Array.from({ length: 25_000 }, (_, i) => `e.io/f${i}`) } })) }),
      make: () => ["PATCH", `${CONFIGMAPS}/ins`, { body: JSON.stringify(Array.from({ length: 9_999 }, () => ({ op: "add", path: "/metadata/finalizers/0", value: "a" })).concat([{ op: "test", path: "/x", value: 1 }])), contentType: JSON_PATCH }],
      // (the trailing failing test keeps the object as it was, so every try starts the same)
    },
    { verb: "patch json", label: `JSON nested ${deep} deep`, setup: async (s) => s("POST", CONFIGMAPS, { body: JSON.stringify(configMap("jdeep")) }), make: () => ["PATCH", `${CONFIGMAPS}/jdeep`, { body: `[{"op":"add","path":"/x","value":${nested(deep)}}]`, contentType: JSON_PATCH }] },
    { verb: "patch merge", label: `JSON nested ${deep} deep`, setup: async (s) => s("POST", CONFIGMAPS, { body: JSON.stringify(configMap("mdeep")) }), make: () => ["PATCH", `${CONFIGMAPS}/mdeep`, { body: `{"data":${nested(deep)}}`, contentType: MERGE }] },
    {
      verb: "patch strategic",
      label: "merge 15,000 ownerReferences into 7,000",
      setup: async (s) => s("POST", CONFIGMAPS, { body: JSON.stringify(configMap("smp", { metadata: { name: "smp", ownerReferences: owners(7_000) } })) }),
      make: (i) => ["PATCH", `${CONFIGMAPS}/smp`, { body: JSON.stringify({ metadata: { ownerReferences: owners(15_000, 100_000 * (i + 1)) } }), contentType: SMP }],
    },
    {
      verb: "patch strategic",
      label: "$setElementOrder of 30,000 onto 5,000 finalizers",
      setup: async (s) => s("POST", CONFIGMAPS, { body: JSON.stringify(configMap("order", { metadata: { name: "order", finalizers: Array.from({ length: 5_000 }, (_, i) => `f/${i}`) } })) }),
      make: () => [
        "PATCH",
        `${CONFIGMAPS}/order`,
        { body: JSON.stringify({ metadata: { "$setElementOrder/finalizers": Array.from({ length: 30_000 }, (_, i) => `f/${i}`), finalizers: Array.from({ length: 10_000 }, (_, i) => `f/${5_000 + i}`) } }), contentType: SMP },
      ],
    },
    {
      verb: "patch strategic",
      label: "$deleteFromPrimitiveList of 20,000 from 5,000 finalizers",
      setup: async (s) => s("POST", CONFIGMAPS, { body: JSON.stringify(configMap("dfpl", { metadata: { name: "dfpl", finalizers: finalizers(5_000) } })) }),
      make: () => ["PATCH", `${CONFIGMAPS}/dfpl`, { body: JSON.stringify({ metadata: { "$deleteFromPrimitiveList/finalizers": finalizers(20_000, 10_000) } }), contentType: SMP }],
    },
    { verb: "patch strategic", label: `JSON nested ${deep} deep`, setup: async (s) => s("POST", CONFIGMAPS, { body: JSON.stringify(configMap("sdeep")) }), make: () => ["PATCH", `${CONFIGMAPS}/sdeep`, { body: `{"data":${nested(deep)}}`, contentType: SMP }] },
    {
      verb: "apply",
      label: "15,000 ownerReferences onto 7,000 owned by another manager",
      setup: async (s) => s("POST", CONFIGMAPS, { body: JSON.stringify(configMap("ssa", { metadata: { name: "ssa", ownerReferences: owners(7_000) } })) }),
      make: (i) => ["PATCH", `${CONFIGMAPS}/ssa?fieldManager=adv&force=true`, { body: JSON.stringify(configMap("ssa", { metadata: { name: "ssa", ownerReferences: owners(15_000, 100_000 * (i + 1)) } })), contentType: APPLY }],
    },
    {
      verb: "apply",
      label: "20,000 finalizers onto 5,000 owned by another manager",
      setup: async (s) => s("POST", CONFIGMAPS, { body: JSON.stringify(configMap("ssaf", { metadata: { name: "ssaf", finalizers: finalizers(5_000) } })) }),
      make: () => ["PATCH", `${CONFIGMAPS}/ssaf?fieldManager=adv&force=true`, { body: JSON.stringify(configMap("ssaf", { metadata: { name: "ssaf", finalizers: finalizers(20_000, 10_000) } })), contentType: APPLY }],
    },
    { verb: "apply", label: `JSON nested ${deep} deep`, make: (i) => ["PATCH", `${CONFIGMAPS}/adeep-${i}?fieldManager=adv`, { body: JSON.stringify(configMap(`adeep-${i}`)).replace(/}$/, `,"x":${nested(deep)}}`), contentType: APPLY }] },
    {
      verb: "apply",
      label: "2.4 MiB of block YAML (100,000 keys)",
      make: (i) => ["PATCH", `${CONFIGMAPS}/yaml-${i}?fieldManager=adv`, { body: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: yaml-${i}\ndata:\n${Array.from({ length: 100_000 }, (_, j) => `  key-${j}: value-${j}\n`).join("")}`, contentType: APPLY }],
    },
    {
      verb: "apply",
      label: "YAML aliases, 9 levels of 9",
      make: (i) => {
        let yaml = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: alias-${i}\nx0: &a0 [x, x, x, x, x, x, x, x, x]\n`;
        for (let l = 1; l < 9; l++) yaml += `x${l}: &a${l} [${Array(9).fill(`*a${l - 1}`).join(", ")}]\n`;
        return ["PATCH", `${CONFIGMAPS}/alias-${i}?fieldManager=adv`, { body: yaml, contentType: APPLY }];
      },
    },
    {
      verb: "delete",
      label: `DeleteOptions nested ${deep} deep`,
      setup: async (s) => {
        for (let i = 0; i < 5; i++) await s("POST", CONFIGMAPS, { body: JSON.stringify(configMap(`del-${i}`)) });
      },
      make: (i) => ["DELETE", `${CONFIGMAPS}/del-${i}`, { body: `{"kind":"DeleteOptions","apiVersion":"v1","x":${nested(deep)}}` }],
    },
    {
      verb: "deletecollection",
      label: "labelSelector in() with 2,000 values, 300 objects",
      setup: async (s) => {
        for (let i = 0; i < 300; i++) await s("POST", CONFIGMAPS, { body: JSON.stringify(configMap(`d${i}`, { metadata: { name: `d${i}`, labels: { k: `w${i}` } } })) });
      },
      make: () => ["DELETE", `${CONFIGMAPS}?labelSelector=${encodeURIComponent(bigSet(2000))}`],
    },
    { verb: "watch open", label: "labelSelector in() with 2,000 values", make: () => ["GET", `${CONFIGMAPS}?watch=true&labelSelector=${encodeURIComponent(bigSet(2000))}`, { headersOnly: true }] },
  ];
}

/** A case that outlasts this (cut off, then still holding the thread) is stopped by restarting the runtime. */
const BUSY_LIMIT_MS = 600_000;

class RuntimeGone extends Error {}

/**
 * Waits until the cluster answers a small GET in under 200 ms (a request the client cut off may still
 * hold the thread); returns how long that took, in ms. Throws RuntimeGone if the runtime is down or
 * stays busy past BUSY_LIMIT_MS.
 */
async function settle(agent, env, clusterId) {
  const start = performance.now();
  while (performance.now() - start < BUSY_LIMIT_MS) {
    const r = await send(agent, env, clusterId, "GET", "/api/v1/namespaces/default", { timeoutMs: 60_000 });
    if (String(r.status).startsWith("error")) throw new RuntimeGone(`runtime down (${r.status})`);
    if (r.status === 200 && r.ms < 200) return performance.now() - start;
  }
  throw new RuntimeGone(`busy > ${BUSY_LIMIT_MS / 1000} s`);
}

/**
 * (a): every case on one of `runtime.clusters` in turn, `tries` times. When a case crashes the runtime or
 * holds it past BUSY_LIMIT_MS, the row says so and `runtime.restart()` (if given) brings a fresh one for
 * the next case; without it the run stops there.
 */
export async function benchAdversarialVerbs(runtime, { tries, progress = false }) {
  let agent = new http.Agent({ keepAlive: false, maxSockets: 16 });
  const rows = [];
  const only = process.env.BENCH_ADVERSARIAL_ONLY ? new RegExp(process.env.BENCH_ADVERSARIAL_ONLY) : undefined;
  const list = cases().filter((c) => !only || only.test(`${c.verb} ${c.label}`));
  const report = (row) => {
    rows.push(row);
    if (progress) console.log(`   … ${row.verb}: ${row.label}: ${row.status} in ${row.median} ms (max ${row.max})`);
  };
  for (const [n, c] of list.entries()) {
    const clusterId = runtime.clusters[n % runtime.clusters.length];
    const s = (method, path, opts) => send(agent, runtime.env, clusterId, method, path, opts);
    const times = [];
    const statuses = new Set();
    let first;
    try {
      await settle(agent, runtime.env, clusterId);
      if (c.setup) {
        let failed;
        await c.setup(async (...args) => {
          const r = await s(...args);
          if (typeof r.status !== "number" || r.status >= 300) failed ??= `${r.status}`;
          return r;
        });
        // Setting the case up can itself be too much for a build (an object that takes minutes to write).
        if (failed) throw new RuntimeGone(`setup: ${failed}`);
      }
      for (let i = 0; i < tries; i++) {
        await settle(agent, runtime.env, clusterId);
        const [method, path, opts = {}] = c.make(i);
        const r = await s(method, path, opts);
        statuses.add(String(r.status));
        first ??= r.body;
        // Cut off: the request held the thread until the cluster answered again.
        times.push(r.status === "timeout" ? r.ms + (await settle(agent, runtime.env, clusterId)) : r.ms);
      }
    } catch (err) {
      if (!(err instanceof RuntimeGone)) throw err;
      statuses.add(err.message);
      report({ verb: c.verb, label: c.label, status: [...statuses].join(","), median: times.length ? round(percentile(times, 50)) : null, max: null, answer: "" });
      if (!runtime.restart) throw new Error(`adversarial bench: ${c.verb} ${c.label}: ${err.message}`);
      agent.destroy();
      await runtime.restart();
      agent = new http.Agent({ keepAlive: false, maxSockets: 16 });
      continue;
    }
    const reason = (() => {
      try {
        const b = JSON.parse(first);
        return b.kind === "Status" && b.status === "Failure" ? `${b.reason}: ${String(b.message).slice(0, 70)}` : "";
      } catch {
        return "";
      }
    })();
    report({ verb: c.verb, label: c.label, status: [...statuses].join(","), median: round(percentile(times, 50)), max: round(Math.max(...times)), answer: reason });
  }
  agent.destroy();
  return rows;
}

/**
 * (b): 4 clients GET a namespace on `bystander` for `seconds` each: while idle; while one client sends
 * `attacker` a one-operation JSON patch that fails back to back (the control: any busy neighbour shares
 * the thread, and a PATCH costs more than a GET at the edge); while that client sends COPY_25 back to
 * back instead. GETs time out after 10 s (counted as failed).
 */
export async function benchNoisyNeighbour(env, { attacker, bystander }, { seconds }) {
  const agent = new http.Agent({ keepAlive: false, maxSockets: 16 });
  await send(agent, env, attacker, "POST", CONFIGMAPS, { body: JSON.stringify(COPY_TARGET) });
  const gets = async (until) => {
    const latencies = [];
    let failures = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (performance.now() < until) {
          const r = await send(agent, env, bystander, "GET", "/api/v1/namespaces/default", { timeoutMs: 10_000 });
          latencies.push(r.ms);
          if (r.status !== 200) failures++;
          if (String(r.status).startsWith("error")) break; // the runtime is gone
        }
      }),
    );
    return { ...summarize(latencies), failures };
  };
  /** The bystander's GETs while `request` is sent to the attacker's cluster back to back. */
  const alongside = async (request) => {
    const times = [];
    const statuses = new Set();
    let stop = false;
    const neighbour = (async () => {
      while (!stop) {
        const r = await request();
        times.push(r.ms);
        statuses.add(String(r.status));
        if (r.status === "timeout" || String(r.status).startsWith("error")) break;
      }
    })();
    const bystanderGets = await gets(performance.now() + seconds * 1000);
    stop = true;
    await neighbour;
    return { bystanderGets, neighbour: { ...summarize(times), statuses: [...statuses].join(",") } };
  };
  for (let i = 0; i < 50; i++) await send(agent, env, bystander, "GET", "/api/v1/namespaces/default"); // warm-up
  const idle = await gets(performance.now() + seconds * 1000);
  const control = await alongside(() => send(agent, env, attacker, "PATCH", `${CONFIGMAPS}/copy`, { body: FAILING_TEST, contentType: JSON_PATCH }));
  const attack = await alongside(() => send(agent, env, attacker, "PATCH", `${CONFIGMAPS}/copy`, { body: COPY_25, contentType: JSON_PATCH, timeoutMs: seconds * 1000 + 10_000 }));
  agent.destroy();
  return { idle, control: control.bystanderGets, controlRequests: control.neighbour, busy: attack.bystanderGets, attack: attack.neighbour };
}

export function printAdversarial(verbs, noisy) {
  console.log("   worst request per verb (client-timed ms; a request cut off at 30 s counts until the cluster answers again):");
  console.log(table([["verb", "verb"], ["adversarial request", "label"], ["status", "status"], ["median ms", "median"], ["max ms", "max"], ["answer", "answer"]], verbs));
  if (!noisy) return;
  const { attack, controlRequests: ctl } = noisy;
  console.log("\n   another cluster's GET (4 clients), in one run: idle; while one client sends a one-operation JSON patch that fails");
  console.log("   to its own cluster back to back; while it sends the 25-copy patch back to back instead");
  console.log(`   (${ctl.n} one-op patches, answered ${ctl.statuses}, p50 ${ctl.p50} ms; ${attack.n} 25-copy patches, answered ${attack.statuses}, p50 ${attack.p50} ms, max ${attack.max} ms):`);
  console.log(
    table(
      [["bystander GET", "label"], ["n", "n"], ["p50 ms", "p50"], ["p99 ms", "p99"], ["max ms", "max"], ["failed", "failures"]],
      [
        { label: "idle", ...noisy.idle },
        { label: "neighbour sending a one-op patch", ...noisy.control },
        { label: "neighbour sending the 25-copy patch", ...noisy.busy },
      ],
    ),
  );
}

/**
 * Both parts on `runtime`: { env, clusters: { verbs: [ids], attacker, bystander }, restart? }. `restart`
 * (standalone runs) replaces env and clusters with a fresh runtime when a case takes the old one down.
 */
export async function benchAdversarial(runtime, { quick, progress = false }) {
  const view = {
    get env() {
      return runtime.env;
    },
    get clusters() {
      return runtime.clusters.verbs;
    },
    restart: runtime.restart,
  };
  const verbs = await benchAdversarialVerbs(view, { tries: quick ? 2 : 5, progress });
  // BENCH_ADVERSARIAL_ONLY=<regex> (for working on one case) runs the side-by-side only if it matches "noisy".
  const only = process.env.BENCH_ADVERSARIAL_ONLY;
  const noisy = only && !new RegExp(only).test("noisy") ? undefined : await benchNoisyNeighbour(runtime.env, runtime.clusters, { seconds: quick ? 3 : 10 });
  return { verbs, noisy };
}

// Standalone run (node bench/adversarial.mjs): its own Miniflare, restarted when a case takes the runtime down.
if (import.meta.url === `file://${process.argv[1]}`) {
  const os = await import("node:os");
  const { startMiniflare } = await import("./miniflare.mjs");
  const quick = process.env.BENCH_QUICK === "1";
  const loadavg = () => os.loadavg().map((x) => x.toFixed(2)).join(" ");
  const names = ["adv-a", "adv-b", "adv-c", "adv-d", "attacker", "bystander"];
  const runtime = {
    env: undefined,
    clusters: undefined,
    async restart() {
      await runtime.env?.dispose().catch(() => {});
      runtime.env = await startMiniflare(names);
      const ids = runtime.env.clusters;
      runtime.clusters = { verbs: names.slice(0, 4).map((n) => ids[n]), attacker: ids.attacker, bystander: ids.bystander };
    },
  };
  let code = 0;
  try {
    console.log(`kubedo adversarial bench${quick ? " (quick)" : ""}: load average ${loadavg()}`);
    await runtime.restart();
    const result = await benchAdversarial(runtime, { quick, progress: true });
    console.log(`7. Adversarial requests${quick ? " (quick)" : ""}; load average ${loadavg()}`);
    printAdversarial(result.verbs, result.noisy);
    console.log(`BENCH_ADVERSARIAL_JSON ${JSON.stringify(result)}`);
  } catch (err) {
    console.error(err);
    code = 1;
  } finally {
    await runtime.env?.dispose().catch(() => {});
  }
  process.exit(code);
}
