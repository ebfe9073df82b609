// The edge Worker: health, the Kubernetes API of each cluster, the /v1 management API, and (as
// static assets) the console.
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { auditClusterDenials } from "./auth/denials";
import type { Env } from "./env";
import { jsonNewline } from "./json-newline";
import { clusterRoutes, rootKubernetesPath } from "./routes/clusters";
import { v1Routes } from "./routes/v1";
import { statusJson } from "./status";

export const app = new Hono<{ Bindings: Env }>()
  .get("/healthz", (c) => c.text("ok"))
  .use("/clusters/:cluster/*", auditClusterDenials)
  .use("/v1/*", jsonNewline)
  .route("/clusters", clusterRoutes)
  .route("/v1", v1Routes);

// kube-apiserver's own paths without a /clusters/<id> prefix (wrangler.toml runs the Worker first for them).
for (const path of ["/api", "/api/*", "/apis", "/apis/*", "/version", "/openapi/*", "/livez", "/readyz"]) {
  app.use(path, auditClusterDenials).all(path, rootKubernetesPath);
}

/** Where the Worker's own routes live: an unknown path under them is a JSON 404, never the console's page. */
const API_PATH = /^\/(clusters|v1|api|apis|openapi)(\/|$)|^\/(healthz|version|livez|readyz)$/;

// wrangler.toml runs the Worker first for every path (Ingress hosts need "/"): the rest is the console's.
app.notFound((c) => (API_PATH.test(new URL(c.req.url).pathname) ? statusJson(404, "NotFound", "the server could not find the requested resource") : c.env.ASSETS.fetch(c.req.raw)));
app.onError(edgeError);

/**
 * What an uncaught error answers: Hono's own HTTP errors as they are, anything else as a 500 that
 * keeps the runtime's words in the log (with an id the answer repeats) and out of the response.
 */
export function edgeError(err: Error, c: { req: { method: string; url: string } }): Response {
  if (err instanceof HTTPException) return err.getResponse();
  const id = crypto.randomUUID();
  console.error(`edge error ${id}`, c.req.method, new URL(c.req.url).pathname, err);
  return statusJson(500, "InternalError", `Internal error occurred: the server could not complete the request (error id ${id})`, {
    causes: [{ message: `error id ${id}` }],
  });
}
