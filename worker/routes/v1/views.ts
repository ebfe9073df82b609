// What the /v1 API shows of registry rows, ids it hands out, and kubeconfigs.
import { stringify } from "yaml";
import type { Env } from "../../env";
import { statusJson } from "../../status";

export interface ClusterRow {
  id: string;
  name: string;
  createdAt: number;
  expiresAt: number | null;
  profile: string;
  status: string;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The cluster's Kubernetes API on the host this request came to. */
export const clusterServer = (requestUrl: string, clusterId: string) => `${new URL(requestUrl).origin}/clusters/${clusterId}`;

export function clusterView(row: ClusterRow, requestUrl: string) {
  return {
    id: row.id,
    name: row.name,
    createdAt: iso(row.createdAt),
    expiresAt: iso(row.expiresAt),
    timingProfile: row.profile,
    status: row.status,
    server: clusterServer(requestUrl, row.id),
  };
}

/** `<prefix>` + 16 hex digits: cluster ids are "c…", token ids "t…", playground tenants "p…". */
export function newId(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return prefix + [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export const clusterNotFound = (id: string) => statusJson(404, "NotFound", `clusters "${id}" not found`, { name: id, kind: "clusters" });

/** A kubeconfig for one cluster, authenticating with `token`. */
export function kubeconfig(env: Env, opts: { server: string; token: string; clusterName: string }): string {
  const name = `kubedo-${opts.clusterName}`;
  const cluster: Record<string, unknown> = { server: opts.server };
  if (env.KUBECONFIG_CA_DATA) cluster["certificate-authority-data"] = env.KUBECONFIG_CA_DATA;
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name, cluster }],
    users: [{ name, user: { token: opts.token } }],
    contexts: [{ name, context: { cluster: name, user: name, namespace: "default" } }],
    "current-context": name,
  });
}
