// Serves the production bundle from Miniflare directly (no `wrangler dev` proxy in the path, see
// PLATFORM.md §6): build with `wrangler deploy --dry-run`, list the bundle's modules explicitly,
// apply the D1 migrations and seed a tenant, a token and a cluster the way scripts/dev-env.mjs does.
import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { RELAXED_LIMITS } from "../scripts/limits.mjs";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Bundles the Worker as `wrangler deploy` would, into `outdir`. */
function build(outdir) {
  const res = spawnSync(join(ROOT, "node_modules", ".bin", "wrangler"), ["deploy", "--dry-run", "--outdir", outdir], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "1" },
  });
  if (res.status !== 0) throw new Error(`wrangler deploy --dry-run failed:\n${res.stdout}\n${res.stderr}`);
}

/** Every module in the bundle dir, typed by extension (the bundle imports its .sql files by relative name). */
function bundleModules(outdir) {
  const types = { ".js": "ESModule", ".mjs": "ESModule", ".sql": "Text", ".txt": "Text", ".html": "Text", ".bin": "Data", ".wasm": "CompiledWasm" };
  const modules = [];
  for (const name of readdirSync(outdir, { recursive: true })) {
    if (name.endsWith(".map") || name === "README.md") continue;
    const ext = name.slice(name.lastIndexOf("."));
    if (!types[ext]) throw new Error(`bench: unexpected file in the bundle: ${name}`);
    modules.push({ type: types[ext], path: join(outdir, name) });
  }
  // The entry point must come first.
  return modules.sort((a, b) => (a.path.endsWith("/index.js") ? -1 : b.path.endsWith("/index.js") ? 1 : 0));
}

async function seed(db, clusterNames) {
  for (const file of readdirSync(join(ROOT, "migrations", "d1")).filter((f) => f.endsWith(".sql")).sort()) {
    const statements = readFileSync(join(ROOT, "migrations", "d1", file), "utf8")
      .split("--> statement-breakpoint")
      .map((s) => s.trim())
      .filter(Boolean);
    await db.batch(statements.map((s) => db.prepare(s)));
  }
  const token = `kdo_${randomBytes(32).toString("hex")}`;
  const hash = createHash("sha256").update(token).digest("hex");
  const clusters = Object.fromEntries(clusterNames.map((name) => [name, `c${randomBytes(8).toString("hex")}`]));
  const now = Date.now();
  await db.batch([
    db.prepare("INSERT INTO tenants (id, name, kind, created_at) VALUES ('dev', 'Local development', 'dev', ?)").bind(now),
    db.prepare("INSERT INTO api_tokens (id, tenant_id, name, user_name, hash, created_at) VALUES (?, 'dev', 'local', 'dev-admin', ?, ?)").bind(`t${hash.slice(0, 16)}`, hash, now),
    ...Object.entries(clusters).map(([name, id]) =>
      db.prepare("INSERT INTO clusters (id, tenant_id, name, created_at, profile, status) VALUES (?, 'dev', ?, ?, 'fast', 'active')").bind(id, name, now),
    ),
  ]);
  return { token, clusters };
}

/**
 * Starts Miniflare on 127.0.0.1 (a free port) with DO and D1 storage persisted under a temp dir, as
 * `wrangler dev` persists under .wrangler/state. One tenant and token; a cluster per name in
 * `clusterNames`; the console's assets with `assets: true`. Returns { mf, url, token, clusters: { name: id }, stateDir, dispose }.
 */
export async function startMiniflare(clusterNames = ["local"], { assets = false } = {}) {
  const outdir = mkdtempSync(join(tmpdir(), "kubedo-bench-build-"));
  const stateDir = mkdtempSync(join(tmpdir(), "kubedo-bench-state-"));
  const cleanup = () => {
    rmSync(outdir, { recursive: true, force: true });
    rmSync(stateDir, { recursive: true, force: true });
    process.off("exit", cleanup);
  };
  // Also on Ctrl-C: Miniflare's own SIGINT/SIGTERM hook stops workerd and calls process.exit.
  process.on("exit", cleanup);
  let mf;
  try {
    build(outdir);
    // wrangler's own reading of wrangler.toml, so dates, flags and vars cannot drift; the console's
    // static assets (dist/web, with wrangler.toml's routing) only when asked for.
    const { workerOptions: w } = unstable_getMiniflareWorkerOptions(join(ROOT, "wrangler.toml"));
    mf = new Miniflare({
      name: "kubedo",
      modules: bundleModules(outdir),
      modulesRoot: outdir,
      compatibilityDate: w.compatibilityDate,
      compatibilityFlags: w.compatibilityFlags,
      // The limits wrangler.toml deploys are off: a benchmark drives one token as hard as it can.
      // SECRETS_KEYS is a Worker secret in production; the bench makes one per run.
      bindings: { KUBERNETES_VERSION: w.bindings?.KUBERNETES_VERSION ?? "v1.33.0", SECRETS_KEYS: `bench:${randomBytes(32).toString("base64")}`, ...RELAXED_LIMITS },
      durableObjects: { CLUSTER: { className: "ClusterDO", useSQLite: true } },
      d1Databases: { DB: "bench-db" },
      ...(assets && w.assets ? { assets: w.assets } : {}),
      durableObjectsPersist: join(stateDir, "do"),
      d1Persist: join(stateDir, "d1"),
      host: "127.0.0.1",
      port: 0,
    });
    const url = await mf.ready;
    const { token, clusters } = await seed(await mf.getD1Database("DB"), clusterNames);
    const dispose = async () => {
      try {
        await mf.dispose();
      } finally {
        cleanup();
      }
    };
    return { mf, url: new URL(url).origin, token, clusters, stateDir, dispose };
  } catch (err) {
    await mf?.dispose().catch(() => {});
    cleanup();
    throw err;
  }
}
