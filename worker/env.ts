import type { ClusterDO } from "../durable-objects/cluster/cluster-do";

export interface Env {
  CLUSTER: DurableObjectNamespace<ClusterDO>;
  DB: D1Database;
  ASSETS: Fetcher;
  /** What /version reports, e.g. "v1.33.0". */
  KUBERNETES_VERSION: string;
  /** Lifetime of a playground cluster (and its token), seconds; default 86400. */
  PLAYGROUND_TTL_SECONDS?: string;
  /** Playground creations per client address (CF-Connecting-IP) and hour; "0" = unlimited; unset = 5. */
  PLAYGROUND_RATE_LIMIT?: string;
  /** Per-token request rate limiter ([[ratelimits]] in wrangler.toml). */
  TOKEN_RATE_LIMITER?: RateLimit;
  /** "off" stops enforcing TOKEN_RATE_LIMITER (local dev, tests); unset or "on" enforces it. */
  TOKEN_RATE_LIMITING?: string;
  /**
   * Worker secret: the key-encryption keys that wrap each cluster's Secrets key, "<id>:<base64 32
   * bytes>[,<id>:…]", the first used to wrap (durable-objects/cluster/store/encryption.ts).
   */
  SECRETS_KEYS?: string;
  /** Failed authentications per client address and cluster ([[ratelimits]] in wrangler.toml). */
  AUTH_FAILURE_LIMITER?: RateLimit;
  /** "off" stops enforcing AUTH_FAILURE_LIMITER (local dev, tests); unset or "on" enforces it. */
  AUTH_FAILURE_RATE_LIMITING?: string;
  /**
   * The domain under which each cluster's Ingresses answer the outside world: `<cluster>.<domain>`, and
   * `<rule host>.<cluster>.<domain>` for rules with a host (worker/ingress). Unset: no ingress traffic.
   */
  INGRESS_DOMAIN?: string;
  /** Outside requests per cluster through its Ingresses ([[ratelimits]] in wrangler.toml). */
  INGRESS_RATE_LIMITER?: RateLimit;
  /** "off" stops enforcing INGRESS_RATE_LIMITER (local dev, tests); unset or "on" enforces it. */
  INGRESS_RATE_LIMITING?: string;
  /** Base64 PEM CA that kubeconfigs from /v1 trust (local dev's self-signed certificate); unset in production. */
  KUBECONFIG_CA_DATA?: string;
}
