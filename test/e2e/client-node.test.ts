// The official JavaScript client (@kubernetes/client-node) against the service: typed list and
// create, a raw watch, and an informer that lists, watches and keeps its cache in step.
import { CoreV1Api, KubeConfig, makeInformer, Watch, type V1ConfigMap } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startKubedo, type Kubedo } from "./helpers";

let service: Kubedo;
let kc: KubeConfig;
let core: CoreV1Api;
const namespace = "client-node";

beforeAll(async () => {
  service = await startKubedo();
  kc = new KubeConfig();
  kc.loadFromFile(service.kubeconfig);
  core = kc.makeApiClient(CoreV1Api);
  await core.createNamespace({ body: { metadata: { name: namespace } } });
});

afterAll(async () => {
  await service?.stop();
});

const until = async (check: () => boolean, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe("@kubernetes/client-node", () => {
  it("lists namespaces and creates and reads a configmap with the typed API", async () => {
    const list = await core.listNamespace();
    expect(list.items.map((n) => n.metadata?.name)).toEqual(expect.arrayContaining(["default", "kube-system", namespace]));
    const created = await core.createNamespacedConfigMap({ namespace, body: { metadata: { name: "typed" }, data: { a: "1" } } });
    expect(created.metadata?.uid).toBeTruthy();
    const read = await core.readNamespacedConfigMap({ namespace, name: "typed" });
    expect(read.data).toEqual({ a: "1" });
    await expect(core.readNamespacedConfigMap({ namespace, name: "missing" })).rejects.toMatchObject({ code: 404 });
  });

  it("watches from a resourceVersion and sees ADDED, MODIFIED and DELETED", async () => {
    const list = await core.listNamespacedConfigMap({ namespace });
    const events: [string, string][] = [];
    const watch = new Watch(kc);
    const controller = await watch.watch(
      `/api/v1/namespaces/${namespace}/configmaps`,
      { resourceVersion: list.metadata?.resourceVersion },
      (type, obj: V1ConfigMap) => events.push([type, obj.metadata?.name ?? ""]),
      () => {},
    );
    try {
      await core.createNamespacedConfigMap({ namespace, body: { metadata: { name: "watched" } } });
      // client-node sends application/json-patch+json by default.
      await core.patchNamespacedConfigMap({ namespace, name: "watched", body: [{ op: "add", path: "/data", value: { b: "2" } }] });
      await core.deleteNamespacedConfigMap({ namespace, name: "watched" });
      await until(() => events.length >= 3);
      expect(events).toEqual([
        ["ADDED", "watched"],
        ["MODIFIED", "watched"],
        ["DELETED", "watched"],
      ]);
    } finally {
      controller.abort();
    }
  });

  it("an informer lists, then follows changes in its cache", async () => {
    const informer = makeInformer(kc, `/api/v1/namespaces/${namespace}/configmaps`, () => core.listNamespacedConfigMap({ namespace }));
    const added: string[] = [];
    informer.on("add", (obj) => added.push(obj.metadata?.name ?? ""));
    await informer.start();
    try {
      await until(() => added.includes("typed"));
      await core.createNamespacedConfigMap({ namespace, body: { metadata: { name: "informed" }, data: { c: "3" } } });
      await until(() => informer.get("informed", namespace) !== undefined);
      expect(informer.get("informed", namespace)?.data).toEqual({ c: "3" });
      await core.deleteNamespacedConfigMap({ namespace, name: "informed" });
      await until(() => informer.get("informed", namespace) === undefined);
      expect(informer.list(namespace).map((c) => c.metadata?.name)).toContain("typed");
    } finally {
      await informer.stop();
    }
  });
});
