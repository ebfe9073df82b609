// End-to-end tests: run in Node, start the real service (wrangler dev over HTTPS) and drive it with real kubectl.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/e2e/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
