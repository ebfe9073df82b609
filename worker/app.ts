// The edge Worker: health, the Kubernetes API of each cluster, the /v1 management API, and (as
// static assets) the console.
import { Hono } from "hono";
import { auditClusterDenials } from "./auth/denials";
import type { Env } from "./env";
import { jsonNewline } from "./json-newline";
import { clusterRoutes } from "./routes/clusters";
import { v1Routes } from "./routes/v1";
import { statusJson } from "./status";

export const app = new Hono<{ Bindings: Env }>()
  .get("/healthz", (c) => c.text("ok"))
  .use("/clusters/:cluster/*", auditClusterDenials)
  .use("/v1/*", jsonNewline)
  .route("/clusters", clusterRoutes)
  .route("/v1", v1Routes);

app.notFound(() => statusJson(404, "NotFound", "the server could not find the requested resource"));
app.onError((err) => {
  console.error("edge error", err);
  return statusJson(500, "InternalError", `Internal error occurred: ${err.message}`);
});
