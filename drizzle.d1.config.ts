import { defineConfig } from "drizzle-kit";

// D1: tenants, tokens, cluster registry. `wrangler d1 migrations apply` reads migrations/d1.
export default defineConfig({
  dialect: "sqlite",
  schema: "./worker/db/schema.ts",
  out: "./migrations/d1",
});
