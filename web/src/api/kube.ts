// A cluster's Kubernetes API as the console reads it: discovery (aggregated, so CRDs appear as soon
// as they are established), paths, objects and access reviews.
import { request } from "./http";

export interface ResourceInfo {
  group: string;
  version: string;
  resource: string;
  kind: string;
  namespaced: boolean;
  verbs: string[];
  shortNames: string[];
  subresources: string[];
}

export interface ResourceRef {
  group: string;
  version: string;
  resource: string;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean }[];
  [k: string]: unknown;
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec?: any;
  status?: any;
  [k: string]: unknown;
}

export const clusterBase = (cluster: string) => `/clusters/${encodeURIComponent(cluster)}`;

/** The REST path of a collection, an object, or one of its subresources. */
export function resourcePath(cluster: string, r: ResourceRef, namespace?: string, name?: string, subresource?: string): string {
  let path = clusterBase(cluster) + (r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`);
  if (namespace) path += `/namespaces/${encodeURIComponent(namespace)}`;
  path += `/${r.resource}`;
  if (name) path += `/${encodeURIComponent(name)}`;
  if (subresource) path += `/${subresource}`;
  return path;
}

export const apiVersionOf = (r: { group: string; version: string }) => (r.group ? `${r.group}/${r.version}` : r.version);

const DISCOVERY_ACCEPT = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json";

interface DiscoveryResource {
  resource: string;
  responseKind?: { kind: string };
  scope: "Namespaced" | "Cluster";
  verbs?: string[];
  shortNames?: string[];
  subresources?: { subresource: string }[];
}
interface DiscoveryList {
  items: { metadata: { name?: string }; versions: { version: string; resources: DiscoveryResource[] }[] }[];
}

/** Every resource the cluster serves, at its group's preferred version, in discovery order (core first). */
export async function discover(cluster: string): Promise<ResourceInfo[]> {
  const [core, groups] = await Promise.all([
    request<DiscoveryList>("GET", `${clusterBase(cluster)}/api`, { accept: DISCOVERY_ACCEPT }),
    request<DiscoveryList>("GET", `${clusterBase(cluster)}/apis`, { accept: DISCOVERY_ACCEPT }),
  ]);
  const out: ResourceInfo[] = [];
  for (const item of [...core.items, ...groups.items]) {
    const preferred = item.versions[0];
    if (!preferred) continue;
    for (const r of preferred.resources) {
      out.push({
        group: item.metadata.name ?? "",
        version: preferred.version,
        resource: r.resource,
        kind: r.responseKind?.kind ?? r.resource,
        namespaced: r.scope === "Namespaced",
        verbs: r.verbs ?? [],
        shortNames: r.shortNames ?? [],
        subresources: (r.subresources ?? []).map((s) => s.subresource),
      });
    }
  }
  return out;
}

export function findResource(resources: ResourceInfo[], ref: Partial<ResourceRef> & { kind?: string }): ResourceInfo | undefined {
  return resources.find(
    (r) => (ref.group === undefined || r.group === ref.group) && (ref.resource === undefined || r.resource === ref.resource) && (ref.kind === undefined || r.kind === ref.kind),
  );
}

/** The resource of an apiVersion + kind (for owner references and applied manifests). */
export function resourceOfKind(resources: ResourceInfo[], apiVersion: string, kind: string): ResourceInfo | undefined {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  return resources.find((r) => r.group === group && r.kind === kind && r.version === version) ?? resources.find((r) => r.group === group && r.kind === kind);
}

export const getObject = (cluster: string, r: ResourceRef, namespace: string | undefined, name: string) =>
  request<KubeObject>("GET", resourcePath(cluster, r, namespace, name));

export interface AccessCheck {
  verb: string;
  group: string;
  resource: string;
  namespace?: string;
  name?: string;
  subresource?: string;
}

/** Whether the signed-in user may do something, as the cluster's authorizer says (SelfSubjectAccessReview). */
export async function can(cluster: string, check: AccessCheck): Promise<boolean> {
  const review = await request<{ status?: { allowed?: boolean } }>("POST", `${clusterBase(cluster)}/apis/authorization.k8s.io/v1/selfsubjectaccessreviews`, {
    body: { apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectAccessReview", spec: { resourceAttributes: check } },
  });
  return review.status?.allowed === true;
}
