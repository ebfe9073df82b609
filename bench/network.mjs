// Part 9: the network. (a) EndpointSlice update delay: with `endpoints` ready pods behind one Service,
// a new pod carrying the Service's label is created; from the moment its Ready condition is seen
// (GET every 2 ms) to the moment an EndpointSlice lists it ready (LIST every 2 ms). (b) The API
// server's service proxy into the simulated nginx: requests/s and latency through the Worker.
import { deployment, setProfile } from "./workloads.mjs";
import { summarize } from "./stats.mjs";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Calls `probe` every `everyMs` until it answers (not undefined), or throws after `timeoutMs`. */
export async function poll(probe, what, timeoutMs, everyMs = 2) {
  const until = performance.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (performance.now() > until) throw new Error(`timed out: ${what}`);
    await sleep(everyMs);
  }
}

async function readyEndpoints(api, service) {
  const res = await api.request("GET", `/apis/discovery.k8s.io/v1/namespaces/default/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3D${service}`);
  const slices = JSON.parse(res.body).items;
  return { slices: slices.length, ready: new Set(slices.flatMap((s) => (s.endpoints ?? []).filter((e) => e.conditions?.ready).map((e) => e.addresses[0]))) };
}

async function create(api, path, body) {
  const res = await api.request("POST", path, { body });
  if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${res.body}`);
  return JSON.parse(res.body);
}

const service = (name) => ({ apiVersion: "v1", kind: "Service", metadata: { name }, spec: { selector: { app: name }, ports: [{ port: 80 }] } });

export async function benchNetwork(env, api, clusterId, { endpoints, samples, proxied, concurrency }) {
  await setProfile(env, clusterId, "instant");
  // 110 pods per node: enough nodes for the fleet.
  const nodes = Math.ceil((endpoints + samples + 20) / 100);
  for (let i = 4; i <= nodes; i++) {
    await create(api, "/api/v1/nodes", { apiVersion: "v1", kind: "Node", metadata: { name: `net-node-${i}`, labels: { "kubernetes.io/hostname": `net-node-${i}` } } });
  }
  await create(api, "/apis/apps/v1/namespaces/default/deployments", deployment("fleet", endpoints));
  await create(api, "/api/v1/namespaces/default/services", service("fleet"));
  const t0 = performance.now();
  const filled = await poll(async () => {
    const r = await readyEndpoints(api, "fleet");
    return r.ready.size === endpoints ? r : undefined;
  }, `${endpoints} ready endpoints`, 600_000, 100);
  const fillMs = performance.now() - t0;

  const delays = [];
  for (let i = 0; i < samples; i++) {
    const name = `fleet-extra-${i}`;
    await create(api, "/api/v1/namespaces/default/pods", { apiVersion: "v1", kind: "Pod", metadata: { name, labels: { app: "fleet" } }, spec: { containers: [{ name: "web", image: "nginx" }] } });
    const ip = await poll(async () => {
      const pod = JSON.parse((await api.request("GET", `/api/v1/namespaces/default/pods/${name}`)).body);
      const ready = pod.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True");
      return ready ? pod.status.podIP : undefined;
    }, `${name} Ready`, 30_000);
    const seenReady = performance.now();
    await poll(async () => ((await readyEndpoints(api, "fleet")).ready.has(ip) ? true : undefined), `${name} in a slice`, 30_000);
    delays.push(performance.now() - seenReady);
  }

  // (b) The service proxy into nginx.
  await create(api, "/apis/apps/v1/namespaces/default/deployments", deployment("web", 3));
  await create(api, "/api/v1/namespaces/default/services", service("web"));
  await poll(async () => ((await readyEndpoints(api, "web")).ready.size === 3 ? true : undefined), "3 web endpoints", 60_000, 20);
  const proxy = await api.load({
    concurrency,
    total: proxied,
    make: () => ["GET", "/api/v1/namespaces/default/services/web/proxy/", { accept: "text/html" }],
    check: (res) => res.status === 200 && res.body.includes("Welcome to nginx!"),
  });
  return { endpoints, slices: filled.slices, nodes, fillMs, delay: summarize(delays), proxy };
}
