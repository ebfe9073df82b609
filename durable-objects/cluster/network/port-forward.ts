// pods/portforward, the kubelet's half. kubectl 1.31+ speaks SPDY inside a WebSocket; the edge
// (worker/portforward) holds that connection and its streams, and asks here, one step at a time,
// what the pod's program does with the bytes a forwarded connection carries. Older kubectl asks
// for an SPDY/3.1 upgrade, which a Worker cannot accept: it is told which kubectl to use.
import type { ApiContext, ResourceRequest } from "../apiserver/context";
import { currentObject } from "../apiserver/handlers/update";
import { metadataOf } from "../apiserver/objects";
import { PORT_FORWARD_STEP_HEADER } from "../apiserver/request-info";
import { errors } from "../apiserver/status";
import { mapOf as obj } from "../apiserver/validation/values";
import { hexOf } from "../kubelet/util";
import { streamToPod } from "./connection";
import { podAccepts } from "./dataplane";

export { PORT_FORWARD_STEP_HEADER };
/** The answer of a "stream" step: bytes of the body the program read, whether it closed, or why it refused. */
export const CONSUMED_HEADER = "x-kubedo-consumed";
export const CLOSED_HEADER = "x-kubedo-closed";
export const REFUSED_HEADER = "x-kubedo-refused";

export const OLD_KUBECTL_MESSAGE =
  "port-forward needs kubectl 1.31 or newer: this cluster accepts port-forward only over WebSocket (SPDY/3.1+portforward.k8s.io), and older kubectl asks for an SPDY/3.1 upgrade, which Cloudflare Workers cannot accept";

/** The CRI sandbox id of a pod, as containerd names it (the kubelet's errors quote it). */
const sandboxId = (uid: string) => hexOf(`sandbox/${uid}`);

/** containerd's words for a refused connection inside the pod's network namespace. */
function refusal(pod: Record<string, unknown>, port: number): string {
  const sandbox = sandboxId(String(metadataOf(pod).uid ?? ""));
  return (
    `error forwarding port ${port} to pod ${sandbox}, uid : failed to execute portforward in network namespace "/var/run/netns/cni-${hexOf(sandbox, 8)}-${hexOf(`${sandbox}/1`, 4)}-${hexOf(`${sandbox}/2`, 4)}-${hexOf(`${sandbox}/3`, 4)}-${hexOf(`${sandbox}/4`, 12)}": ` +
    `failed to connect to localhost:${port} inside namespace "${sandbox}", IPv4: dial tcp4 127.0.0.1:${port}: connect: connection refused IPv6 dial tcp6 [::1]:${port}: connect: connection refused `
  );
}

export async function portForward(ctx: ApiContext, req: ResourceRequest, request: Request): Promise<Response> {
  const pod = currentObject(ctx, req).value;
  const phase = obj(pod.status).phase;
  if (phase === "Succeeded" || phase === "Failed") throw errors.badRequest(`cannot port-forward to a container in a completed pod; current phase is ${String(phase)}`);
  if (!obj(pod.spec).nodeName) throw errors.badRequest(`pod ${req.name} does not have a host assigned`);
  // "open" checks the pod and the caller; "stream" forwards a connection's bytes.
  const step = request.headers.get(PORT_FORWARD_STEP_HEADER);
  if (step === "open") return new Response(null, { status: 204 });
  if (step !== "stream") throw errors.badRequest(OLD_KUBECTL_MESSAGE);

  const port = Number(new URL(request.url).searchParams.get("port"));
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw errors.badRequest(`invalid port ${JSON.stringify(new URL(request.url).searchParams.get("port"))}`);
  const pending = new Uint8Array(await request.arrayBuffer());
  // An empty step is the connect: refused unless something listens there by now.
  if (pending.length === 0) {
    if (!podAccepts(ctx, pod, port)) return new Response(null, { status: 200, headers: { [REFUSED_HEADER]: encodeURIComponent(refusal(pod, port)) } });
    return new Response(null, { status: 200, headers: { [CONSUMED_HEADER]: "0", [CLOSED_HEADER]: "false" } });
  }
  // kubelet dials the pod from inside its own network namespace: the program sees localhost.
  const answer = streamToPod(ctx, pod, port, pending, "127.0.0.1");
  return new Response(answer.output, { status: 200, headers: { [CONSUMED_HEADER]: String(answer.consumed), [CLOSED_HEADER]: String(answer.close) } });
}
