// Cluster lifecycle shared by the routes and the expiry cron: wiping a cluster's Durable Object and
// retiring its registry row.
import { ADMIN_PREFIX } from "../../../durable-objects/cluster/admin";
import { CLUSTER_HEADER, encodeIdentity, IDENTITY_HEADER, type Identity } from "../../../durable-objects/cluster/identity";
import { forgetCluster } from "../../auth/authenticate";
import type { Env } from "../../env";

/** ClusterDO.wipe() ends by resetting the object; the caller sees that reset as this error. */
const WIPED = "cluster wiped";

/** Deletes the cluster's storage and alarm; its next request bootstraps a fresh cluster. */
export async function wipeCluster(env: Env, clusterId: string): Promise<void> {
  const stub = env.CLUSTER.get(env.CLUSTER.idFromName(clusterId));
  try {
    await stub.wipe();
  } catch (err) {
    if (!(err instanceof Error && err.message.includes(WIPED))) throw err;
  }
}

/** Marks a live cluster deleted (the name becomes free) and wipes it; false if it was not live. */
export async function retireCluster(env: Env, clusterId: string, now = Date.now()): Promise<boolean> {
  const res = await env.DB.prepare("UPDATE clusters SET status = 'deleted', deleted_at = ? WHERE id = ? AND status = 'active'").bind(now, clusterId).run();
  if (!res.meta.changes) return false;
  forgetCluster(clusterId);
  try {
    await wipeCluster(env, clusterId);
  } catch (err) {
    // The registry already says deleted (nothing routes to it); the cron's sweep wipes it again.
    console.error(`wiping deleted cluster ${clusterId} failed`, err);
  }
  return true;
}

/** Sets a cluster's timing profile in the cluster itself (which also brings it up). */
export async function applyTimingProfile(env: Env, clusterId: string, identity: Identity, profile: string, requestUrl: string): Promise<void> {
  const stub = env.CLUSTER.get(env.CLUSTER.idFromName(clusterId));
  const headers = new Headers({ "Content-Type": "application/json" });
  headers.set(IDENTITY_HEADER, encodeIdentity(identity));
  headers.set(CLUSTER_HEADER, clusterId);
  const res = await stub.fetch(new Request(new URL(`${ADMIN_PREFIX}settings`, requestUrl), { method: "PATCH", headers, body: JSON.stringify({ timingProfile: profile }) }));
  if (!res.ok) throw new Error(`setting the timing profile of cluster ${clusterId} failed: ${res.status} ${await res.text()}`);
}
