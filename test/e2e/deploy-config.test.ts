// The checked-in configuration is production-safe: what `wrangler deploy --dry-run` reports it would
// deploy has every abuse limit on (playground creations per address, requests per token, failed
// authentications per address and cluster, Ingress traffic per cluster). Local runs relax them in
// their own vars only.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { limitProblems, parseDryRunBindings, RELAXED_LIMITS } from "../../scripts/limits.mjs";
import { ROOT } from "./helpers";

function dryRun(): string {
  const outdir = mkdtempSync(join(tmpdir(), "kubedo-dry-run-"));
  try {
    const res = spawnSync(join(ROOT, "node_modules", ".bin", "wrangler"), ["deploy", "--dry-run", "--outdir", outdir], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "1" },
    });
    expect(res.status, res.stderr).toBe(0);
    return res.stdout;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

describe("deploy configuration", () => {
  it("`wrangler deploy --dry-run` shows every limit on", () => {
    const { vars, rateLimiters } = parseDryRunBindings(dryRun());
    // The table was read (a changed wrangler output format must fail here, not pass vacuously).
    expect(vars.KUBERNETES_VERSION).toMatch(/^v1\.\d+\.\d+$/);
    expect(limitProblems(vars, rateLimiters)).toEqual([]);
    expect(Number(vars.PLAYGROUND_RATE_LIMIT)).toBeGreaterThan(0);
    expect(vars.TOKEN_RATE_LIMITING).toBe("on");
    expect(vars.AUTH_FAILURE_RATE_LIMITING).toBe("on");
    expect(vars.INGRESS_RATE_LIMITING).toBe("on");
    // What local development passes instead is exactly what the check refuses.
    expect(limitProblems({ ...vars, ...RELAXED_LIMITS }, rateLimiters)).toHaveLength(4);
  });
});
