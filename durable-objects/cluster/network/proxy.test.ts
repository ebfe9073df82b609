// The API server's proxy subresources into simulated programs: pods at their IP and port, Services
// through their Endpoints, and kube's words for everything that cannot be reached.
import { runInDurableObject } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { clusterStub, newCluster, type ClusterClient } from "../../../worker/test-helpers";
import type { ClusterDO } from "../cluster-do";
import { settle } from "../testing";

const NS = "/api/v1/namespaces/default";
let c: ClusterClient;
let ip: string;

beforeAll(async () => {
  c = await newCluster();
  await c.send("POST", `${NS}/pods`, { apiVersion: "v1", kind: "Pod", metadata: { name: "web" }, spec: { containers: [{ name: "nginx", image: "nginx:1.27", ports: [{ containerPort: 80 }] }] } });
  await runInDurableObject(clusterStub(c.clusterId), async (o: ClusterDO) => {
    for (let i = 0; i < 5; i++) {
      o.clock.advance(1_000);
      await settle(o);
    }
  });
  const pod = (await c.json(`${NS}/pods/web`)).body;
  expect(pod.status.phase).toBe("Running");
  ip = pod.status.podIP;
});

const text = async (path: string, init?: RequestInit) => {
  const res = await c.fetch(path, init);
  return { status: res.status, headers: res.headers, body: await res.text() };
};

describe("pods/proxy", () => {
  it("reaches the container's server, as the program answers", async () => {
    const res = await text(`${NS}/pods/web/proxy/`);
    expect(res.status).toBe(200);
    expect(res.headers.get("server")).toMatch(/^nginx\/1\.27\.\d+$/);
    expect(res.body).toContain("<title>Welcome to nginx!</title>");
    const missing = await text(`${NS}/pods/web:80/proxy/nothing?x=1`);
    expect(missing.status).toBe(404);
    expect(missing.body).toContain("<center><h1>404 Not Found</h1></center>");
    const head = await text(`${NS}/pods/web/proxy/`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.body).toBe("");
  });

  it("answers a closed port and a pod without an address in kube's words", async () => {
    const closed = await c.json(`${NS}/pods/web:81/proxy/`);
    expect(closed.status).toBe(503);
    expect(closed.body).toMatchObject({ kind: "Status", reason: "ServiceUnavailable", message: `error trying to reach service: dial tcp ${ip}:81: connect: connection refused` });
    await c.send("POST", `${NS}/pods`, { apiVersion: "v1", kind: "Pod", metadata: { name: "pending" }, spec: { nodeSelector: { "no-such": "label" }, containers: [{ name: "c", image: "nginx" }] } });
    const pending = await c.json(`${NS}/pods/pending/proxy/`);
    expect(pending.status).toBe(400);
    expect(pending.body.message).toBe("address not allowed");
    const none = await c.json(`${NS}/pods/nobody/proxy/`);
    expect(none.status).toBe(404);
    expect(none.body.message).toBe('pods "nobody" not found');
  });
});

describe("services/proxy", () => {
  beforeAll(async () => {
    // A selectorless Service with Endpoints its owner writes: no controller involved.
    await c.send("POST", `${NS}/services`, { apiVersion: "v1", kind: "Service", metadata: { name: "manual" }, spec: { ports: [{ name: "http", port: 8080, targetPort: 80 }] } });
    await c.send("POST", `${NS}/endpoints`, {
      apiVersion: "v1",
      kind: "Endpoints",
      metadata: { name: "manual" },
      subsets: [{ addresses: [{ ip, targetRef: { kind: "Pod", namespace: "default", name: "web" } }], ports: [{ name: "http", port: 80 }] }],
    });
    await c.send("POST", `${NS}/services`, { apiVersion: "v1", kind: "Service", metadata: { name: "empty" }, spec: { ports: [{ port: 80 }] } });
    await c.send("POST", `${NS}/endpoints`, { apiVersion: "v1", kind: "Endpoints", metadata: { name: "empty" } });
    await c.send("POST", `${NS}/services`, { apiVersion: "v1", kind: "Service", metadata: { name: "noendpoints" }, spec: { ports: [{ port: 80 }] } });
  });

  it("goes to an address of the named or numbered port", async () => {
    for (const id of ["manual:http", "manual:8080", "http:manual:http"]) {
      const res = await text(`${NS}/services/${id}/proxy/`);
      expect(res.status, id).toBe(200);
      expect(res.body).toContain("Welcome to nginx!");
    }
  });

  it("answers what cannot be reached as kube does", async () => {
    const noPort = await c.json(`${NS}/services/manual:99/proxy/`);
    expect(noPort.status).toBe(503);
    expect(noPort.body.message).toBe('no service port 99 found for service "manual"');
    const noAddresses = await c.json(`${NS}/services/empty/proxy/`);
    expect(noAddresses.status).toBe(503);
    expect(noAddresses.body.message).toBe('no endpoints available for service "empty"');
    // Without a port only an unnamed port matches (kube's ResourceLocation).
    const unnamed = await c.json(`${NS}/services/manual/proxy/`);
    expect(unnamed.status).toBe(503);
    expect(unnamed.body.message).toBe('no endpoints available for service "manual"');
    const otherName = await c.json(`${NS}/services/manual:other/proxy/`);
    expect(otherName.status).toBe(503);
    expect(otherName.body.message).toBe('no endpoints available for service "manual:other"');
    const noEndpoints = await c.json(`${NS}/services/noendpoints/proxy/`);
    expect(noEndpoints.status).toBe(404);
    expect(noEndpoints.body.message).toBe('endpoints "noendpoints" not found');
    const bad = await c.json(`${NS}/services/a:b:c:d/proxy/`);
    expect(bad.status).toBe(400);
  });

  it("Endpoints, deprecated in 1.33, warn on every request", async () => {
    const ep = await c.json(`${NS}/endpoints/manual`);
    expect(ep.headers.get("warning")).toBe('299 - "v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice"');
  });
});
