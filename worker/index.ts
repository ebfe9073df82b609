import { app } from "./app";
import type { Env } from "./env";
import { runScheduled } from "./routes/v1/expiry";

export { ClusterDO } from "../durable-objects/cluster/cluster-do";

export default {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
  // The cron trigger in wrangler.toml: expired clusters are deleted (see worker/routes/v1/expiry.ts).
  scheduled: (controller, env, ctx) => ctx.waitUntil(runScheduled(env, controller.scheduledTime).then(() => undefined)),
} satisfies ExportedHandler<Env>;
