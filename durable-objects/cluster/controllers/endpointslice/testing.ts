// Test support: services and pods as the API serves them, for the reconciler's and the Endpoints
// subsets' unit tests.
import type { JsonObject } from "../../apiserver/registry/types";

export function service(over: { name?: string; labels?: Record<string, string>; spec?: JsonObject; uid?: string } = {}): JsonObject {
  const name = over.name ?? "web";
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace: "default", uid: over.uid ?? `svc-${name}`, labels: over.labels ?? { app: name }, creationTimestamp: "2025-01-01T00:00:00Z" },
    spec: {
      selector: { app: "web" },
      type: "ClusterIP",
      clusterIP: "10.96.0.10",
      clusterIPs: ["10.96.0.10"],
      ipFamilies: ["IPv4"],
      ports: [{ name: "http", protocol: "TCP", port: 80, targetPort: 8080 }],
      ...over.spec,
    },
  };
}

export interface PodOptions {
  ready?: boolean;
  terminating?: boolean;
  phase?: string;
  node?: string;
  labels?: Record<string, string>;
  hostname?: string;
  subdomain?: string;
  /** Named container ports, name → number. */
  ports?: Record<string, number>;
  readySince?: string;
}

export function pod(name: string, ip: string | undefined, o: PodOptions = {}): JsonObject {
  const metadata: JsonObject = { name, namespace: "default", uid: `uid-${name}`, labels: o.labels ?? { app: "web" }, resourceVersion: "1" };
  if (o.terminating) metadata.deletionTimestamp = "2025-01-01T00:10:00Z";
  const spec: JsonObject = {
    nodeName: o.node ?? "node-1",
    containers: [{ name: "c", image: "nginx", ports: Object.entries(o.ports ?? { http: 8080 }).map(([n, p]) => ({ name: n, containerPort: p, protocol: "TCP" })) }],
  };
  if (o.hostname) spec.hostname = o.hostname;
  if (o.subdomain) spec.subdomain = o.subdomain;
  const status: JsonObject = {
    phase: o.phase ?? "Running",
    conditions: [{ type: "Ready", status: o.ready === false ? "False" : "True", lastTransitionTime: o.readySince ?? "2025-01-01T00:01:00Z" }],
  };
  if (ip) Object.assign(status, { podIP: ip, podIPs: [{ ip }] });
  return { apiVersion: "v1", kind: "Pod", metadata, spec, status };
}

/** n ready pods web-0 … web-(n-1) at 10.244.(1 + i/250).(2 + i%250). */
export function pods(n: number, o: PodOptions = {}): JsonObject[] {
  return Array.from({ length: n }, (_, i) => pod(`web-${i}`, `10.244.${1 + Math.floor(i / 250)}.${2 + (i % 250)}`, o));
}

export const nodes = (zones: Record<string, string> = { "node-1": "zone-a", "node-2": "zone-b" }) => (name: string) =>
  name in zones ? { found: true, zone: zones[name] } : { found: false };
