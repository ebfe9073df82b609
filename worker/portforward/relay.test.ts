// port-forward through the edge and the cluster: the WebSocket kubectl opens, its SPDY frames, and the
// simulated nginx answering the forwarded request; old kubectl's SPDY upgrade and a missing pod are
// refused with a Status before any socket exists.
import { runInDurableObject, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { ClusterDO } from "../../durable-objects/cluster/cluster-do";
import { OLD_KUBECTL_MESSAGE } from "../../durable-objects/cluster/network/port-forward";
import { settle } from "../../durable-objects/cluster/testing";
import { clusterStub, newCluster, ORIGIN, type ClusterClient } from "../test-helpers";
import { FLAG_FIN, FrameReader, SYN_REPLY, type Frame } from "./spdy";
import { PORT_FORWARD_PROTOCOL } from "./relay";
import { dataFrame, KUBECTL_ERROR_STREAM, synStream } from "./testing";

let c: ClusterClient;
const path = (pod: string) => `${ORIGIN}/clusters/${c.clusterId}/api/v1/namespaces/default/pods/${pod}/portforward`;

beforeAll(async () => {
  c = await newCluster();
  await c.send("POST", "/api/v1/namespaces/default/pods", { apiVersion: "v1", kind: "Pod", metadata: { name: "web" }, spec: { containers: [{ name: "web", image: "nginx" }] } });
  await runInDurableObject(clusterStub(c.clusterId), async (o: ClusterDO) => {
    for (let i = 0; i < 5; i++) {
      o.clock.advance(1_000);
      await settle(o);
    }
  });
});

async function until(check: () => boolean, ms = 5000) {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

/** Opens kubectl's WebSocket to pod `web` with `token`, sends one forwarded HTTP request on port 80. */
async function forward(token: string, request: string): Promise<{ ws: WebSocket; frames: Frame[]; answer: () => string | null }> {
  const res = await SELF.fetch(path("web"), { headers: { Upgrade: "websocket", Authorization: `Bearer ${token}`, "Sec-WebSocket-Protocol": PORT_FORWARD_PROTOCOL } });
  expect(res.status).toBe(101);
  expect(res.headers.get("sec-websocket-protocol")).toBe(PORT_FORWARD_PROTOCOL);
  const ws = res.webSocket!;
  ws.accept();
  const reader = new FrameReader();
  const frames: Frame[] = [];
  // Binary messages arrive as Blobs here; read them in order.
  let inbox = Promise.resolve();
  ws.addEventListener("message", (m) => {
    const data = m.data as Blob | ArrayBuffer;
    inbox = inbox.then(async () => {
      frames.push(...reader.push(new Uint8Array(data instanceof Blob ? await data.arrayBuffer() : data)));
    });
  });
  for (const m of KUBECTL_ERROR_STREAM) ws.send(m);
  ws.send(synStream(3, { streamtype: "data", port: "80", requestid: "0" }));
  ws.send(dataFrame(3, request));
  const onData = () => frames.filter((f) => !f.control && f.streamId === 3 && f.data.length > 0);
  await until(() => onData().length > 0);
  const first = onData()[0] as { data: Uint8Array } | undefined;
  return { ws, frames, answer: () => (first ? new TextDecoder().decode(first.data) : null) };
}

describe("kubectl port-forward over a WebSocket", () => {
  it("upgrades with the tunnelling subprotocol and forwards a request to the pod's nginx", async () => {
    const { ws, frames, answer: answered } = await forward(c.token, "GET / HTTP/1.1\r\nHost: localhost:8080\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n\r\n");
    expect(frames.filter((f) => f.control && f.type === SYN_REPLY).map((f) => f.control && f.streamId)).toEqual([1, 3]);
    const answer = answered() ?? "";
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK\r\nServer: nginx\/1\.\d+\.\d+\r\n/);
    expect(answer).toContain("<h1>Welcome to nginx!</h1>");
    ws.send(dataFrame(3, "", true));
    await until(() => frames.some((f) => !f.control && f.streamId === 1 && (f.flags & FLAG_FIN) !== 0));
    expect(frames.some((f) => !f.control && f.streamId === 3 && (f.flags & FLAG_FIN) !== 0)).toBe(true);
    ws.close(1000, "");
  });

  it("needs only get on pods/portforward, as kube authorizes kubectl's WebSocket GET; the bytes are no create", async () => {
    const ns = "/api/v1/namespaces/default";
    await c.send("POST", `${ns}/serviceaccounts`, { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "forwarder" } });
    await c.send("POST", "/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles", {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: { name: "forward" },
      rules: [{ apiGroups: [""], resources: ["pods/portforward"], verbs: ["get"] }],
    });
    await c.send("POST", "/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings", {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name: "forward" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "forward" },
      subjects: [{ kind: "ServiceAccount", name: "forwarder", namespace: "default" }],
    });
    const minted = await c.send("POST", `${ns}/serviceaccounts/forwarder/token`, { apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest", spec: {} });
    const token: string = minted.body.status.token;
    const { ws, answer } = await forward(token, "GET / HTTP/1.1\r\nHost: localhost:8080\r\n\r\n");
    expect(answer()).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    ws.close(1000, "");
    // The same account may not create pods/portforward: nothing above asked it to.
    const denied = await SELF.fetch(`${path("web")}?ports=80`, { method: "POST", headers: { Authorization: `Bearer ${token}` } });
    expect(denied.status).toBe(403);
  });

  it("refuses kubectl before 1.31 (an SPDY/3.1 upgrade) in words that name the version to use", async () => {
    const res = await SELF.fetch(path("web"), { method: "POST", headers: { Authorization: `Bearer ${c.token}`, Connection: "Upgrade", Upgrade: "SPDY/3.1", "X-Stream-Protocol-Version": "portforward.k8s.io" } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ kind: "Status", reason: "BadRequest", message: OLD_KUBECTL_MESSAGE });
  });

  it("answers a missing pod with NotFound before any WebSocket", async () => {
    const res = await SELF.fetch(path("nope"), { headers: { Upgrade: "websocket", Authorization: `Bearer ${c.token}`, "Sec-WebSocket-Protocol": PORT_FORWARD_PROTOCOL } });
    expect(res.status).toBe(404);
    expect(res.webSocket).toBeNull();
    expect(await res.json()).toMatchObject({ kind: "Status", reason: "NotFound", message: 'pods "nope" not found' });
  });

  it("ignores a client's own step header: it cannot reach the cluster's internal steps", async () => {
    const res = await SELF.fetch(`${path("web")}?port=80`, { method: "POST", headers: { Authorization: `Bearer ${c.token}`, "X-Kubedo-Portforward": "stream" }, body: "GET / HTTP/1.1\r\n\r\n" });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ message: OLD_KUBECTL_MESSAGE });
  });
});
