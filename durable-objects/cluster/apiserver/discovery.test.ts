// Legacy discovery documents as kube-apiserver writes them: storageVersionHash on every stored
// resource (none on subresources or reviews), computed from the version the objects are stored in.
import { beforeAll, describe, expect, it } from "vitest";
import { newCluster, openCrd, type ClusterClient } from "../../../worker/test-helpers";
import { storageVersionHash } from "./discovery";

let c: ClusterClient;

beforeAll(async () => {
  c = await newCluster();
});

const resources = async (path: string) => {
  const res = await c.json(path, { headers: { Accept: "application/json" } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return new Map<string, any>(res.body.resources.map((r: any) => [r.name, r]));
};

describe("storageVersionHash", () => {
  it("is kube's hash of group/version/kind (values a real v1.33 cluster reports)", () => {
    expect(storageVersionHash("", "v1", "Pod")).toBe("xPOwRZ+Yhw8=");
    expect(storageVersionHash("apps", "v1", "Deployment")).toBe("8aSe+NMegvE=");
    expect(storageVersionHash("", "v1", "Namespace")).toBe("Q3oi5N2YM8M=");
  });

  it("is on every stored resource of /api/v1, and on no subresource", async () => {
    const core = await resources("/api/v1");
    expect(core.get("pods")?.storageVersionHash).toBe("xPOwRZ+Yhw8=");
    expect(core.get("namespaces")?.storageVersionHash).toBe("Q3oi5N2YM8M=");
    expect(core.get("pods/status")).toBeDefined();
    expect(core.get("pods/status")?.storageVersionHash).toBeUndefined();
    for (const [name, r] of core) if (!name.includes("/")) expect(r.storageVersionHash, name).toMatch(/^[A-Za-z0-9+/]{11}=$/);
  });

  it("names the storage version where another version holds the objects, and is absent on reviews", async () => {
    const v1 = await resources("/apis/autoscaling/v1");
    const v2 = await resources("/apis/autoscaling/v2");
    expect(v1.get("horizontalpodautoscalers")?.storageVersionHash).toBe(storageVersionHash("autoscaling", "v2", "HorizontalPodAutoscaler"));
    expect(v2.get("horizontalpodautoscalers")?.storageVersionHash).toBe(storageVersionHash("autoscaling", "v2", "HorizontalPodAutoscaler"));
    const events = await resources("/apis/events.k8s.io/v1");
    expect(events.get("events")?.storageVersionHash).toBe(storageVersionHash("", "v1", "Event"));
    const authz = await resources("/apis/authorization.k8s.io/v1");
    expect(authz.get("selfsubjectaccessreviews")).toBeDefined();
    expect(authz.get("selfsubjectaccessreviews")?.storageVersionHash).toBeUndefined();
  });

  it("is a custom resource's storage version for every served version", async () => {
    const crd = openCrd("hash.example.com", { plural: "widgets", kind: "Widget" }, [{ name: "v1" }, { name: "v2" }]);
    const created = await c.send("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    for (const v of ["v1", "v2"]) {
      const list = await resources(`/apis/hash.example.com/${v}`);
      expect(list.get("widgets")?.storageVersionHash).toBe(storageVersionHash("hash.example.com", "v2", "Widget"));
    }
  });
});
