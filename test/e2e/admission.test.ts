// Admission with real kubectl 1.33 against `npm start` (instant profile): every pod gets its service
// account's kube-api-access volume, priority and default tolerations (as `kubectl describe` shows them),
// every namespace has kube-root-ca.crt with a CA certificate openssl reads, a LimitRange fills in
// requests and limits, and a ResourceQuota refuses the pod past it, and a Deployment's ReplicaSet shows
// the refusals as FailedCreate events.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { eventually, type Kubectl, type Kubedo, withInstantKubedo } from "./helpers";

let kubedo: Kubedo;
let k: Kubectl;

withInstantKubedo((server, client) => {
  kubedo = server;
  k = client;
});

function manifest(name: string, doc: object): string {
  const file = join(kubedo.dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

/** A namespace that exists, with its default ServiceAccount (the pods' admission needs it). */
async function namespace(name: string): Promise<void> {
  k.ok(["create", "namespace", name]);
  await eventually(() => (k.run(["get", "serviceaccount", "default", "-n", name]).code === 0 ? true : undefined), `${name}'s default ServiceAccount`);
}

describe("what admission adds to every pod", () => {
  it("kubectl describe shows the kube-api-access volume, its mount, the service account, priority and tolerations", async () => {
    k.ok(["run", "web", "--image=nginx"]);
    const pod = k.json(["get", "pod", "web"]);
    const volume = pod.spec.volumes.find((v: any) => v.name.startsWith("kube-api-access-"));
    expect(volume.name).toMatch(/^kube-api-access-[a-z0-9]{5}$/);
    const described = k.ok(["describe", "pod", "web"]);
    expect(described).toMatch(/^Service Account:\s+default$/m);
    expect(described).toMatch(/^Priority:\s+0$/m);
    expect(described).toContain(`/var/run/secrets/kubernetes.io/serviceaccount from ${volume.name} (ro)`);
    expect(described).toMatch(new RegExp(`^  ${volume.name}:\\n    Type:\\s+Projected \\(a volume that contains injected data from multiple sources\\)\\n    TokenExpirationSeconds:\\s+3607\\n    ConfigMapName:\\s+kube-root-ca\\.crt`, "m"));
    expect(described).toMatch(/^Tolerations:\s+node\.kubernetes\.io\/not-ready:NoExecute op=Exists for 300s\n\s+node\.kubernetes\.io\/unreachable:NoExecute op=Exists for 300s$/m);
  });

  it("every namespace has kube-root-ca.crt, holding the cluster's CA certificate (CN=kubernetes)", async () => {
    await namespace("fresh");
    const namespaces = k.json(["get", "namespaces"]).items.map((n: any) => n.metadata.name).sort();
    const cms = await eventually(() => {
      const items = k.json(["get", "configmaps", "-A", "--field-selector", "metadata.name=kube-root-ca.crt"]).items as any[];
      return items.length === namespaces.length ? items : undefined;
    }, "kube-root-ca.crt everywhere");
    expect(cms.map((c) => c.metadata.namespace).sort()).toEqual(namespaces);
    const pem = cms[0].data["ca.crt"];
    expect(new Set(cms.map((c) => c.data["ca.crt"])).size).toBe(1);
    const x509 = spawnSync("openssl", ["x509", "-noout", "-subject", "-issuer", "-ext", "basicConstraints,keyUsage,subjectAltName"], { input: pem, encoding: "utf8" });
    expect(x509.status, x509.stderr).toBe(0);
    expect(x509.stdout).toMatch(/^subject=CN ?= ?kubernetes\nissuer=CN ?= ?kubernetes\n/);
    expect(x509.stdout).toContain("CA:TRUE");
    expect(x509.stdout).toContain("Digital Signature, Key Encipherment, Certificate Sign");
    expect(x509.stdout).toContain("DNS:kubernetes");
  });
});

describe("LimitRange and ResourceQuota", () => {
  it("a LimitRange fills requests and limits into a pod without them, and says so", async () => {
    await namespace("limits");
    k.ok(["apply", "-n", "limits", "-f", manifest("lr", { apiVersion: "v1", kind: "LimitRange", metadata: { name: "defaults" }, spec: { limits: [{ type: "Container", default: { cpu: "500m", memory: "256Mi" }, defaultRequest: { cpu: "250m", memory: "128Mi" } }] } })]);
    k.ok(["run", "plain", "--image=nginx", "-n", "limits"]);
    const pod = k.json(["get", "pod", "plain", "-n", "limits"]);
    expect(pod.spec.containers[0].resources).toEqual({ limits: { cpu: "500m", memory: "256Mi" }, requests: { cpu: "250m", memory: "128Mi" } });
    expect(pod.metadata.annotations["kubernetes.io/limit-ranger"]).toBe("LimitRanger plugin set: cpu, memory request for container plain; cpu, memory limit for container plain");
    expect(k.ok(["describe", "limitrange", "defaults", "-n", "limits"])).toMatch(/Container\s+cpu\s+-\s+-\s+250m\s+500m\s+-/);
  });

  it("a ResourceQuota refuses the fourth pod with kube's text, and describe shows its usage", async () => {
    await namespace("quota");
    k.ok(["create", "quota", "pods", "--hard=pods=3,count/configmaps=10", "-n", "quota"]);
    await eventually(() => (k.json(["get", "quota", "pods", "-n", "quota"]).status?.used?.pods === "0" ? true : undefined), "the quota counted");
    for (const name of ["p1", "p2", "p3"]) k.ok(["run", name, "--image=nginx", "-n", "quota"]);
    const fourth = k.run(["run", "p4", "--image=nginx", "-n", "quota"]);
    expect(fourth.code).toBe(1);
    expect(fourth.stderr).toBe('Error from server (Forbidden): pods "p4" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=3, limited: pods=3\n');
    const described = k.ok(["describe", "quota", "pods", "-n", "quota"]);
    expect(described).toMatch(/^Resource\s+Used\s+Hard\n--------\s+----\s+----\ncount\/configmaps\s+1\s+10\npods\s+3\s+3$/m);
  });

  it("a Deployment that hits the quota shows FailedCreate on its ReplicaSet", async () => {
    await namespace("capped");
    k.ok(["create", "quota", "two", "--hard=pods=2", "-n", "capped"]);
    await eventually(() => (k.json(["get", "quota", "two", "-n", "capped"]).status?.used ? true : undefined), "the quota counted");
    k.ok(["create", "deployment", "many", "--image=nginx", "--replicas=4", "-n", "capped"]);
    const events = await eventually(() => {
      const out = k.ok(["describe", "rs", "-l", "app=many", "-n", "capped"]);
      return /Warning\s+FailedCreate/.test(out) ? out : undefined;
    }, "FailedCreate");
    expect(events).toMatch(/Warning\s+FailedCreate\s+\S+\s+replicaset-controller\s+Error creating: pods "many-[a-z0-9]+-[a-z0-9]{5}" is forbidden: exceeded quota: two, requested: pods=1, used: pods=2, limited: pods=2/);
    expect(k.json(["get", "deployment", "many", "-n", "capped"]).status.replicas).toBe(2);
  });
});

describe("Pod Security admission", () => {
  const privileged = { apiVersion: "v1", kind: "Pod", metadata: { name: "root" }, spec: { containers: [{ name: "app", image: "nginx", securityContext: { privileged: true } }] } };

  it("a restricted namespace refuses a privileged pod; warn mode admits it with kube's warning", async () => {
    await namespace("psa");
    expect(k.ok(["label", "namespace", "psa", "pod-security.kubernetes.io/enforce=restricted"])).toBe("namespace/psa labeled\n");
    const file = manifest("privileged", privileged);
    const refused = k.run(["apply", "-n", "psa", "-f", file]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`Error from server (Forbidden): error when creating "${file}": pods "root" is forbidden: violates PodSecurity "restricted:latest": privileged (container "app" must not set securityContext.privileged=true), allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false)`);

    await namespace("lenient");
    k.ok(["label", "namespace", "lenient", "pod-security.kubernetes.io/warn=baseline"]);
    const warned = k.run(["apply", "-n", "lenient", "-f", file]);
    expect(warned.code, warned.stderr).toBe(0);
    expect(warned.stderr).toBe('Warning: would violate PodSecurity "baseline:latest": privileged (container "app" must not set securityContext.privileged=true)\n');
    expect(warned.stdout).toBe("pod/root created\n");
    // Enforcing baseline now names the pod that would not be admitted any more.
    const labelled = k.run(["label", "namespace", "lenient", "pod-security.kubernetes.io/enforce=baseline"]);
    expect(labelled.stderr).toBe('Warning: existing pods in namespace "lenient" violate the new PodSecurity enforce level "baseline:latest"\nWarning: root: privileged\n');
  });
});

describe("storage", () => {
  it("get sc lists standard (default); a claim in use stays Terminating until its pod goes", async () => {
    expect(k.ok(["get", "sc"])).toMatch(/^NAME\s+PROVISIONER\s+RECLAIMPOLICY\s+VOLUMEBINDINGMODE\s+ALLOWVOLUMEEXPANSION\s+AGE\nstandard \(default\)\s+rancher\.io\/local-path\s+Delete\s+WaitForFirstConsumer\s+true\s+\S+\n$/);
    await namespace("vol");
    k.ok(["apply", "-n", "vol", "-f", manifest("claim", { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } })]);
    expect(k.ok(["get", "pvc", "data", "-n", "vol", "-o", "jsonpath={.spec.storageClassName} {.metadata.finalizers}"])).toBe('standard ["kubernetes.io/pvc-protection"]');
    k.ok(["apply", "-n", "vol", "-f", manifest("user", { apiVersion: "v1", kind: "Pod", metadata: { name: "user" }, spec: { containers: [{ name: "app", image: "nginx" }], volumes: [{ name: "d", persistentVolumeClaim: { claimName: "data" } }] } })]);
    k.ok(["delete", "pvc", "data", "-n", "vol", "--wait=false"]);
    expect(k.ok(["get", "pvc", "data", "-n", "vol", "--no-headers"])).toMatch(/^data\s+Terminating\s/);
    k.ok(["delete", "pod", "user", "-n", "vol", "--grace-period=0", "--force"]);
    await eventually(() => (k.run(["get", "pvc", "data", "-n", "vol"]).code !== 0 ? true : undefined), "the claim gone");
  });
});

describe("volumes", () => {
  it("a claim and its pod bind through WaitForFirstConsumer on the pod's node; Delete removes the volume, Retain keeps it Released", async () => {
    await namespace("vols");
    const claim = (name: string, extra: object = {}) => manifest(`pvc-${name}`, { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "2Gi" } }, ...extra } });
    k.ok(["apply", "-n", "vols", "-f", claim("web-data")]);
    expect(k.ok(["get", "pvc", "web-data", "-n", "vols", "--no-headers"])).toMatch(/^web-data\s+Pending\s+standard\s/);
    k.ok(["apply", "-n", "vols", "-f", manifest("pod-web", { apiVersion: "v1", kind: "Pod", metadata: { name: "web" }, spec: { containers: [{ name: "app", image: "nginx" }], volumes: [{ name: "d", persistentVolumeClaim: { claimName: "web-data" } }] } })]);
    const pvName = await eventually(() => {
      const pvc = k.json(["get", "pvc", "web-data", "-n", "vols"]);
      return pvc.status.phase === "Bound" ? (pvc.spec.volumeName as string) : undefined;
    }, "the claim Bound");
    const node = k.json(["get", "pod", "web", "-n", "vols"]).spec.nodeName;
    expect(k.ok(["get", "pv", pvName, "-o", "jsonpath={.spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].values[0]}"])).toBe(node);
    expect(k.ok(["get", "pv", pvName, "--no-headers"])).toMatch(new RegExp(`^${pvName}\\s+2Gi\\s+RWO\\s+Delete\\s+Bound\\s+vols/web-data\\s+standard\\s`));
    k.ok(["delete", "pod", "web", "-n", "vols", "--grace-period=0", "--force"]);
    k.ok(["delete", "pvc", "web-data", "-n", "vols"]);
    await eventually(() => (k.run(["get", "pv", pvName]).code !== 0 ? true : undefined), "the volume deleted");

    k.ok(["apply", "-f", manifest("sc-keep", { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: "keep" }, provisioner: "rancher.io/local-path", reclaimPolicy: "Retain", volumeBindingMode: "Immediate" })]);
    k.ok(["apply", "-n", "vols", "-f", claim("kept", { storageClassName: "keep" })]);
    const kept = await eventually(() => {
      const pvc = k.json(["get", "pvc", "kept", "-n", "vols"]);
      return pvc.status.phase === "Bound" ? (pvc.spec.volumeName as string) : undefined;
    }, "the Immediate claim Bound");
    k.ok(["delete", "pvc", "kept", "-n", "vols"]);
    await eventually(() => (k.json(["get", "pv", kept]).status.phase === "Released" ? true : undefined), "the volume Released");
  });
});

describe("volume expansion", () => {
  it("kubectl patch grows a bound claim of the standard class: CAPACITY shows the new size", async () => {
    await namespace("grow");
    k.ok(["apply", "-n", "grow", "-f", manifest("pvc-grow", { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } })]);
    k.ok(["apply", "-n", "grow", "-f", manifest("pod-grow", { apiVersion: "v1", kind: "Pod", metadata: { name: "app" }, spec: { containers: [{ name: "app", image: "nginx" }], volumes: [{ name: "d", persistentVolumeClaim: { claimName: "data" } }] } })]);
    await eventually(() => (k.json(["get", "pvc", "data", "-n", "grow"]).status.phase === "Bound" ? true : undefined), "the claim Bound");
    expect(k.ok(["patch", "pvc", "data", "-n", "grow", "-p", '{"spec":{"resources":{"requests":{"storage":"5Gi"}}}}'])).toBe("persistentvolumeclaim/data patched\n");
    const row = await eventually(() => {
      const cols = k.ok(["get", "pvc", "data", "-n", "grow", "--no-headers"]).trim().split(/\s+/);
      return cols[3] === "5Gi" ? cols : undefined;
    }, "the new capacity");
    expect(row.slice(0, 6)).toEqual(["data", "Bound", row[2], "5Gi", "RWO", "standard"]);
  });
});

describe("priority and preemption", () => {
  it("a high-priority pod preempts a low one on a full cluster", async () => {
    await namespace("prio");
    const klass = (name: string, value: number) => manifest(`pc-${name}`, { apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name }, value });
    k.ok(["apply", "-f", klass("low", 10)]);
    k.ok(["apply", "-f", klass("high", 1000)]);
    const pod = (name: string, cpu: string, priorityClassName: string) =>
      manifest(`pod-${name}`, { apiVersion: "v1", kind: "Pod", metadata: { name }, spec: { priorityClassName, containers: [{ name: "app", image: "nginx", resources: { requests: { cpu } } }] } });
    for (const n of [1, 2, 3]) k.ok(["apply", "-n", "prio", "-f", pod(`low-${n}`, "3500m", "low")]);
    await eventually(() => (k.json(["get", "pods", "-n", "prio"]).items.every((p: any) => p.status.phase === "Running") ? true : undefined), "the low pods Running");
    k.ok(["apply", "-n", "prio", "-f", pod("vip", "3", "high")]);
    const node = await eventually(() => {
      const vip = k.json(["get", "pod", "vip", "-n", "prio"]);
      return vip.status.phase === "Running" ? (vip.spec.nodeName as string) : undefined;
    }, "vip Running", 60_000);
    expect(k.json(["get", "pod", "vip", "-n", "prio"]).spec.priority).toBe(1000);
    const events = k.ok(["get", "events", "-n", "prio", "--field-selector", "reason=Preempted", "-o", "jsonpath={.items[*].message}"]);
    expect(events).toMatch(new RegExp(`^Preempted by pod [0-9a-f-]{36} on node ${node}$`));
    expect(k.json(["get", "pods", "-n", "prio"]).items.filter((p: any) => p.metadata.name.startsWith("low-"))).toHaveLength(2);
  });
});

