// The simulated machines: registers the cluster's first nodes, and turns any Node object without a
// kubelet-reported status (one a user created) into a Ready simulated node: a pod range from the
// node-ipam-controller, then capacity, conditions, addresses and nodeInfo from "its kubelet".
// Nodes never heartbeat: an idle cluster writes nothing (conditions keep their last transition).
import type { ApiContext } from "../apiserver/context";
import { metadataOf } from "../apiserver/objects";
import type { JsonObject, ResourceType } from "../apiserver/registry/types";
import { Client } from "../controllers/runtime/client";
import { EventRecorder } from "../controllers/runtime/events";
import type { Informer, InformerFactory } from "../controllers/runtime/informer";
import { WorkQueue } from "../controllers/runtime/workqueue";
import { nextNodeCIDR, nextNodeIP } from "../network/ipam";
import { API_SERVER_ADDRESS } from "../network/service-ranges";
import type { Timers } from "../timers/timers";
import { controllerUser, nodeUser } from "../identity";
import { faultOf, type Fault } from "./faults";
import { hexOf } from "./util";

const internalIPOf = (n: JsonObject) => String(((((n.status ?? {}) as JsonObject).addresses ?? []) as JsonObject[]).find((a) => a.type === "InternalIP")?.address ?? "");

/** The control-plane machine: it runs the API server (at its address) and the other static pods. */
export const CONTROL_PLANE_NODE = "control-plane";
/** The taint kubeadm puts on a control-plane node: only pods that tolerate it are scheduled there. */
export const CONTROL_PLANE_TAINT = { key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" };

interface InitialNode {
  name: string;
  zone: string;
  podCIDR: string;
  internalIP: string;
  controlPlane?: boolean;
}

/** A new cluster's machines, as kubeadm joins them: the control plane first (the pod range's first /24), then the workers. */
export const INITIAL_NODES: readonly InitialNode[] = [
  { name: CONTROL_PLANE_NODE, zone: "zone-a", podCIDR: "10.244.0.0/24", internalIP: API_SERVER_ADDRESS, controlPlane: true },
  { name: "node-1", zone: "zone-a", podCIDR: "10.244.1.0/24", internalIP: "172.18.0.2" },
  { name: "node-2", zone: "zone-b", podCIDR: "10.244.2.0/24", internalIP: "172.18.0.3" },
  { name: "node-3", zone: "zone-c", podCIDR: "10.244.3.0/24", internalIP: "172.18.0.4" },
];
const REGION = "kubedo-local";

const uuid = (seed: string) => {
  const h = hexOf(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

function condition(type: string, status: string, reason: string, message: string, at: string): JsonObject {
  return { type, status, lastHeartbeatTime: at, lastTransitionTime: at, reason, message };
}

/** What a kubelet reports for a 4 CPU / 16 GiB machine (capacity a user set on the Node is kept). */
export function simulatedNodeStatus(node: JsonObject, internalIP: string, at: string, kubeletVersion: string): JsonObject {
  const name = metadataOf(node).name as string;
  const given = (node.status ?? {}) as JsonObject;
  const capacity = (given.capacity as JsonObject | undefined) ?? {
    cpu: "4",
    "ephemeral-storage": "104857600Ki",
    "hugepages-1Gi": "0",
    "hugepages-2Mi": "0",
    memory: "16777216Ki",
    pods: "110",
  };
  const allocatable =
    (given.allocatable as JsonObject | undefined) ?? (given.capacity ? { ...capacity } : { ...capacity, "ephemeral-storage": "96636764160", memory: "16674816Ki" });
  return {
    capacity,
    allocatable,
    conditions: [
      condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available", at),
      condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", at),
      condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available", at),
      condition("Ready", "True", "KubeletReady", "kubelet is posting ready status", at),
    ],
    addresses: [
      { type: "InternalIP", address: internalIP },
      { type: "Hostname", address: name },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    nodeInfo: {
      machineID: hexOf(`machine/${name}`, 32),
      systemUUID: uuid(`system/${name}`),
      bootID: uuid(`boot/${name}/${at}`),
      kernelVersion: "6.8.0-kubedo",
      osImage: "Debian GNU/Linux 12 (bookworm)",
      containerRuntimeVersion: "containerd://1.7.24",
      kubeletVersion,
      kubeProxyVersion: "",
      operatingSystem: "linux",
      architecture: "amd64",
    },
  };
}

export function isRegistered(node: JsonObject): boolean {
  const conditions = (((node.status ?? {}) as JsonObject).conditions ?? []) as JsonObject[];
  return conditions.some((c) => c.type === "Ready");
}

export class NodeAgent {
  private readonly nodes: Informer;
  private readonly nodesRt: ResourceType;
  private readonly queue: WorkQueue;

  constructor(
    private readonly api: ApiContext,
    timers: Timers,
    informers: InformerFactory,
    private readonly kubeletVersion: string,
  ) {
    this.nodesRt = api.registry.resource("", "v1", "nodes")!;
    this.nodes = informers.for(this.nodesRt);
    this.queue = new WorkQueue(timers, api.clock, "node-agent", (name) => this.sync(name));
    this.nodes.on({ add: (n) => this.observe(n), update: (n, old) => this.observe(n, old) });
  }

  resync(): void {
    for (const n of this.nodes.list()) this.observe(n);
  }

  private observe(node: JsonObject, old?: JsonObject): void {
    if (!isRegistered(node) && !metadataOf(node).deletionTimestamp) this.queue.add(metadataOf(node).name as string);
    // A fault lifted: the kubelet posts its status again (a stopped machine has rebooted).
    const was = old ? faultOf(old) : undefined;
    if (was && !faultOf(node)) this.recover(node, was);
  }

  /** The kubelet is back: Ready again (unless it never went Unknown), a new boot id after a stop, and its events. */
  private recover(node: JsonObject, fault: Fault): void {
    const name = metadataOf(node).name as string;
    const at = this.api.clock.timestamp();
    const kubelet = new Client({ ...this.api, user: nodeUser(name) }, "kubelet");
    const wasUnknown = (((node.status ?? {}) as JsonObject).conditions as JsonObject[] | undefined)?.some((c) => c.type === "Ready" && c.status !== "True");
    let bootID = "";
    kubelet.modify(this.nodesRt, undefined, name, (n) => {
      const status = (n.status ??= {}) as JsonObject;
      const fresh = simulatedNodeStatus(n, internalIPOf(n), at, this.kubeletVersion);
      const kept = (status.conditions ?? []) as JsonObject[];
      status.conditions = (fresh.conditions as JsonObject[]).map((c) => {
        const before = kept.find((k) => k.type === c.type);
        return before && before.status === c.status ? { ...c, lastTransitionTime: before.lastTransitionTime } : c;
      });
      const info = (status.nodeInfo ??= {}) as JsonObject;
      if (fault === "stopped") info.bootID = uuid(`boot/${name}/${at}`);
      bootID = String(info.bootID ?? "");
    }, "status");
    const asKubelet = { rt: this.nodesRt, obj: { ...node, metadata: { ...metadataOf(node), uid: name } } };
    const recorder = new EventRecorder({ ...this.api, user: nodeUser(name) }, this.api.registry.resource("", "v1", "events")!);
    const source = { component: "kubelet", host: name };
    if (fault === "stopped") {
      recorder.record(source, asKubelet, "Normal", "Starting", "Starting kubelet.");
      recorder.record(source, asKubelet, "Warning", "Rebooted", `Node ${name} has been rebooted, boot id: ${bootID}`);
    }
    if (wasUnknown) recorder.record(source, asKubelet, "Normal", "NodeReady", `Node ${name} status is now: NodeReady`);
  }

  /** Bootstrap: the kubelets of the first machines register their nodes. */
  registerInitialNodes(): void {
    for (const { name, zone, podCIDR: cidr, internalIP, controlPlane } of INITIAL_NODES) {
      const node: JsonObject = {
        apiVersion: "v1",
        kind: "Node",
        metadata: {
          name,
          labels: {
            "beta.kubernetes.io/arch": "amd64",
            "beta.kubernetes.io/os": "linux",
            "kubernetes.io/arch": "amd64",
            "kubernetes.io/hostname": name,
            "kubernetes.io/os": "linux",
            "node.kubernetes.io/instance-type": "kubedo-standard-4",
            "topology.kubernetes.io/region": REGION,
            "topology.kubernetes.io/zone": zone,
            ...(controlPlane ? { "node-role.kubernetes.io/control-plane": "", "node.kubernetes.io/exclude-from-external-load-balancers": "" } : {}),
          },
          annotations: {
            ...(controlPlane ? { "kubeadm.alpha.kubernetes.io/cri-socket": "unix:///run/containerd/containerd.sock" } : {}),
            "node.alpha.kubernetes.io/ttl": "0",
            "volumes.kubernetes.io/controller-managed-attach-detach": "true",
          },
        },
        spec: { podCIDR: cidr, podCIDRs: [cidr], providerID: `kubedo://${name}`, ...(controlPlane ? { taints: [{ ...CONTROL_PLANE_TAINT }] } : {}) },
      };
      node.status = simulatedNodeStatus(node, internalIP, this.api.clock.timestamp(), this.kubeletVersion);
      const created = new Client({ ...this.api, user: nodeUser(name) }, "kubelet").create(this.nodesRt, undefined, node);
      this.announce(created);
    }
  }

  /** A Node without a kubelet's status: give it a pod range and what its kubelet would report. */
  sync(name: string): void {
    const node = this.nodes.get(name);
    if (!node || isRegistered(node) || metadataOf(node).deletionTimestamp) return;
    const others = this.nodes.list().filter((n) => metadataOf(n).name !== name);
    if (!((node.spec ?? {}) as JsonObject).podCIDR) {
      const cidr = nextNodeCIDR(others.map((n) => ((n.spec ?? {}) as JsonObject).podCIDR as string).filter(Boolean));
      if (cidr) {
        new Client({ ...this.api, user: controllerUser("node-ipam-controller") }, "kube-controller-manager").modify(this.nodesRt, undefined, name, (n) => {
          const spec = (n.spec ??= {}) as JsonObject;
          spec.podCIDR = cidr;
          spec.podCIDRs = [cidr];
        });
      }
    }
    const usedIPs = others.flatMap((n) => ((((n.status ?? {}) as JsonObject).addresses ?? []) as JsonObject[]).map((a) => a.address as string));
    const at = this.api.clock.timestamp();
    const updated = new Client({ ...this.api, user: nodeUser(name) }, "kubelet").modify(
      this.nodesRt,
      undefined,
      name,
      (n) => {
        const status = simulatedNodeStatus(n, nextNodeIP(usedIPs), at, this.kubeletVersion);
        const given = (n.status ?? {}) as JsonObject;
        // Addresses the user gave are kept.
        if (Array.isArray(given.addresses) && given.addresses.length) status.addresses = given.addresses;
        n.status = status;
      },
      "status",
    );
    if (updated) this.announce(updated);
  }

  /** The events `kubectl describe node` shows after a kubelet starts and the node controller sees it. */
  private announce(node: JsonObject): void {
    const name = metadataOf(node).name as string;
    const events = this.api.registry.resource("", "v1", "events")!;
    // Kubelets refer to their node by name as its uid (as the real kubelet does).
    const asKubelet = { rt: this.nodesRt, obj: { ...node, metadata: { ...metadataOf(node), uid: name } } };
    const kubelet = new EventRecorder({ ...this.api, user: nodeUser(name) }, events);
    const source = { component: "kubelet", host: name };
    kubelet.record(source, asKubelet, "Normal", "Starting", "Starting kubelet.");
    for (const reason of ["NodeHasSufficientMemory", "NodeHasNoDiskPressure", "NodeHasSufficientPID"]) {
      kubelet.record(source, asKubelet, "Normal", reason, `Node ${name} status is now: ${reason}`);
    }
    kubelet.record(source, asKubelet, "Normal", "NodeAllocatableEnforced", "Updated Node Allocatable limit across pods");
    new EventRecorder({ ...this.api, user: controllerUser("node-controller") }, events).record(
      { component: "node-controller" },
      { rt: this.nodesRt, obj: node },
      "Normal",
      "RegisteredNode",
      `Node ${name} event: Registered Node ${name} in Controller`,
    );
  }
}
