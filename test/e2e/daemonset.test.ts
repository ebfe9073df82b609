// A DaemonSet with real kubectl 1.33 against `npm start` (instant profile): `kubectl apply`, `get ds`
// columns and one Running pod per node that has no taint the pods do not tolerate, `set image` followed by
// `rollout status`, `rollout history` (with --revision), `rollout undo` and `rollout restart`.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { eventually, type Kubectl, type Kubedo, withInstantKubedo } from "./helpers";

let kubedo: Kubedo;
let k: Kubectl;

withInstantKubedo((server, client) => {
  kubedo = server;
  k = client;
});

const daemonSet = {
  apiVersion: "apps/v1",
  kind: "DaemonSet",
  metadata: { name: "agent" },
  spec: {
    selector: { matchLabels: { app: "agent" } },
    template: { metadata: { labels: { app: "agent" } }, spec: { containers: [{ name: "agent", image: "nginx:1.25" }] } },
  },
};

/** The nodes a pod without tolerations of its own may run on: no NoSchedule/NoExecute taint but the ones every daemon pod tolerates. */
function eligibleNodes(): string[] {
  const tolerated = new Set(["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable", "node.kubernetes.io/disk-pressure", "node.kubernetes.io/memory-pressure", "node.kubernetes.io/pid-pressure", "node.kubernetes.io/unschedulable"]);
  const nodes = k.json(["get", "nodes"]).items as any[];
  return nodes
    .filter((n) => !(n.spec.taints ?? []).some((t: any) => (t.effect === "NoSchedule" || t.effect === "NoExecute") && !tolerated.has(t.key)))
    .map((n) => n.metadata.name as string)
    .sort();
}

/** Live pods of the DaemonSet: [node, image, phase]. */
function pods(): [string, string, string][] {
  const items = k.json(["get", "pods", "-l", "app=agent"]).items as any[];
  return items
    .filter((p) => !p.metadata.deletionTimestamp)
    .map((p) => [p.spec.nodeName, p.spec.containers[0].image, p.status.phase] as [string, string, string])
    .sort();
}

describe("a DaemonSet", () => {
  let nodes: string[];

  it("runs one Running pod per eligible node and shows kube's columns", async () => {
    const file = join(kubedo.dir, "ds.json");
    writeFileSync(file, JSON.stringify(daemonSet));
    expect(k.ok(["apply", "-f", file])).toBe("daemonset.apps/agent created\n");
    nodes = eligibleNodes();
    expect(nodes.length).toBeGreaterThan(0);
    const n = String(nodes.length);
    await eventually(() => (JSON.stringify(pods()) === JSON.stringify(nodes.map((node) => [node, "nginx:1.25", "Running"])) ? true : undefined), "a Running pod on every eligible node");
    const [header, row] = await eventually(() => {
      const lines = k.ok(["get", "ds", "agent"]).trim().split("\n");
      return lines[1]?.split(/\s+/)[5] === n ? lines : undefined;
    }, "all pods available");
    expect(header).toMatch(/^NAME\s+DESIRED\s+CURRENT\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+NODE SELECTOR\s+AGE$/);
    expect(row!.split(/\s+/).slice(0, 7)).toEqual(["agent", n, n, n, n, n, "<none>"]);
    const wide = k.ok(["get", "ds", "agent", "-o", "wide"]).trim().split("\n");
    expect(wide[0]).toMatch(/NODE SELECTOR\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR$/);
    expect(wide[1]).toMatch(/agent\s+nginx:1\.25\s+app=agent$/);
  });

  it("rolls out a new image: set image, rollout status, rollout history", async () => {
    expect(k.ok(["set", "image", "ds/agent", "agent=nginx:1.26"])).toBe("daemonset.apps/agent image updated\n");
    const status = k.run(["rollout", "status", "ds/agent", "--timeout=90s"], { timeoutMs: 100_000 });
    expect(status.stderr).toBe("");
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/daemon set "agent" successfully rolled out\n$/);
    expect(pods()).toEqual(nodes.map((node) => [node, "nginx:1.26", "Running"]));

    const history = k.ok(["rollout", "history", "ds/agent"]);
    expect(history.trim().split("\n")).toEqual(["daemonset.apps/agent ", "REVISION  CHANGE-CAUSE", "1         <none>", "2         <none>"]);
    const one = k.ok(["rollout", "history", "ds/agent", "--revision=1"]);
    expect(one).toMatch(/daemonset\.apps\/agent with revision #1/);
    expect(one).toMatch(/Image:\s+nginx:1\.25/);
  });

  it("rolls back with rollout undo, and restarts with rollout restart", async () => {
    expect(k.ok(["rollout", "undo", "ds/agent"])).toBe("daemonset.apps/agent rolled back\n");
    expect(k.run(["rollout", "status", "ds/agent", "--timeout=90s"], { timeoutMs: 100_000 }).code).toBe(0);
    await eventually(() => (JSON.stringify(pods()) === JSON.stringify(nodes.map((node) => [node, "nginx:1.25", "Running"])) ? true : undefined), "the old image back on every node");
    const history = k.ok(["rollout", "history", "ds/agent"]).trim().split("\n");
    expect(history.slice(2)).toEqual(["2         <none>", "3         <none>"]);

    const before = (k.json(["get", "pods", "-l", "app=agent"]).items as any[]).map((p) => p.metadata.name as string);
    expect(k.ok(["rollout", "restart", "ds/agent"])).toBe("daemonset.apps/agent restarted\n");
    expect(k.run(["rollout", "status", "ds/agent", "--timeout=90s"], { timeoutMs: 100_000 }).code).toBe(0);
    await eventually(() => {
      const now = (k.json(["get", "pods", "-l", "app=agent"]).items as any[]).filter((p) => !p.metadata.deletionTimestamp && p.status.phase === "Running");
      return now.length === nodes.length && now.every((p) => !before.includes(p.metadata.name)) ? true : undefined;
    }, "every pod replaced");
    const ds = k.json(["get", "ds", "agent"]); // generations: apply, set image, undo, restart
    expect(ds.status).toMatchObject({ observedGeneration: 4, desiredNumberScheduled: nodes.length, updatedNumberScheduled: nodes.length, numberAvailable: nodes.length });
  });
});
