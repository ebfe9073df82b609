import { describe, expect, it } from "vitest";
import { PatchError } from "./errors";
import type { JsonMap } from "./json";
import type { PatchMetaTable } from "./patch-meta";
import { applyStrategicMergePatch } from "./strategic-merge-patch";

const smp = (original: JsonMap, patch: unknown, type: string | undefined = "Deployment") => applyStrategicMergePatch(original, patch, type);

function deployment(): JsonMap {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "default", labels: { app: "web" }, finalizers: ["a.io/x", "b.io/y"] },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: "web" } },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } },
      template: {
        metadata: { labels: { app: "web" } },
        spec: {
          containers: [
            {
              name: "web",
              image: "nginx:1.25",
              ports: [{ containerPort: 80, protocol: "TCP" }, { containerPort: 443, protocol: "TCP" }],
              env: [{ name: "A", value: "1" }, { name: "B", value: "2" }],
            },
            { name: "sidecar", image: "busybox", args: ["sleep", "3600"] },
          ],
          volumes: [{ name: "data", emptyDir: {} }, { name: "cfg", configMap: { name: "cfg" } }],
          tolerations: [{ key: "k", operator: "Exists" }],
        },
      },
    },
  };
}

const podSpec = (d: JsonMap) => ((d.spec as JsonMap).template as JsonMap).spec as JsonMap;
const containers = (d: JsonMap) => podSpec(d).containers as JsonMap[];
const names = (list: unknown) => (list as JsonMap[]).map((c) => c.name);

describe("patches kubectl sends", () => {
  it("apply (changed): annotation, replicas and an image, with $setElementOrder/containers", () => {
    const live = deployment();
    containers(live).splice(1, 1);
    const lastApplied = '{"apiVersion":"apps/v1","kind":"Deployment"}\n';
    const out = smp(live, {
      metadata: { annotations: { "kubectl.kubernetes.io/last-applied-configuration": lastApplied } },
      spec: { replicas: 4, template: { spec: { "$setElementOrder/containers": [{ name: "web" }], containers: [{ image: "nginx:1.27", name: "web" }] } } },
    });
    expect((out.metadata as JsonMap).annotations).toEqual({ "kubectl.kubernetes.io/last-applied-configuration": lastApplied });
    expect((out.spec as JsonMap).replicas).toBe(4);
    expect(containers(out)).toEqual([{ ...containers(live)[0], image: "nginx:1.27" }]);
  });

  it("set image keeps a server-only container after the ordered ones", () => {
    const out = smp(deployment(), {
      spec: { template: { spec: { "$setElementOrder/containers": [{ name: "web" }], containers: [{ image: "nginx:1.27", name: "web" }] } } },
    });
    expect(containers(out).map((c) => [c.name, c.image])).toEqual([["web", "nginx:1.27"], ["sidecar", "busybox"]]);
    expect(containers(out)[0]!.env).toHaveLength(2);
  });

  it("apply removing a container, an env var, a field and a finalizer", () => {
    const out = smp(deployment(), {
      metadata: { "$deleteFromPrimitiveList/finalizers": ["a.io/x"], "$setElementOrder/finalizers": ["b.io/y"] },
      spec: {
        template: {
          spec: {
            "$setElementOrder/containers": [{ name: "web" }],
            containers: [{ name: "web", "$setElementOrder/env": [{ name: "B" }], env: [{ $patch: "delete", name: "A" }], ports: null }, { $patch: "delete", name: "sidecar" }],
          },
        },
      },
    });
    expect((out.metadata as JsonMap).finalizers).toEqual(["b.io/y"]);
    expect(containers(out)).toEqual([{ name: "web", image: "nginx:1.25", env: [{ name: "B", value: "2" }] }]);
  });

  it("edit: only the changed field", () => {
    const out = smp(deployment(), { spec: { replicas: 7 } });
    expect(out).toEqual({ ...deployment(), spec: { ...(deployment().spec as JsonMap), replicas: 7 } });
  });

  it("diff's dry-run patch carries metadata.resourceVersion", () => {
    const out = smp({ ...deployment(), metadata: { name: "web", resourceVersion: "5" } }, { metadata: { resourceVersion: "5" }, spec: { replicas: 2 } });
    expect((out.metadata as JsonMap).resourceVersion).toBe("5");
  });

  it("does not touch its inputs", () => {
    const live = deployment();
    const patch = { spec: { template: { spec: { containers: [{ name: "web", image: "x" }] } } } };
    const before = JSON.stringify([live, patch]);
    smp(live, patch);
    expect(JSON.stringify([live, patch])).toBe(before);
  });
});

describe("lists merged by key", () => {
  it("replaces a container's field by name and keeps the rest", () => {
    const out = smp(deployment(), { spec: { template: { spec: { containers: [{ name: "sidecar", image: "busybox:1.36" }] } } } });
    expect(containers(out)).toEqual([containers(deployment())[0], { name: "sidecar", image: "busybox:1.36", args: ["sleep", "3600"] }]);
  });

  it("adds a new container in front of the live ones (kube's order without $setElementOrder)", () => {
    // As in the Kubernetes docs' "kubectl patch" walkthrough: the new container comes first.
    const out = smp(deployment(), { spec: { template: { spec: { containers: [{ name: "log", image: "fluentd" }] } } } });
    expect(names(containers(out))).toEqual(["log", "web", "sidecar"]);
  });

  it("a new item follows the patch item it came after", () => {
    const out = smp(deployment(), { spec: { template: { spec: { containers: [{ name: "web", image: "nginx:2" }, { name: "log", image: "fluentd" }] } } } });
    expect(names(containers(out))).toEqual(["web", "log", "sidecar"]);
  });

  it("$patch: delete removes a container by name", () => {
    const out = smp(deployment(), { spec: { template: { spec: { containers: [{ name: "sidecar", $patch: "delete" }] } } } });
    expect(names(containers(out))).toEqual(["web"]);
  });

  it("$patch: delete of an absent item is a no-op", () => {
    const out = smp(deployment(), { spec: { template: { spec: { containers: [{ name: "nope", $patch: "delete" }] } } } });
    expect(names(containers(out))).toEqual(["web", "sidecar"]);
  });

  it("merges nested lists: ports by containerPort and env by name inside a container", () => {
    const out = smp(deployment(), {
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: "web",
                ports: [{ containerPort: 443, name: "https" }, { containerPort: 8080 }],
                env: [{ name: "B", value: "two" }, { name: "A", $patch: "delete" }],
              },
            ],
          },
        },
      },
    });
    const web = containers(out)[0]!;
    expect(web.ports).toEqual([{ containerPort: 80, protocol: "TCP" }, { containerPort: 443, protocol: "TCP", name: "https" }, { containerPort: 8080 }]);
    expect(web.env).toEqual([{ name: "B", value: "two" }]);
  });

  it("an item without its merge key is a 400 (kube: a 500), worded like kube", () => {
    const err = catchError(() => smp(deployment(), { spec: { template: { spec: { containers: [{ image: "nginx" }] } } } }));
    expect(err).toMatchObject({ kind: "invalid-patch", code: 400, message: "map: map[image:nginx] does not contain declared merge key: name" });
  });

  it("$patch: replace on a list keeps only the patch's items", () => {
    const out = smp(deployment(), { spec: { template: { spec: { containers: [{ $patch: "replace" }, { name: "only", image: "x" }] } } } });
    expect(containers(out)).toEqual([{ name: "only", image: "x" }]);
  });

  it("$patch: merge in a list is refused as kube refuses it", () => {
    const err = catchError(() => smp(deployment(), { spec: { template: { spec: { containers: [{ $patch: "merge" }] } } } }));
    expect(err).toMatchObject({ code: 400, message: "merging lists cannot yet be specified in the patch" });
  });

  it("Service ports merge by port", () => {
    const svc = { spec: { ports: [{ port: 80, targetPort: 8080, protocol: "TCP" }, { port: 443, targetPort: 8443 }] } };
    const out = smp(svc, { spec: { ports: [{ port: 80, targetPort: 9090 }] } }, "Service");
    expect((out.spec as JsonMap).ports).toEqual([{ port: 80, targetPort: 9090, protocol: "TCP" }, { port: 443, targetPort: 8443 }]);
  });

  it("status conditions merge by type", () => {
    const pod = { status: { conditions: [{ type: "Ready", status: "False" }, { type: "Initialized", status: "True" }] } };
    const out = smp(pod, { status: { conditions: [{ type: "Ready", status: "True" }] } }, "Pod");
    expect((out.status as JsonMap).conditions).toEqual([{ type: "Ready", status: "True" }, { type: "Initialized", status: "True" }]);
  });

  it("ownerReferences merge by uid", () => {
    const obj = { metadata: { ownerReferences: [{ uid: "1", name: "a" }] } };
    const out = smp(obj, { metadata: { ownerReferences: [{ uid: "2", name: "b" }] } }, "Pod");
    expect((out.metadata as JsonMap).ownerReferences).toEqual([{ uid: "2", name: "b" }, { uid: "1", name: "a" }]);
  });
});

describe("lists replaced", () => {
  it("tolerations are atomic", () => {
    const out = smp(deployment(), { spec: { template: { spec: { tolerations: [{ key: "other", operator: "Exists" }] } } } });
    expect(podSpec(out).tolerations).toEqual([{ key: "other", operator: "Exists" }]);
  });

  it("args (a list without strategy) is replaced, and so is every list of an unknown type", () => {
    const out = smp(deployment(), { spec: { template: { spec: { containers: [{ name: "sidecar", args: ["true"] }] } } } });
    expect(containers(out)[1]!.args).toEqual(["true"]);
    const cr = { spec: { items: [{ name: "a", v: 1 }], m: { x: 1 } } };
    expect(smp(cr, { spec: { items: [{ name: "b" }], m: { y: 2 } } }, undefined)).toEqual({ spec: { items: [{ name: "b" }], m: { x: 1, y: 2 } } });
  });
});

describe("primitive lists with strategy merge (finalizers)", () => {
  it("adds finalizers without duplicates, new ones first", () => {
    const out = smp(deployment(), { metadata: { finalizers: ["c.io/z", "a.io/x"] } });
    expect((out.metadata as JsonMap).finalizers).toEqual(["c.io/z", "a.io/x", "b.io/y"]);
  });

  it("$deleteFromPrimitiveList/finalizers removes them", () => {
    const out = smp(deployment(), { metadata: { "$deleteFromPrimitiveList/finalizers": ["a.io/x", "nope"] } });
    expect((out.metadata as JsonMap).finalizers).toEqual(["b.io/y"]);
  });

  it("$deleteFromPrimitiveList of an absent list adds nothing", () => {
    const out = smp({ metadata: {} }, { metadata: { "$deleteFromPrimitiveList/finalizers": ["a"] } });
    expect(out).toEqual({ metadata: {} });
  });

  it("$setElementOrder/finalizers reorders a primitive list", () => {
    const out = smp(deployment(), { metadata: { "$setElementOrder/finalizers": ["b.io/y", "a.io/x"] } });
    expect((out.metadata as JsonMap).finalizers).toEqual(["b.io/y", "a.io/x"]);
  });

  it("a malformed directive key is a 400", () => {
    const err = catchError(() => smp(deployment(), { metadata: { $deleteFromPrimitiveList: ["a"] } }));
    expect(err).toMatchObject({ kind: "invalid-patch", code: 400, message: "invalid patch format of primitive list" });
  });
});

describe("$setElementOrder", () => {
  const live = () => ({ spec: { ports: [{ port: 1 }, { port: 2, name: "b" }, { port: 3 }] } });
  const ports = (o: JsonMap) => ((o.spec as JsonMap).ports as JsonMap[]).map((p) => p.port);

  it("reorders the live items", () => {
    expect(ports(smp(live(), { spec: { "$setElementOrder/ports": [{ port: 3 }, { port: 1 }, { port: 2 }] } }, "Service"))).toEqual([3, 1, 2]);
  });

  it("places new items where the order says, and keeps server-only ones next to their neighbours", () => {
    const out = smp(live(), { spec: { "$setElementOrder/ports": [{ port: 2 }, { port: 4 }, { port: 1 }], ports: [{ port: 4 }] } }, "Service");
    expect(ports(out)).toEqual([2, 4, 1, 3]);
  });

  it("adds and deletes in one patch (kube: add map and delete map from merging list)", () => {
    const out = smp(
      { spec: { ports: [{ port: 1 }, { port: 2, name: "b" }, { port: 4, name: "c" }] } },
      { spec: { "$setElementOrder/ports": [{ port: 2 }, { port: 3 }], ports: [{ port: 3 }, { port: 1, $patch: "delete" }] } },
      "Service",
    );
    expect((out.spec as JsonMap).ports).toEqual([{ port: 2, name: "b" }, { port: 4, name: "c" }, { port: 3 }]);
  });

  it("refuses a patch list out of the directive's order", () => {
    const err = catchError(() =>
      smp(live(), { spec: { "$setElementOrder/ports": [{ port: 1 }, { port: 2 }], ports: [{ port: 2 }, { port: 1 }] } }, "Service"),
    );
    expect(err).toMatchObject({ code: 400 });
    expect(err.message).toContain("doesn't match $setElementOrder list");
  });
});

describe("maps", () => {
  it("null deletes a field; nulls matching nothing are dropped", () => {
    const out = smp(deployment(), { metadata: { labels: { app: null, tier: "fe" }, annotations: { gone: null } }, spec: { paused: null } });
    expect((out.metadata as JsonMap).labels).toEqual({ tier: "fe" });
    expect((out.metadata as JsonMap).annotations).toEqual({});
    expect(out.spec).not.toHaveProperty("paused");
  });

  it("a new subtree drops its nulls and directives", () => {
    const out = smp({ spec: {} }, { spec: { template: { metadata: { labels: { a: "1", b: null } }, spec: { $retainKeys: ["x"] } } } }, undefined);
    expect(out).toEqual({ spec: { template: { metadata: { labels: { a: "1" } }, spec: {} } } });
  });

  it("$patch: replace on a map replaces it", () => {
    const out = smp(deployment(), { spec: { selector: { $patch: "replace", matchLabels: { app: "v2" } } } });
    expect((out.spec as JsonMap).selector).toEqual({ matchLabels: { app: "v2" } });
  });

  it("$patch: delete on a map empties it", () => {
    const out = smp(deployment(), { metadata: { labels: { $patch: "delete" } } });
    expect((out.metadata as JsonMap).labels).toEqual({});
  });

  it("an unknown $patch value is refused", () => {
    expect(catchError(() => smp(deployment(), { metadata: { $patch: "bogus" } }))).toMatchObject({ code: 400 });
  });

  it("$patch: replace at the root replaces the whole object", () => {
    expect(smp(deployment(), { $patch: "replace", kind: "Deployment" })).toEqual({ kind: "Deployment" });
  });
});

describe("$retainKeys", () => {
  it("switches a Deployment to Recreate, clearing rollingUpdate", () => {
    const out = smp(deployment(), { spec: { strategy: { $retainKeys: ["type"], type: "Recreate" } } });
    expect((out.spec as JsonMap).strategy).toEqual({ type: "Recreate" });
  });

  it("without the directive the strategy map merges", () => {
    const out = smp(deployment(), { spec: { strategy: { type: "Recreate", rollingUpdate: null } } });
    expect((out.spec as JsonMap).strategy).toEqual({ type: "Recreate" });
  });

  it("changes a volume's source (volumes are merge,retainKeys by name)", () => {
    const out = smp(deployment(), {
      spec: { template: { spec: { volumes: [{ name: "data", $retainKeys: ["name", "hostPath"], hostPath: { path: "/d" } }] } } },
    });
    expect(podSpec(out).volumes).toEqual([{ name: "data", hostPath: { path: "/d" } }, { name: "cfg", configMap: { name: "cfg" } }]);
  });

  it("a patch field missing from $retainKeys is a 400", () => {
    const err = catchError(() => smp(deployment(), { spec: { strategy: { $retainKeys: ["type"], rollingUpdate: {} } } }));
    expect(err).toMatchObject({ kind: "invalid-patch", code: 400, message: "invalid patch format of retainKeys" });
  });
});

describe("bodies", () => {
  it("a non-object body is a 400; null is an empty patch", () => {
    expect(catchError(() => smp(deployment(), [{ op: "add" }]))).toMatchObject({
      kind: "invalid-patch",
      code: 400,
      message: "json: cannot unmarshal array into Go value of type map[string]interface {}",
    });
    expect(smp(deployment(), null)).toEqual(deployment());
  });

  it("lists of lists are a 422", () => {
    const table: PatchMetaTable = { T: { l: { strategy: "merge" } } };
    const err = catchError(() => applyStrategicMergePatch({ l: [[1]] }, { l: [[2]] }, "T", table));
    expect(err).toMatchObject({ code: 422, message: "lists of lists are not supported" });
  });
});

// Loose time limits, for a loaded machine: with linear lookups in each merge these took 13 s and more.
describe("large lists merge in about linear time (no request may hold the thread)", { timeout: 300_000 }, () => {
  const N = 10_000;
  const owners = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ apiVersion: "v1", kind: "ConfigMap", name: `o${from + i}`, uid: `u${from + i}` }));
  const fins = (from: number, n: number) => Array.from({ length: n }, (_, i) => `e.io/f${from + i}`);
  const timed = <T>(fn: () => T): T => {
    const start = performance.now();
    const out = fn();
    expect(performance.now() - start).toBeLessThan(5000);
    return out;
  };

  it("a list merged by key: server-only items first, then the patch's, each merged once", () => {
    const original = { metadata: { ownerReferences: owners(0, N) } };
    const patch = { metadata: { ownerReferences: [...owners(N / 2, N).map((o) => ({ ...o, controller: true }))] } };
    const out = timed(() => smp(original, patch));
    const refs = (out.metadata as JsonMap).ownerReferences as JsonMap[];
    expect(refs).toHaveLength(N + N / 2);
    expect(refs.slice(0, 3).map((r) => [r.uid, r.controller])).toEqual([["u0", undefined], ["u1", undefined], ["u2", undefined]]);
    expect(refs[N / 2]).toMatchObject({ uid: `u${N / 2}`, controller: true });
    expect(refs.at(-1)).toMatchObject({ uid: `u${N + N / 2 - 1}`, controller: true });
  });

  it("$setElementOrder over many items, and deletions by key", () => {
    const original = { metadata: { ownerReferences: owners(0, N), finalizers: fins(0, N) } };
    const order = fins(0, 2 * N).reverse();
    const patch = {
      metadata: {
        "$setElementOrder/finalizers": order,
        finalizers: fins(N, N).reverse(),
        ownerReferences: owners(0, N / 2).map((o) => ({ uid: o.uid, $patch: "delete" })),
      },
    };
    const out = timed(() => smp(original, patch)).metadata as JsonMap;
    expect(out.finalizers).toEqual(order);
    expect((out.ownerReferences as JsonMap[]).map((r) => r.uid)).toEqual(owners(N / 2, N / 2).map((o) => o.uid));
  });

  it("primitive lists: merged as sets and $deleteFromPrimitiveList", () => {
    const merged = timed(() => smp({ metadata: { finalizers: fins(0, N) } }, { metadata: { finalizers: fins(N / 2, N) } }));
    expect((merged.metadata as JsonMap).finalizers).toEqual(fins(0, N + N / 2));
    const deleted = timed(() => smp({ metadata: { finalizers: fins(0, N) } }, { metadata: { "$deleteFromPrimitiveList/finalizers": [...fins(0, N - 1), ...fins(N, N)] } }));
    expect((deleted.metadata as JsonMap).finalizers).toEqual(fins(N - 1, 1));
  });
});

function catchError(fn: () => unknown): PatchError {
  try {
    fn();
  } catch (err) {
    if (err instanceof PatchError) return err;
    throw err;
  }
  throw new Error("expected a PatchError");
}
