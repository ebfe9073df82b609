// Test support for the EndpointSlice and Endpoints controllers inside a real cluster Durable Object
// (scheduler, kubelets and garbage collector running): a fresh cluster per test, the controller under
// test made on it (cluster-do.ts may not wire it yet), and helpers to write and to let time pass.
import { env, runInDurableObject } from "cloudflare:test";
import type { JsonObject, ResourceType } from "../../apiserver/registry/types";
import type { ClusterDO } from "../../cluster-do";
import { controllerUser } from "../../identity";
import { settle } from "../../testing";
import { Client } from "../runtime/client";

export class Harness {
  readonly client: Client;

  constructor(readonly o: ClusterDO) {
    this.client = new Client(this.ctx("test-user"), "kubectl");
  }

  ctx(user: string) {
    return { store: this.o.store, registry: this.o.registry, clock: this.o.clock, user: controllerUser(user) };
  }

  rt(group: string, plural: string): ResourceType {
    return this.o.registry.resource(group, "v1", plural)!;
  }

  /** Runs what is due, then lets `ms` of cluster time pass a second at a time. */
  async run(ms = 5_000): Promise<void> {
    await settle(this.o);
    for (let step = 0; step < ms; step += 1_000) {
      this.o.clock.advance(Math.min(1_000, ms - step));
      await settle(this.o);
    }
  }

  service(name: string, spec: JsonObject, labels: Record<string, string> = { app: name }): JsonObject {
    return this.client.create(this.rt("", "services"), "default", { apiVersion: "v1", kind: "Service", metadata: { name, labels }, spec });
  }

  pod(name: string, labels: Record<string, string>, container: JsonObject = {}): JsonObject {
    const c = { name: "c", image: "nginx", ports: [{ name: "http", containerPort: 80 }], ...container };
    return this.client.create(this.rt("", "pods"), "default", { apiVersion: "v1", kind: "Pod", metadata: { name, labels }, spec: { containers: [c], terminationGracePeriodSeconds: 30 } });
  }

  get(group: string, plural: string, name: string): JsonObject | undefined {
    return this.o.informers.for(this.rt(group, plural)).get(`default/${name}`);
  }

  /** The EndpointSlices labelled for a service, whoever manages them. */
  slices(service: string): JsonObject[] {
    return this.o.informers
      .for(this.rt("discovery.k8s.io", "endpointslices"))
      .list("default")
      .filter((s) => ((s.metadata as JsonObject).labels as Record<string, string> | undefined)?.["kubernetes.io/service-name"] === service);
  }

  /** Timers the controllers left queued (none when idle). */
  pending(prefix: string): string[] {
    return this.o.timers.pending().filter((t) => t.name.startsWith(`${prefix}:`)).map((t) => t.name);
  }
}

let clusters = 0;

/** Runs `fn` inside a new cluster Durable Object, after its start-up work. */
export async function inCluster(fn: (h: Harness) => Promise<void>): Promise<void> {
  const stub = env.CLUSTER.get(env.CLUSTER.idFromName(`endpoints-test-${Date.now()}-${++clusters}`));
  await runInDurableObject(stub, async (o: ClusterDO) => {
    await settle(o);
    await fn(new Harness(o));
  });
}
