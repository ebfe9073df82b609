// Part 11: Workloads II over HTTP (instant profile, Miniflare direct). (a) A Job of 1,000 completions,
// parallelism 50, to Complete; (b) a 100-replica StatefulSet (Parallel, no claims) to all Ready;
// (c) 100 hourly CronJobs (staggered minutes) across a simulated day: one clock advance of 24 h that
// stops at every timer on the way, so every run fires at its minute; wall time, runs, timers fired.
import { setProfile } from "./workloads.mjs";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function poll(probe, what, timeoutMs, everyMs = 20) {
  const until = performance.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (performance.now() > until) throw new Error(`timed out: ${what}`);
    await sleep(everyMs);
  }
}

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
  }, "the Job to complete", 600_000);
  out.jobMs = performance.now() - t0;
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
  }, "the StatefulSet to be ready", 600_000);
  out.stsMs = performance.now() - t0;
  out.replicas = replicas;
  await api.request("DELETE", "/apis/apps/v1/namespaces/default/statefulsets/wide");

  // (c) The CronJobs across a day.
  for (let i = 0; i < cronJobs; i++) {
    await create(api, "/apis/batch/v1/namespaces/default/cronjobs", {
      apiVersion: "batch/v1",
      kind: "CronJob",
      metadata: { name: `hourly-${i}` },
      // A day's Jobs are all kept (events expire after an hour, so the Jobs are what is counted).
      spec: { schedule: `${i % 60} * * * *`, successfulJobsHistoryLimit: 24, jobTemplate: { spec: { template: { spec: { containers: container("echo tick"), restartPolicy: "Never" } } } } },
    });
  }
  t0 = performance.now();
  const day = await advance(env, clusterId, 86_400);
  out.dayMs = performance.now() - t0;
  out.firedTimers = day.firedTimers;
  const jobs = JSON.parse((await api.request("GET", "/apis/batch/v1/namespaces/default/jobs")).body).items;
  out.runs = jobs.filter((j) => j.metadata.ownerReferences?.[0]?.kind === "CronJob").length;
  out.cronJobs = cronJobs;
  return out;
}

export function printWorkloadsII(w) {
  console.log("\n11. Workloads II (HTTP, instant profile, 12 nodes)");
  console.log(`   Job, ${w.completions} completions, parallelism ${w.parallelism}: Complete in ${(w.jobMs / 1000).toFixed(1)} s (${Math.round(w.completions / (w.jobMs / 1000))} completions/s)`);
  console.log(`   StatefulSet, ${w.replicas} replicas, Parallel: all Ready in ${(w.stsMs / 1000).toFixed(2)} s`);
  console.log(
    `   ${w.cronJobs} hourly CronJobs across a simulated day (one 24 h clock advance, stopping at each timer): ${w.runs} Jobs started, ` +
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
