// Builds the production bundle offline (`wrangler deploy --dry-run`) and checks it against the
// Workers size limits: 3 MiB gzip on the Free plan (10 MiB on Paid). Prints the sizes.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { ROOT } from "./dev-env.mjs";

const FREE_PLAN_GZIP_LIMIT = 3 * 1024 * 1024;
const outdir = mkdtempSync(join(tmpdir(), "kubedo-build-"));
try {
  const res = spawnSync(join(ROOT, "node_modules", ".bin", "wrangler"), ["deploy", "--dry-run", "--outdir", outdir], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
  });
  if (res.status !== 0) {
    console.error(res.stdout, res.stderr);
    throw new Error("wrangler deploy --dry-run failed");
  }
  let raw = 0;
  let gzip = 0;
  for (const file of readdirSync(outdir)) {
    const path = join(outdir, file);
    if (!statSync(path).isFile() || file.endsWith(".map") || file === "README.md") continue;
    const bytes = readFileSync(path);
    raw += bytes.length;
    gzip += gzipSync(bytes).length;
  }
  console.log(`bundle: ${(raw / 1024).toFixed(1)} KiB raw, ${(gzip / 1024).toFixed(1)} KiB gzip (limit ${FREE_PLAN_GZIP_LIMIT / 1024 / 1024} MiB gzip)`);
  if (gzip > FREE_PLAN_GZIP_LIMIT) throw new Error("bundle exceeds the Workers Free plan size limit");
} catch (err) {
  console.error(`build check: ${err.message}`);
  process.exitCode = 1;
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
