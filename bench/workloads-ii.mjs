// Part 11: Workloads II over HTTP (instant profile, Miniflare direct). (a) A Job of 1,000 completions,
// parallelism 50, to Complete; (b) a 100-replica StatefulSet (Parallel, no claims) to all Ready;
// (c) 100 hourly CronJobs (staggered minutes) across a simulated day: one clock advance of 24 h that
// stops at every timer on the way, so every run fires at its minute; wall time, runs, timers fired.
import { poll } from "./network.mjs";
import { setProfile } from "./workloads.mjs";

async function create(api, path, body) {
  const res = await api.request("POST", path, { body });
  if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${res.body}`);
}

const container = (command) => [{ name: "c", image: "busybox:1.36", command: ["sh", "-c", command] }];

async function addNodes(api, count, prefix) {
  for (let i = 4; i <= count; i++) await create(api, "/api/v1/nodes", { apiVersion: "v1", kind: "Node", metadata: { name: `${prefix}-${i}`, labels: { "kubernetes.io/hostname": `${prefix}-${i}` } } });
}

async function advance(env, clusterId, seconds) {
  const res = await fetch(`${env.url}/v1/clusters/${clusterId}/clock`, {
    method: "POST",
    headers: { authorization: `Bearer ${env.token}`, "content-type": "application/json" },
    body: JSON.stringify({ advanceSeconds: seconds }),
  });
  if (!res.ok) throw new Error(`clock advance: ${res.status} ${await res.text()}`);
  return res.json();
}

const progress = (line) => {
  if (process.env.BENCH_PROGRESS === "1") console.log(`   … ${line}`);
};

export async function benchWorkloadsII(env, api, clusterId, { completions, parallelism, replicas, cronJobs }) {
  await setProfile(env, clusterId, "instant");
  await addNodes(api, 12, "batch-node");
  const out = {};

  // (a) The Job.
  let t0 = performance.now();
  await create(api, "/apis/batch/v1/namespaces/default/jobs", {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: "many" },
    spec: { completions, parallelism, template: { spec: { containers: container("echo done"), restartPolicy: "Never" } } },
  });
  await poll(async () => {
    const job = JSON.parse((await api.request("GET", "/apis/batch/v1/namespaces/default/jobs/many")).body);
    return job.status?.conditions?.some((c) => c.type === "Complete" && c.status === "True") ? true : undefined;
  }, "the Job to complete", 600_000, 20);
  out.jobMs = performance.now() - t0;
  progress(`job complete in ${Math.round(out.jobMs)} ms`);
  out.completions = completions;
  out.parallelism = parallelism;
  await api.request("DELETE", "/apis/batch/v1/namespaces/default/jobs/many?propagationPolicy=Background");

  // (b) The StatefulSet.
  t0 = performance.now();
  await create(api, "/apis/apps/v1/namespaces/default/statefulsets", {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name: "wide" },
    spec: {
      replicas,
      podManagementPolicy: "Parallel",
      serviceName: "wide",
      selector: { matchLabels: { app: "wide" } },
      template: { metadata: { labels: { app: "wide" } }, spec: { containers: [{ name: "web", image: "nginx:1.25" }] } },
    },
  });
  await poll(async () => {
    const sts = JSON.parse((await api.request("GET", "/apis/apps/v1/namespaces/default/statefulsets/wide")).body);
    return sts.status?.readyReplicas === replicas ? true : undefined;
  }, "the StatefulSet to be ready", 600_000, 20);
  out.stsMs = performance.now() - t0;
  progress(`statefulset ready in ${Math.round(out.stsMs)} ms`);
  out.replicas = replicas;
  await api.request("DELETE", "/apis/apps/v1/namespaces/default/statefulsets/wide");

  // (c) The CronJobs across a day.
  for (let i = 0; i < cronJobs; i++) {
    await create(api, "/apis/batch/v1/namespaces/default/cronjobs", {
      apiVersion: "batch/v1",
      kind: "CronJob",
      metadata: { name: `hourly-${i}` },
      spec: { schedule: `${i % 60} * * * *`, jobTemplate: { spec: { template: { spec: { containers: container("echo tick"), restartPolicy: "Never" } } } } },
    });
  }
  // An hour at a time: events live an hour, so each hour's "Created job" events are all still there.
  const started = new Set();
  out.dayMs = 0;
  out.firedTimers = 0;
  for (let hour = 0; hour < 24; hour++) {
    t0 = performance.now();
    const step = await advance(env, clusterId, 3_600);
    out.dayMs += performance.now() - t0;
    out.firedTimers += step.firedTimers;
    const events = JSON.parse((await api.request("GET", "/api/v1/namespaces/default/events?fieldSelector=reason%3DSuccessfulCreate,involvedObject.kind%3DCronJob")).body).items;
    for (const e of events) started.add(e.message);
    progress(`hour ${hour + 1}: ${started.size} runs`);
  }
  out.runs = started.size;
  out.cronJobs = cronJobs;
  return out;
}

export function printWorkloadsII(w) {
  console.log("\n11. Workloads II (HTTP, instant profile, 12 nodes)");
  console.log(`   Job, ${w.completions} completions, parallelism ${w.parallelism}: Complete in ${(w.jobMs / 1000).toFixed(1)} s (${Math.round(w.completions / (w.jobMs / 1000))} completions/s)`);
  console.log(`   StatefulSet, ${w.replicas} replicas, Parallel: all Ready in ${(w.stsMs / 1000).toFixed(2)} s`);
  console.log(
    `   ${w.cronJobs} hourly CronJobs across a simulated day (24 one-hour clock advances, each stopping at every timer): ${w.runs} Jobs started, ` +
      `${w.firedTimers} timers fired, ${(w.dayMs / 1000).toFixed(1)} s wall → ${(w.dayMs / Math.max(1, w.runs)).toFixed(1)} ms per run (Job, pod and their controllers included)`,
  );
}

// Standalone run (node bench/workloads-ii.mjs, after `npm run prebench`): its own Miniflare.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { startMiniflare } = await import("./miniflare.mjs");
  const { client } = await import("./http.mjs");
  const quick = process.env.BENCH_QUICK === "1";
  const env = await startMiniflare(["batch"]);
  let code = 0;
  try {
    const api = client(env.url, env.token, env.clusters.batch);
    const result = await benchWorkloadsII(env, api, env.clusters.batch, quick ? { completions: 200, parallelism: 50, replicas: 50, cronJobs: 20 } : { completions: 1000, parallelism: 50, replicas: 100, cronJobs: 100 });
    api.close();
    printWorkloadsII(result);
    console.log(`BENCH_WORKLOADS_II_JSON ${JSON.stringify(result)}`);
  } catch (err) {
    console.error(err);
    code = 1;
  } finally {
    await env.dispose().catch(() => {});
  }
  process.exit(code);
}
