// The /v1 management API end to end: `npm start`, then a token, a cluster and its kubeconfig from
// the API, and the real kubectl 1.33 against that cluster; deleting the cluster and revoking the
// token take effect for kubectl at once. Also the playground and the local cron endpoint.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kubeconfigYaml } from "../../scripts/dev-env.mjs";
import { clusterAccess, httpsJson, kubectl, kubectlBinary, managementRequest, startKubedo, type Kubedo } from "./helpers";

const VERSION = "1.33";
let kubedo: Kubedo;
let dir: string;

/** A kubeconfig file for `token` (only its origin, CA and token matter for managementRequest). */
function configFor(token: string, yaml?: string): string {
  const path = join(dir, `kubeconfig-${Math.random().toString(16).slice(2)}`);
  writeFileSync(path, yaml ?? kubeconfigYaml({ server: `${clusterAccess(kubedo.kubeconfig).origin}/clusters/none`, token, caFile: join(kubedo.dir, "kubedo", "tls", "tls.crt") }), { mode: 0o600 });
  return path;
}

/** A request with no Authorization header (the playground). */
const anonymous = (method: string, path: string, headers: Record<string, string> = {}) => httpsJson(kubedo.kubeconfig, method, path, { headers });

beforeAll(async () => {
  kubectlBinary(VERSION); // fail fast, never skip
  kubedo = await startKubedo();
  dir = mkdtempSync(join(tmpdir(), "kubedo-e2e-mgmt-"));
});

afterAll(async () => {
  await kubedo?.stop();
});

describe("management API with kubectl", () => {
  let token: string;
  let tokenId: string;
  let tokenConfig: string;

  it("creates a token with the dev token", async () => {
    const res = await managementRequest(kubedo.kubeconfig, "POST", "/v1/tokens", { name: "e2e" });
    expect(res.status).toBe(201);
    expect(res.body.token).toMatch(/^kdo_[0-9a-f]{64}$/);
    token = res.body.token;
    tokenId = res.body.id;
    tokenConfig = configFor(token);
  });

  it("creates a cluster, fetches its kubeconfig and runs kubectl get nodes against it; DELETE makes kubectl fail", async () => {
    const created = await managementRequest(tokenConfig, "POST", "/v1/clusters", { name: "e2e-cluster", timingProfile: "instant" });
    expect(created.status).toBe(201);
    expect(created.body.server).toBe(`${clusterAccess(kubedo.kubeconfig).origin}/clusters/${created.body.id}`);
    const config = await managementRequest(tokenConfig, "GET", `/v1/clusters/${created.body.id}/kubeconfig`);
    expect(config.status).toBe(200);
    expect(config.body).toContain(`server: ${created.body.server}`);
    expect(config.body).toContain(`token: ${token}`);
    expect(config.body).toMatch(/certificate-authority-data: [A-Za-z0-9+/=]{200,}/);
    const k = kubectl(VERSION, configFor(token, config.body));
    const nodes = k.run(["get", "nodes", "-o", "name"]);
    expect(nodes.stderr).toBe("");
    expect(nodes.code).toBe(0);
    expect(nodes.stdout.trim().split("\n")).toEqual(["node/control-plane", "node/node-1", "node/node-2", "node/node-3"]);

    const list = await managementRequest(tokenConfig, "GET", "/v1/clusters");
    expect(list.body.items.map((c: any) => c.name)).toContain("e2e-cluster");

    expect((await managementRequest(tokenConfig, "DELETE", `/v1/clusters/${created.body.id}`)).status).toBe(200);
    const after = k.run(["get", "nodes"]);
    expect(after.code).not.toBe(0);
    expect(after.stderr).toMatch(/NotFound|not found|could not find the requested resource/);
  });

  it("revoking the token makes kubectl fail with Unauthorized at once", async () => {
    const created = await managementRequest(tokenConfig, "POST", "/v1/clusters", { name: "e2e-second" });
    expect(created.status).toBe(201);
    const config = await managementRequest(tokenConfig, "GET", `/v1/clusters/${created.body.id}/kubeconfig`);
    const k = kubectl(VERSION, configFor(token, config.body));
    expect(k.run(["get", "namespaces"]).code).toBe(0);
    const revoked = await managementRequest(kubedo.kubeconfig, "DELETE", `/v1/tokens/${tokenId}`);
    expect(revoked.status).toBe(200);
    const after = k.run(["get", "namespaces"]);
    expect(after.code).not.toBe(0);
    expect(after.stderr).toContain("error: You must be logged in to the server (Unauthorized)");
    expect((await managementRequest(tokenConfig, "GET", "/v1/clusters")).status).toBe(401);
  });

  it("shows the edge's denial of the revoked token in the audit log", async () => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const res = await managementRequest(kubedo.kubeconfig, "GET", "/v1/audit?user=system:anonymous&limit=1000");
      expect(res.status).toBe(200);
      if (res.body.items.some((i: any) => i.code === 401 && /\/api\/v1\/namespaces$/.test(i.resource))) break;
      if (Date.now() > deadline) throw new Error(`no edge denial in ${JSON.stringify(res.body)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  });
});

describe("playground and cron", () => {
  it("POST /v1/playground gives a session cookie (no token), and with it a working kubeconfig", async () => {
    const res = await anonymous("POST", "/v1/playground");
    expect(res.status).toBe(201);
    expect(JSON.stringify(res.body)).not.toContain("kdo_");
    const setCookie = String(res.headers["set-cookie"]);
    expect(setCookie).toMatch(/__Host-kubedo_session=kds_[0-9a-f]{64}; Max-Age=\d+; Path=\/; HttpOnly; Secure; SameSite=Lax/);
    const cookie = `__Host-kubedo_session=${/__Host-kubedo_session=([^;]+)/.exec(setCookie)![1]}`;
    const yaml = await anonymous("GET", `/v1/clusters/${res.body.cluster.id}/kubeconfig`, { Cookie: cookie });
    expect(yaml.status).toBe(200);
    expect(yaml.headers["cache-control"]).toBe("no-store");
    const token = /token: (kdo_[0-9a-f]{64})/.exec(yaml.body)![1]!;
    const k = kubectl(VERSION, configFor(token, yaml.body));
    const out = k.run(["get", "ns", "-o", "name"]);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain("namespace/default");
    const again = await anonymous("GET", "/v1/playground", { Cookie: cookie });
    expect(again.status).toBe(200);
    expect(again.body.cluster.id).toBe(res.body.cluster.id);
  });

  it("wrangler dev runs the scheduled handler on /__scheduled (npm start passes --test-scheduled)", async () => {
    const res = await anonymous("GET", "/__scheduled?cron=*/10+*+*+*+*");
    expect(res.status).toBe(200);
  });
});
