// The scheduled handler: expired clusters are deleted (registry row marked deleted, DO wiped).
import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../index";
import { clusterClient, seedTenant, seedToken } from "../../test-helpers";
import { api, expectStatus } from "./test-helpers";

describe("scheduled expiry", () => {
  it("deletes expired clusters and wipes them; live and unexpiring ones stay", async () => {
    const token = await seedToken(await seedTenant());
    const expiring = (await api(token, "POST", "/v1/clusters", { name: "expiring" })).body;
    const future = (await api(token, "POST", "/v1/clusters", { name: "future" })).body;
    const forever = (await api(token, "POST", "/v1/clusters", { name: "forever" })).body;
    const k = clusterClient(expiring.id, token);
    expect((await k.send("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "old-data" } })).status).toBe(201);
    await env.DB.prepare("UPDATE clusters SET expires_at = ? WHERE id = ?").bind(Date.now() - 1_000, expiring.id).run();
    await env.DB.prepare("UPDATE clusters SET expires_at = ? WHERE id = ?").bind(Date.now() + 3_600_000, future.id).run();

    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: "*/10 * * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);

    expectStatus(await api(token, "GET", `/v1/clusters/${expiring.id}`), 404, "NotFound");
    expect((await k.json("/api/v1/namespaces")).status).toBe(404);
    const row = await env.DB.prepare("SELECT status, deleted_at FROM clusters WHERE id = ?").bind(expiring.id).first<{ status: string; deleted_at: number }>();
    expect(row?.status).toBe("deleted");
    expect(row?.deleted_at).toBeGreaterThan(0);
    expect((await api(token, "GET", `/v1/clusters/${future.id}`)).status).toBe(200);
    expect((await api(token, "GET", `/v1/clusters/${forever.id}`)).status).toBe(200);
    // The Durable Object's storage is gone: brought back to life, it is a fresh cluster.
    // (Given to a new tenant, so the edge's cached "not found" for the old owner does not apply.)
    const revived = await seedTenant();
    await env.DB.prepare("UPDATE clusters SET status = 'active', expires_at = NULL, tenant_id = ? WHERE id = ?").bind(revived, expiring.id).run();
    const k2 = clusterClient(expiring.id, await seedToken(revived));
    expect((await k2.json("/api/v1/namespaces/old-data")).status).toBe(404);
    expect((await k2.json("/api/v1/namespaces")).body.items).toHaveLength(4);
  });

  it("prunes old rate-limit windows", async () => {
    await env.DB.prepare("INSERT INTO rate_limits (key, window_start, count) VALUES ('playground:old', ?, 3)").bind(Date.now() - 3 * 3_600_000).run();
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: "*/10 * * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);
    expect(await env.DB.prepare("SELECT * FROM rate_limits WHERE key = 'playground:old'").first()).toBeNull();
  });
});
