// The service network's address and port ranges, and how kube picks from them (pure; the store-side
// allocation is network/service-allocator.ts).
//
// kube-apiserver splits each range in two (KEP-3070 for IPs, KEP-3668 for node ports): a lower band
// kept for addresses and ports users ask for by number, and an upper band dynamic allocation takes
// from first, falling back to the lower band only when the upper one is full. Within a band the
// start is random, which is why a kind cluster's Services get addresses like 10.96.137.42.

/** kube-apiserver --service-cluster-ip-range, as kind and kubeadm default to. */
export const SERVICE_CIDR = "10.96.0.0/12";
/** The `kubernetes` Service's address: the range's first. */
export const KUBERNETES_SERVICE_IP = "10.96.0.1";
/** kube-dns (CoreDNS), by kubeadm's convention the range's tenth. */
export const DNS_SERVICE_IP = "10.96.0.10";
/** Where the API server listens on the machine network (no node holds this address). */
export const API_SERVER_ADDRESS = "172.18.0.1";
export const API_SERVER_PORT = 6443;

/** --service-node-port-range. */
export const NODE_PORT_RANGE = { first: 30000, last: 32767 } as const;

const ipToInt = (ip: string): number | null => {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255) || m.slice(1).some((p) => p.length > 1 && p.startsWith("0"))) return null;
  return ((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!;
};
const intToIP = (n: number): string => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");

interface IPRange {
  /** The network address, as an integer. */
  base: number;
  /** Usable addresses: the network and broadcast addresses are not handed out. */
  size: number;
}

function parseCIDR(cidr: string): IPRange {
  const [ip, bits] = cidr.split("/");
  const base = ipToInt(ip!)!;
  return { base, size: 2 ** (32 - Number(bits)) - 2 };
}

const SERVICE_RANGE = parseCIDR(SERVICE_CIDR);

/** Whether `ip` is a usable address of the service range. */
export function inServiceRange(ip: string): boolean {
  const n = ipToInt(ip);
  if (n === null) return false;
  const offset = n - SERVICE_RANGE.base;
  return offset >= 1 && offset <= SERVICE_RANGE.size;
}

/** The size of a range's lower (static) band: min(max(16, size/divisor), cap). */
const staticBand = (size: number, divisor: number, cap: number) => Math.min(Math.max(16, Math.floor(size / divisor)), cap);

/**
 * Candidates for a new address or port, in the order to try them: a random start in the upper band
 * walking the band (wrapping), then the same in the lower band. Offsets are 0-based in the range.
 */
function* dynamicOrder(size: number, lower: number, random: () => number): Generator<number> {
  const bands: Array<[number, number]> = [
    [lower, size - lower],
    [0, lower],
  ];
  for (const [start, length] of bands) {
    if (length <= 0) continue;
    const first = Math.floor(random() * length);
    for (let i = 0; i < length; i++) yield start + ((first + i) % length);
  }
}

/** A free service IP (null: the range is full), asking `isFree` about candidates in kube's order. */
export function nextServiceIP(isFree: (ip: string) => boolean, random: () => number = Math.random): string | null {
  const lower = staticBand(SERVICE_RANGE.size, 16, 256);
  for (const offset of dynamicOrder(SERVICE_RANGE.size, lower, random)) {
    const ip = intToIP(SERVICE_RANGE.base + 1 + offset);
    if (isFree(ip)) return ip;
  }
  return null;
}

/** A free node port (null: all are taken). */
export function nextNodePort(isFree: (port: number) => boolean, random: () => number = Math.random): number | null {
  const size = NODE_PORT_RANGE.last - NODE_PORT_RANGE.first + 1;
  const lower = staticBand(size, 32, 128);
  for (const offset of dynamicOrder(size, lower, random)) {
    const port = NODE_PORT_RANGE.first + offset;
    if (isFree(port)) return port;
  }
  return null;
}
