// /v1/audit: the tenant's rows, newest first, filters, limit and continue tokens.
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { seedTenant, seedToken } from "../../test-helpers";
import { api, expectStatus } from "./test-helpers";

let tenant: string;
let token: string;
const T0 = Date.parse("2026-03-01T00:00:00Z");

beforeAll(async () => {
  tenant = await seedTenant();
  token = await seedToken(tenant);
  const insert = env.DB.prepare(
    "INSERT INTO audit_events (id, time, tenant_id, cluster_id, user, groups, verb, resource, namespace, name, code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const rows = [];
  for (let i = 0; i < 25; i++) {
    rows.push(
      insert.bind(`${tenant}-c1:${i}`, T0 + i * 1000, tenant, "c1", i % 2 ? "erin" : "frank", '["system:authenticated"]', i % 3 ? "create" : "delete", i % 5 ? "pods" : "deployments", "default", `obj-${i}`, 201),
    );
  }
  // Two rows at the same millisecond: pages must not split or repeat them.
  rows.push(insert.bind(`${tenant}-c2:a`, T0 + 30_000, tenant, "c2", "erin", "[]", "get", "pods", null, "a", 200));
  rows.push(insert.bind(`${tenant}-c2:b`, T0 + 30_000, tenant, "c2", "erin", "[]", "get", "pods", null, "b", 200));
  await env.DB.batch(rows);
});

describe("/v1/audit", () => {
  it("lists the tenant's rows newest first, in the documented shape", async () => {
    const res = await api(token, "GET", "/v1/audit");
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(27);
    expect(res.body.continue).toBeNull();
    expect(res.body.items[2]).toMatchObject({
      time: new Date(T0 + 24_000).toISOString(),
      cluster: "c1",
      user: "frank",
      groups: ["system:authenticated"],
      verb: "delete",
      resource: "pods",
      namespace: "default",
      name: "obj-24",
      code: 201,
    });
    const times = res.body.items.map((i: any) => Date.parse(i.time));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it("filters by cluster, user, verb, resource and since", async () => {
    const q = async (qs: string) => (await api(token, "GET", `/v1/audit?${qs}`)).body.items as any[];
    expect(await q("cluster=c2")).toHaveLength(2);
    expect((await q("user=erin&cluster=c1")).every((i) => i.user === "erin")).toBe(true);
    expect(await q("user=erin&cluster=c1")).toHaveLength(12);
    expect(await q("verb=delete")).toHaveLength(9);
    expect(await q("resource=deployments")).toHaveLength(5);
    expect(await q(`since=${new Date(T0 + 20_000).toISOString()}`)).toHaveLength(7);
    expect(await q(`since=${T0 + 20_000}`)).toHaveLength(7);
  });

  it("pages with limit and an opaque continue token, without gaps or repeats", async () => {
    const seen: string[] = [];
    let cont: string | null = null;
    let pages = 0;
    do {
      const res: { status: number; body: any } = await api(token, "GET", `/v1/audit?limit=4${cont ? `&continue=${encodeURIComponent(cont)}` : ""}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(4);
      seen.push(...res.body.items.map((i: any) => `${i.cluster}/${i.name}/${i.time}`));
      cont = res.body.continue;
      pages++;
    } while (cont);
    expect(pages).toBe(7);
    expect(seen).toHaveLength(27);
    expect(new Set(seen).size).toBe(27);
  });

  it("validates the query", async () => {
    const limit = await api(token, "GET", "/v1/audit?limit=1001");
    expectStatus(limit, 400, "BadRequest");
    expect(limit.body.message).toBe("invalid query parameters: limit: must be at most 1000");
    expectStatus(await api(token, "GET", "/v1/audit?limit=0"), 400, "BadRequest");
    expectStatus(await api(token, "GET", "/v1/audit?since=yesterday"), 400, "BadRequest");
    const cont = await api(token, "GET", "/v1/audit?continue=garbage");
    expectStatus(cont, 400, "BadRequest");
    expect(cont.body.message).toContain("continue: is not a continue token this API issued");
    expectStatus(await api(token, "GET", "/v1/audit?color=red"), 400, "BadRequest");
  });
});
