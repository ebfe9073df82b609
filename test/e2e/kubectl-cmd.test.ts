// Cases from kubectl's own command tests (kubernetes/test/cmd), run step by step with the real
// kubectl 1.33 against `npm start`: the commands and the strings those tests look for.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kubectl, kubectlBinary, startKubedo, type Kubectl, type Kubedo } from "./helpers";

const VERSION = process.env.KUBEDO_E2E_CMD_VERSION ?? "1.33";
let kubedo: Kubedo;
let k: Kubectl;
let files: string;

beforeAll(async () => {
  kubectlBinary(VERSION); // fail fast, never skip
  kubedo = await startKubedo();
  k = kubectl(VERSION, kubedo.kubeconfig);
  files = mkdtempSync(join(tmpdir(), "kubedo-cmd-"));
});

afterAll(async () => {
  await kubedo?.stop();
});

function file(name: string, text: string): string {
  const path = join(files, name);
  writeFileSync(path, text);
  return path;
}

// `kubectl create --raw` and `get --raw` address the server's root, dropping the kubeconfig's
// /clusters/<id> prefix: the edge routes them to the one cluster the dev tenant's token names.
describe("test/cmd: create.sh", () => {
  it("posting a pod to namespaces fails: the object provided is unrecognized (must be of type Namespace)", async () => {
    const pod =
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: valid-pod\n  labels:\n    name: valid-pod\nspec:\n  containers:\n  - name: kubernetes-serve-hostname\n    image: registry.k8s.io/serve_hostname\n";
    const res = k.run(["create", "--raw", "/api/v1/namespaces", "-f", file("valid-pod.yaml", pod)]);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain("the object provided is unrecognized (must be of type Namespace)");
    expect(k.run(["get", "pod", "valid-pod"]).code).not.toBe(0);
  });
});

describe("test/cmd: core.sh", () => {
  it("replace of a cluster scoped resource (a Node carrying resourceVersion \"0\") succeeds", () => {
    expect(k.run(["create", "-f", file("node.json", JSON.stringify({ kind: "Node", apiVersion: "v1", metadata: { name: "node-v1-test" } }))]).code).toBe(0);
    // The simulated node controller gives the node its pod range, which the replacement keeps (kube would refuse to drop it).
    let spec: unknown;
    for (let i = 0; i < 50 && !(spec as { podCIDR?: string } | undefined)?.podCIDR; i++) spec = JSON.parse(k.run(["get", "node", "node-v1-test", "-o", "json"]).stdout).spec;
    const replacement = file("node-replace.json", JSON.stringify({ kind: "Node", apiVersion: "v1", metadata: { name: "node-v1-test", annotations: { a: "b" }, resourceVersion: "0" }, spec }));
    for (const dryRun of ["--dry-run=server", "--dry-run=client"]) {
      const dry = k.run(["replace", dryRun, "-f", replacement]);
      expect(dry.code, dry.stderr).toBe(0);
    }
    expect(k.run(["get", "node", "node-v1-test", "-o", "go-template={{.metadata.annotations.a}}"]).stdout).toBe("<no value>");
    const real = k.run(["replace", "-f", replacement]);
    expect(real.code, real.stderr).toBe(0);
    expect(k.run(["get", "node", "node-v1-test", "-o", "go-template={{.metadata.annotations.a}}"]).stdout).toBe("b");
    expect(k.run(["delete", "node", "node-v1-test"]).code).toBe(0);
  });

  it("creates a TokenReview (the webhook token authentication endpoint)", () => {
    const review = file("tokenreview-v1.json", JSON.stringify({ apiVersion: "authentication.k8s.io/v1", kind: "TokenReview", spec: { token: "test-token" } }));
    const res = k.run(["create", "-f", review, "--validate=false", "-o", "json"]);
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout).status).toEqual({ user: {} });
  });

  it("a patch that gives labels a string is refused: cannot restore map from string, and the pod keeps its labels", () => {
    const pod = file("valid-pod.json", JSON.stringify({ apiVersion: "v1", kind: "Pod", metadata: { name: "patch-pod", labels: { name: "valid-pod" } }, spec: { containers: [{ name: "c", image: "registry.k8s.io/serve_hostname" }] } }));
    expect(k.run(["create", "-f", pod]).code).toBe(0);
    const res = k.run(["patch", "pod", "patch-pod", "-p", '{"metadata":{"labels":"invalid"}}']);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain('The request is invalid: patch: Invalid value: "map[metadata:map[labels:invalid]]": cannot restore map from string');
    expect(k.run(["get", "pod", "patch-pod", "-o", "jsonpath={.metadata.labels.name}"]).stdout).toBe("valid-pod");
    expect(k.run(["delete", "pod", "patch-pod", "--grace-period=0", "--force"]).code).toBe(0);
  });

  it("the system namespaces cannot be deleted; kube-node-lease comes back", async () => {
    const res = k.run(["delete", "namespace", "default", "kube-system", "kube-public", "--wait=false"]);
    expect(res.code).not.toBe(0);
    for (const ns of ["default", "kube-system", "kube-public"]) {
      expect(res.stderr).toContain(`Error from server (Forbidden): namespaces "${ns}" is forbidden: this namespace may not be deleted`);
    }
    expect(k.run(["get", "ns", "default", "-o", "jsonpath={.status.phase}"]).stdout).toBe("Active");
    expect(k.run(["delete", "namespace", "kube-node-lease"]).code).toBe(0);
    let phase = "";
    for (let i = 0; i < 50 && phase !== "Active"; i++) {
      phase = k.run(["get", "ns", "kube-node-lease", "-o", "jsonpath={.status.phase}"]).stdout;
      if (phase !== "Active") await new Promise((r) => setTimeout(r, 100));
    }
    expect(phase).toBe("Active");
  });
});

describe("test/cmd: discovery.sh", () => {
  it("lists configmaps in /api/v1 with its storageVersionHash", async () => {
    const body = k.ok(["get", "--raw", "/api/v1"]);
    expect(body).toContain(
      '{"name":"configmaps","singularName":"configmap","namespaced":true,"kind":"ConfigMap","verbs":["create","delete","deletecollection","get","list","patch","update","watch"],"shortNames":["cm"],"storageVersionHash":',
    );
  });
});

describe("apiregistration.k8s.io", () => {
  it("kubectl get apiservices shows the local group-versions Available", () => {
    const res = k.run(["get", "apiservices"]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout.split("\n")[0]).toMatch(/^NAME\s+SERVICE\s+AVAILABLE\s+AGE$/);
    expect(res.stdout).toMatch(/^v1\.apps\s+Local\s+True\s+\S+$/m);
    expect(res.stdout).toMatch(/^v2\.autoscaling\s+Local\s+True\s+\S+$/m);
  });
});
