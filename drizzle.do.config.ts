import { defineConfig } from "drizzle-kit";

// SQLite inside each cluster Durable Object; migrations run when the DO starts.
export default defineConfig({
  dialect: "sqlite",
  driver: "durable-sqlite",
  schema: "./durable-objects/cluster/store/schema.ts",
  out: "./migrations/cluster",
});
