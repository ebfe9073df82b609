import { app } from "./app";
import type { Env } from "./env";
import { canonicalRequest } from "./http/canonical-path";
import { withEdgeHeaders } from "./http/edge-headers";
import { ingressHost, serveIngress } from "./ingress/route";
import { runScheduled } from "./routes/v1/expiry";

export { ClusterDO } from "../durable-objects/cluster/cluster-do";

export default {
  async fetch(request, env, ctx) {
    // A cluster's Ingresses, on their own host names: answered as the cluster's programs answer.
    const ingress = ingressHost(request, env.INGRESS_DOMAIN);
    if (ingress) return serveIngress(request, env, ingress);
    // One canonical path before any routing decision (worker/http/canonical-path.ts).
    const routed = canonicalRequest(request);
    return withEdgeHeaders(request, routed instanceof Response ? routed : await app.fetch(routed, env, ctx));
  },
  // The cron trigger in wrangler.toml: expired clusters are deleted (see worker/routes/v1/expiry.ts).
  scheduled: (controller, env, ctx) => ctx.waitUntil(runScheduled(env, controller.scheduledTime).then(() => undefined)),
} satisfies ExportedHandler<Env>;
