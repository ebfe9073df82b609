// `npm start` and the real kubectl, end to end: the service comes up over HTTPS with a seeded dev
// cluster and a kubeconfig; kubectl 1.29 (JSON bodies) and 1.33 (protobuf bodies) run the basic
// namespace commands; a restart keeps the data; a second start on a busy port fails clearly.
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/dev-env.mjs";
import { collect, exitCode, kubectl, kubectlBinary, npmStart, stop } from "./helpers";

const VERSIONS = ["1.29", "1.33"];

let port: number;
let env: Record<string, string>;
let service: ChildProcess | undefined;
let startOutput = "";
let kubeconfig: string;

async function startService(): Promise<void> {
  service = npmStart(env);
  startOutput = await collect(service).waitFor(/kubectl get namespaces/, 150_000);
}

beforeAll(async () => {
  for (const v of VERSIONS) kubectlBinary(v); // fail fast, never skip
  port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "kubedo-e2e-"));
  env = { PORT: String(port), KUBEDO_STATE_DIR: join(dir, "state"), KUBEDO_DIR: join(dir, "kubedo") };
  kubeconfig = join(env.KUBEDO_DIR!, "kubeconfig");
  await startService();
});

afterAll(async () => {
  if (service) await stop(service);
});

describe("npm start", () => {
  it("prints the KUBECONFIG export and URL, and writes an HTTPS kubeconfig for the local cluster", () => {
    expect(startOutput).toContain(`export KUBECONFIG=${kubeconfig}`);
    expect(startOutput).toContain(`https://127.0.0.1:${port}/`);
    const config = readFileSync(kubeconfig, "utf8");
    expect(config).toMatch(new RegExp(`server: https://127\\.0\\.0\\.1:${port}/clusters/c[0-9a-f]{16}\\n`));
    expect(config).toMatch(/token: kdo_[0-9a-f]{64}\n/);
    // openssl is on this machine: kubectl verifies the local certificate instead of skipping TLS checks.
    expect(config).toMatch(/certificate-authority-data: [A-Za-z0-9+/=]{200,}\n/);
    expect(config).not.toContain("insecure-skip-tls-verify");
  });

  it("refuses to start a second time on a port in use, with a clear message", async () => {
    const second = npmStart(env);
    const out = collect(second);
    expect(await exitCode(second)).toBe(1);
    expect(out.text()).toContain(`npm start: port ${port} is already in use`);
  });
});

describe.each(VERSIONS)("kubectl %s", (version) => {
  const ns = `demo-${version.replace(".", "")}`;
  const k = () => kubectl(version, kubeconfig);

  it("version reports the server", () => {
    const r = k().run(["version"]);
    // 1.29 is outside the supported skew of a 1.33 server and says so, as it would against a real one.
    expect(r.stderr.replace(/^WARNING: version difference between client \(1\.29\) and server \(1\.33\).*\n/m, "")).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Server Version: v1.33.0");
  });

  it("get ns lists the system namespaces in a server-printed table", () => {
    const r = k().run(["get", "ns"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^NAME\s+STATUS\s+AGE$/);
    for (const name of ["default", "kube-node-lease", "kube-public", "kube-system"]) {
      expect(lines.some((l) => new RegExp(`^${name}\\s+Active\\s+\\d+[smhd]`).test(l))).toBe(true);
    }
  });

  it("create ns creates it (1.33 sends protobuf), and a second create is AlreadyExists", () => {
    const r = k().run(["create", "ns", ns]);
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe(`namespace/${ns} created`);
    const json = JSON.parse(k().run(["get", "ns", ns, "-o", "json"]).stdout);
    expect(json.metadata.labels["kubernetes.io/metadata.name"]).toBe(ns);
    expect(json.spec.finalizers).toEqual(["kubernetes"]);
    expect(json.status.phase).toBe("Active");
    const again = k().run(["create", "ns", ns]);
    expect(again.code).toBe(1);
    expect(again.stderr.trim()).toBe(`Error from server (AlreadyExists): namespaces "${ns}" already exists`);
  });

  it("get ns -w prints the list, then a namespace created later", async () => {
    const watcher = k().spawn(["get", "ns", "-w"]);
    const output = collect(watcher);
    try {
      await output.waitFor(/kube-system\s+Active/);
      const later = `${ns}-later`;
      expect(output.text()).not.toContain(later);
      const created = k().run(["create", "ns", later]);
      expect(created.code).toBe(0);
      const out = await output.waitFor(new RegExp(`\\n${later}\\s+Active\\s+\\d+s`), 15_000);
      expect(out).toMatch(/^NAME\s+STATUS\s+AGE\n/);
      expect(k().run(["delete", "ns", later]).code).toBe(0);
    } finally {
      await stop(watcher);
    }
  });

  it("delete ns waits until the namespace is gone", () => {
    const r = k().run(["delete", "ns", ns], { timeoutMs: 60_000 });
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe(`namespace "${ns}" deleted`);
    const gone = k().run(["get", "ns", ns]);
    expect(gone.code).toBe(1);
    expect(gone.stderr.trim()).toBe(`Error from server (NotFound): namespaces "${ns}" not found`);
  });

  it("a wrong token is Unauthorized", () => {
    const r = kubectl(version, kubeconfig).run(["get", "ns", "--token", "kdo_not-a-real-token"]);
    expect(r.code).toBe(1);
    // client-go's wording for a 401, as against a real cluster.
    expect(r.stderr).toContain("error: You must be logged in to the server (the server has asked for the client to provide credentials)");
  });
});

describe("restart", () => {
  it("keeps the cluster's data", async () => {
    const k = kubectl("1.33", kubeconfig);
    expect(k.run(["create", "ns", "survives-restart"]).code).toBe(0);
    await stop(service!);
    await startService();
    const r = k.run(["get", "ns", "survives-restart", "-o", "jsonpath={.status.phase}"]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("Active");
  });
});
