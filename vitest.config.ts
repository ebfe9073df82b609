// Tests that run inside workerd (the Durable Object, its store, the Worker) via @cloudflare/vitest-pool-workers.
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { randomBytes } from "node:crypto";
import { defineConfig } from "vitest/config";
import { RELAXED_LIMITS } from "./scripts/limits.mjs";

export default defineConfig(async () => {
  const d1Migrations = await readD1Migrations("./migrations/d1");
  return {
    plugins: [
      cloudflareTest({
        main: "./worker/index.ts",
        wrangler: { configPath: "./wrangler.toml" },
        // wrangler.toml has every abuse limit on; tests drive one token hard, and the tests of a limit
        // turn it on themselves. SECRETS_KEYS is a Worker secret in production; the tests make one per run.
        miniflare: { bindings: { TEST_D1_MIGRATIONS: d1Migrations, SECRETS_KEYS: `test:${randomBytes(32).toString("base64")}`, ...RELAXED_LIMITS } },
      }),
    ],
    test: {
      include: ["worker/**/*.test.ts", "durable-objects/**/*.test.ts"],
      setupFiles: ["./test/setup/apply-d1-migrations.ts"],
    },
  };
});
