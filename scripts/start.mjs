// npm start: migrate local D1, seed the dev tenant/token/cluster, write .kubedo/kubeconfig and run
// the whole service with `wrangler dev` over HTTPS. State persists under .wrangler/state.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { applyMigrations, assertPortFree, ensureDevCertificate, ROOT, seedDev, startWranglerDev, writeKubeconfig } from "./dev-env.mjs";
import { RELAXED_LIMITS, RELAXED_LIMITS_NOTE } from "./limits.mjs";

const port = Number(process.env.PORT ?? 8787);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`PORT must be a TCP port number, got ${JSON.stringify(process.env.PORT)}`);
  process.exit(1);
}
// Overridable so tests can run a second, isolated instance.
const persistTo = process.env.KUBEDO_STATE_DIR ?? join(ROOT, ".wrangler", "state");
const kubedoDir = process.env.KUBEDO_DIR ?? join(ROOT, ".kubedo");

try {
  await assertPortFree(port);
  // `npm start` builds the console first (prestart); running this script directly builds it if missing.
  if (!existsSync(join(ROOT, "dist", "web", "index.html"))) {
    console.log("Building the console (vite build)…");
    const built = spawnSync(process.execPath, [join(ROOT, "node_modules", "vite", "bin", "vite.js"), "build", "--logLevel", "warn"], { cwd: ROOT, stdio: "inherit" });
    if (built.status !== 0) throw new Error("vite build failed");
  }
  console.log("Applying D1 migrations (local)…");
  applyMigrations(persistTo);
  const { token, clusterId, secretsKeys } = seedDev(persistTo, join(kubedoDir, "dev.json"));
  const kubeconfig = join(kubedoDir, "kubeconfig");
  const server = `https://127.0.0.1:${port}/clusters/${clusterId}`;
  const tls = ensureDevCertificate(join(kubedoDir, "tls"));
  if (!tls) console.warn("openssl not found: using wrangler's certificate; the kubeconfig skips TLS verification.");
  writeKubeconfig(kubeconfig, { server, token, caFile: tls?.cert });
  console.log(`Starting wrangler dev on https://127.0.0.1:${port} …`);
  // Kubeconfigs from GET /v1/clusters/<id>/kubeconfig trust the local certificate too.
  const vars = { SECRETS_KEYS: secretsKeys, ...(tls ? { KUBECONFIG_CA_DATA: readFileSync(tls.cert).toString("base64") } : {}) };
  // wrangler.toml has every abuse limit on; local development (tests drive one token hard) turns them off.
  const relaxed = process.env.KUBEDO_RATE_LIMITS !== "on";
  if (relaxed) Object.assign(vars, RELAXED_LIMITS);
  const { child, exited } = await startWranglerDev({ port, persistTo, tls, vars });
  for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
  console.log(`
Kubedo is running.
  Console:    https://127.0.0.1:${port}/
  Cluster:    local (${clusterId}) at ${server}
  Kubeconfig: ${kubeconfig}

  export KUBECONFIG=${kubeconfig}
  kubectl get namespaces
`);
  console.log(relaxed ? RELAXED_LIMITS_NOTE : "Rate limits are ON, as wrangler.toml deploys them (KUBEDO_RATE_LIMITS=on).\n");
  process.exit(await exited);
} catch (err) {
  console.error(`npm start: ${err.message}`);
  process.exit(1);
}
