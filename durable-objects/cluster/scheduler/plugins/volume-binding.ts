// VolumeRestrictions and VolumeBinding (kube-scheduler's plugins, as far as the sandbox's volumes go).
// VolumeRestrictions: a ReadWriteOncePod claim another pod uses fits no node (preemption may free it).
// VolumeBinding: PreFilter refuses a pod whose claim is missing or being deleted, or whose immediate
// claim is not bound yet; Filter keeps a pod off nodes its bound volumes' node affinity excludes (a
// local-path volume lives on one node) and, for a WaitForFirstConsumer claim given a node, off the others.
import type { JsonObject } from "../../apiserver/registry/types";
import type { NodeInfo } from "../cache";
import { unresolvable, unschedulable, type Plugin, type Status } from "../framework";
import { nodeSelectorMatches } from "../labels";

export const ERR_UNBOUND_IMMEDIATE = "pod has unbound immediate PersistentVolumeClaims";
export const ERR_NODE_CONFLICT = "node(s) had volume node affinity conflict";
export const ERR_PV_NOT_EXIST = "node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)";
export const ERR_BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind";
export const ERR_RWOP_CONFLICT = "node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode";
const SELECTED_NODE = "volume.kubernetes.io/selected-node";

/** What the plugins read of the cluster's storage (the scheduler's informers). */
export interface VolumeLister {
  claim(namespace: string, name: string): JsonObject | undefined;
  volume(name: string): JsonObject | undefined;
  storageClass(name: string): JsonObject | undefined;
  /** Other live pods that use the claim. */
  claimUsers(namespace: string, name: string, exceptUid: string): number;
}

const spec = (o: JsonObject | undefined) => (o?.spec ?? {}) as JsonObject;
const meta = (o: JsonObject | undefined) => (o?.metadata ?? {}) as JsonObject;

/** The claims a pod's volumes name (ephemeral volumes' claims are `<pod>-<volume>`). */
export function podClaims(pod: JsonObject): string[] {
  const out: string[] = [];
  for (const v of (spec(pod).volumes ?? []) as JsonObject[]) {
    const pvc = v.persistentVolumeClaim as JsonObject | undefined;
    if (pvc?.claimName) out.push(String(pvc.claimName));
    else if (v.ephemeral) out.push(`${String(meta(pod).name)}-${String(v.name)}`);
  }
  return out;
}

export const volumeBinding: Plugin = {
  name: "VolumeBinding",
  weight: 0,
  create: ({ pod, cache }) => {
    const volumes = cache.volumes;
    const claims = volumes ? podClaims(pod.raw) : [];
    if (!volumes || claims.length === 0) return {};
    const bound: JsonObject[] = [];
    const delayed: JsonObject[] = [];
    let preFilterStatus: Status | null = null;
    for (const name of claims) {
      const claim = volumes.claim(pod.namespace, name);
      if (!claim) {
        preFilterStatus ??= unresolvable(`persistentvolumeclaim "${name}" not found`);
        continue;
      }
      if (meta(claim).deletionTimestamp) {
        preFilterStatus ??= unresolvable(`persistentvolumeclaim "${name}" is being deleted`);
        continue;
      }
      if (spec(claim).volumeName) {
        bound.push(claim);
        continue;
      }
      const className = String(spec(claim).storageClassName ?? "");
      const delay = className !== "" && volumes.storageClass(className)?.volumeBindingMode === "WaitForFirstConsumer";
      if (delay) delayed.push(claim);
      else preFilterStatus ??= unresolvable(ERR_UNBOUND_IMMEDIATE);
    }
    return {
      preFilter: () => preFilterStatus,
      filter: (node: NodeInfo) => {
        for (const claim of bound) {
          const pv = volumes.volume(String(spec(claim).volumeName));
          if (!pv) return unresolvable(ERR_PV_NOT_EXIST);
          const required = ((spec(pv).nodeAffinity as JsonObject | undefined)?.required as JsonObject | undefined)?.nodeSelectorTerms;
          if (Array.isArray(required) && !nodeSelectorMatches(required, node)) return unresolvable(ERR_NODE_CONFLICT);
        }
        for (const claim of delayed) {
          const selected = (meta(claim).annotations as Record<string, string> | undefined)?.[SELECTED_NODE];
          if (selected && selected !== node.name) return unresolvable(ERR_BIND_CONFLICT);
        }
        return null;
      },
    };
  },
};

export const volumeRestrictions: Plugin = {
  name: "VolumeRestrictions",
  weight: 0,
  create: ({ pod, cache }) => {
    const volumes = cache.volumes;
    if (!volumes) return {};
    const conflict = podClaims(pod.raw).some((name) => {
      const claim = volumes.claim(pod.namespace, name);
      return ((spec(claim).accessModes ?? []) as string[]).includes("ReadWriteOncePod") && volumes.claimUsers(pod.namespace, name, pod.uid) > 0;
    });
    return conflict ? { filter: () => unschedulable(ERR_RWOP_CONFLICT) } : {};
  },
};
