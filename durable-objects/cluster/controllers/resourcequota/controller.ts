// kube-controller-manager's resource quota controller: each ResourceQuota's status.hard is its
// spec.hard, and status.used counts what the namespace's objects use of each hard resource that some
// evaluator counts ("0" when nothing does), through the same evaluators as the admission plugin
// (apiserver/admission/quota). A namespace is recounted when a quota in it changes or any object in it
// is written (replenishment); the status is written only when it changes. kube also recounts every
// five minutes; here nothing runs while nothing is written.
import type { ApiContext } from "../../apiserver/context";
import { objectCountName, evaluatorFor, type Usage } from "../../apiserver/admission/quota/evaluators";
import { deepEqual, metadataOf } from "../../apiserver/objects";
import { storagePrefix } from "../../apiserver/registry";
import type { JsonObject, ResourceType } from "../../apiserver/registry/types";
import { canonicalQuantity, sumQuantities } from "../../apiserver/validation/quantity";
import { isObject, mapOf } from "../../apiserver/validation/values";
import type { StoreEvent } from "../../store/store";
import type { Timers } from "../../timers/timers";
import { Client, isRetriable } from "../runtime/client";
import type { Informer, InformerFactory } from "../runtime/informer";
import { WorkQueue } from "../runtime/workqueue";

const list = (v: unknown): Record<string, string> => (isObject(v) ? (v as Record<string, string>) : {});

/** The namespace a namespaced key is stored under (/registry/<group>/<plural>/<namespace>/<name>). */
function namespaceOfKey(key: string): string | undefined {
  const parts = key.split("/");
  return parts.length === 6 ? parts[4] : undefined;
}

export class ResourceQuotaController {
  private readonly quotas: Informer;
  private readonly rt: ResourceType;
  private readonly queue: WorkQueue;
  private readonly client: Client;

  constructor(
    private readonly api: ApiContext,
    timers: Timers,
    informers: InformerFactory,
  ) {
    this.rt = api.registry.resource("", "v1", "resourcequotas")!;
    this.quotas = informers.for(this.rt);
    this.client = new Client(api, "resourcequota-controller");
    this.queue = new WorkQueue(timers, api.clock, "resourcequota", (ns) => this.sync(ns), { retryOnError: isRetriable });
    api.store.onCommit((events) => this.observe(events));
  }

  resync(): void {
    for (const ns of new Set(this.quotas.list().map((q) => String(metadataOf(q).namespace)))) this.queue.add(ns);
  }

  /** Any write in a namespace that has quotas recounts it (a quota's own status write changes nothing next time). */
  private observe(events: StoreEvent[]): void {
    const namespaces = new Set<string>();
    for (const e of events) {
      const ns = namespaceOfKey(e.kv.key);
      if (ns) namespaces.add(ns);
    }
    for (const ns of namespaces) if (this.quotas.list().some((q) => metadataOf(q).namespace === ns)) this.queue.add(ns);
  }

  private sync(namespace: string): void {
    for (const quota of this.quotas.list().filter((q) => metadataOf(q).namespace === namespace)) {
      const hard = Object.fromEntries(Object.entries(list(mapOf(quota.spec).hard)).map(([k, v]) => [k, String(canonicalQuantity(v, -3))]));
      const used = this.usage(namespace, quota, Object.keys(hard));
      const status = mapOf(quota.status);
      if (deepEqual(list(status.hard), hard) && deepEqual(list(status.used), used)) continue;
      this.client.modify(this.rt, namespace, String(metadataOf(quota).name), (q) => (q.status = { hard, used }), "status");
    }
  }

  /** What the namespace uses of each of `names` that an evaluator counts, under the quota's scopes. */
  private usage(namespace: string, quota: JsonObject, names: string[]): Usage {
    const now = this.api.clock.now();
    const used: Usage = {};
    const seen = new Set<string>();
    for (const rt of this.api.registry.all()) {
      const evaluator = rt.namespaced && !rt.review ? evaluatorFor(rt) : null;
      const prefix = storagePrefix(rt, namespace);
      if (!evaluator || seen.has(prefix)) continue;
      const counted = names.filter((n) => evaluator.matches(n));
      if (counted.length === 0) continue;
      seen.add(prefix);
      const terms = new Map<string, string[]>(counted.map((n) => [n, []]));
      // Object counts need no object read; the evaluators with usage and scopes read each one.
      const usesObjects = rt.group === "" && ["pods", "services", "persistentvolumeclaims"].includes(rt.plural);
      if (!usesObjects && counted.every((n) => n === objectCountName(rt) || n === rt.plural)) {
        if (!evaluator.matchesScopes(quota, {})) continue;
        const n = String(this.api.store.count(prefix));
        for (const name of counted) used[name] = n;
        continue;
      }
      for (const kv of this.api.store.list(prefix).items) {
        const obj = kv.value as JsonObject;
        if (!evaluator.matchesScopes(quota, obj)) continue;
        const u = evaluator.usage(obj, now);
        for (const n of counted) if (n in u) terms.get(n)!.push(u[n]!);
      }
      for (const [n, t] of terms) used[n] = sumQuantities(t);
    }
    return used;
  }
}
