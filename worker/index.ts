import { app } from "./app";
import type { Env } from "./env";

export { ClusterDO } from "../durable-objects/cluster/cluster-do";

export default {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
} satisfies ExportedHandler<Env>;
