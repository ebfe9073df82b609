// The API machinery against real kubectl (1.29 with JSON bodies and OpenAPI v3 validation, 1.32 and
// 1.33 with protobuf bodies): discovery, explain, every create generator, get in all its forms,
// describe, apply (client-side, server-side, kustomize), diff, edit, patch, label, annotate, scale,
// set image, delete, watch and wait, auth, CRDs, and the errors kube-apiserver gives.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collect, kubectl, kubectlBinary, startKubedo, stop, type Kubectl, type Kubedo } from "./helpers";

const VERSIONS = process.env.KUBEDO_E2E_VERSIONS?.split(",") ?? ["1.29", "1.32", "1.33"];

let service: Kubedo;
let files: string;

beforeAll(async () => {
  for (const v of VERSIONS) kubectlBinary(v);
  service = await startKubedo();
  files = mkdtempSync(join(tmpdir(), "kubedo-manifests-"));
});

afterAll(async () => {
  await service?.stop();
});

/** Writes a manifest and returns its path. */
function manifest(name: string, text: string): string {
  const path = join(files, name);
  writeFileSync(path, text);
  return path;
}

function ok(k: Kubectl, args: string[], opts: { env?: Record<string, string> } = {}): string {
  const r = k.run(args, opts);
  const stderr = r.stderr.replace(/^WARNING: version difference between client \(1\.29\) and server \(1\.33\).*\n/m, "");
  expect(r.code, `kubectl ${args.join(" ")}\n${r.stdout}\n${r.stderr}`).toBe(0);
  expect(stderr, `kubectl ${args.join(" ")}`).toBe("");
  return r.stdout;
}

function fails(k: Kubectl, args: string[]): string {
  const r = k.run(args);
  expect(r.code, `kubectl ${args.join(" ")} should fail\n${r.stdout}`).not.toBe(0);
  return r.stderr;
}

const rows = (out: string) => out.trim().split("\n").map((l) => l.trim().split(/\s{2,}/));

describe.each(VERSIONS)("kubectl %s", (version) => {
  const ns = `api-${version.replace(".", "")}`;
  let k: Kubectl;
  const n = (args: string[]) => ["-n", ns, ...args];

  beforeAll(() => {
    k = kubectl(version, service.kubeconfig);
    expect(ok(k, ["create", "namespace", ns]).trim()).toBe(`namespace/${ns} created`);
  });

  describe("discovery and explain", () => {
    it("api-resources lists the built-in kinds with short names and scopes", () => {
      const out = ok(k, ["api-resources"]);
      expect(out).toMatch(/^NAME\s+SHORTNAMES\s+APIVERSION\s+NAMESPACED\s+KIND/);
      expect(out).toMatch(/\npods\s+po\s+v1\s+true\s+Pod\n/);
      expect(out).toMatch(/\ndeployments\s+deploy\s+apps\/v1\s+true\s+Deployment\n/);
      expect(out).toMatch(/\nnodes\s+no\s+v1\s+false\s+Node\n/);
      expect(out).toMatch(/\ncustomresourcedefinitions\s+crd,crds\s+apiextensions\.k8s\.io\/v1\s+false\s+CustomResourceDefinition\n/);
    });

    it("api-versions lists the served group-versions", () => {
      const versions = ok(k, ["api-versions"]).trim().split("\n");
      for (const gv of ["v1", "apps/v1", "batch/v1", "rbac.authorization.k8s.io/v1", "networking.k8s.io/v1", "autoscaling/v2"]) expect(versions).toContain(gv);
    });

    it("explain describes fields from the OpenAPI documents", () => {
      const out = ok(k, ["explain", "deployment.spec.replicas"]);
      expect(out).toMatch(/GROUP:\s+apps\nKIND:\s+Deployment\nVERSION:\s+v1/);
      expect(out).toContain("FIELD: replicas <integer>");
      expect(out).toContain("Number of desired pods");
    });
  });

  describe("create", () => {
    it("creates every kind its generators know (protobuf bodies from 1.32)", () => {
      expect(ok(k, n(["create", "configmap", "cm1", "--from-literal=a=b", "--from-literal=c=d"])).trim()).toBe("configmap/cm1 created");
      expect(ok(k, n(["create", "secret", "generic", "s1", "--from-literal=user=admin"])).trim()).toBe("secret/s1 created");
      expect(ok(k, n(["create", "deployment", "web", "--image=nginx:1.27", "--replicas=2"])).trim()).toBe("deployment.apps/web created");
      expect(ok(k, n(["create", "service", "clusterip", "websvc", "--tcp=80:8080"])).trim()).toBe("service/websvc created");
      expect(ok(k, n(["create", "job", "j1", "--image=busybox", "--", "echo", "hi"])).trim()).toBe("job.batch/j1 created");
      expect(ok(k, n(["create", "cronjob", "cj1", "--image=busybox", "--schedule=*/5 * * * *", "--", "echo", "hi"])).trim()).toBe("cronjob.batch/cj1 created");
      expect(ok(k, n(["create", "role", "r1", "--verb=get,list", "--resource=pods"])).trim()).toBe("role.rbac.authorization.k8s.io/r1 created");
      expect(ok(k, n(["create", "rolebinding", "rb1", "--role=r1", "--user=alice"])).trim()).toBe("rolebinding.rbac.authorization.k8s.io/rb1 created");
      expect(ok(k, n(["create", "serviceaccount", "sa1"])).trim()).toBe("serviceaccount/sa1 created");
      expect(ok(k, n(["run", "bb", "--image=busybox", "--", "sleep", "3600"])).trim()).toBe("pod/bb created");
      // A service account token authenticates as the service account.
      const token = ok(k, n(["create", "token", "sa1"])).trim();
      expect(token.split(".")).toHaveLength(3);
      const whoami = rows(ok(k, ["auth", "whoami", "--token", token]));
      expect(whoami[1]).toEqual(["Username", `system:serviceaccount:${ns}:sa1`]);
      expect(ok(k, n(["expose", "deployment", "web", "--port=80", "--target-port=8080", "--name=web-exposed"])).trim()).toBe("service/web-exposed exposed");
    });

    it("stores what the generators sent, defaulted as kube-apiserver defaults it", () => {
      const deploy = JSON.parse(ok(k, n(["get", "deployment", "web", "-o", "json", "--show-managed-fields"])));
      expect(deploy.spec).toMatchObject({ replicas: 2, revisionHistoryLimit: 10, progressDeadlineSeconds: 600, strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } } });
      expect(deploy.spec.template.spec).toMatchObject({ restartPolicy: "Always", dnsPolicy: "ClusterFirst", terminationGracePeriodSeconds: 30, schedulerName: "default-scheduler" });
      expect(deploy.spec.template.spec.containers[0]).toMatchObject({ name: "nginx", image: "nginx:1.27", imagePullPolicy: "IfNotPresent", terminationMessagePath: "/dev/termination-log" });
      expect(deploy.metadata.generation).toBe(1);
      expect(deploy.metadata.managedFields[0]).toMatchObject({ manager: "kubectl-create", operation: "Update" });
      const cm = JSON.parse(ok(k, n(["get", "configmap", "cm1", "-o", "json"])));
      expect(cm.data).toEqual({ a: "b", c: "d" });
      const secret = JSON.parse(ok(k, n(["get", "secret", "s1", "-o", "json"])));
      expect(secret.type).toBe("Opaque");
      expect(atob(secret.data.user)).toBe("admin");
      const svc = JSON.parse(ok(k, n(["get", "service", "websvc", "-o", "json"])));
      expect(svc.spec.ports).toEqual([{ name: "80-8080", port: 80, protocol: "TCP", targetPort: 8080 }]);
      expect(svc.spec.type).toBe("ClusterIP");
      const job = JSON.parse(ok(k, n(["get", "job", "j1", "-o", "json"])));
      expect(job.spec.backoffLimit).toBe(6);
      expect(job.spec.selector.matchLabels["batch.kubernetes.io/controller-uid"]).toBe(job.metadata.uid);
    });

    it("answers AlreadyExists for a second create", () => {
      // 1.33's create prefixes kubectl's own words ("error: failed to create configmap: ..."); the Status message is kube's.
      expect(fails(k, n(["create", "configmap", "cm1", "--from-literal=x=y"]))).toContain('configmaps "cm1" already exists');
      expect(fails(k, n(["create", "namespace", ns])).trim()).toBe(`Error from server (AlreadyExists): namespaces "${ns}" already exists`);
    });
  });

  describe("get", () => {
    it("prints server-side tables like a real cluster", () => {
      ok(k, n(["rollout", "status", "deployment/web", "--timeout=60s"]));
      ok(k, n(["wait", "--for=condition=Ready", "pod/bb", "--timeout=60s"]));
      const deploy = rows(ok(k, n(["get", "deployment", "web"])));
      expect(deploy[0]).toEqual(["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"]);
      expect(deploy[1]!.slice(0, 4)).toEqual(["web", "2/2", "2", "2"]);
      const svc = rows(ok(k, n(["get", "service", "websvc"])));
      expect(svc[0]).toEqual(["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"]);
      expect(svc[1]![0]).toBe("websvc");
      expect(svc[1]![1]).toBe("ClusterIP");
      expect(svc[1]![4]).toBe("80/TCP");
      const pods = rows(ok(k, n(["get", "pods", "-o", "wide"])));
      expect(pods[0]).toEqual(["NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE", "NOMINATED NODE", "READINESS GATES"]);
      expect(pods[1]!.slice(0, 4)).toEqual(["bb", "1/1", "Running", "0"]);
      expect(pods[1]![5]).toMatch(/^10\.244\.\d+\.\d+$/);
      expect(pods[1]![6]).toMatch(/^node-\d$/);
      const cm = rows(ok(k, n(["get", "configmap", "cm1"])));
      expect(cm[0]).toEqual(["NAME", "DATA", "AGE"]);
      expect(cm[1]!.slice(0, 2)).toEqual(["cm1", "2"]);
    });

    it("prints -o yaml, -o json, -o jsonpath and -o name", () => {
      expect(ok(k, n(["get", "configmap", "cm1", "-o", "yaml"]))).toMatch(/^apiVersion: v1\ndata:\n {2}a: b\n {2}c: d\nkind: ConfigMap\n/);
      expect(JSON.parse(ok(k, n(["get", "configmaps", "-o", "json"]))).items.map((i: any) => i.metadata.name)).toContain("cm1");
      expect(ok(k, n(["get", "configmap", "cm1", "-o", "jsonpath={.data.a}"]))).toBe("b");
      expect(ok(k, n(["get", "deployments", "-o", "name"])).trim()).toBe("deployment.apps/web");
    });

    it("lists across namespaces with -A, and filters with -l and --field-selector", () => {
      const all = rows(ok(k, ["get", "configmaps", "-A"]));
      expect(all[0]).toEqual(["NAMESPACE", "NAME", "DATA", "AGE"]);
      expect(all.some((r) => r[0] === ns && r[1] === "cm1")).toBe(true);
      ok(k, n(["label", "configmap", "cm1", "tier=front"]));
      expect(ok(k, n(["get", "configmaps", "-l", "tier=front", "-o", "name"])).trim()).toBe("configmap/cm1");
      expect(ok(k, n(["get", "configmaps", "-l", "tier!=front", "-o", "name"]))).not.toContain("configmap/cm1");
      expect(ok(k, n(["get", "configmaps", "--field-selector", "metadata.name=cm1", "-o", "name"])).trim()).toBe("configmap/cm1");
      const labels = rows(ok(k, n(["get", "configmap", "cm1", "--show-labels"])));
      expect(labels[0]).toEqual(["NAME", "DATA", "AGE", "LABELS"]);
      expect(labels[1]![3]).toBe("tier=front");
    });

    it("get all shows the kinds in the all category", () => {
      const out = ok(k, n(["get", "all"]));
      for (const name of ["pod/bb", "service/websvc", "deployment.apps/web", "job.batch/j1", "cronjob.batch/cj1"]) expect(out).toContain(name);
    });

    it("describe shows an object and its events", () => {
      const out = ok(k, n(["describe", "deployment", "web"]));
      expect(out).toMatch(/Name:\s+web\n/);
      expect(out).toMatch(/Replicas:\s+2 desired/);
      expect(out).toMatch(/StrategyType:\s+RollingUpdate/);
      expect(ok(k, n(["describe", "configmap", "cm1"]))).toMatch(/Name:\s+cm1\nNamespace:\s+api-/);
    });
  });

  describe("typed writes beyond the create generators (protobuf from 1.32)", () => {
    // kubectl autoscale posts autoscaling/v1 with --cpu-percent, autoscaling/v2 without (both protobuf from 1.32).
    it("autoscale creates HorizontalPodAutoscalers through autoscaling/v1 and autoscaling/v2", () => {
      // --raw paths are the server's own: the cluster's API lives under /clusters/<id>.
      const api = new URL(ok(k, ["config", "view", "--minify", "-o", "jsonpath={.clusters[0].cluster.server}"])).pathname;
      expect(ok(k, n(["autoscale", "deployment", "web", "--min=2", "--max=5", "--cpu-percent=60"])).trim()).toBe("horizontalpodautoscaler.autoscaling/web autoscaled");
      const v1 = ok(k, ["get", "--raw", `${api}/apis/autoscaling/v1/namespaces/${ns}/horizontalpodautoscalers/web`]);
      expect(v1).toMatch(new RegExp(`^\\{"kind":"HorizontalPodAutoscaler","apiVersion":"autoscaling/v1","metadata":\\{"name":"web","namespace":"${ns}",`));
      expect(JSON.parse(v1).spec).toEqual({ scaleTargetRef: { kind: "Deployment", name: "web", apiVersion: "apps/v1" }, minReplicas: 2, maxReplicas: 5, targetCPUUtilizationPercentage: 60 });
      expect(ok(k, n(["delete", "hpa", "web"])).trim()).toBe('horizontalpodautoscaler.autoscaling "web" deleted');

      expect(ok(k, n(["autoscale", "deployment", "web", "--max=4"])).trim()).toBe("horizontalpodautoscaler.autoscaling/web autoscaled");
      const v2 = JSON.parse(ok(k, ["get", "--raw", `${api}/apis/autoscaling/v2/namespaces/${ns}/horizontalpodautoscalers/web`]));
      expect(v2.spec).toMatchObject({ scaleTargetRef: { kind: "Deployment", name: "web", apiVersion: "apps/v1" }, maxReplicas: 4 });
      expect(ok(k, n(["delete", "hpa", "web"])).trim()).toBe('horizontalpodautoscaler.autoscaling "web" deleted');
    });
  });

  describe("apply, diff, edit and patches", () => {
    const deployment = (replicas: number, image: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: applied
  labels: {app: applied}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: applied}}
  template:
    metadata: {labels: {app: applied}}
    spec:
      containers:
      - name: web
        image: ${image}
`;

    it("apply -f creates, then configures only what changed", () => {
      const file = manifest(`applied-${version}.yaml`, deployment(1, "nginx:1.26"));
      expect(ok(k, n(["apply", "-f", file])).trim()).toBe("deployment.apps/applied created");
      expect(ok(k, n(["apply", "-f", file])).trim()).toBe("deployment.apps/applied unchanged");
      manifest(`applied-${version}.yaml`, deployment(3, "nginx:1.27"));
      expect(ok(k, n(["apply", "-f", file])).trim()).toBe("deployment.apps/applied configured");
      const live = JSON.parse(ok(k, n(["get", "deployment", "applied", "-o", "json"])));
      expect(live.spec.replicas).toBe(3);
      expect(live.spec.template.spec.containers[0].image).toBe("nginx:1.27");
      expect(live.metadata.generation).toBe(2);
      expect(live.metadata.annotations["kubectl.kubernetes.io/last-applied-configuration"]).toContain('"replicas":3');
    });

    it("diff shows a pending change and exits 1, and exits 0 when there is none", () => {
      const file = manifest(`diff-${version}.yaml`, deployment(5, "nginx:1.27"));
      const changed = k.run(n(["diff", "-f", file]));
      expect(changed.code).toBe(1);
      expect(changed.stdout).toMatch(/-\s+replicas: 3\n\+\s+replicas: 5/);
      const same = k.run(n(["diff", "-f", manifest(`same-${version}.yaml`, deployment(3, "nginx:1.27"))]));
      expect(same.code).toBe(0);
      expect(JSON.parse(ok(k, n(["get", "deployment", "applied", "-o", "json"]))).spec.replicas).toBe(3);
    });

    it("apply --server-side creates and updates, and reports a conflict unless forced", () => {
      const cm = (value: string) => manifest(`ssa-${version}-${value}.yaml`, `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  key: ${value}\n`);
      expect(ok(k, n(["apply", "--server-side", "-f", cm("one")])).trim()).toBe("configmap/ssa serverside-applied");
      expect(ok(k, n(["apply", "--server-side", "-f", cm("two")])).trim()).toBe("configmap/ssa serverside-applied");
      const conflict = fails(k, n(["apply", "--server-side", "--field-manager=other", "-f", cm("three")]));
      expect(conflict).toContain("Apply failed with 1 conflict: conflict with \"kubectl\": .data.key");
      expect(JSON.parse(ok(k, n(["get", "configmap", "ssa", "-o", "json"]))).data.key).toBe("two");
      expect(ok(k, n(["apply", "--server-side", "--field-manager=other", "--force-conflicts", "-f", cm("three")])).trim()).toBe("configmap/ssa serverside-applied");
      const live = JSON.parse(ok(k, n(["get", "configmap", "ssa", "-o", "json", "--show-managed-fields"])));
      expect(live.data.key).toBe("three");
      expect(live.metadata.managedFields.map((m: any) => [m.manager, m.operation])).toContainEqual(["other", "Apply"]);
    });

    it("apply -k builds a kustomization on the client and applies it", () => {
      const dir = join(files, `kustomize-${version}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "kustomization.yaml"), "namePrefix: k-\nlabels:\n- pairs: {via: kustomize}\nconfigMapGenerator:\n- name: settings\n  literals: [mode=fast]\n  options: {disableNameSuffixHash: true}\n");
      expect(ok(k, n(["apply", "-k", dir])).trim()).toBe("configmap/k-settings created");
      expect(JSON.parse(ok(k, n(["get", "configmap", "k-settings", "-o", "json"]))).metadata.labels.via).toBe("kustomize");
    });

    it("edit with a non-interactive editor patches the live object", () => {
      const editor = manifest(`editor-${version}.sh`, '#!/bin/sh\nsed -i "s/replicas: 3/replicas: 4/" "$1"\n');
      const out = ok(k, n(["edit", "deployment", "applied"]), { env: { KUBE_EDITOR: `sh ${editor}` } });
      expect(out.trim()).toBe("deployment.apps/applied edited");
      expect(JSON.parse(ok(k, n(["get", "deployment", "applied", "-o", "json"]))).spec.replicas).toBe(4);
    });

    it("patches with strategic, merge and JSON patch types", () => {
      ok(k, n(["patch", "deployment", "applied", "-p", '{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"busybox"}]}}}}']));
      let live = JSON.parse(ok(k, n(["get", "deployment", "applied", "-o", "json"])));
      expect(live.spec.template.spec.containers.map((c: any) => c.name).sort()).toEqual(["sidecar", "web"]);
      ok(k, n(["patch", "deployment", "applied", "--type=merge", "-p", '{"metadata":{"labels":{"patched":"merge"}}}']));
      ok(k, n(["patch", "deployment", "applied", "--type=json", "-p", '[{"op":"replace","path":"/spec/replicas","value":2}]']));
      live = JSON.parse(ok(k, n(["get", "deployment", "applied", "-o", "json"])));
      expect(live.metadata.labels.patched).toBe("merge");
      expect(live.spec.replicas).toBe(2);
      expect(live.spec.template.spec.containers.find((c: any) => c.name === "sidecar").imagePullPolicy).toBe("Always");
    });

    it("labels, annotates, scales and sets images", () => {
      expect(ok(k, n(["label", "deployment", "web", "env=prod"])).trim()).toBe("deployment.apps/web labeled");
      expect(fails(k, n(["label", "deployment", "web", "env=dev"]))).toContain("'env' already has a value (prod), and --overwrite is false");
      expect(ok(k, n(["annotate", "deployment", "web", "note=hi"])).trim()).toBe("deployment.apps/web annotated");
      expect(ok(k, n(["scale", "deployment", "web", "--replicas=5"])).trim()).toBe("deployment.apps/web scaled");
      expect(ok(k, n(["scale", "deployment", "web", "--current-replicas=5", "--replicas=6"])).trim()).toBe("deployment.apps/web scaled");
      expect(ok(k, n(["set", "image", "deployment/web", "nginx=nginx:1.28"])).trim()).toBe("deployment.apps/web image updated");
      const live = JSON.parse(ok(k, n(["get", "deployment", "web", "-o", "json"])));
      expect(live.metadata.labels.env).toBe("prod");
      expect(live.metadata.annotations.note).toBe("hi");
      expect(live.spec.replicas).toBe(6);
      expect(live.spec.template.spec.containers[0].image).toBe("nginx:1.28");
      expect(fails(k, n(["scale", "deployment", "web", "--current-replicas=1", "--replicas=2"]))).toContain("Expected replicas to be 1, was 6");
    });
  });

  describe("watch, wait and delete", () => {
    it("get -w sees later changes", async () => {
      const watcher = k.spawn(n(["get", "configmaps", "-w"]));
      const out = collect(watcher);
      try {
        await out.waitFor(/cm1\s+2/);
        ok(k, n(["create", "configmap", "watched", "--from-literal=a=b"]));
        await out.waitFor(/\nwatched\s+1\s+\d+s/, 15_000);
      } finally {
        await stop(watcher);
      }
    });

    it("wait --for=jsonpath and --for=delete", async () => {
      expect(ok(k, n(["wait", "--for=jsonpath={.data.a}=b", "configmap/watched", "--timeout=20s"])).trim()).toBe("configmap/watched condition met");
      // A finalizer keeps the configmap until the waiter is watching (its -v=6 log shows the watch request).
      ok(k, n(["patch", "configmap", "watched", "--type=merge", "-p", '{"metadata":{"finalizers":["example.com/hold"]}}']));
      ok(k, n(["delete", "configmap", "watched", "--wait=false"]));
      const waiter = k.spawn(n(["wait", "--for=delete", "configmap/watched", "--timeout=30s", "-v=6"]));
      const out = collect(waiter);
      await out.waitFor(/watch=true.*200 OK/, 20_000);
      ok(k, n(["patch", "configmap", "watched", "--type=json", "-p", '[{"op":"remove","path":"/metadata/finalizers"}]']));
      await out.waitFor(/configmap\/watched condition met/, 20_000);
      expect(fails(k, n(["get", "configmap", "watched"]))).toContain("NotFound");
    });

    it("deletes by name, by file, by label and all, with each cascade", () => {
      const file = manifest(`del-${version}.yaml`, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-file\n");
      ok(k, n(["apply", "-f", file]));
      expect(ok(k, n(["delete", "-f", file])).trim()).toBe('configmap "from-file" deleted');
      ok(k, n(["create", "configmap", "lab1"]));
      ok(k, n(["label", "configmap", "lab1", "group=del"]));
      expect(ok(k, n(["delete", "configmap", "-l", "group=del"])).trim()).toBe('configmap "lab1" deleted');
      for (const cascade of ["background", "foreground", "orphan"]) {
        ok(k, n(["create", "deployment", `casc-${cascade}`, "--image=nginx"]));
        expect(ok(k, n(["delete", "deployment", `casc-${cascade}`, `--cascade=${cascade}`])).trim()).toBe(`deployment.apps "casc-${cascade}" deleted`);
        expect(fails(k, n(["get", "deployment", `casc-${cascade}`])).trim()).toBe(`Error from server (NotFound): deployments.apps "casc-${cascade}" not found`);
      }
      ok(k, n(["create", "secret", "generic", "s2", "--from-literal=a=b"]));
      expect(ok(k, n(["delete", "secrets", "--all"]))).toMatch(/secret "s1" deleted\nsecret "s2" deleted/);
    });
  });

  describe("auth and custom resources", () => {
    it("auth can-i and auth whoami", () => {
      expect(ok(k, n(["auth", "can-i", "create", "pods"])).trim()).toBe("yes");
      expect(ok(k, ["auth", "can-i", "--list"])).toMatch(/\*\.\*\s+\[\]\s+\[\]\s+\[\*\]/);
      const whoami = rows(ok(k, ["auth", "whoami"]));
      expect(whoami[0]).toEqual(["ATTRIBUTE", "VALUE"]);
      expect(whoami[1]).toEqual(["Username", "dev-admin"]);
    });

    it("applies a CRD, then creates, gets and lists its custom resources", () => {
      const group = `v${version.replace(".", "")}.example.com`;
      const crd = manifest(`crd-${version}.yaml`, `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: gadgets.${group}
spec:
  group: ${group}
  scope: Namespaced
  names: {plural: gadgets, singular: gadget, kind: Gadget, shortNames: [gd]}
  versions:
  - name: v1
    served: true
    storage: true
    additionalPrinterColumns:
    - {name: Size, type: integer, jsonPath: .spec.size}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              size: {type: integer, minimum: 1}
`);
      expect(ok(k, ["apply", "-f", crd]).trim()).toBe(`customresourcedefinition.apiextensions.k8s.io/gadgets.${group} created`);
      ok(k, ["wait", "--for=condition=Established", `crd/gadgets.${group}`, "--timeout=20s"]);
      const cr = manifest(`cr-${version}.yaml`, `apiVersion: ${group}/v1\nkind: Gadget\nmetadata:\n  name: g1\nspec:\n  size: 3\n`);
      expect(ok(k, n(["apply", "-f", cr])).trim()).toBe(`gadget.${group}/g1 created`);
      // Each version's CRD has its own group; the plural alone would pick the first group found.
      const table = rows(ok(k, n(["get", `gadgets.${group}`])));
      expect(table[0]).toEqual(["NAME", "SIZE"]);
      expect(table[1]).toEqual(["g1", "3"]);
      expect(JSON.parse(ok(k, n(["get", `gadgets.${group}`, "g1", "-o", "json"]))).spec.size).toBe(3);
      const invalid = manifest(`cr-bad-${version}.yaml`, `apiVersion: ${group}/v1\nkind: Gadget\nmetadata:\n  name: g2\nspec:\n  size: 0\n`);
      expect(fails(k, n(["apply", "-f", invalid]))).toContain("spec.size: Invalid value: 0: spec.size in body should be greater than or equal to 1");
    });
  });

  describe("errors as kube-apiserver gives them", () => {
    it("unknown kinds, strict field validation, stale resourceVersions, bad YAML and oversized bodies change nothing", () => {
      expect(fails(k, n(["get", "frobnicators"]))).toContain('error: the server doesn\'t have a resource type "frobnicators"');
      const strict = manifest(`strict-${version}.yaml`, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: strict\ndataa:\n  a: b\n");
      expect(fails(k, n(["create", "-f", strict]))).toContain('strict decoding error: unknown field "dataa"');
      expect(fails(k, n(["get", "configmap", "strict"]))).toContain("NotFound");
      const live = JSON.parse(ok(k, n(["get", "configmap", "cm1", "-o", "json"])));
      ok(k, n(["label", "configmap", "cm1", "bump=1"]));
      const stale = manifest(`stale-${version}.json`, JSON.stringify({ ...live, data: { a: "stale" } }));
      expect(fails(k, n(["replace", "-f", stale]))).toContain('Operation cannot be fulfilled on configmaps "cm1": the object has been modified; please apply your changes to the latest version and try again');
      expect(JSON.parse(ok(k, n(["get", "configmap", "cm1", "-o", "json"]))).data.a).toBe("b");
      const bad = manifest(`bad-${version}.yaml`, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [unclosed\n");
      expect(fails(k, n(["apply", "-f", bad]))).toContain("error converting YAML to JSON");
      const big = manifest(`big-${version}.txt`, "x".repeat(3 * 1024 * 1024 + 100));
      expect(fails(k, n(["create", "configmap", "big", `--from-file=big=${big}`]))).toContain("Request entity too large: limit is 3145728");
      expect(fails(k, n(["get", "configmap", "big"]))).toContain("NotFound");
    });
  });
});
