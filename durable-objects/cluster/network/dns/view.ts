// The DNS server's view of the cluster, read from the store when a query comes (CoreDNS keeps an
// informer's cache; reading at query time is the same view without holding one while idle).
import type { ApiContext } from "../../apiserver/context";
import { storageKey, storagePrefix } from "../../apiserver/registry";
import type { JsonObject } from "../../apiserver/registry/types";
import { mapOf as obj } from "../../apiserver/validation/values";
import type { DnsView } from "./zone";

export function storeDnsView(ctx: ApiContext): DnsView {
  const rt = (group: string, plural: string) => ctx.registry.resource(group, "v1", plural)!;
  const namespaces = rt("", "namespaces");
  const services = rt("", "services");
  const slices = rt("discovery.k8s.io", "endpointslices");
  const values = (prefix: string) => ctx.store.list(prefix).items.map((kv) => kv.value as JsonObject);
  return {
    namespaceExists: (ns) => ctx.store.get(storageKey(namespaces, undefined, ns)) !== null,
    service: (ns, name) => (ctx.store.get(storageKey(services, ns, name))?.value as JsonObject | undefined) ?? undefined,
    services: () => values(storagePrefix(services)),
    endpointSlices: (ns, name) => values(storagePrefix(slices, ns)).filter((s) => obj(obj(s.metadata).labels)["kubernetes.io/service-name"] === name),
    allEndpointSlices: () => values(storagePrefix(slices)),
    serial: Math.floor(ctx.clock.now() / 1000),
  };
}
