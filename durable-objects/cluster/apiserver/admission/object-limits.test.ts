// Object limits per namespace and per cluster: the create that would exceed one is refused with a
// 403 Status and changes nothing; deleting makes room again; events are not counted.
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { ClusterDO } from "../../cluster-do";
import { settle } from "../../testing";
import { createObject } from "../handlers/create";
import { deleteObject } from "../handlers/delete";
import { ApiError } from "../status";
import { ObjectLimits } from "./object-limits";

describe("object limits", () => {
  it("refuses the create beyond a namespace's or the cluster's limit, and nothing is written", async () => {
    await runInDurableObject(env.CLUSTER.get(env.CLUSTER.idFromName("limits-test")), async (o: ClusterDO) => {
      await settle(o);
      const existing = o.store.list("/registry/").items.filter((kv) => !kv.key.startsWith("/registry/core/events/")).length;
      const limits = new ObjectLimits(o.store, { perCluster: existing + 7, perNamespace: 3 });
      const ctx = { store: o.store, registry: o.registry, clock: o.clock, user: { username: "admin", groups: ["system:masters"] }, limits };
      const cms = o.registry.resource("", "v1", "configmaps")!;
      const create = (ns: string, name: string) => createObject(ctx, { rt: cms, namespace: ns, query: new URLSearchParams(), body: { apiVersion: "v1", kind: "ConfigMap", metadata: { name } } });
      const nsRt = o.registry.resource("", "v1", "namespaces")!;
      createObject(ctx, { rt: nsRt, query: new URLSearchParams(), body: { apiVersion: "v1", kind: "Namespace", metadata: { name: "quota" } } });
      for (const name of ["a", "b", "c"]) expect(create("quota", name).code).toBe(201);
      const rev = o.store.revision();
      let err: unknown;
      try {
        create("quota", "d");
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ApiError);
      expect((err as ApiError).status).toMatchObject({
        code: 403,
        reason: "Forbidden",
        message: 'configmaps "d" is forbidden: namespace quota holds 3 objects, the most its plan allows per namespace (3); delete some first',
      });
      expect(o.store.revision()).toBe(rev);
      // Deleting one makes room.
      deleteObject(ctx, { rt: cms, namespace: "quota", name: "a", query: new URLSearchParams() });
      expect(create("quota", "d").code).toBe(201);
      // The cluster-wide limit: a second namespace and two more fit (existing + 2 namespaces + 3 + 2), the next does not.
      createObject(ctx, { rt: nsRt, query: new URLSearchParams(), body: { apiVersion: "v1", kind: "Namespace", metadata: { name: "quota2" } } });
      expect(create("quota2", "x").code).toBe(201);
      expect(create("quota2", "y").code).toBe(201);
      expect(() => create("quota2", "z")).toThrow(/this cluster holds \d+ objects, the most its plan allows/);
      // Events are never refused.
      const events = o.registry.resource("", "v1", "events")!;
      const ev = createObject(ctx, { rt: events, namespace: "default", query: new URLSearchParams(), body: { apiVersion: "v1", kind: "Event", metadata: { name: "e1" }, involvedObject: { kind: "Pod", name: "p", namespace: "default" }, reason: "R", message: "m", type: "Normal" } });
      expect(ev.code).toBe(201);
    });
  });
});
