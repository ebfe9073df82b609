// Object limits: a sandbox cluster holds at most so many objects, and each namespace at most so
// many; a create beyond either is refused with 403 Forbidden (as a ResourceQuota refusal reads) and
// writes nothing. Counts are kept in memory from the store's commits (one scan at start). Events are
// not counted: they expire by themselves within the hour.
import type { Store, StoreEvent } from "../../store/store";
import { errors } from "../status";
import type { ResourceType } from "../registry/types";

export interface ObjectLimitSettings {
  perCluster: number;
  perNamespace: number;
}

export const DEFAULT_OBJECT_LIMITS: ObjectLimitSettings = { perCluster: 20_000, perNamespace: 5_000 };

const UNCOUNTED = ["/registry/core/events/"];

/** /registry/<group>/<plural>/<namespace>/<name> → namespace; "" for /registry/<group>/<plural>/<name> (cluster-scoped). */
function namespaceOfKey(key: string): string {
  const parts = key.split("/");
  return parts.length === 6 ? (parts[4] ?? "") : "";
}

export class ObjectLimits {
  private total = 0;
  private readonly perNamespace = new Map<string, number>();

  constructor(
    store: Store,
    private readonly limits: ObjectLimitSettings = DEFAULT_OBJECT_LIMITS,
  ) {
    for (const kv of store.list("/registry/").items) this.count(kv.key, 1);
    store.onCommit((events: StoreEvent[]) => {
      for (const e of events) {
        if (e.type === "ADDED") this.count(e.kv.key, 1);
        else if (e.type === "DELETED") this.count(e.kv.key, -1);
      }
    });
  }

  private count(key: string, delta: number): void {
    if (UNCOUNTED.some((p) => key.startsWith(p))) return;
    this.total += delta;
    const ns = namespaceOfKey(key);
    if (ns) this.perNamespace.set(ns, (this.perNamespace.get(ns) ?? 0) + delta);
  }

  /** Throws 403 Forbidden if one more object of `rt` in `namespace` would exceed a limit. */
  admitCreate(rt: ResourceType, namespace: string | undefined, name: string): void {
    if (rt.plural === "events" && rt.group === "") return;
    const what = `${rt.plural}${rt.group ? "." + rt.group : ""} "${name}" is forbidden`;
    if (this.total >= this.limits.perCluster) {
      throw errors.forbidden(`${what}: this cluster holds ${this.total} objects, the most its plan allows (${this.limits.perCluster}); delete some first`, { group: rt.group, resource: rt.plural }, name);
    }
    const n = namespace ? (this.perNamespace.get(namespace) ?? 0) : 0;
    if (namespace && n >= this.limits.perNamespace) {
      throw errors.forbidden(`${what}: namespace ${namespace} holds ${n} objects, the most its plan allows per namespace (${this.limits.perNamespace}); delete some first`, { group: rt.group, resource: rt.plural }, name);
    }
  }
}
