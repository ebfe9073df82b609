// The data plane as a model: what happens when something connects to a pod's address and port and
// sends a request. A pod answers through the simulated program of the container that listens there
// (network/http); nothing listening is a refused connection. The API server's proxy, port-forward,
// Ingress and exec'd clients all ask here.
import type { ApiContext } from "../apiserver/context";
import { metadataOf } from "../apiserver/objects";
import { storageKey } from "../apiserver/registry";
import type { JsonObject } from "../apiserver/registry/types";
import { mapOf as obj, objects } from "../apiserver/validation/values";
import { containerEnv, effectiveArgv } from "../kubelet/commands";
import { resolveImage } from "../kubelet/images";
import { storeDnsView } from "./dns/view";
import { dnsOverTcp } from "./dns/wire";
import { acceptsConnections, answerHttp, answerStream, answerTcpLine, type HttpAnswer, type HttpHooks, type HttpRequestModel, type HttpTarget, type StreamAnswer, type TcpAnswer } from "./http";

/** The pod stored under namespace/name, or undefined. */
export function podNamed(ctx: ApiContext, namespace: string, name: string): JsonObject | undefined {
  const pods = ctx.registry.resource("", "v1", "pods")!;
  return ctx.store.get(storageKey(pods, namespace, name))?.value;
}

/** The pod's IP, once it has one. */
export const podIP = (pod: JsonObject): string => (typeof obj(pod.status).podIP === "string" ? (obj(pod.status).podIP as string) : "");

/** Each running container of `pod` as a connection to `port` finds it, first container first. */
function containerTargets(ctx: ApiContext, pod: JsonObject, port: number): HttpTarget[] {
  const status = obj(pod.status);
  const ip = podIP(pod);
  if (status.phase !== "Running" || !ip) return [];
  const spec = obj(pod.spec);
  const meta = metadataOf(pod);
  // Running containers and when they started: a server is not listening until it has had its start-up time.
  const running = new Map(objects(status.containerStatuses).filter((s) => obj(s.state).running).map((s) => [s.name, Date.parse(String(obj(obj(s.state).running).startedAt ?? ""))]));
  const targets: HttpTarget[] = [];
  for (const container of objects(spec.containers)) {
    if (!running.has(container.name)) continue;
    const startedAt = running.get(container.name)!;
    const image = resolveImage(String(container.image ?? ""));
    if (!image) continue;
    const resolvedEnv = ctx.kubelet?.containerEnv(pod, String(container.name));
    const env = containerEnv(container, {
      podName: String(meta.name),
      namespace: String(meta.namespace),
      podIP: ip,
      nodeName: String(spec.nodeName ?? ""),
      ...(resolvedEnv ? { resolvedEnv } : {}),
    });
    const argv = effectiveArgv(container, image, env);
    const declared = objects(container.ports).map((p) => p.containerPort).filter((p): p is number => typeof p === "number");
    targets.push({ image, argv, env, podName: String(meta.name), namespace: String(meta.namespace), podIP: ip, port, declaredPorts: declared, ...(Number.isFinite(startedAt) ? { startedAt } : {}) });
  }
  return targets;
}

/**
 * What `pod` answers on `port` to `request`: the first running container whose program listens there
 * answers; if none does, the connection is refused (a pod that is not running refuses everything).
 */
export function connectToPod(ctx: ApiContext, pod: JsonObject, port: number, request: HttpRequestModel): HttpAnswer {
  const now = new Date(ctx.clock.now());
  for (const target of containerTargets(ctx, pod, port)) {
    const answer = answerHttp(target, request, now);
    if (answer.kind !== "refused") return answer;
  }
  return { kind: "refused" };
}

/** What a program may reach outside its container: the cluster's DNS (CoreDNS answers from the store). */
function hooksFor(ctx: ApiContext): HttpHooks {
  return { dns: (pending) => dnsOverTcp(storeDnsView(ctx), pending) };
}

/** A binary protocol's step on a connection to `pod`'s `port` (DNS over TCP); null where it speaks HTTP or lines. */
export function streamBinaryToPod(ctx: ApiContext, pod: JsonObject, port: number, pending: Uint8Array): StreamAnswer | null {
  const now = new Date(ctx.clock.now());
  for (const target of containerTargets(ctx, pod, port)) {
    const answer = answerStream(target, pending, now, hooksFor(ctx));
    if (answer) return answer;
  }
  return null;
}

/** What `pod` answers on `port` to one raw line (redis-cli, nc): the first container listening there. */
export function sendLineToPod(ctx: ApiContext, pod: JsonObject, port: number, line: string): TcpAnswer {
  const now = new Date(ctx.clock.now());
  for (const target of containerTargets(ctx, pod, port)) {
    const answer = answerTcpLine(target, line, now);
    if (answer.kind !== "refused") return answer;
  }
  return { kind: "refused" };
}

/** Whether a connection to `pod`'s `port` is accepted now (some running container listens there). */
export function podAccepts(ctx: ApiContext, pod: JsonObject, port: number): boolean {
  const now = new Date(ctx.clock.now());
  return containerTargets(ctx, pod, port).some((target) => acceptsConnections(target, now));
}
