// Static pods: the control-plane node's kubelet runs kubeadm's manifests (control-plane-manifests.ts)
// on its own, before any API server exists, and shows each one in the API as a mirror pod named
// `<component>-<node>`, owned by the Node. Deleting a mirror pod does not stop the static pod: the
// kubelet removes the mirror at once and posts a new one (a new uid and age), whose containers are
// the same ones, still running since the node started. A mirror pod whose node is gone is not put back.
import type { ApiContext } from "../apiserver/context";
import { metadataOf } from "../apiserver/objects";
import type { JsonObject, ResourceType } from "../apiserver/registry/types";
import { Client } from "../controllers/runtime/client";
import { keyOf, type Informer, type InformerFactory } from "../controllers/runtime/informer";
import { WorkQueue } from "../controllers/runtime/workqueue";
import { nodeUser } from "../identity";
import type { Timers } from "../timers/timers";
import { controlPlaneManifests } from "./control-plane-manifests";
import { resolveImage } from "./images";
import { CONTROL_PLANE_NODE } from "./node-agent";
import { hexOf, internalIP, parseTime, rfc3339 } from "./util";

export const MIRROR_ANNOTATION = "kubernetes.io/config.mirror";

export function isMirrorPod(pod: JsonObject): boolean {
  const annotations = (metadataOf(pod).annotations ?? {}) as Record<string, string>;
  return MIRROR_ANNOTATION in annotations;
}

const statusOf = (o: JsonObject) => (o.status ?? {}) as JsonObject;

/** The mirror pod of a static pod on `node`: the manifest, named for the node, with the kubelet's annotations. */
export function mirrorPod(manifest: JsonObject, node: JsonObject, seenAt: string): JsonObject {
  const nodeMeta = metadataOf(node);
  const meta = metadataOf(manifest);
  // The kubelet hashes the manifest it read (with the node's name) into config.hash.
  const hash = hexOf(`${String(nodeMeta.name)}/${JSON.stringify(manifest)}`, 32);
  const pod = structuredClone(manifest);
  pod.metadata = {
    ...meta,
    name: `${String(meta.name)}-${String(nodeMeta.name)}`,
    annotations: {
      ...((meta.annotations ?? {}) as Record<string, string>),
      "kubernetes.io/config.hash": hash,
      [MIRROR_ANNOTATION]: hash,
      "kubernetes.io/config.seen": seenAt,
      "kubernetes.io/config.source": "file",
    },
    ownerReferences: [{ apiVersion: "v1", kind: "Node", name: nodeMeta.name, uid: nodeMeta.uid, controller: true }],
  };
  const spec = pod.spec as JsonObject;
  spec.nodeName = nodeMeta.name;
  // The kubelet lets static pods stay through any NoExecute taint.
  spec.tolerations = [{ operator: "Exists", effect: "NoExecute" }];
  return pod;
}

/** What the kubelet posts for a static pod whose containers run since `startedMs`. */
export function runningStatus(pod: JsonObject, ip: string, startedMs: number): JsonObject {
  const at = rfc3339(startedMs);
  const uidSeed = `static/${String(metadataOf(pod).name)}`;
  const condition = (type: string) => ({ type, status: "True", lastProbeTime: null, lastTransitionTime: at });
  return {
    phase: "Running",
    conditions: ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"].map(condition),
    hostIP: ip,
    hostIPs: [{ ip }],
    podIP: ip,
    podIPs: [{ ip }],
    startTime: at,
    containerStatuses: ((pod.spec as JsonObject).containers as JsonObject[]).map((c) => {
      const image = resolveImage(c.image as string);
      return {
        name: c.name,
        state: { running: { startedAt: at } },
        lastState: {},
        ready: true,
        restartCount: 0,
        image: image?.reference ?? c.image,
        imageID: image?.imageID ?? "",
        containerID: `containerd://${hexOf(`${uidSeed}/${String(c.name)}`)}`,
        started: true,
      };
    }),
  };
}

export class StaticPods {
  private readonly pods: Informer;
  private readonly nodes: Informer;
  private readonly podsRt: ResourceType;
  private readonly queue: WorkQueue;

  constructor(
    private readonly api: ApiContext,
    timers: Timers,
    informers: InformerFactory,
    private readonly kubernetesVersion: string,
  ) {
    this.podsRt = api.registry.resource("", "v1", "pods")!;
    this.pods = informers.for(this.podsRt);
    this.nodes = informers.for(api.registry.resource("", "v1", "nodes")!);
    this.queue = new WorkQueue(timers, api.clock, "static-pods", (node) => this.sync(node));
    const touched = (p: JsonObject) => {
      if (isMirrorPod(p)) this.queue.add((p.spec as JsonObject).nodeName as string);
    };
    this.pods.on({ add: touched, update: touched, delete: touched });
  }

  resync(): void {
    if (this.nodes.get(CONTROL_PLANE_NODE)) this.queue.add(CONTROL_PLANE_NODE);
  }

  /** The manifests in a node's manifest directory: kubeadm's, on the control-plane node only. */
  private manifests(node: JsonObject): JsonObject[] {
    return metadataOf(node).name === CONTROL_PLANE_NODE ? controlPlaneManifests(internalIP(node), this.kubernetesVersion) : [];
  }

  /** Each static pod of the node has its mirror pod; a mirror pod being deleted is replaced at once. */
  sync(nodeName: string): void {
    const node = this.nodes.get(nodeName);
    if (!node || metadataOf(node).deletionTimestamp) return;
    const kubelet = new Client({ ...this.api, user: nodeUser(nodeName) }, "kubelet");
    // The containers have run since the kubelet started them, when the node registered.
    const startedMs = parseTime(metadataOf(node).creationTimestamp) ?? this.api.clock.now();
    for (const manifest of this.manifests(node)) {
      const wanted = mirrorPod(manifest, node, this.api.clock.timestamp());
      const meta = metadataOf(wanted);
      const current = this.pods.get(keyOf(wanted));
      if (current && !metadataOf(current).deletionTimestamp) continue;
      if (current) kubelet.delete(this.podsRt, meta.namespace as string, meta.name as string, { gracePeriodSeconds: 0, preconditions: { uid: metadataOf(current).uid as string } });
      const created = kubelet.create(this.podsRt, meta.namespace as string, wanted);
      const status = runningStatus(created, internalIP(node), startedMs);
      kubelet.modify(this.podsRt, meta.namespace as string, meta.name as string, (p) => {
        p.status = { ...statusOf(p), ...status };
      }, "status");
    }
  }
}
