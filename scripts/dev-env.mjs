// Shared by `npm start`, the end-to-end tests and the benchmark: local D1 migrations, the seeded dev
// tenant/token/cluster, kubeconfigs, and starting/stopping `wrangler dev` over HTTPS.
import { spawn, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync, existsSync, chmodSync } from "node:fs";
import { createServer } from "node:net";
import https from "node:https";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const WRANGLER = join(ROOT, "node_modules", ".bin", "wrangler");

/** Resolves when nothing listens on 127.0.0.1:port; rejects with a clear message otherwise. */
export function assertPortFree(port) {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", (err) => {
      if (err.code === "EADDRINUSE") reject(new Error(`port ${port} is already in use: stop whatever listens there, or choose another port with PORT=<port> npm start`));
      else reject(err);
    });
    server.listen({ port, host: "127.0.0.1", exclusive: true }, () => server.close(() => resolvePort()));
  });
}

/** A free TCP port on 127.0.0.1 (for tests). */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

function wrangler(args, { persistTo, json = false } = {}) {
  const full = [...args, "--persist-to", persistTo];
  const res = spawnSync(WRANGLER, full, { cwd: ROOT, encoding: "utf8", env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "1" } });
  if (res.status !== 0) throw new Error(`wrangler ${args.join(" ")} failed:\n${res.stdout}\n${res.stderr}`);
  return json ? JSON.parse(res.stdout) : res.stdout;
}

export function applyMigrations(persistTo) {
  wrangler(["d1", "migrations", "apply", "DB", "--local"], { persistTo });
}

const sqlString = (s) => `'${String(s).replace(/'/g, "''")}'`;

/**
 * Seeds (if absent) the dev tenant, a token for it and its cluster named "local"; returns the token
 * secret and the cluster id. The secret is kept in `stateFile` (git-ignored); only its hash is in D1.
 */
export function seedDev(persistTo, stateFile) {
  let state = existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, "utf8")) : {};
  if (!state.token) state.token = `kdo_${randomBytes(32).toString("hex")}`;
  // The key-encryption key of local Secrets (a Worker secret in production, see README): made once, kept here.
  if (!state.secretsKeys) state.secretsKeys = `local:${randomBytes(32).toString("base64")}`;
  const hash = createHash("sha256").update(state.token).digest("hex");
  const now = Date.now();
  const newClusterId = `c${randomBytes(8).toString("hex")}`;
  const sql = [
    `INSERT OR IGNORE INTO tenants (id, name, kind, created_at) VALUES ('dev', 'Local development', 'dev', ${now})`,
    `INSERT OR IGNORE INTO api_tokens (id, tenant_id, name, user_name, hash, created_at) VALUES (${sqlString("t" + hash.slice(0, 16))}, 'dev', 'local', 'dev-admin', ${sqlString(hash)}, ${now})`,
    `INSERT OR IGNORE INTO clusters (id, tenant_id, name, created_at, profile, status) VALUES (${sqlString(newClusterId)}, 'dev', 'local', ${now}, 'fast', 'active')`,
    `SELECT id FROM clusters WHERE tenant_id = 'dev' AND name = 'local' AND status = 'active'`,
  ].join(";\n");
  const out = wrangler(["d1", "execute", "DB", "--local", "--json", "--command", sql], { persistTo, json: true });
  const clusterId = out.at(-1).results[0].id;
  state = { ...state, clusterId };
  mkdirSync(dirname(stateFile), { recursive: true });
  writeFileSync(stateFile, JSON.stringify(state, null, 2) + "\n", { mode: 0o600 });
  return state;
}

/**
 * A self-signed certificate for localhost/127.0.0.1 in `dir` (made once with openssl, reused while
 * valid): wrangler dev serves it and the kubeconfig trusts exactly it, so kubectl verifies TLS.
 * Without openssl, returns null: wrangler's own certificate is used and the kubeconfig skips
 * verification (kubectl sends tokens only over TLS, so plain HTTP is not an option).
 */
export function ensureDevCertificate(dir) {
  const cert = join(dir, "tls.crt");
  const key = join(dir, "tls.key");
  if (existsSync(cert) && existsSync(key)) {
    const check = spawnSync("openssl", ["x509", "-in", cert, "-noout", "-checkend", String(7 * 24 * 3600)], { encoding: "utf8" });
    if (check.status === 0) return { cert, key };
  }
  mkdirSync(dir, { recursive: true });
  const res = spawnSync(
    "openssl",
    ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "365", "-subj", "/CN=kubedo-local",
      "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", key, "-out", cert],
    { encoding: "utf8" },
  );
  if (res.error || res.status !== 0) return null;
  chmodSync(key, 0o600);
  return { cert, key };
}

export function kubeconfigYaml({ server, token, caFile, name = "kubedo-local" }) {
  const trust = caFile
    ? `    certificate-authority-data: ${readFileSync(caFile).toString("base64")}`
    : `    # No local certificate (openssl missing): wrangler dev's own self-signed one is not verifiable.
    insecure-skip-tls-verify: true`;
  return `apiVersion: v1
kind: Config
clusters:
- name: ${name}
  cluster:
    server: ${server}
${trust}
users:
- name: ${name}
  user:
    token: ${token}
contexts:
- name: ${name}
  context:
    cluster: ${name}
    user: ${name}
    namespace: default
current-context: ${name}
`;
}

export function writeKubeconfig(path, opts) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, kubeconfigYaml(opts), { mode: 0o600 });
  chmodSync(path, 0o600);
}

/** GET https://127.0.0.1:port/healthz, accepting the self-signed certificate. */
export function healthz(port) {
  return new Promise((resolveOk) => {
    const req = https.get({ host: "127.0.0.1", port, path: "/healthz", rejectUnauthorized: false, timeout: 2000 }, (res) => {
      res.resume();
      resolveOk(res.statusCode === 200);
    });
    req.on("error", () => resolveOk(false));
    req.on("timeout", () => req.destroy());
  });
}

/** Starts `wrangler dev` over HTTPS on 127.0.0.1:port and resolves once /healthz answers. */
export async function startWranglerDev({ port, persistTo, tls, stdio = "inherit", timeoutMs = 120_000, vars = {} }) {
  const args = ["dev", "--ip", "127.0.0.1", "--port", String(port), "--local-protocol", "https", "--persist-to", persistTo, "--show-interactive-dev-session=false", "--log-level", "warn",
    // GET /__scheduled?cron=… runs the cron handler (expired clusters) on demand.
    "--test-scheduled"];
  if (tls) args.push("--https-key-path", tls.key, "--https-cert-path", tls.cert);
  for (const [k, v] of Object.entries(vars)) args.push("--var", `${k}:${v}`);
  const child = spawn(WRANGLER, args, { cwd: ROOT, stdio: ["ignore", stdio, stdio], env: { ...process.env, WRANGLER_SEND_METRICS: "false" } });
  const exited = new Promise((r) => child.once("exit", (code) => r(code)));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with code ${child.exitCode} before it was ready`);
    if (await healthz(port)) return { child, exited };
    if (Date.now() > deadline) {
      child.kill("SIGTERM");
      throw new Error(`wrangler dev did not answer on port ${port} within ${timeoutMs / 1000}s`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
