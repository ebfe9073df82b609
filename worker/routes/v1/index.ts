// /v1 — the tenant-facing management API. Every route but the playground's needs a tenant token
// (Authorization: Bearer kdo_…, or the playground session cookie); each group checks it itself.
import { Hono } from "hono";
import type { V1Env } from "../../auth/middleware";
import { managementRoutes } from "../management";
import { auditRoutes } from "./audit";
import { clusterRoutes } from "./clusters";
import { playgroundRoutes } from "./playground";
import { sessionRoutes } from "./session";
import { tokenRoutes } from "./tokens";

export const v1Routes = new Hono<V1Env>()
  .route("/playground", playgroundRoutes)
  .route("/session", sessionRoutes)
  .route("/clusters", clusterRoutes)
  // /v1/clusters/:id/{clock,settings}: the cluster operations (after clusterRoutes' authentication).
  .route("/", managementRoutes)
  .route("/tokens", tokenRoutes)
  .route("/audit", auditRoutes);
