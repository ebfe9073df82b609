import { applyD1Migrations, env } from "cloudflare:test";

// Idempotent: tracked in the d1_migrations table, so every test file may run it.
await applyD1Migrations(env.DB, env.TEST_D1_MIGRATIONS);
