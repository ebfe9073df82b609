import type { ClusterDO } from "../durable-objects/cluster/cluster-do";

export interface Env {
  CLUSTER: DurableObjectNamespace<ClusterDO>;
  DB: D1Database;
  ASSETS: Fetcher;
  /** What /version reports, e.g. "v1.33.0". */
  KUBERNETES_VERSION: string;
}
