// Part 5: the console's activity feed under load. Two identical clusters roll out a Deployment of
// `replicas` pods on their three nodes; one has an architecture view listening (the activity
// WebSocket), the other none. Reports time to all Ready for both (what a listener costs the
// cluster), entries delivered, entries/s, delivery delay (cluster time of the write → arrival) and
// entries dropped by the per-turn cap.
import { summarize } from "./stats.mjs";
import { deployment, setProfile } from "./workloads.mjs";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function rollout(env, api, clusterId, replicas) {
  await setProfile(env, clusterId, "instant");
  const t0 = performance.now();
  const created = await api.request("POST", "/apis/apps/v1/namespaces/default/deployments", { body: deployment("feed", replicas, { resources: { requests: { cpu: "10m", memory: "16Mi" } } }) });
  if (created.status !== 201) throw new Error(`create deployment: ${created.status} ${created.body}`);
  for (;;) {
    const d = JSON.parse((await api.request("GET", "/apis/apps/v1/namespaces/default/deployments/feed")).body);
    if (d.status?.readyReplicas === replicas) return performance.now() - t0;
    if (performance.now() - t0 > 300_000) throw new Error(`not ready: ${JSON.stringify(d.status)}`);
    await sleep(5);
  }
}

export async function benchActivity(env, listened, quiet, { replicas }) {
  const ws = (await env.mf.dispatchFetch(`${env.url}/v1/clusters/${listened.clusterId}/activity`, { headers: { Upgrade: "websocket", Authorization: `Bearer ${env.token}` } })).webSocket;
  if (!ws) throw new Error("the activity feed did not upgrade");
  ws.accept();
  let entries = 0;
  let dropped = 0;
  let first = 0;
  let last = 0;
  const delays = [];
  ws.addEventListener("message", (m) => {
    const now = Date.now();
    const batch = JSON.parse(m.data);
    dropped += batch.dropped ?? 0;
    for (const e of batch.entries) {
      entries++;
      delays.push(now - e.time);
    }
    first ||= performance.now();
    last = performance.now();
  });
  const withListener = await rollout(env, listened.api, listened.clusterId, replicas);
  await sleep(200);
  ws.close();
  const withoutListener = await rollout(env, quiet.api, quiet.clusterId, replicas);
  return {
    replicas,
    readyMsWithListener: withListener,
    readyMsWithout: withoutListener,
    entries,
    dropped,
    entriesPerSec: last > first ? entries / ((last - first) / 1000) : entries,
    delay: summarize(delays),
  };
}
