// Part 3: the workload engine over HTTP. (a) `create deployment` (3 replicas) to all Ready, per
// timing profile; (b) a 2,000-replica Deployment over 50 nodes: scheduler pods/s (from the
// scheduler's own bind counters, read over RPC) and time to all Ready; (c) GET latency while (b)
// reconciles, against the same GETs on the idle cluster.
import { summarize } from "./stats.mjs";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function deployment(name, replicas, extra = {}) {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "web", image: "nginx", ...extra }] } },
    },
  };
}

async function ready(api, name, replicas, timeoutMs) {
  const until = performance.now() + timeoutMs;
  for (;;) {
    const res = await api.request("GET", `/apis/apps/v1/namespaces/default/deployments/${name}`);
    const d = JSON.parse(res.body);
    if (d.status?.readyReplicas === replicas && d.status?.updatedReplicas === replicas) return;
    if (performance.now() > until) throw new Error(`deployment ${name} not ready after ${timeoutMs} ms: ${JSON.stringify(d.status)}`);
    await sleep(5);
  }
}

export async function setProfile(env, clusterId, profile) {
  const res = await fetch(`${env.url}/v1/clusters/${clusterId}/settings`, {
    method: "PATCH",
    headers: { authorization: `Bearer ${env.token}`, "content-type": "application/json" },
    body: JSON.stringify({ timingProfile: profile }),
  });
  if (!res.ok) throw new Error(`setting the timing profile failed: ${res.status} ${await res.text()}`);
}

/** (a): POST a 3-replica Deployment, poll (5 ms) until 3 Ready; `runs` times per profile. */
export async function benchRollout(env, api, clusterId, { runs }) {
  const rows = [];
  for (const profile of ["instant", "fast"]) {
    await setProfile(env, clusterId, profile);
    const times = [];
    for (let i = 0; i < runs; i++) {
      const name = `r-${profile}-${i}`;
      const t0 = performance.now();
      const res = await api.request("POST", "/apis/apps/v1/namespaces/default/deployments", { body: deployment(name, 3) });
      if (res.status !== 201) throw new Error(`create deployment: ${res.status} ${res.body}`);
      await ready(api, name, 3, 30_000);
      times.push(performance.now() - t0);
      await api.request("DELETE", `/apis/apps/v1/namespaces/default/deployments/${name}`);
    }
    rows.push({ label: `create deployment (3) → 3 Ready, ${profile}`, ...summarize(times) });
  }
  return rows;
}

/** (b) + (c): 47 more nodes (50 workers, besides the tainted control plane), one Deployment of `replicas`, with GETs running alongside. */
export async function benchScale(env, api, stub, clusterId, { replicas, getsConcurrency }) {
  await setProfile(env, clusterId, "instant");
  for (let i = 4; i <= 50; i++) {
    const res = await api.request("POST", "/api/v1/nodes", { body: { apiVersion: "v1", kind: "Node", metadata: { name: `bench-node-${i}`, labels: { "kubernetes.io/hostname": `bench-node-${i}` } } } });
    if (res.status !== 201) throw new Error(`create node: ${res.status} ${res.body}`);
  }
  // Wait until all 50 workers are Ready (their simulated kubelets register them).
  const worker = (n) => !("node-role.kubernetes.io/control-plane" in (n.metadata.labels ?? {}));
  for (;;) {
    const nodes = JSON.parse((await api.request("GET", "/api/v1/nodes")).body).items.filter(worker);
    if (nodes.filter((n) => n.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True")).length === 50) break;
    await sleep(20);
  }
  const get = () => ["GET", "/api/v1/namespaces/default"];
  const idle = await api.load({ concurrency: getsConcurrency, total: 1000, make: get });
  JSON.parse(await stub.benchSchedulerStats()); // reset the counters

  const t0 = performance.now();
  const created = await api.request("POST", "/apis/apps/v1/namespaces/default/deployments", {
    body: deployment("big", replicas, { resources: { requests: { cpu: "10m", memory: "16Mi" } } }),
  });
  if (created.status !== 201) throw new Error(`create deployment: ${created.status} ${created.body}`);
  let done = false;
  const readyPromise = ready(api, "big", replicas, 600_000).then(() => {
    done = true;
    return performance.now() - t0;
  });
  // GETs for as long as the rollout runs.
  const latencies = [];
  let failures = 0;
  const getter = async () => {
    while (!done) {
      const s = performance.now();
      const res = await api.request(...get());
      latencies.push(performance.now() - s);
      if (res.status !== 200) failures++;
    }
  };
  const [readyMs] = await Promise.all([readyPromise, ...Array.from({ length: getsConcurrency }, getter)]);
  const stats = JSON.parse(await stub.benchSchedulerStats());
  const scheduleSeconds = (stats.lastMs - stats.firstMs) / 1000;
  return {
    replicas,
    nodes: 50,
    readyMs,
    scheduled: stats.scheduled,
    schedulerPodsPerSec: scheduleSeconds > 0 ? stats.scheduled / scheduleSeconds : stats.scheduled,
    scheduleSeconds,
    idleGets: { requests: idle.requests, p50: idle.p50, p99: idle.p99, max: idle.max },
    busyGets: { requests: latencies.length, ...summarize(latencies), failures },
  };
}
