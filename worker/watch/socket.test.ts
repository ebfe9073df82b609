// Watches over a WebSocket (Upgrade: websocket on a watch request): one watch event per text frame,
// as kube-apiserver sends them; the table subprotocol asks for meta.k8s.io/v1 Table events, which a
// browser cannot ask for with an Accept header.
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { newCluster, ORIGIN } from "../test-helpers";

async function openSocket(url: string, headers: Record<string, string>) {
  const res = await SELF.fetch(url, { headers: { Upgrade: "websocket", ...headers } });
  const frames: string[] = [];
  const ws = res.webSocket;
  if (ws) {
    ws.accept();
    ws.addEventListener("message", (m) => frames.push(m.data as string));
  }
  return { res, ws, frames };
}

async function until(check: () => boolean, ms = 3000) {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

describe("watch over a WebSocket", () => {
  it("sends each event as its own frame, from the resourceVersion asked for", async () => {
    const cluster = await newCluster();
    const list = await cluster.json("/api/v1/namespaces/default/configmaps");
    const rv = list.body.metadata.resourceVersion;
    const { res, ws, frames } = await openSocket(`${ORIGIN}/clusters/${cluster.clusterId}/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=${rv}`, {
      Authorization: `Bearer ${cluster.token}`,
    });
    expect(res.status).toBe(101);
    for (const name of ["one", "two"]) expect((await cluster.send("POST", "/api/v1/namespaces/default/configmaps", { metadata: { name } })).status).toBe(201);
    await until(() => frames.length >= 2);
    expect(frames.map((f) => JSON.parse(f)).map((e) => [e.type, e.object.kind, e.object.metadata.name])).toEqual([
      ["ADDED", "ConfigMap", "one"],
      ["ADDED", "ConfigMap", "two"],
    ]);
    ws!.close();
  });

  it("answers Table events for the table subprotocol, and echoes it", async () => {
    const cluster = await newCluster();
    const { res, ws, frames } = await openSocket(`${ORIGIN}/clusters/${cluster.clusterId}/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=0`, {
      Authorization: `Bearer ${cluster.token}`,
      "Sec-WebSocket-Protocol": "table.v1.meta.k8s.io",
    });
    expect(res.status).toBe(101);
    expect(res.headers.get("sec-websocket-protocol")).toBe("table.v1.meta.k8s.io");
    expect((await cluster.send("POST", "/api/v1/namespaces/default/configmaps", { metadata: { name: "tabled" }, data: { a: "1" } })).status).toBe(201);
    await until(() => frames.some((f) => f.includes("tabled")));
    const event = JSON.parse(frames.find((f) => f.includes("tabled"))!);
    expect(event.object.kind).toBe("Table");
    expect(event.object.columnDefinitions.map((c: any) => c.name)).toEqual(["Name", "Data", "Age"]);
    expect(event.object.rows[0].cells.slice(0, 2)).toEqual(["tabled", 1]);
    ws!.close();
  });

  it("refuses an unauthenticated WebSocket watch with a 401 Status", async () => {
    const cluster = await newCluster();
    const { res } = await openSocket(`${ORIGIN}/clusters/${cluster.clusterId}/api/v1/namespaces/default/configmaps?watch=1`, {});
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ kind: "Status", reason: "Unauthorized" });
  });
});
