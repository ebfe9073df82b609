// The bindings tests see: the Worker's own, plus the D1 migrations the setup file applies.
declare namespace Cloudflare {
  interface Env {
    CLUSTER: DurableObjectNamespace<import("../../durable-objects/cluster/cluster-do").ClusterDO>;
    DB: D1Database;
    ASSETS: Fetcher;
    KUBERNETES_VERSION: string;
    TEST_D1_MIGRATIONS: import("cloudflare:test").D1Migration[];
  }
}
