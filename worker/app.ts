// The edge Worker: health, the Kubernetes API of each cluster, and (as static assets) the console.
import { Hono } from "hono";
import type { Env } from "./env";
import { clusterRoutes } from "./routes/clusters";
import { managementRoutes } from "./routes/management";
import { statusJson } from "./status";

export const app = new Hono<{ Bindings: Env }>()
  .get("/healthz", (c) => c.text("ok"))
  .route("/clusters", clusterRoutes)
  .route("/v1", managementRoutes);

app.notFound(() => statusJson(404, "NotFound", "the server could not find the requested resource"));
app.onError((err) => {
  console.error("edge error", err);
  return statusJson(500, "InternalError", `Internal error occurred: ${err.message}`);
});
