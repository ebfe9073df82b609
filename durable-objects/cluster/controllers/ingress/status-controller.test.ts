// The ingress controller's status sync, constructed inside a real cluster Durable Object (not wired
// into cluster-do.ts): served Ingresses get the public address once, with Sync events; others are
// left alone; nothing stays queued afterwards.
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { ApiContext } from "../../apiserver/context";
import type { JsonObject } from "../../apiserver/registry/types";
import type { ClusterDO } from "../../cluster-do";
import { controllerUser } from "../../identity";
import { settle } from "../../testing";
import { Client } from "../runtime/client";
import { installDefaultIngressClass } from "./default-class";
import { publishedAddresses, sameAddresses } from "./status-controller";

const stub = () => env.CLUSTER.get(env.CLUSTER.idFromName("ingress-status-test"));
const ctxOf = (o: ClusterDO): ApiContext => ({ store: o.store, registry: o.registry, clock: o.clock, user: controllerUser("test") });

const ingress = (name: string, extra: { className?: string; annotation?: string } = {}): JsonObject => ({
  apiVersion: "networking.k8s.io/v1",
  kind: "Ingress",
  metadata: { name, ...(extra.annotation !== undefined ? { annotations: { "kubernetes.io/ingress.class": extra.annotation } } : {}) },
  spec: { ...(extra.className ? { ingressClassName: extra.className } : {}), defaultBackend: { service: { name: "web", port: { number: 80 } } } },
});

describe("publishedAddresses and sameAddresses", () => {
  it("publishes an IP or a hostname and compares only those", () => {
    expect(publishedAddresses({ hostname: "c1.kubedo.example" })).toEqual([{ hostname: "c1.kubedo.example" }]);
    expect(publishedAddresses({ ip: "203.0.113.10" })).toEqual([{ ip: "203.0.113.10" }]);
    expect(publishedAddresses({})).toEqual([]);
    expect(sameAddresses([{ ip: "1.1.1.1", ports: [{ port: 80 }] }], [{ ip: "1.1.1.1" }])).toBe(true);
    expect(sameAddresses([{ ip: "2.2.2.2" }, { ip: "1.1.1.1" }], [{ ip: "1.1.1.1" }, { ip: "2.2.2.2" }])).toBe(true);
    expect(sameAddresses([{ hostname: "a" }], [{ hostname: "b" }])).toBe(false);
    expect(sameAddresses([], [{ ip: "1.1.1.1" }])).toBe(false);
  });
});

describe("IngressStatusController", () => {
  it("the cluster's own controller writes its public host name to served Ingresses only, once, with Sync events, and then rests", async () => {
    await runInDurableObject(stub(), async (o: ClusterDO) => {
      await settle(o);
      const ctx = ctxOf(o);
      const client = new Client(ctx, "test");
      const classes = o.registry.resource("networking.k8s.io", "v1", "ingressclasses")!;
      const ingresses = o.registry.resource("networking.k8s.io", "v1", "ingresses")!;
      // A new cluster has the default class already; installing it again changes nothing.
      expect(installDefaultIngressClass(client, classes)).toBe(false);
      const hostname = `${o.clusterId()}.ingress.localhost`;

      client.create(ingresses, "default", ingress("classless"));
      client.create(ingresses, "default", ingress("named", { className: "nginx" }));
      client.create(ingresses, "default", ingress("annotated", { annotation: "nginx" }));
      client.create(ingresses, "default", ingress("other-class", { className: "other" }));
      client.create(ingresses, "default", ingress("other-annotation", { annotation: "traefik" }));
      await settle(o);

      const status = (name: string) => (client.ctx.store.get(`/registry/networking.k8s.io/ingresses/default/${name}`)?.value.status as JsonObject | undefined)?.loadBalancer;
      for (const name of ["classless", "named", "annotated"]) expect(status(name), name).toEqual({ ingress: [{ hostname }] });
      for (const name of ["other-class", "other-annotation"]) expect(status(name), name).toEqual({});
      expect(o.timers.pending().filter((t) => t.name.startsWith("ingress-status:"))).toEqual([]);

      const events = o.store.list("/registry/core/events/default/").items.map((kv) => kv.value as JsonObject);
      const sync = events.find((e) => (e.involvedObject as JsonObject).name === "named" && e.reason === "Sync");
      expect(sync).toMatchObject({ type: "Normal", message: "Scheduled for sync", count: 2, source: { component: "nginx-ingress-controller" } });
      expect(events.some((e) => (e.involvedObject as JsonObject).name === "other-class")).toBe(false);

      // A class going makes the controller look again: "named" is no longer served and keeps what it had;
      // nothing is left queued.
      client.delete(classes, undefined, "nginx");
      await settle(o);
      expect(status("named")).toEqual({ ingress: [{ hostname }] });
      expect(status("classless")).toEqual({ ingress: [{ hostname }] });
      expect(o.timers.pending().filter((t) => t.name.startsWith("ingress-status:"))).toEqual([]);
    });
  });
});
