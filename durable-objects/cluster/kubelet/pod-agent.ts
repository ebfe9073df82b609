// The kubelets of every simulated node, as one agent: for each pod bound to a node it runs the pod
// lifecycle model (lifecycle.ts: pure, stage by stage) and writes what a kubelet writes — pod status
// as system:node:<node>, events as "kubelet, <node>", the final grace-0 delete of a terminated pod —
// then sleeps on the cluster's timers until the model's next transition. Pods bound to a node that
// no longer exists are removed, as the pod garbage collector does.
import type { ApiContext } from "../apiserver/context";
import { metadataOf } from "../apiserver/objects";
import { storageKey } from "../apiserver/registry";
import type { JsonObject, ResourceType } from "../apiserver/registry/types";
import { Client, isRetriable } from "../controllers/runtime/client";
import { EventRecorder } from "../controllers/runtime/events";
import { INDEX, keyOf, splitKey, type Informer, type InformerFactory } from "../controllers/runtime/informer";
import { WorkQueue } from "../controllers/runtime/workqueue";
import { controllerUser, nodeUser } from "../identity";
import { allocatePodIP } from "../network/ipam";
import type { ClusterSettings } from "../settings";
import type { Timers } from "../timers/timers";
import { resolveEnvSources, storedSource, usesEnvSources, type ResolvedEnv, type SourceLookup } from "./env-sources";
import { syncPod } from "./lifecycle";
import { faultOf } from "./faults";
import { isMirrorPod } from "./static-pods";
import { internalIP } from "./util";

const specOf = (o: JsonObject) => (o.spec ?? {}) as JsonObject;
const statusOf = (o: JsonObject) => (o.status ?? {}) as JsonObject;

export class PodAgent {
  private readonly pods: Informer;
  private readonly nodes: Informer;
  private readonly podsRt: ResourceType;
  private readonly eventsRt: ResourceType;
  private readonly secretsRt: ResourceType;
  private readonly configMapsRt: ResourceType;
  private readonly queue: WorkQueue;
  /** The model's private state per pod uid (pull attempts and the like); lost on restart, which the model tolerates. */
  private readonly memos = new Map<string, unknown>();
  /** Images each node has pulled. */
  private readonly images = new Map<string, Set<string>>();
  private readonly clients = new Map<string, { client: Client; recorder: EventRecorder }>();

  constructor(
    private readonly api: ApiContext,
    timers: Timers,
    informers: InformerFactory,
    private readonly settings: ClusterSettings,
  ) {
    this.podsRt = api.registry.resource("", "v1", "pods")!;
    this.eventsRt = api.registry.resource("", "v1", "events")!;
    this.secretsRt = api.registry.resource("", "v1", "secrets")!;
    this.configMapsRt = api.registry.resource("", "v1", "configmaps")!;
    this.pods = informers.for(this.podsRt);
    this.nodes = informers.for(api.registry.resource("", "v1", "nodes")!);
    this.pods.index(INDEX.node);
    this.queue = new WorkQueue(timers, api.clock, "kubelet", (key) => this.sync(key), { retryOnError: isRetriable });
    this.pods.on({
      add: (p) => this.observe(p),
      update: (p) => this.observe(p),
      delete: (p) => this.memos.delete(metadataOf(p).uid as string),
    });
    const podsOn = (n: JsonObject) => {
      for (const p of this.pods.byIndex("node", metadataOf(n).name as string)) this.queue.add(keyOf(p));
    };
    this.nodes.on({
      // A node that goes away takes its pods with it.
      delete: podsOn,
      // A kubelet that comes back catches up with its pods.
      update: (n, old) => {
        if (faultOf(old) === "stopped" && !faultOf(n)) this.rebooted(n);
        if (faultOf(old) && !faultOf(n)) podsOn(n);
      },
    });
  }

  resync(): void {
    for (const p of this.pods.list()) {
      const node = specOf(p).nodeName as string | undefined;
      if (!node) continue;
      for (const s of containerStatuses(p)) if (typeof s.image === "string") this.imagesOf(node).add(s.image);
      this.queue.add(keyOf(p));
    }
  }

  private observe(pod: JsonObject): void {
    if (specOf(pod).nodeName) this.queue.add(keyOf(pod));
  }

  private imagesOf(node: string): Set<string> {
    let set = this.images.get(node);
    if (!set) this.images.set(node, (set = new Set()));
    return set;
  }

  private kubelet(node: string): { client: Client; recorder: EventRecorder } {
    let k = this.clients.get(node);
    if (!k) {
      const ctx = { ...this.api, user: nodeUser(node) };
      this.clients.set(node, (k = { client: new Client(ctx, "kubelet"), recorder: new EventRecorder(ctx, this.eventsRt) }));
    }
    return k;
  }

  sync(key: string): void {
    const pod = this.pods.get(key);
    if (!pod) return;
    const nodeName = specOf(pod).nodeName as string | undefined;
    if (!nodeName) return;
    const { namespace, name } = splitKey(key);
    const meta = metadataOf(pod);
    const uid = meta.uid as string;
    // A mirror pod's deletion does not touch its static pod's containers (static-pods.ts replaces it).
    if (meta.deletionTimestamp && isMirrorPod(pod)) return;
    const node = this.nodes.get(nodeName);
    if (!node) return this.collectOrphan(pod, namespace!, name);
    // A node that is down or cut off: its kubelet does nothing until the fault is lifted.
    if (faultOf(node)) return;

    const now = this.api.clock.now();
    const result = syncPod({
      pod,
      nodeName,
      hostIP: internalIP(node),
      podIP: specOf(pod).hostNetwork ? internalIP(node) : (this.podIP(pod, node) ?? ""),
      now,
      profile: this.settings.timingProfile(),
      imagePresent: (ref) => this.imagesOf(nodeName).has(ref),
      secretExists: (secret) => this.api.store.get(storageKey(this.secretsRt, namespace, secret)) !== null,
      envSource: this.envSource(namespace!),
      memo: this.memos.get(uid),
    });
    this.memos.set(uid, result.memo);
    for (const ref of result.pulledImages) this.imagesOf(nodeName).add(ref);
    const { client, recorder } = this.kubelet(nodeName);

    if (result.status) {
      const status = result.status;
      client.modify(this.podsRt, namespace, name, (p) => {
        p.status = status;
      }, "status");
    }
    const written = this.pods.get(key) ?? pod;
    for (const e of result.events) {
      recorder.record({ component: "kubelet", host: nodeName }, { rt: this.podsRt, obj: written, ...(e.fieldPath ? { fieldPath: e.fieldPath } : {}) }, e.type, e.reason, e.message);
    }
    if (result.remove) {
      client.delete(this.podsRt, namespace, name, { gracePeriodSeconds: 0, preconditions: { uid } });
      this.memos.delete(uid);
      return;
    }
    if (result.wakeAt !== null) this.queue.add(key, Math.max(0, result.wakeAt - now));
  }

  /**
   * A stopped machine came back: its containers died with it. Each running container is reported as the
   * kubelet does after a reboot (terminated, exit code 255, reason Unknown), and the pod's model is rebuilt
   * from that status, so restartPolicy restarts them (restartCount + 1).
   */
  private rebooted(node: JsonObject): void {
    const nodeName = metadataOf(node).name as string;
    const at = this.api.clock.timestamp();
    const { client } = this.kubelet(nodeName);
    for (const pod of this.pods.byIndex("node", nodeName)) {
      const meta = metadataOf(pod);
      const phase = statusOf(pod).phase;
      if (meta.deletionTimestamp || phase === "Succeeded" || phase === "Failed") continue;
      this.memos.delete(meta.uid as string);
      client.modify(this.podsRt, meta.namespace as string, meta.name as string, (p) => {
        for (const key of ["initContainerStatuses", "containerStatuses"]) {
          for (const c of (statusOf(p)[key] ?? []) as JsonObject[]) {
            const running = (c.state as JsonObject | undefined)?.running as JsonObject | undefined;
            if (!running) continue;
            c.state = { terminated: { exitCode: 255, reason: "Unknown", startedAt: running.startedAt, finishedAt: at, containerID: c.containerID } };
            c.ready = false;
            c.started = false;
          }
        }
      }, "status");
    }
  }

  /** The namespace's ConfigMaps and Secrets as the containers' environment reads them (Secrets decrypted by the store). */
  private envSource(namespace: string): SourceLookup {
    return storedSource((kind, name) => this.api.store.get(storageKey(kind === "ConfigMap" ? this.configMapsRt : this.secretsRt, namespace, name))?.value ?? null);
  }

  /**
   * A container's ConfigMap and Secret references as resolved when it was created (its logs print them);
   * resolved now when this agent has not seen it created (after a restart).
   */
  containerEnv(pod: JsonObject, container: string): ResolvedEnv | undefined {
    const memo = this.memos.get(metadataOf(pod).uid as string) as { containers?: Array<{ name: string; env?: ResolvedEnv }> } | undefined;
    const kept = memo?.containers?.find((c) => c.name === container)?.env;
    if (kept) return kept;
    const spec = [...((specOf(pod).initContainers ?? []) as JsonObject[]), ...((specOf(pod).containers ?? []) as JsonObject[])].find((c) => c.name === container);
    if (!spec || !usesEnvSources(spec)) return undefined;
    const resolved = resolveEnvSources(spec, metadataOf(pod).namespace as string, this.envSource(metadataOf(pod).namespace as string));
    return "env" in resolved ? resolved.env : undefined;
  }

  /** The pod's address: the one it has, else the lowest free one in its node's range. */
  private podIP(pod: JsonObject, node: JsonObject): string | null {
    const current = statusOf(pod).podIP as string | undefined;
    if (current) return current;
    const cidr = specOf(node).podCIDR as string | undefined;
    if (!cidr) return null;
    const used = new Set<string>();
    for (const p of this.pods.byIndex("node", metadataOf(node).name as string)) {
      const ip = statusOf(p).podIP as string | undefined;
      const phase = statusOf(p).phase;
      if (ip && phase !== "Succeeded" && phase !== "Failed") used.add(ip);
    }
    return allocatePodIP(cidr, used);
  }

  /** PodGC: a pod bound to a node that does not exist is deleted at once. */
  private collectOrphan(pod: JsonObject, namespace: string, name: string): void {
    const gc = new Client({ ...this.api, user: controllerUser("pod-garbage-collector") }, "kube-controller-manager");
    gc.delete(this.podsRt, namespace, name, { gracePeriodSeconds: 0, preconditions: { uid: metadataOf(pod).uid as string } });
  }
}

function containerStatuses(pod: JsonObject): JsonObject[] {
  const st = statusOf(pod);
  return [...((st.containerStatuses ?? []) as JsonObject[]), ...((st.initContainerStatuses ?? []) as JsonObject[])];
}
