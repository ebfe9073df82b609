// Tests that run inside workerd (the Durable Object, its store, the Worker) via @cloudflare/vitest-pool-workers.
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
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
        // turn it on themselves.
        miniflare: { bindings: { TEST_D1_MIGRATIONS: d1Migrations, ...RELAXED_LIMITS } },
      }),
    ],
    test: {
      include: ["worker/**/*.test.ts", "durable-objects/**/*.test.ts"],
      setupFiles: ["./test/setup/apply-d1-migrations.ts"],
    },
  };
});
