// The admission chain in a real cluster Durable Object, through the edge: what each plugin adds to a
// pod (service account token volume, priority, tolerations, LimitRange defaults), what it refuses in
// kube's words, and ResourceQuota's counting (its controller's status and admission's own increments).
import { runInDurableObject } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { clusterStub, newCluster, type ClusterClient } from "../../../../worker/test-helpers";
import type { ClusterDO } from "../../cluster-do";
import { settle } from "../../testing";

let c: ClusterClient;
const MERGE = { "Content-Type": "application/merge-patch+json" };

const settled = () => runInDurableObject(clusterStub(c.clusterId), (o: ClusterDO) => settle(o));

async function namespace(name: string): Promise<string> {
  expect((await c.send("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name } })).status).toBe(201);
  await settled();
  return `/api/v1/namespaces/${name}`;
}

const pod = (name: string, spec: Record<string, unknown> = {}, container: Record<string, unknown> = {}) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name },
  spec: { containers: [{ name: "app", image: "nginx", ...container }], ...spec },
});

beforeAll(async () => {
  c = await newCluster();
});

describe("ServiceAccount, Priority and DefaultTolerationSeconds on every pod", () => {
  it("mounts the kube-api-access volume, runs as default, gets priority 0 and the two NoExecute tolerations", async () => {
    const NS = await namespace("sa-test");
    const res = await c.send("POST", `${NS}/pods`, pod("p", { initContainers: [{ name: "init", image: "busybox" }] }));
    expect(res.status).toBe(201);
    const spec = res.body.spec;
    expect(spec.serviceAccountName).toBe("default");
    expect(spec.serviceAccount).toBe("default");
    const volume = spec.volumes.at(-1);
    expect(volume.name).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(volume.projected).toEqual({
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: "token" } },
        { configMap: { items: [{ key: "ca.crt", path: "ca.crt" }], name: "kube-root-ca.crt" } },
        { downwardAPI: { items: [{ fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" }, path: "namespace" }] } },
      ],
    });
    for (const c of [...spec.initContainers, ...spec.containers]) {
      expect(c.volumeMounts).toEqual([{ mountPath: "/var/run/secrets/kubernetes.io/serviceaccount", name: volume.name, readOnly: true }]);
    }
    expect([spec.priority, spec.preemptionPolicy]).toEqual([0, "PreemptLowerPriority"]);
    expect(spec.tolerations).toEqual([
      { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
      { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
    ]);
    // The ConfigMap the volume projects exists in every namespace, with kube's description.
    const cm = (await c.json(`${NS}/configmaps/kube-root-ca.crt`)).body;
    expect(cm.data["ca.crt"]).toMatch(/^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+-----END CERTIFICATE-----\n$/);
    expect(cm.metadata.annotations["kubernetes.io/description"]).toMatch(/^Contains a CA bundle that can be used to verify the kube-apiserver/);
    expect((await c.json("/api/v1/namespaces/kube-system/configmaps/kube-root-ca.crt")).body.data["ca.crt"]).toBe(cm.data["ca.crt"]);
  });

  it("leaves out the token when automounting is off, and keeps a toleration that covers the taints already", async () => {
    const NS = "/api/v1/namespaces/sa-test";
    const res = await c.send("POST", `${NS}/pods`, pod("quiet", { automountServiceAccountToken: false, tolerations: [{ operator: "Exists" }] }));
    expect(res.status).toBe(201);
    expect(res.body.spec.volumes).toBeUndefined();
    expect(res.body.spec.containers[0].volumeMounts).toBeUndefined();
    expect(res.body.spec.tolerations).toEqual([{ operator: "Exists" }]);
  });

  it("refuses a pod whose service account or PriorityClass does not exist, or that sets its own priority", async () => {
    const NS = "/api/v1/namespaces/sa-test";
    const noSA = await c.send("POST", `${NS}/pods`, pod("x", { serviceAccountName: "robot" }));
    expect(noSA.status).toBe(403);
    expect(noSA.body.message).toBe('pods "x" is forbidden: error looking up service account sa-test/robot: serviceaccount "robot" not found');
    const generated = await c.send("POST", `${NS}/pods`, { ...pod(""), metadata: { generateName: "web-" }, spec: { ...pod("").spec, serviceAccountName: "robot" } });
    expect(generated.body.message).toMatch(/^pods "web-" is forbidden: /);
    const noClass = await c.send("POST", `${NS}/pods`, pod("y", { priorityClassName: "gold" }));
    expect([noClass.status, noClass.body.message]).toEqual([403, 'pods "y" is forbidden: no PriorityClass with name gold was found']);
    const own = await c.send("POST", `${NS}/pods`, pod("z", { priority: 5 }));
    expect(own.body.message).toBe('pods "z" is forbidden: the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 0 from the given PriorityClass name');
    expect((await c.json(`${NS}/pods`)).body.items.map((p: any) => p.metadata.name).sort()).toEqual(["p", "quiet"]);
  });

  it("resolves the system classes and a global default; only one class may be the default", async () => {
    const NS = "/api/v1/namespaces/sa-test";
    expect((await c.json("/apis/scheduling.k8s.io/v1/priorityclasses/system-node-critical")).body).toMatchObject({ value: 2000001000, preemptionPolicy: "PreemptLowerPriority" });
    const critical = await c.send("POST", `${NS}/pods`, pod("critical", { priorityClassName: "system-cluster-critical" }));
    expect(critical.body.spec.priority).toBe(2000000000);
    const klass = (name: string, value: number) => ({ apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name }, value, globalDefault: true });
    expect((await c.send("POST", "/apis/scheduling.k8s.io/v1/priorityclasses", klass("low", 10))).status).toBe(201);
    const second = await c.send("POST", "/apis/scheduling.k8s.io/v1/priorityclasses", klass("lower", 5));
    expect([second.status, second.body.message]).toEqual([403, 'priorityclasses.scheduling.k8s.io "lower" is forbidden: PriorityClass low is already marked as default. Only one default can exist']);
    const defaulted = await c.send("POST", `${NS}/pods`, pod("defaulted"));
    expect([defaulted.body.spec.priorityClassName, defaulted.body.spec.priority]).toEqual(["low", 10]);
    await c.send("DELETE", "/apis/scheduling.k8s.io/v1/priorityclasses/low");
  });
});

describe("LimitRanger", () => {
  it("fills in a LimitRange's defaults and says so; refuses what exceeds its max, with every reason", async () => {
    const NS = await namespace("limits");
    const lr = { apiVersion: "v1", kind: "LimitRange", metadata: { name: "lr" }, spec: { limits: [{ type: "Container", max: { cpu: "1", memory: "1Gi" }, defaultRequest: { cpu: "100m" } }] } };
    expect((await c.send("POST", `${NS}/limitranges`, lr)).status).toBe(201);
    const res = await c.send("POST", `${NS}/pods`, pod("d"));
    expect(res.status).toBe(201);
    expect(res.body.spec.containers[0].resources).toEqual({ limits: { cpu: "1", memory: "1Gi" }, requests: { cpu: "100m", memory: "1Gi" } });
    expect(res.body.metadata.annotations["kubernetes.io/limit-ranger"]).toBe("LimitRanger plugin set: cpu, memory request for container app; cpu, memory limit for container app");
    const big = await c.send("POST", `${NS}/pods`, pod("big", {}, { resources: { limits: { cpu: "2", memory: "2Gi" } } }));
    expect(big.status).toBe(403);
    expect(big.body.message).toBe('pods "big" is forbidden: [maximum cpu usage per Container is 1, but limit is 2, maximum memory usage per Container is 1Gi, but limit is 2Gi]');
  });
});

describe("ResourceQuota", () => {
  it("counts usage into status, refuses the pod that would exceed it in kube's words, and counts objects by kind", async () => {
    const NS = await namespace("quota");
    const quota = { apiVersion: "v1", kind: "ResourceQuota", metadata: { name: "q" }, spec: { hard: { pods: "2", "count/configmaps": "3", "services.loadbalancers": "0" } } };
    expect((await c.send("POST", `${NS}/resourcequotas`, quota)).status).toBe(201);
    await settled();
    // kube-root-ca.crt is a ConfigMap already.
    expect((await c.json(`${NS}/resourcequotas/q`)).body.status).toEqual({
      hard: { pods: "2", "count/configmaps": "3", "services.loadbalancers": "0" },
      used: { pods: "0", "count/configmaps": "1", "services.loadbalancers": "0" },
    });
    expect((await c.send("POST", `${NS}/pods`, pod("a"))).status).toBe(201);
    // Admission counts the pod at once, in the pod's own write.
    expect((await c.json(`${NS}/resourcequotas/q`)).body.status.used.pods).toBe("1");
    // A dry run is checked and counts nothing.
    expect((await c.send("POST", `${NS}/pods?dryRun=All`, pod("b"))).status).toBe(201);
    expect((await c.json(`${NS}/resourcequotas/q`)).body.status.used.pods).toBe("1");
    expect((await c.send("POST", `${NS}/pods`, pod("b"))).status).toBe(201);
    const third = await c.send("POST", `${NS}/pods`, pod("c"));
    expect(third.status).toBe(403);
    expect(third.body).toMatchObject({ reason: "Forbidden", details: { name: "c", kind: "pods" }, message: 'pods "c" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2' });
    const lb = await c.send("POST", `${NS}/services`, { apiVersion: "v1", kind: "Service", metadata: { name: "lb" }, spec: { type: "LoadBalancer", ports: [{ port: 80 }] } });
    expect(lb.body.message).toBe('services "lb" is forbidden: exceeded quota: q, requested: services.loadbalancers=1, used: services.loadbalancers=0, limited: services.loadbalancers=0');
    expect((await c.send("POST", `${NS}/services`, { apiVersion: "v1", kind: "Service", metadata: { name: "ok" }, spec: { ports: [{ port: 80 }] } })).status).toBe(201);
    for (const name of ["one", "two"]) await c.send("POST", `${NS}/configmaps`, { apiVersion: "v1", kind: "ConfigMap", metadata: { name } });
    expect((await c.send("POST", `${NS}/configmaps`, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "three" } })).body.message).toBe(
      'configmaps "three" is forbidden: exceeded quota: q, requested: count/configmaps=1, used: count/configmaps=3, limited: count/configmaps=3',
    );
    // Deleting a pod frees its place once the controller recounts.
    await c.send("DELETE", `${NS}/pods/a?gracePeriodSeconds=0`);
    await settled();
    expect((await c.json(`${NS}/resourcequotas/q`)).body.status.used).toMatchObject({ pods: "1", "count/configmaps": "3" });
  });

  it("asks for the compute resources it limits, and sums them in kube's units", async () => {
    const NS = await namespace("compute");
    const quota = { apiVersion: "v1", kind: "ResourceQuota", metadata: { name: "compute" }, spec: { hard: { "requests.cpu": "1", "limits.memory": "1Gi" } } };
    await c.send("POST", `${NS}/resourcequotas`, quota);
    await settled();
    const bare = await c.send("POST", `${NS}/pods`, pod("bare", { initContainers: [{ name: "init", image: "busybox" }] }));
    expect(bare.body.message).toBe('pods "bare" is forbidden: failed quota: compute: must specify limits.memory for: app,init; requests.cpu for: app,init');
    const sized = (name: string, cpu: string) => pod(name, {}, { resources: { requests: { cpu }, limits: { memory: "384Mi" } } });
    expect((await c.send("POST", `${NS}/pods`, sized("one", "500m"))).status).toBe(201);
    expect((await c.send("POST", `${NS}/pods`, sized("two", "250m"))).status).toBe(201);
    expect((await c.json(`${NS}/resourcequotas/compute`)).body.status.used).toEqual({ "requests.cpu": "750m", "limits.memory": "768Mi" });
    const over = await c.send("POST", `${NS}/pods`, sized("three", "500m"));
    expect(over.body.message).toBe('pods "three" is forbidden: exceeded quota: compute, requested: limits.memory=384Mi,requests.cpu=500m, used: limits.memory=768Mi,requests.cpu=750m, limited: limits.memory=1Gi,requests.cpu=1');
  });
});

describe("NamespaceLifecycle", () => {
  it("refuses new content in a namespace being deleted, naming the cause, and a missing namespace is NotFound", async () => {
    const NS = await namespace("going");
    await c.send("PUT", `${NS}`, { apiVersion: "v1", kind: "Namespace", metadata: { name: "going", finalizers: ["example.com/hold"] } });
    await c.send("DELETE", NS);
    const res = await c.send("POST", `${NS}/configmaps`, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "late" } });
    expect(res.status).toBe(403);
    expect(res.body.message).toBe('configmaps "late" is forbidden: unable to create new content in namespace going because it is being terminated');
    expect(res.body.details.causes).toEqual([{ reason: "NamespaceTerminating", message: "namespace going is being terminated", field: "metadata.namespace" }]);
    const missing = await c.send("POST", "/api/v1/namespaces/nowhere/configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x" } });
    expect([missing.status, missing.body.message]).toEqual([404, 'namespaces "nowhere" not found']);
    await c.send("PATCH", NS, { metadata: { finalizers: null } }, MERGE);
  });
});

describe("PodSecurity", () => {
  const privileged = pod("root", {}, { securityContext: { privileged: true } });

  it("a namespace enforcing restricted refuses a pod that fails it, naming every check", async () => {
    const NS = await namespace("strict");
    await c.send("PATCH", NS, { metadata: { labels: { "pod-security.kubernetes.io/enforce": "restricted" } } }, MERGE);
    const res = await c.send("POST", `${NS}/pods`, privileged);
    expect(res.status).toBe(403);
    expect(res.body.message).toBe(
      'pods "root" is forbidden: violates PodSecurity "restricted:latest": privileged (container "app" must not set securityContext.privileged=true), ' +
        'allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false), ' +
        'unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"]), ' +
        'runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true), ' +
        'seccompProfile (pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    );
    const compliant = pod("ok", { securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } } }, { securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } } });
    expect((await c.send("POST", `${NS}/pods`, compliant)).status).toBe(201);
  });

  it("warn mode admits with a warning, for pods and for Deployments' templates", async () => {
    const NS = await namespace("warned");
    await c.send("PATCH", NS, { metadata: { labels: { "pod-security.kubernetes.io/warn": "baseline" } } }, MERGE);
    const res = await c.send("POST", `${NS}/pods`, privileged);
    expect(res.status).toBe(201);
    expect(res.headers.get("warning")).toBe('299 - "would violate PodSecurity \\"baseline:latest\\": privileged (container \\"app\\" must not set securityContext.privileged=true)"');
    const deployment = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "d" },
      spec: { selector: { matchLabels: { app: "d" } }, template: { metadata: { labels: { app: "d" } }, spec: { hostNetwork: true, containers: [{ name: "app", image: "nginx" }] } } },
    };
    const d = await c.send("POST", `/apis/apps/v1/namespaces/warned/deployments`, deployment);
    expect(d.status).toBe(201);
    expect(d.headers.get("warning")).toContain("would violate PodSecurity \\\"baseline:latest\\\": host namespaces (hostNetwork=true)");
  });

  it("setting an enforce level warns about the pods already there; an invalid label is refused", async () => {
    const NS = "/api/v1/namespaces/warned";
    const res = await c.send("PATCH", NS, { metadata: { labels: { "pod-security.kubernetes.io/enforce": "baseline" } } }, MERGE);
    expect(res.status).toBe(200);
    // The Deployment's pod (hostNetwork) and the privileged one, one line per distinct set of reasons, sorted.
    expect(res.headers.get("warning")).toMatch(
      /^299 - "existing pods in namespace \\"warned\\" violate the new PodSecurity enforce level \\"baseline:latest\\"", 299 - "d-[a-z0-9]+-[a-z0-9]{5}: host namespaces", 299 - "root: privileged"$/,
    );
    const bad = await c.send("PATCH", NS, { metadata: { labels: { "pod-security.kubernetes.io/enforce": "strict" } } }, MERGE);
    expect([bad.status, bad.body.message]).toEqual([422, 'Namespace "warned" is invalid: metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "strict": must be one of privileged, baseline, restricted']);
  });
});

describe("DefaultStorageClass and StorageObjectInUseProtection", () => {
  const claim = (name: string, spec: Record<string, unknown> = {}) => ({
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name },
    spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, ...spec },
  });

  it("a claim without a class gets the default one, standard, and the protection finalizer; \"\" asks for no class", async () => {
    const NS = await namespace("storage");
    expect((await c.json("/apis/storage.k8s.io/v1/storageclasses/standard")).body).toMatchObject({
      metadata: { annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
      provisioner: "rancher.io/local-path",
      reclaimPolicy: "Delete",
      volumeBindingMode: "WaitForFirstConsumer",
      allowVolumeExpansion: true,
    });
    const res = await c.send("POST", `${NS}/persistentvolumeclaims`, claim("data"));
    expect(res.status).toBe(201);
    expect([res.body.spec.storageClassName, res.body.metadata.finalizers]).toEqual(["standard", ["kubernetes.io/pvc-protection"]]);
    const none = await c.send("POST", `${NS}/persistentvolumeclaims`, claim("classless", { storageClassName: "" }));
    expect(none.body.spec.storageClassName).toBe("");
  });

  it("a claim in use stays Terminating until its pod goes; a PersistentVolume that is not bound goes at once", async () => {
    const NS = "/api/v1/namespaces/storage";
    await c.send("POST", `${NS}/pods`, pod("user", { volumes: [{ name: "d", persistentVolumeClaim: { claimName: "data" } }] }));
    await c.send("DELETE", `${NS}/persistentvolumeclaims/data`);
    await settled();
    const held = (await c.json(`${NS}/persistentvolumeclaims/data`)).body;
    expect(held.metadata.deletionTimestamp).toBeDefined();
    expect(held.metadata.finalizers).toEqual(["kubernetes.io/pvc-protection"]);
    await c.send("DELETE", `${NS}/pods/user?gracePeriodSeconds=0`);
    await settled();
    expect((await c.json(`${NS}/persistentvolumeclaims/data`)).status).toBe(404);

    const pv = await c.send("POST", "/api/v1/persistentvolumes", { apiVersion: "v1", kind: "PersistentVolume", metadata: { name: "pv1" }, spec: { storageClassName: "unclaimed", capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOnce"], hostPath: { path: "/tmp/pv1" } } });
    expect(pv.body.metadata.finalizers).toEqual(["kubernetes.io/pv-protection"]);
    await c.send("DELETE", "/api/v1/persistentvolumes/pv1");
    await settled();
    expect((await c.json("/api/v1/persistentvolumes/pv1")).status).toBe(404);
  });
});
