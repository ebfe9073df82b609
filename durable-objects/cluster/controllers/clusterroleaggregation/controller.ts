// The clusterrole-aggregation controller (pkg/controller/clusterroleaggregation): a ClusterRole with
// an aggregationRule gets, as its rules, the union of the rules of every other ClusterRole its
// selectors match, in name order without duplicates. Any ClusterRole change requeues every
// aggregated role, so chains (view → edit → admin) settle.
import type { ApiContext } from "../../apiserver/context";
import { metadataOf } from "../../apiserver/objects";
import type { JsonObject, ResourceType } from "../../apiserver/registry/types";
import type { Timers } from "../../timers/timers";
import { Client, isRetriable } from "../runtime/client";
import type { Informer, InformerFactory } from "../runtime/informer";
import { labelSelectorMatches } from "../runtime/selectors";
import { WorkQueue } from "../runtime/workqueue";

const nameOf = (o: JsonObject) => String(metadataOf(o).name ?? "");
const selectorsOf = (o: JsonObject): JsonObject[] | null => {
  const rule = o.aggregationRule as { clusterRoleSelectors?: JsonObject[] } | null | undefined;
  return rule ? (rule.clusterRoleSelectors ?? []) : null;
};
const rulesOf = (o: JsonObject): JsonObject[] => (Array.isArray(o.rules) ? (o.rules as JsonObject[]) : []);

export class ClusterRoleAggregationController {
  private readonly roles: Informer;
  private readonly rt: ResourceType;
  private readonly queue: WorkQueue;
  private readonly client: Client;

  constructor(api: ApiContext, timers: Timers, informers: InformerFactory) {
    this.rt = api.registry.resource("rbac.authorization.k8s.io", "v1", "clusterroles")!;
    this.roles = informers.for(this.rt);
    this.client = new Client(api, "clusterrole-aggregation-controller");
    this.queue = new WorkQueue(timers, api.clock, "clusterroleaggregation", (name) => this.sync(name), { retryOnError: isRetriable });
    const enqueueAll = () => this.resync();
    this.roles.on({ add: enqueueAll, update: enqueueAll, delete: enqueueAll });
  }

  resync(): void {
    for (const role of this.roles.list()) if (selectorsOf(role)) this.queue.add(nameOf(role));
  }

  sync(name: string): void {
    const role = this.roles.get(name);
    if (!role) return;
    const selectors = selectorsOf(role);
    if (!selectors) return;
    const rules: JsonObject[] = [];
    const seen = new Set<string>();
    for (const selector of selectors) {
      const matching = this.roles
        .list()
        .filter((r) => nameOf(r) !== name && labelSelectorMatches(selector, metadataOf(r).labels as Record<string, string> | undefined))
        .sort((a, b) => (nameOf(a) < nameOf(b) ? -1 : nameOf(a) > nameOf(b) ? 1 : 0));
      for (const r of matching) {
        for (const rule of rulesOf(r)) {
          const key = JSON.stringify(rule);
          if (seen.has(key)) continue;
          seen.add(key);
          rules.push(rule);
        }
      }
    }
    // Semantic equality: no rules and null rules are the same.
    if (JSON.stringify(rules) === JSON.stringify(rulesOf(role))) return;
    this.client.modify(this.rt, undefined, name, (obj) => {
      obj.rules = rules;
    });
  }
}
