// `kubectl port-forward` (1.31+) at the edge: the WebSocket it opens carries SPDY, whose streams this
// Worker holds (session.ts); each step of a forwarded connection is asked of the cluster's Durable
// Object as an ordinary authorized request (network/port-forward.ts), so the cluster holds no socket
// and sleeps between steps. The cluster is asked first whether the pod can be forwarded to at all,
// so a missing pod or a denied caller gets kube's Status, not a WebSocket.
import { CLOSED_HEADER, CONSUMED_HEADER, PORT_FORWARD_STEP_HEADER, REFUSED_HEADER } from "../../durable-objects/cluster/network/port-forward";
import { PortForwardSession, type PodPort } from "./session";

/** The subprotocol kubectl asks for: SPDY tunnelled in WebSocket binary messages. */
export const PORT_FORWARD_PROTOCOL = "SPDY/3.1+portforward.k8s.io";

const HOP = ["upgrade", "connection", "sec-websocket-key", "sec-websocket-version", "sec-websocket-protocol", "sec-websocket-extensions", "content-length", "content-type"];

/** A port-forward WebSocket: the pods/portforward path, upgraded, asking for the tunnelling protocol. */
export function isPortForwardSocket(request: Request, path: string): boolean {
  if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") return false;
  if (!/^\/api\/v1\/namespaces\/[^/]+\/pods\/[^/]+\/portforward$/.test(path)) return false;
  return (request.headers.get("sec-websocket-protocol") ?? "").split(",").some((p) => p.trim() === PORT_FORWARD_PROTOCOL);
}

/** A binary message's bytes: an ArrayBuffer in production, a Blob through wrangler dev's proxy. */
async function bytesOf(data: unknown): Promise<Uint8Array> {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof Blob) return new Uint8Array(await data.arrayBuffer());
  return new Uint8Array(await new Response(data as BodyInit).arrayBuffer());
}

function statusMessage(body: string, fallback: string): string {
  try {
    const s = JSON.parse(body) as { message?: unknown };
    return typeof s.message === "string" ? s.message : fallback;
  } catch {
    return fallback;
  }
}

export async function relayPortForward(stub: { fetch(request: Request): Promise<Response> }, target: URL, forwarded: Headers): Promise<Response> {
  const headers = new Headers(forwarded);
  for (const h of HOP) headers.delete(h);
  const step = (kind: "open" | "stream", url: URL, body?: Uint8Array) => {
    const h = new Headers(headers);
    h.set(PORT_FORWARD_STEP_HEADER, kind);
    if (!body) return stub.fetch(new Request(url, { method: "GET", headers: h }));
    h.set("content-type", "application/octet-stream");
    return stub.fetch(new Request(url, { method: "POST", headers: h, body }));
  };
  const opened = await step("open", target);
  if (opened.status !== 204) return new Response(opened.body, opened);

  const streamUrl = (port: number) => {
    const u = new URL(target);
    u.search = `?port=${port}`;
    return u;
  };
  const pod: PodPort = {
    async dial(port) {
      const res = await step("stream", streamUrl(port), new Uint8Array(0));
      if (res.status !== 200) return statusMessage(await res.text(), `error forwarding port ${port}: ${res.status}`);
      const refused = res.headers.get(REFUSED_HEADER);
      return refused === null ? null : decodeURIComponent(refused);
    },
    async send(port, pending) {
      const res = await step("stream", streamUrl(port), pending);
      if (res.status !== 200) {
        await res.body?.cancel();
        return { consumed: pending.length, output: new Uint8Array(0), closed: true };
      }
      return { consumed: Number(res.headers.get(CONSUMED_HEADER) ?? pending.length), output: new Uint8Array(await res.arrayBuffer()), closed: res.headers.get(CLOSED_HEADER) === "true" };
    },
  };

  const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
  server.accept();
  const close = (code: number, reason: string) => {
    try {
      server.close(code, reason);
    } catch {
      // Already closed.
    }
  };
  const session = new PortForwardSession((bytes) => server.send(bytes), pod, close);
  // Messages are handled strictly in order, though reading one (a Blob under wrangler dev) may wait.
  let inbox: Promise<void> = Promise.resolve();
  server.addEventListener("message", (event) => {
    const data: unknown = event.data;
    if (typeof data === "string") return close(1003, "port-forward carries binary messages only");
    inbox = inbox.then(async () => session.receive(await bytesOf(data))).catch(() => close(1011, "port-forward failed"));
  });
  server.addEventListener("close", () => close(1000, ""));
  return new Response(null, { status: 101, webSocket: client, headers: { "Sec-WebSocket-Protocol": PORT_FORWARD_PROTOCOL } });
}
