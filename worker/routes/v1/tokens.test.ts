// /v1/tokens: create (secret shown once, hash stored), list without secrets, expiry, validation.
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { seedTenant, seedToken, sha256Hex } from "../../test-helpers";
import { api, expectStatus } from "./test-helpers";

let tenant: string;
let token: string;

beforeAll(async () => {
  tenant = await seedTenant();
  token = await seedToken(tenant, { userName: "dana" });
});

describe("/v1/tokens", () => {
  it("creates a token (201): the secret once, only its hash in D1, acting as the caller's user", async () => {
    const res = await api(token, "POST", "/v1/tokens", { name: "ci", expiresInSeconds: 3600 });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ name: "ci" });
    expect(res.body.id).toMatch(/^t[0-9a-f]{16}$/);
    expect(res.body.token).toMatch(/^kdo_[0-9a-f]{64}$/);
    expect(Date.parse(res.body.expiresAt) - Date.parse(res.body.createdAt)).toBe(3_600_000);
    const row = await env.DB.prepare("SELECT hash, user_name, tenant_id FROM api_tokens WHERE id = ?").bind(res.body.id).first<Record<string, string>>();
    expect(row).toEqual({ hash: await sha256Hex(res.body.token), user_name: "dana", tenant_id: tenant });
    // The new token works.
    expect((await api(res.body.token, "GET", "/v1/clusters")).status).toBe(200);
  });

  it("lists tokens without secrets, marking the caller's own", async () => {
    const created = (await api(token, "POST", "/v1/tokens", { name: "listed" })).body;
    const list = await api(created.token, "GET", "/v1/tokens");
    expect(list.status).toBe(200);
    const item = list.body.items.find((t: any) => t.id === created.id);
    expect(item).toMatchObject({ id: created.id, name: "listed", user: "dana", expiresAt: null, current: true });
    expect(list.text).not.toContain(created.token);
    expect(list.text).not.toMatch(/kdo_[0-9a-f]{64}/);
    expect(list.body.items.filter((t: any) => t.current)).toHaveLength(1);
  });

  it("validates the body", async () => {
    const bad = await api(token, "POST", "/v1/tokens", { name: "", expiresInSeconds: 1.5 });
    expectStatus(bad, 422, "Invalid");
    expect(bad.body.message).toContain("name: must not be empty");
    expect(bad.body.message).toContain("expiresInSeconds: must be a whole number of seconds");
    expectStatus(await api(token, "POST", "/v1/tokens", { name: "x", expiresInSeconds: 10 }), 422, "Invalid");
    expectStatus(await api(token, "POST", "/v1/tokens", { expiresInSeconds: 100 }), 422, "Invalid");
  });

  it("refuses non-tenant bearer tokens and malformed Authorization headers", async () => {
    expectStatus(await api("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlc2lnbmF0dXJl", "GET", "/v1/tokens"), 401, "Unauthorized");
    expectStatus(await api(null, "GET", "/v1/tokens", undefined, { Authorization: `Basic ${btoa("a:b")}` }), 401, "Unauthorized");
  });
});
