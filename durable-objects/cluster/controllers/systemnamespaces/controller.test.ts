// The system namespaces: default, kube-system and kube-public can never be deleted (NamespaceLifecycle
// admission, whoever asks); kube-node-lease can, and comes back once it is gone.
import { runDurableObjectAlarm } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { clusterStub, newCluster, type ClusterClient } from "../../../../worker/test-helpers";

const NS = "/api/v1/namespaces";
let c: ClusterClient;

beforeAll(async () => {
  c = await newCluster();
});

async function settleUntil(check: () => Promise<boolean>, timeoutMs = 3_000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > until) return false;
    await runDurableObjectAlarm(clusterStub(c.clusterId));
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("immortal namespaces", () => {
  for (const name of ["default", "kube-system", "kube-public"]) {
    it(`refuses to delete ${name} with kube's Forbidden, and changes nothing`, async () => {
      const before = await c.json(`${NS}/${name}`);
      const res = await c.send("DELETE", `${NS}/${name}`);
      expect(res.status, JSON.stringify(res.body)).toBe(403);
      expect(res.body).toEqual({
        kind: "Status",
        apiVersion: "v1",
        metadata: {},
        status: "Failure",
        message: `namespaces "${name}" is forbidden: this namespace may not be deleted`,
        reason: "Forbidden",
        details: { name, kind: "namespaces" },
        code: 403,
      });
      const after = await c.json(`${NS}/${name}`);
      expect(after.body.metadata.resourceVersion).toBe(before.body.metadata.resourceVersion);
      expect(after.body.status.phase).toBe("Active");
    });
  }

  it("refuses a dry-run delete the same way", async () => {
    const res = await c.send("DELETE", `${NS}/default?dryRun=All`);
    expect(res.status).toBe(403);
  });
});

describe("kube-node-lease", () => {
  it("may be deleted, and the system-namespaces controller brings it back", async () => {
    const before = await c.json(`${NS}/kube-node-lease`);
    expect(before.status).toBe(200);
    const res = await c.send("DELETE", `${NS}/kube-node-lease`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const recreated = await settleUntil(async () => {
      const now = await c.json(`${NS}/kube-node-lease`);
      return now.status === 200 && now.body.metadata.uid !== before.body.metadata.uid && now.body.status.phase === "Active";
    });
    expect(recreated).toBe(true);
  });
});
