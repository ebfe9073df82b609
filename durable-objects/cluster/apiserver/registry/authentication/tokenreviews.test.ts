// TokenReview (authentication.k8s.io/v1) and the audience rule of service account tokens: a token is
// accepted by the API only when it was issued for the API server's audience, and a TokenReview names
// who a token is, for the audiences it asks about.
import { beforeAll, describe, expect, it } from "vitest";
import { clusterClient, newCluster, type ClusterClient } from "../../../../../worker/test-helpers";

const REVIEWS = "/apis/authentication.k8s.io/v1/tokenreviews";
const API_AUDIENCE = "https://kubernetes.default.svc.cluster.local";
let c: ClusterClient;
let robotUid: string;

async function tokenFor(spec: Record<string, unknown> = {}): Promise<string> {
  const res = await c.send("POST", "/api/v1/namespaces/default/serviceaccounts/robot/token", { apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest", spec });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.status.token;
}

const review = (token: string, audiences?: string[]) =>
  c.send("POST", REVIEWS, { apiVersion: "authentication.k8s.io/v1", kind: "TokenReview", spec: { token, ...(audiences ? { audiences } : {}) } });

beforeAll(async () => {
  c = await newCluster();
  const sa = await c.send("POST", "/api/v1/namespaces/default/serviceaccounts", { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "robot" } });
  expect(sa.status).toBe(201);
  robotUid = sa.body.metadata.uid;
});

describe("TokenReview", () => {
  it("is served in discovery as a create-only, cluster-scoped kind", async () => {
    const res = await c.json("/apis/authentication.k8s.io/v1", { headers: { Accept: "application/json" } });
    const tr = res.body.resources.find((r: any) => r.name === "tokenreviews");
    expect(tr).toMatchObject({ name: "tokenreviews", namespaced: false, kind: "TokenReview", verbs: ["create"] });
  });

  it("authenticates a service account token of this cluster, with its user and audiences", async () => {
    const token = await tokenFor();
    const res = await review(token);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ kind: "TokenReview", apiVersion: "authentication.k8s.io/v1", spec: { token } });
    expect(res.body.status).toEqual({
      authenticated: true,
      user: { username: "system:serviceaccount:default:robot", uid: robotUid, groups: ["system:serviceaccounts", "system:serviceaccounts:default", "system:authenticated"] },
      audiences: [API_AUDIENCE],
    });
  });

  it("does not authenticate a token it does not know (kubectl's test/cmd fixture), without an error", async () => {
    const res = await review("test-token");
    expect(res.status).toBe(201);
    expect(res.body.status).toEqual({ user: {} });
  });

  it("names the reason for a tampered token, and stores nothing", async () => {
    const token = await tokenFor();
    const res = await review(token.slice(0, -4) + "AAAA");
    expect(res.status).toBe(201);
    expect(res.body.status.authenticated).toBeUndefined();
    expect(res.body.status.error).toMatch(/^invalid bearer token/);
  });

  it("answers 400 for a review without a token", async () => {
    const res = await c.send("POST", REVIEWS, { apiVersion: "authentication.k8s.io/v1", kind: "TokenReview", spec: {} });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ kind: "Status", reason: "BadRequest", message: "token is required for TokenReview in authentication", code: 400 });
  });

  it("checks the audiences a review asks about", async () => {
    const vault = await tokenFor({ audiences: ["vault"] });
    const forVault = await review(vault, ["vault"]);
    expect(forVault.body.status).toMatchObject({ authenticated: true, audiences: ["vault"] });
    const forApi = await review(vault);
    expect(forApi.body.status.authenticated).toBeUndefined();
    expect(forApi.body.status.error).toBe(`invalid bearer token, token audiences ["vault"] is invalid for the target audiences ["${API_AUDIENCE}"]`);
  });

  it("needs RBAC: a service account without the auth-delegator role is forbidden", async () => {
    const token = await tokenFor();
    const res = await clusterClient(c.clusterId, token).send("POST", REVIEWS, { apiVersion: "authentication.k8s.io/v1", kind: "TokenReview", spec: { token } });
    expect(res.status).toBe(403);
    const bound = await c.send("POST", "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: "robot-delegator" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "system:auth-delegator" },
      subjects: [{ kind: "ServiceAccount", name: "robot", namespace: "default" }],
    });
    expect(bound.status, JSON.stringify(bound.body)).toBe(201);
    const allowed = await clusterClient(c.clusterId, token).send("POST", REVIEWS, { apiVersion: "authentication.k8s.io/v1", kind: "TokenReview", spec: { token } });
    expect(allowed.status, JSON.stringify(allowed.body)).toBe(201);
    expect(allowed.body.status.authenticated).toBe(true);
  });
});

describe("service account token audiences", () => {
  it("the API accepts a token issued for its own audience only", async () => {
    const api = await tokenFor();
    expect((await clusterClient(c.clusterId, api).json("/version")).status).toBe(200);
    const vault = await tokenFor({ audiences: ["vault"] });
    expect((await clusterClient(c.clusterId, vault).json("/version")).status).toBe(401);
    const both = await tokenFor({ audiences: ["vault", API_AUDIENCE] });
    expect((await clusterClient(c.clusterId, both).json("/version")).status).toBe(200);
  });
});
