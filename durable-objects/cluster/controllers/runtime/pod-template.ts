// controller.GetPodFromTemplate and the controller ownerReference every workload controller puts on
// the pods it makes.
import { metadataOf } from "../../apiserver/objects";
import type { JsonObject, ResourceType } from "../../apiserver/registry/types";
import { apiVersionOf } from "../../apiserver/registry/types";

/** The ownerReference naming `owner` (of type `rt`) as controller, blocking its foreground deletion. */
export function controllerOwnerRef(rt: ResourceType, owner: JsonObject): JsonObject {
  const meta = metadataOf(owner);
  return { apiVersion: apiVersionOf(rt), kind: rt.kind, name: meta.name, uid: meta.uid, controller: true, blockOwnerDeletion: true };
}

/**
 * A pod from `template`: its labels, annotations and finalizers, its spec, in the owner's namespace,
 * controlled by `ownerRef`; named `name` or, without one, `<owner>-<random>`.
 */
export function podFromTemplate(template: JsonObject, owner: JsonObject, ownerRef: JsonObject, name?: { name?: string; generateName?: string }): JsonObject {
  const t = structuredClone(template);
  const tmeta = (t.metadata ?? {}) as JsonObject;
  const ownerMeta = metadataOf(owner);
  const metadata: JsonObject = name?.name ? { name: name.name } : { generateName: name?.generateName ?? `${String(ownerMeta.name)}-` };
  metadata.namespace = ownerMeta.namespace;
  for (const k of ["labels", "annotations", "finalizers"]) if (tmeta[k]) metadata[k] = tmeta[k];
  metadata.ownerReferences = [ownerRef];
  return { apiVersion: "v1", kind: "Pod", metadata, spec: (t.spec ?? {}) as JsonObject };
}
