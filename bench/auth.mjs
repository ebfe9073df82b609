// Part 4: what authentication costs at the edge. The same small request (/version, served by the
// cluster's DO) with a tenant token (identity cached per isolate for 5 s), with a service account
// token (verified by the cluster), with a never-seen token (a D1 lookup, then 401), and with none;
// /healthz (Worker only) is the floor.
import http from "node:http";
import { randomBytes } from "node:crypto";
import { summarize } from "./stats.mjs";

function get(agent, base, path, token) {
  return new Promise((resolve, reject) => {
    const headers = token ? { authorization: `Bearer ${token}` } : {};
    const req = http.request({ host: base.hostname, port: base.port, method: "GET", path, headers, agent }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode));
    });
    req.on("error", reject);
    req.end();
  });
}

async function load(agent, base, { total, concurrency, path, token, expect }) {
  const latencies = [];
  let failures = 0;
  let next = 0;
  const start = performance.now();
  const worker = async () => {
    while (next < total) {
      next++;
      const t0 = performance.now();
      const status = await get(agent, base, path, typeof token === "function" ? token() : token);
      latencies.push(performance.now() - t0);
      if (status !== expect) failures++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { requests: latencies.length, perSec: latencies.length / ((performance.now() - start) / 1000), ...summarize(latencies), failures };
}

export async function benchAuth(env, api, clusterId, { total, concurrency }) {
  const base = new URL(env.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  // A service account and a token for it.
  await api.request("POST", "/api/v1/namespaces/default/serviceaccounts", { body: { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "bench" } } });
  const tr = await api.request("POST", "/api/v1/namespaces/default/serviceaccounts/bench/token", { body: { apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest", spec: {} } });
  const saToken = JSON.parse(tr.body).status.token;
  const path = `/clusters/${clusterId}/version`;
  const cases = [
    { label: "/healthz (Worker only, no auth)", path: "/healthz", token: undefined, expect: 200 },
    { label: "/version, tenant token (cached identity)", path, token: env.token, expect: 200 },
    { label: "/version, service account token", path, token: saToken, expect: 200 },
    { label: "/version, unknown kdo_ token (D1 miss → 401)", path, token: () => `kdo_${randomBytes(32).toString("hex")}`, expect: 401 },
    { label: "/version, no token (401)", path, token: undefined, expect: 401 },
  ];
  const rows = [];
  for (const c of cases) {
    await load(agent, base, { ...c, total: Math.min(50, total), concurrency }); // warm-up
    rows.push({ label: c.label, concurrency, ...(await load(agent, base, { ...c, total, concurrency })) });
  }
  agent.destroy();
  return rows;
}
