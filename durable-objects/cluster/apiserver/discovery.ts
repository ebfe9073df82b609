// Discovery, derived from the registry: aggregated (apidiscovery.k8s.io v2 and v2beta1, what
// kubectl asks for first) and the legacy per-group documents older clients walk.
import { sha256 } from "@noble/hashes/sha2.js";
import { parseAccept } from "./negotiate";
import type { Registry } from "./registry";
import type { ResourceType } from "./registry/types";
import { errors } from "./status";

const AGGREGATED_VERSIONS = ["v2", "v2beta1"] as const;
type AggregatedVersion = (typeof AGGREGATED_VERSIONS)[number];

/** The aggregated discovery version the Accept header prefers, or null for the legacy documents. */
export function aggregatedVersion(accept: string | null): AggregatedVersion | null {
  for (const range of parseAccept(accept)) {
    if (range.params.g === "apidiscovery.k8s.io" && range.params.as === "APIGroupDiscoveryList") {
      const v = range.params.v as AggregatedVersion;
      if (AGGREGATED_VERSIONS.includes(v)) return v;
      continue;
    }
    if (range.params.as === undefined && (range.type === "application/json" || range.type === "*/*" || range.type === "application/*")) return null;
  }
  return null;
}

export function aggregatedContentType(v: AggregatedVersion): string {
  return `application/json;g=apidiscovery.k8s.io;v=${v};as=APIGroupDiscoveryList`;
}

function discoveryResource(rt: ResourceType) {
  const entry: Record<string, unknown> = {
    resource: rt.plural,
    responseKind: { group: rt.group, version: rt.version, kind: rt.kind },
    scope: rt.namespaced ? "Namespaced" : "Cluster",
    singularResource: rt.singular,
    verbs: [...rt.verbs].sort(),
  };
  if (rt.shortNames.length) entry.shortNames = rt.shortNames;
  if (rt.categories.length) entry.categories = rt.categories;
  if (rt.subresources.length) {
    entry.subresources = rt.subresources.map((s) => ({
      subresource: s.name,
      responseKind: s.kind ?? { group: rt.group, version: rt.version, kind: rt.kind },
      verbs: [...s.verbs].sort(),
    }));
  }
  return entry;
}

/** GET /api or /apis with the aggregated Accept: every group (core only for /api) in one document. */
export function aggregatedDiscovery(registry: Registry, legacy: boolean, v: AggregatedVersion) {
  const items = [];
  for (const [group, versions] of registry.groups()) {
    if ((group === "") !== legacy) continue;
    items.push({
      metadata: { name: group },
      versions: versions.map((version) => ({
        version,
        resources: registry.all().filter((t) => t.group === group && t.version === version).map(discoveryResource),
        freshness: "Current",
      })),
    });
  }
  return { kind: "APIGroupDiscoveryList", apiVersion: `apidiscovery.k8s.io/${v}`, metadata: {}, items };
}

/**
 * kube's discovery.StorageVersionHash: base64 of the first 8 bytes of sha256("<group>/<version>/<kind>")
 * of the version objects are stored in. Clients (the storage version migrator, kubectl's discovery
 * cache) compare it to notice a storage version change.
 */
export function storageVersionHash(group: string, version: string, kind: string): string {
  const digest = sha256(new TextEncoder().encode(`${group}/${version}/${kind}`));
  return btoa(String.fromCharCode(...digest.subarray(0, 8)));
}

function apiResource(rt: ResourceType, registry: Registry) {
  const r: Record<string, unknown> = {
    name: rt.plural,
    singularName: rt.singular,
    namespaced: rt.namespaced,
    kind: rt.kind,
    verbs: [...rt.verbs].sort(),
  };
  if (rt.shortNames.length) r.shortNames = rt.shortNames;
  if (rt.categories.length) r.categories = rt.categories;
  // Only what is kept in storage has a storage version (not reviews, not subresources).
  const stored = registry.storageType(rt);
  if (stored) r.storageVersionHash = storageVersionHash(stored.group, stored.version, stored.kind);
  return r;
}

/** The legacy documents: /api (APIVersions), /apis (APIGroupList), /apis/<g> (APIGroup), /api/v1 and /apis/<g>/<v> (APIResourceList). */
export function legacyDiscovery(registry: Registry, path: { legacy: boolean; group?: string; version?: string }, serverAddress: string) {
  const groups = registry.groups();
  const groupDoc = (group: string, versions: string[]) => ({
    name: group,
    versions: versions.map((version) => ({ groupVersion: `${group}/${version}`, version })),
    preferredVersion: { groupVersion: `${group}/${versions[0]}`, version: versions[0] },
  });
  if (path.legacy && path.version === undefined) {
    return { kind: "APIVersions", versions: groups.get("") ?? [], serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress }] };
  }
  if (!path.legacy && path.group === undefined) {
    const list = [...groups].filter(([g]) => g !== "").map(([g, vs]) => groupDoc(g, vs));
    return { kind: "APIGroupList", apiVersion: "v1", groups: list };
  }
  const group = path.legacy ? "" : path.group!;
  const versions = groups.get(group);
  if (!versions) throw errors.pathNotFound();
  if (path.version === undefined) return { kind: "APIGroup", apiVersion: "v1", ...groupDoc(group, versions) };
  if (!versions.includes(path.version)) throw errors.pathNotFound();
  const types = registry.all().filter((t) => t.group === group && t.version === path.version);
  const resources = types.flatMap((rt) => [
    apiResource(rt, registry),
    ...rt.subresources.map((s) => ({
      name: `${rt.plural}/${s.name}`,
      singularName: "",
      namespaced: rt.namespaced,
      ...(s.kind ? { group: s.kind.group, version: s.kind.version, kind: s.kind.kind } : { kind: rt.kind }),
      verbs: [...s.verbs].sort(),
    })),
  ]);
  return { kind: "APIResourceList", apiVersion: "v1", groupVersion: group ? `${group}/${path.version}` : path.version, resources };
}
