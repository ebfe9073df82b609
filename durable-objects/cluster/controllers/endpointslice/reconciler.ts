// The EndpointSlice reconciler, after kube's staging/src/k8s.io/endpointslice/reconciler.go: from a
// service, its selected pods and the slices it already has, the slices to create, update and delete.
// Pure: the controller reads the informers and makes the writes.
//
// Endpoints are grouped by their resolved port set (pods whose named targetPort resolves differently
// land in different slices) and by address type. Churn is kept low as kube does: endpoints stay in
// the slice they are in, changed slices are filled up first, leftovers go into the unchanged slice
// that they fill most, and only then into new slices; a create paired with a delete becomes an update.
import { metadataOf } from "../../apiserver/objects";
import type { JsonObject } from "../../apiserver/registry/types";
import {
  type AddressType,
  addressTypesFor,
  endpointKey,
  endpointPorts,
  endpointsEqualBeyondKey,
  endpointsOf,
  isSamePlaceholder,
  MAX_ENDPOINTS_PER_SLICE,
  newSlice,
  ownedBy,
  podToEndpoint,
  portMapKey,
  portsOf,
  sliceLabels,
} from "./slices";
import { publishNotReady, shouldPodBeInEndpoints } from "./util";

export interface ReconcileInput {
  service: JsonObject;
  pods: JsonObject[];
  /** The service's slices managed by this controller, those being deleted left out. */
  slices: JsonObject[];
  /** The zone label of a node; found=false when the node does not exist. */
  node(name: string): { found: boolean; zone?: string };
  maxEndpointsPerSlice?: number;
}

export interface SliceChanges {
  /** New slices (generateName), or existing ones (metadata.name set) to be written whole. */
  create: JsonObject[];
  update: JsonObject[];
  delete: JsonObject[];
}

const specOf = (o: JsonObject) => (o.spec ?? {}) as JsonObject;

export function reconcile(input: ReconcileInput): SliceChanges {
  const types = addressTypesFor(input.service);
  const out: SliceChanges = { create: [], update: [], delete: [] };
  const byType = new Map<string, JsonObject[]>();
  const unsupported: JsonObject[] = [];
  for (const s of input.slices) {
    if (!types.includes(s.addressType as AddressType)) unsupported.push(s);
    else byType.set(String(s.addressType), [...(byType.get(String(s.addressType)) ?? []), s]);
  }
  for (const t of types) {
    const r = reconcileByAddressType(input, byType.get(t) ?? [], t);
    out.create.push(...r.create);
    out.update.push(...r.update);
    out.delete.push(...r.delete);
  }
  out.delete.push(...unsupported);
  return out;
}

function reconcileByAddressType(input: ReconcileInput, existing: JsonObject[], addressType: AddressType): SliceChanges {
  const svc = input.service;
  const max = input.maxEndpointsPerSlice ?? MAX_ENDPOINTS_PER_SLICE;
  const create: JsonObject[] = [];
  const update: JsonObject[] = [];
  let del: JsonObject[] = [];

  const existingByPorts = new Map<string, JsonObject[]>();
  for (const s of existing) {
    if (!ownedBy(s, svc)) del.push(s); // left by an earlier service of the same name
    else existingByPorts.set(portMapKey(portsOf(s)), [...(existingByPorts.get(portMapKey(portsOf(s))) ?? []), s]);
  }

  const desiredPorts = new Map<string, JsonObject[]>();
  const desired = new Map<string, Map<string, JsonObject>>();
  for (const pod of input.pods) {
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const ports = endpointPorts(svc, pod);
    const key = portMapKey(ports);
    if (!desired.has(key)) desired.set(key, new Map());
    if (!desiredPorts.has(key)) desiredPorts.set(key, ports);
    const nodeName = String(specOf(pod).nodeName ?? "");
    const node = input.node(nodeName);
    // A pod on a node that does not exist is left out (the pod GC will remove it), unless the
    // service publishes not-ready addresses anyway.
    if (!node.found && !publishNotReady(svc)) continue;
    const ep = podToEndpoint(pod, svc, addressType, node.zone);
    if ((ep.addresses as string[]).length > 0) desired.get(key)!.set(endpointKey(ep), ep);
  }

  for (const [key, set] of desired) {
    const r = reconcileByPortMapping(svc, existingByPorts.get(key) ?? [], set, desiredPorts.get(key)!, addressType, max);
    create.push(...r.create);
    update.push(...r.update);
    del.push(...r.delete);
  }
  for (const [key, slices] of existingByPorts) if (!desired.has(key)) del.push(...slices);

  // A service with no endpoints keeps one empty placeholder slice.
  if (existing.length === del.length && create.length === 0) {
    const placeholder = newSlice(svc, [], addressType);
    if (del.length === 1 && isSamePlaceholder(del[0]!, placeholder)) del = [];
    else create.push(placeholder);
  }

  // finalize: reuse a slice about to be deleted for a slice about to be created.
  for (let i = 0; i < del.length && create.length > 0; ) {
    const doomed = del[i]!;
    if (doomed.addressType === addressType && ownedBy(doomed, svc)) {
      const recycled = create.pop()!;
      metadataOf(recycled).name = metadataOf(doomed).name;
      update.push(recycled);
      del.splice(i, 1);
    } else i++;
  }
  return { create, update, delete: del };
}

/** reconcileByPortMapping: keep, update, fill and create the slices of one port set. */
function reconcileByPortMapping(
  svc: JsonObject,
  existing: JsonObject[],
  desired: Map<string, JsonObject>,
  ports: JsonObject[],
  addressType: AddressType,
  max: number,
): SliceChanges {
  const byName = new Map<string, JsonObject>();
  const unchanged = new Set<string>();
  const toUpdate = new Set<string>();
  const toDelete = new Set<string>();

  // 1. Drop endpoints no longer desired, refresh the changed ones, follow the service's labels.
  for (const s of existing) {
    const name = String(metadataOf(s).name);
    byName.set(name, s);
    const kept: JsonObject[] = [];
    let changed = false;
    for (const ep of endpointsOf(s)) {
      const want = desired.get(endpointKey(ep));
      if (!want) continue;
      kept.push(want);
      if (!endpointsEqualBeyondKey(want, ep)) changed = true;
      desired.delete(endpointKey(ep));
    }
    const { labels, changed: labelsChanged } = sliceLabels(s, svc);
    if (changed || kept.length !== endpointsOf(s).length) {
      if (kept.length === 0) toDelete.add(name);
      else {
        const copy = structuredClone(s);
        copy.endpoints = kept;
        metadataOf(copy).labels = labels;
        byName.set(name, copy);
        toUpdate.add(name);
      }
    } else if (labelsChanged) {
      const copy = structuredClone(s);
      metadataOf(copy).labels = labels;
      byName.set(name, copy);
      toUpdate.add(name);
    } else unchanged.add(name);
  }

  const pop = (): JsonObject => {
    const [key, ep] = desired.entries().next().value as [string, JsonObject];
    desired.delete(key);
    return ep;
  };

  // 2. Fill the slices being updated anyway, fullest first.
  if (desired.size > 0 && toUpdate.size > 0) {
    const slices = [...toUpdate].map((n) => byName.get(n)!).sort((a, b) => endpointsOf(b).length - endpointsOf(a).length);
    for (const s of slices) {
      const eps = endpointsOf(s);
      while (desired.size > 0 && eps.length < max) eps.push(pop());
      s.endpoints = eps;
    }
  }

  // 3. The rest: into the unchanged slice they fill closest to full, else into new slices.
  const create: JsonObject[] = [];
  while (desired.size > 0) {
    let target: JsonObject | undefined;
    if (desired.size < max && unchanged.size > 0) {
      const fit = sliceToFill([...unchanged].map((n) => byName.get(n)!), desired.size, max);
      if (fit) {
        target = structuredClone(fit);
        byName.set(String(metadataOf(target).name), target);
      }
    }
    target ??= newSlice(svc, ports, addressType);
    const eps = endpointsOf(target);
    while (desired.size > 0 && eps.length < max) eps.push(pop());
    target.endpoints = eps;
    const name = metadataOf(target).name as string | undefined;
    if (name) {
      toUpdate.add(name);
      unchanged.delete(name);
    } else create.push(target);
  }

  return { create, update: [...toUpdate].map((n) => byName.get(n)!), delete: [...toDelete].map((n) => byName.get(n)!) };
}

/** getSliceToFill: the slice that `count` more endpoints bring closest to (but not over) `max`. */
function sliceToFill(slices: JsonObject[], count: number, max: number): JsonObject | undefined {
  let best: JsonObject | undefined;
  let bestDiff = max;
  for (const s of slices) {
    const diff = max - (count + endpointsOf(s).length);
    if (diff >= 0 && diff < bestDiff) {
      bestDiff = diff;
      best = s;
      if (diff === 0) break;
    }
  }
  return best;
}
