// Address management: each node gets a /24 out of the cluster's pod network (node-ipam-controller),
// and each pod the lowest free address of its node's range (the CNI's host-local IPAM).

/** The cluster's pod network, as kind and kubeadm default to. */
export const POD_NETWORK = "10.244.0.0/16";
/** Node addresses on the simulated machine network. */
export const NODE_NETWORK_PREFIX = "172.18.0.";

/** The lowest 10.244.N.0/24 not in `used` (N from 1; .0 is left for the control plane, as kind does). */
export function nextNodeCIDR(used: Iterable<string>): string | null {
  const taken = new Set(used);
  for (let n = 1; n < 256; n++) {
    const cidr = `10.244.${n}.0/24`;
    if (!taken.has(cidr)) return cidr;
  }
  return null;
}

/** The lowest free host address of a /24 (.1 is the node's bridge), or null when the range is full. */
export function allocatePodIP(podCIDR: string, used: Set<string>): string | null {
  const m = /^(\d+\.\d+\.\d+)\.0\/24$/.exec(podCIDR);
  if (!m) return null;
  for (let host = 2; host < 255; host++) {
    const ip = `${m[1]}.${host}`;
    if (!used.has(ip)) return ip;
  }
  return null;
}

/** The lowest free 172.18.0.N (from .2) for a new node's InternalIP. */
export function nextNodeIP(used: Iterable<string>): string {
  const taken = new Set(used);
  for (let host = 2; host < 255; host++) if (!taken.has(NODE_NETWORK_PREFIX + host)) return NODE_NETWORK_PREFIX + host;
  return NODE_NETWORK_PREFIX + "254";
}
