// Helpers for end-to-end tests: the real kubectl binaries and `npm start` as a child process.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { request as httpsRequest } from "node:https";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll } from "vitest";

export const ROOT = resolve(import.meta.dirname, "../..");
const KUBECTL_DIR = "/usr/lib/google-cloud-sdk/bin";

/** The versioned kubectl binary; a missing one fails the test (it never skips). */
export function kubectlBinary(version: string): string {
  const bin = join(KUBECTL_DIR, `kubectl.${version}`);
  if (!existsSync(bin)) throw new Error(`kubectl ${version} is required for end-to-end tests but ${bin} does not exist`);
  return bin;
}

export interface Kubectl {
  version: string;
  run(args: string[], opts?: { timeoutMs?: number; env?: Record<string, string> }): { code: number | null; stdout: string; stderr: string };
  spawn(args: string[]): ChildProcess;
  /** run that must succeed: its stdout (throws with both streams otherwise). */
  ok(args: string[], opts?: { timeoutMs?: number }): string;
  /** `-o json` of a command that must succeed, parsed. */
  json(args: string[]): any;
}

/** kubectl of one version, with its own kubeconfig and a fresh discovery cache directory. */
export function kubectl(version: string, kubeconfig: string): Kubectl {
  const bin = kubectlBinary(version);
  const cacheDir = mkdtempSync(join(tmpdir(), `kubedo-kubectl-cache-${version}-`));
  const base = ["--kubeconfig", kubeconfig, "--cache-dir", cacheDir];
  return {
    version,
    run(args, opts = {}) {
      const res = spawnSync(bin, [...base, ...args], { encoding: "utf8", timeout: opts.timeoutMs ?? 60_000, env: { ...process.env, ...opts.env } });
      return { code: res.status, stdout: res.stdout, stderr: res.stderr };
    },
    spawn(args) {
      return spawn(bin, [...base, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    },
    ok(args, opts = {}) {
      const res = this.run(args, opts);
      if (res.code !== 0) throw new Error(`kubectl ${args.join(" ")} exited ${res.code}:\n${res.stdout}\n${res.stderr}`);
      return res.stdout;
    },
    json(args) {
      return JSON.parse(this.ok([...args, "-o", "json"]));
    },
  };
}

/** Polls `probe` until it returns a value (not undefined), for things that happen after a response. */
export async function eventually<T>(probe: () => T | undefined, what: string, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = probe();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export interface Output {
  text(): string;
  /** Resolves with everything printed so far once `pattern` matches it. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
}

/** Accumulates a child's stdout and stderr from now on. */
export function collect(child: ChildProcess): Output {
  let out = "";
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    out += chunk.toString();
    for (const w of waiters) w();
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  let exited = child.exitCode !== null;
  child.once("exit", () => {
    exited = true;
    for (const w of waiters) w();
  });
  return {
    text: () => out,
    waitFor(pattern, timeoutMs = 30_000) {
      return new Promise((resolveOut, reject) => {
        const check = () => {
          if (pattern.test(out)) return finish(() => resolveOut(out));
          if (exited) return finish(() => reject(new Error(`process exited (${child.exitCode}) before ${pattern} appeared:\n${out}`)));
        };
        const timer = setTimeout(() => finish(() => reject(new Error(`timed out waiting for ${pattern} in output:\n${out}`))), timeoutMs);
        const finish = (then: () => void) => {
          clearTimeout(timer);
          waiters.delete(check);
          then();
        };
        waiters.add(check);
        check();
      });
    },
  };
}

/** Resolves with the exit code, also when the child has already exited. */
export function exitCode(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((r) => child.once("exit", (code) => r(code)));
}

export function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolveStop) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolveStop();
    child.once("exit", () => resolveStop());
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
  });
}

export function npmStart(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [join(ROOT, "scripts", "start.mjs")], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

export function hasCommand(cmd: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;
}

export interface Kubedo {
  port: number;
  kubeconfig: string;
  dir: string;
  output: Output;
  stop(): Promise<void>;
}

/** `npm start` (scripts/start.mjs) on a free port with its own state: the service as a user runs it. */
export async function startKubedo(): Promise<Kubedo> {
  const { freePort } = await import("../../scripts/dev-env.mjs");
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "kubedo-e2e-"));
  const child = npmStart({ PORT: String(port), KUBEDO_STATE_DIR: join(dir, "state"), KUBEDO_DIR: join(dir, "kubedo") });
  const output = collect(child);
  await output.waitFor(/kubectl get namespaces/, 150_000);
  return { port, kubeconfig: join(dir, "kubedo", "kubeconfig"), dir, output, stop: () => stop(child) };
}

/** The cluster's server URL, cluster id and token, read back from the kubeconfig `npm start` wrote. */
export function clusterAccess(kubeconfig: string): { server: string; origin: string; clusterId: string; token: string; ca?: Buffer } {
  const text = readFileSync(kubeconfig, "utf8");
  const server = /server: (\S+)/.exec(text)![1]!;
  const token = /token: (\S+)/.exec(text)![1]!;
  const ca = /certificate-authority-data: (\S+)/.exec(text)?.[1];
  const url = new URL(server);
  return { server, origin: url.origin, clusterId: url.pathname.split("/").pop()!, token, ...(ca ? { ca: Buffer.from(ca, "base64") } : {}) };
}

export interface HttpsAnswer {
  status: number;
  body: any;
  headers: Record<string, string | string[] | undefined>;
}

/** A request to the local HTTPS listener (trusting the kubeconfig's CA), JSON body in and out. */
export function httpsJson(kubeconfig: string, method: string, path: string, opts: { body?: unknown; headers?: Record<string, string> } = {}): Promise<HttpsAnswer> {
  const access = clusterAccess(kubeconfig);
  const url = new URL(path, access.origin);
  return new Promise((resolveReq, reject) => {
    // agent: false — a kept-alive socket the server already closed would fail the next call ("socket hang up").
    const req = httpsRequest(url, { method, agent: false, headers: opts.headers ?? {}, ...(access.ca ? { ca: access.ca } : { rejectUnauthorized: false }) }, (res) => {
      let data = "";
      res.on("data", (c: Buffer) => (data += c.toString()));
      res.on("end", () => {
        let parsed: unknown = data;
        try {
          parsed = JSON.parse(data);
        } catch {
          // not JSON
        }
        resolveReq({ status: res.statusCode ?? 0, body: parsed, headers: res.headers });
      });
    });
    req.on("error", reject);
    if (opts.body !== undefined) req.write(JSON.stringify(opts.body));
    req.end();
  });
}

/** A request to the local HTTPS listener with a body sent byte for byte; the answer as text. */
export function httpsRaw(kubeconfig: string, method: string, path: string, body: string | undefined, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const access = clusterAccess(kubeconfig);
  return new Promise((resolveReq, reject) => {
    const req = httpsRequest(new URL(path, access.origin), { method, agent: false, headers, ...(access.ca ? { ca: access.ca } : { rejectUnauthorized: false }) }, (res) => {
      let data = "";
      res.on("data", (c: Buffer) => (data += c.toString()));
      res.on("end", () => resolveReq({ status: res.statusCode ?? 0, body: data }));
    });
    req.on("error", reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** A call to the /v1 management API with the kubeconfig's token. */
export async function managementRequest(kubeconfig: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const headers = { Authorization: `Bearer ${clusterAccess(kubeconfig).token}`, "Content-Type": "application/json" };
  const res = await httpsJson(kubeconfig, method, path, body === undefined ? { headers } : { headers, body });
  return { status: res.status, body: res.body };
}

/** Switches the kubeconfig's cluster to the `instant` timing profile (no pull/create/start delays). */
export async function useInstantProfile(kubeconfig: string): Promise<void> {
  const { clusterId } = clusterAccess(kubeconfig);
  const res = await managementRequest(kubeconfig, "PATCH", `/v1/clusters/${clusterId}/settings`, { timingProfile: "instant" });
  if (res.status !== 200) throw new Error(`setting the instant profile: ${res.status} ${JSON.stringify(res.body)}`);
}

/**
 * One `npm start` server for the file, its cluster on the instant profile, and kubectl of `version`
 * for it: `ready` gets them before the file's tests run; the server stops after them.
 */
/** Moves the cluster clock forward (whatever falls due on the way runs at its time); returns the new cluster time (ms). */
export async function advanceClock(kubeconfig: string, seconds: number): Promise<number> {
  const res = await managementRequest(kubeconfig, "POST", `/v1/clusters/${clusterAccess(kubeconfig).clusterId}/clock`, { advanceSeconds: seconds });
  if (res.status !== 200) throw new Error(`clock advance answered ${res.status}: ${JSON.stringify(res.body)}`);
  return Date.parse(res.body.now);
}

export function withInstantKubedo(ready: (kubedo: Kubedo, k: Kubectl) => void, version = "1.33"): void {
  let kubedo: Kubedo | undefined;
  beforeAll(async () => {
    kubedo = await startKubedo();
    const k = kubectl(version, kubedo.kubeconfig);
    await useInstantProfile(kubedo.kubeconfig);
    ready(kubedo, k);
  });
  afterAll(async () => {
    await kubedo?.stop();
  });
}
