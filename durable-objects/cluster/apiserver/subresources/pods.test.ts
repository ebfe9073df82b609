// The streaming subresources of a running simulated pod: refused as unsupported, clearly, rather than
// pretending the container is still starting. (Its proxy answers: network/proxy.test.ts.)
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { clusterStub, newCluster } from "../../../../worker/test-helpers";
import type { ClusterDO } from "../../cluster-do";
import { settle } from "../../testing";

describe("pod subresources of a running pod", () => {
  it("answers exec and attach with 405 MethodNotAllowed and why", async () => {
    const c = await newCluster();
    await c.send("POST", "/api/v1/namespaces/default/pods", { apiVersion: "v1", kind: "Pod", metadata: { name: "web" }, spec: { containers: [{ name: "web", image: "nginx" }] } });
    await runInDurableObject(clusterStub(c.clusterId), async (o: ClusterDO) => {
      for (let i = 0; i < 5; i++) {
        o.clock.advance(1_000);
        await settle(o);
      }
    });
    expect((await c.json("/api/v1/namespaces/default/pods/web")).body.status.phase).toBe("Running");
    const cases: [string, string, string][] = [
      ["POST", "exec?command=ls&stdout=true", 'exec is not supported: container "web" in pod "web" is simulated and runs no process to connect to'],
      ["POST", "attach?stdout=true", 'attach is not supported: container "web" in pod "web" is simulated and runs no process to connect to'],
    ];
    for (const [method, sub, message] of cases) {
      const res = await c.json(`/api/v1/namespaces/default/pods/web/${sub}`, { method });
      expect(res.status, sub).toBe(405);
      expect(res.body).toMatchObject({ kind: "Status", reason: "MethodNotAllowed", message });
    }
  });
});
