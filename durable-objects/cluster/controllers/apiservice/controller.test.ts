// apiregistration.k8s.io/v1: an APIService for every served group-version (kube-apiserver's
// autoregistration), Local and Available; custom resources' group-versions come and go with their
// CRDs; one that names a Service says why it is not available; kube's Status bodies on conflicts.
import { runDurableObjectAlarm } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { clusterStub, newCluster, openCrd, type ClusterClient } from "../../../../worker/test-helpers";

const API = "/apis/apiregistration.k8s.io/v1/apiservices";
const TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";
let c: ClusterClient;

async function settle(until: () => Promise<boolean>, timeoutMs = 3_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await until())) {
    if (Date.now() > end) throw new Error("timed out waiting for the APIService controller");
    await runDurableObjectAlarm(clusterStub(c.clusterId));
    await new Promise((r) => setTimeout(r, 20));
  }
}

const names = async () => ((await c.json(API)).body.items ?? []).map((o: any) => o.metadata.name).sort();

beforeAll(async () => {
  c = await newCluster();
  await settle(async () => (await names()).includes("v1.apps"));
});

describe("built-in APIServices", () => {
  it("exist for every served group-version, Local and Available", async () => {
    const list = (await c.json(API)).body.items;
    const byName = new Map<string, any>(list.map((o: any) => [o.metadata.name, o]));
    for (const n of ["v1.", "v1.apps", "v1.autoscaling", "v2.autoscaling", "v1.batch", "v1.rbac.authorization.k8s.io", "v1.apiextensions.k8s.io", "v1.events.k8s.io"]) {
      expect(byName.has(n), n).toBe(true);
    }
    expect(byName.has("v1.apiregistration.k8s.io")).toBe(false);
    const core = byName.get("v1.");
    expect(core.metadata.labels).toEqual({ "kube-aggregator.kubernetes.io/automanaged": "onstart" });
    expect(core.spec).toEqual({ group: "", version: "v1", groupPriorityMinimum: 18000, versionPriority: 1 });
    await settle(async () => (await c.json(`${API}/v1.apps`)).body.status?.conditions?.length > 0);
    const apps = (await c.json(`${API}/v1.apps`)).body;
    expect(apps.spec).toEqual({ group: "apps", version: "v1", groupPriorityMinimum: 17800, versionPriority: 15 });
    expect(apps.status.conditions).toEqual([
      { type: "Available", status: "True", lastTransitionTime: expect.stringMatching(/Z$/), reason: "Local", message: "Local APIServices are always available" },
    ]);
  });

  it("print as kubectl get apiservices shows them", async () => {
    await settle(async () => (await c.json(`${API}/v1.batch`)).body.status?.conditions?.length > 0);
    const table = await c.json(`${API}/v1.batch`, { headers: { Accept: TABLE } });
    expect(table.body.columnDefinitions.map((d: any) => d.name)).toEqual(["Name", "Service", "Available", "Age"]);
    expect(table.body.rows[0].cells.slice(0, 3)).toEqual(["v1.batch", "Local", "True"]);
  });

  it("are listed in discovery with storageVersionHash, in the api-extensions category", async () => {
    const res = await c.json("/apis/apiregistration.k8s.io/v1", { headers: { Accept: "application/json" } });
    const r = res.body.resources.find((x: any) => x.name === "apiservices");
    expect(r).toMatchObject({ kind: "APIService", namespaced: false, categories: ["api-extensions"], storageVersionHash: expect.any(String) });
    const groups = await c.json("/apis", { headers: { Accept: "application/json" } });
    expect(groups.body.groups[0].name).toBe("apiregistration.k8s.io");
  });
});

describe("custom resources", () => {
  it("get an APIService while their CRD serves the group-version, removed with it", async () => {
    const crd = openCrd("stable.example.com", { plural: "crontabs", kind: "CronTab" });
    expect((await c.send("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd)).status).toBe(201);
    await settle(async () => (await c.json(`${API}/v1.stable.example.com`)).status === 200);
    const svc = (await c.json(`${API}/v1.stable.example.com`)).body;
    expect(svc.metadata.labels).toEqual({ "kube-aggregator.kubernetes.io/automanaged": "true" });
    expect(svc.spec).toEqual({ group: "stable.example.com", version: "v1", groupPriorityMinimum: 1000, versionPriority: 100 });
    expect((await c.send("DELETE", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/crontabs.stable.example.com")).status).toBe(200);
    await settle(async () => (await c.json(`${API}/v1.stable.example.com`)).status === 404);
  });
});

describe("an APIService backed by a Service (the Python client's e2e fixture)", () => {
  const wardle = {
    apiVersion: "apiregistration.k8s.io/v1",
    kind: "APIService",
    metadata: { name: "v1alpha1.wardle.k8s.io" },
    spec: { insecureSkipTLSVerify: true, group: "wardle.k8s.io", groupPriorityMinimum: 1000, versionPriority: 15, service: { name: "api", namespace: "wardle" }, version: "v1alpha1" },
  };

  it("is created with the default port, reports ServiceNotFound, and a second create is AlreadyExists", async () => {
    const res = await c.send("POST", API, wardle);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.spec.service).toEqual({ namespace: "wardle", name: "api", port: 443 });
    await settle(async () => (await c.json(`${API}/v1alpha1.wardle.k8s.io`)).body.status?.conditions?.length > 0);
    const got = (await c.json(`${API}/v1alpha1.wardle.k8s.io`)).body;
    expect(got.status.conditions[0]).toMatchObject({ type: "Available", status: "False", reason: "ServiceNotFound", message: 'service/api in "wardle" is not present' });
    const table = await c.json(`${API}/v1alpha1.wardle.k8s.io`, { headers: { Accept: TABLE } });
    expect(table.body.rows[0].cells.slice(0, 3)).toEqual(["v1alpha1.wardle.k8s.io", "wardle/api", "False (ServiceNotFound)"]);

    const again = await c.send("POST", API, wardle);
    expect(again.status).toBe(409);
    expect(again.body).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: 'apiservices.apiregistration.k8s.io "v1alpha1.wardle.k8s.io" already exists',
      reason: "AlreadyExists",
      details: { name: "v1alpha1.wardle.k8s.io", group: "apiregistration.k8s.io", kind: "apiservices" },
      code: 409,
    });
  });

  it("follows its Service: a port it does not listen on, then no endpoint slices", async () => {
    expect((await c.send("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "wardle" } })).status).toBe(201);
    const svc = await c.send("POST", "/api/v1/namespaces/wardle/services", { apiVersion: "v1", kind: "Service", metadata: { name: "api" }, spec: { ports: [{ port: 8443 }] } });
    expect(svc.status, JSON.stringify(svc.body)).toBe(201);
    await settle(async () => (await c.json(`${API}/v1alpha1.wardle.k8s.io`)).body.status.conditions[0].reason === "ServicePortError");
    const portErr = (await c.json(`${API}/v1alpha1.wardle.k8s.io`)).body.status.conditions[0];
    expect(portErr.message).toBe('service/api in "wardle" is not listening on port 443');
    const put = await c.send("PUT", "/api/v1/namespaces/wardle/services/api", { ...svc.body, spec: { ...svc.body.spec, ports: [{ port: 443, targetPort: 8443, protocol: "TCP" }] } });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    await settle(async () => (await c.json(`${API}/v1alpha1.wardle.k8s.io`)).body.status.conditions[0].reason === "EndpointsNotFound");
    expect((await c.send("DELETE", `${API}/v1alpha1.wardle.k8s.io`)).status).toBe(200);
  });

  it("validates as kube-aggregator does", async () => {
    const bad = await c.send("POST", API, { ...wardle, metadata: { name: "wrong.name" }, spec: { ...wardle.spec, groupPriorityMinimum: 0, versionPriority: 5000 } });
    expect(bad.status).toBe(422);
    expect(bad.body.details.causes).toEqual([
      { reason: "FieldValueInvalid", field: "metadata.name", message: 'Invalid value: "wrong.name": must be `spec.version+"."+spec.group`: "v1alpha1.wardle.k8s.io"' },
      { reason: "FieldValueInvalid", field: "spec.groupPriorityMinimum", message: "Invalid value: 0: must be positive and less than 20000" },
      { reason: "FieldValueInvalid", field: "spec.versionPriority", message: "Invalid value: 5000: must be positive and less than 1000" },
    ]);
    const local = await c.send("POST", API, { apiVersion: "apiregistration.k8s.io/v1", kind: "APIService", metadata: { name: "v1.local.example.com" }, spec: { group: "local.example.com", version: "v1", groupPriorityMinimum: 100, versionPriority: 10, insecureSkipTLSVerify: true } });
    expect(local.status).toBe(422);
    expect(local.body.details.causes[0].message).toBe("Invalid value: true: local APIServices may not have insecureSkipTLSVerify");
  });
});
