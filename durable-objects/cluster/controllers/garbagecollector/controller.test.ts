// The garbage collector through the API: background, orphan and foreground propagation.
// Namespaces serve as owners and dependents (cluster-scoped objects may own each other).
import { runDurableObjectAlarm } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { clusterStub, newCluster, type ClusterClient } from "../../../../worker/test-helpers";

const NS = "/api/v1/namespaces";
let c: ClusterClient;

async function createNs(name: string, owner?: { name: string; uid: string; blockOwnerDeletion?: boolean }) {
  const metadata: Record<string, unknown> = { name };
  if (owner) metadata.ownerReferences = [{ apiVersion: "v1", kind: "Namespace", name: owner.name, uid: owner.uid, ...(owner.blockOwnerDeletion ? { blockOwnerDeletion: true } : {}) }];
  const res = await c.send("POST", NS, { apiVersion: "v1", kind: "Namespace", metadata });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

/** Fires due timers until none is left due (bounded). */
async function settle() {
  for (let i = 0; i < 20; i++) if (!(await runDurableObjectAlarm(clusterStub(c.clusterId)))) return;
}

const exists = async (name: string) => (await c.json(`${NS}/${name}`)).status === 200;

beforeAll(async () => {
  c = await newCluster();
});

describe("garbage collector", () => {
  it("deletes dependents of a deleted owner (background), but only drops the reference when another owner remains", async () => {
    const owner = await createNs("bg-owner");
    const other = await createNs("bg-other");
    await createNs("bg-dep", { name: "bg-owner", uid: owner.metadata.uid });
    const shared = await c.send("POST", NS, {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: {
        name: "bg-shared",
        ownerReferences: [
          { apiVersion: "v1", kind: "Namespace", name: "bg-owner", uid: owner.metadata.uid },
          { apiVersion: "v1", kind: "Namespace", name: "bg-other", uid: other.metadata.uid },
        ],
      },
    });
    expect(shared.status).toBe(201);
    expect((await c.send("DELETE", `${NS}/bg-owner`)).status).toBe(200);
    await settle();
    expect(await exists("bg-owner")).toBe(false);
    expect(await exists("bg-dep")).toBe(false);
    const kept = (await c.json(`${NS}/bg-shared`)).body;
    expect(kept.metadata.ownerReferences.map((r: any) => r.name)).toEqual(["bg-other"]);
  });

  it("orphans dependents when asked, then lets the owner go", async () => {
    const owner = await createNs("or-owner");
    await createNs("or-dep", { name: "or-owner", uid: owner.metadata.uid });
    const del = await c.send("DELETE", `${NS}/or-owner`, { kind: "DeleteOptions", apiVersion: "v1", propagationPolicy: "Orphan" });
    expect(del.status).toBe(200);
    expect(del.body.metadata.finalizers).toContain("orphan");
    await settle();
    expect(await exists("or-owner")).toBe(false);
    const dep = (await c.json(`${NS}/or-dep`)).body;
    expect(dep.metadata.ownerReferences).toBeUndefined();
    expect(dep.status.phase).toBe("Active");
  });

  it("keeps a foreground-deleted owner until its blocking dependents are gone", async () => {
    const owner = await createNs("fg-owner");
    await createNs("fg-dep", { name: "fg-owner", uid: owner.metadata.uid, blockOwnerDeletion: true });
    const del = await c.send("DELETE", `${NS}/fg-owner`, { kind: "DeleteOptions", apiVersion: "v1", propagationPolicy: "Foreground" });
    expect(del.body.metadata.finalizers).toContain("foregroundDeletion");
    expect(del.body.metadata.deletionTimestamp).toBeTruthy();
    await settle();
    expect(await exists("fg-dep")).toBe(false);
    expect(await exists("fg-owner")).toBe(false);
  });
});
