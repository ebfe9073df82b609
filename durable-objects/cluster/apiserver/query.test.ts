// Query parameters as kube-apiserver converts them: the parser itself, and what clients see through
// the edge Worker (booleans such as the Python client's `watch=True`, int64 numbers, resourceVersions
// the cluster has not reached, and timeouts).
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { clusterStub, newCluster, openWatch, type ClusterClient } from "../../../worker/test-helpers";
import type { ClusterDO } from "../cluster-do";
import { settle } from "../testing";
import { goQuote, parseInt64, parseRFC3339, queryBool, queryInt64, queryOptionalBool } from "./query";

const NS = "/api/v1/namespaces";
const q = (s: string) => new URLSearchParams(s);

function expectStatus(res: { status: number; body: any }, code: number, reason: string, message?: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(code);
  expect(res.body).toMatchObject({ kind: "Status", apiVersion: "v1", status: "Failure", code, reason });
  if (message !== undefined) expect(res.body.message).toBe(message);
}

async function create(c: ClusterClient, name: string) {
  const res = await c.send("POST", NS, { apiVersion: "v1", kind: "Namespace", metadata: { name } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

describe("the query parameter parser", () => {
  it("reads booleans as Convert_Slice_string_To_bool: only absent, 0 and false (any case) are false", () => {
    for (const t of ["watch=true", "watch=True", "watch=TRUE", "watch=1", "watch=", "watch", "watch=yes", "watch=2"]) expect(queryBool(q(t), "watch"), t).toBe(true);
    for (const f of ["", "watch=false", "watch=False", "watch=FALSE", "watch=0", "other=true"]) expect(queryBool(q(f), "watch"), f).toBe(false);
    // A repeated parameter counts by its first value.
    expect(queryBool(q("watch=false&watch=true"), "watch")).toBe(false);
    expect(queryBool(q("watch=True&watch=0"), "watch")).toBe(true);
    expect(queryOptionalBool(q(""), "force")).toBeUndefined();
    expect(queryOptionalBool(q("force=false"), "force")).toBe(false);
  });

  it("reads numbers as Go int64s and refuses the rest in strconv's words", () => {
    expect(parseInt64("42")).toBe(42);
    expect(parseInt64("+7")).toBe(7);
    expect(parseInt64("-9223372036854775808")).toBe(-9223372036854775808);
    expect(parseInt64("9223372036854775807")).toBe(9223372036854775807);
    expect(parseInt64("9223372036854775808")).toBe('strconv.ParseInt: parsing "9223372036854775808": value out of range');
    expect(parseInt64("999999999999999999999")).toBe('strconv.ParseInt: parsing "999999999999999999999": value out of range');
    for (const bad of ["", "1.5", "1e3", " 1", "0x10", "1_000", "abc", "--1"]) expect(parseInt64(bad)).toBe(`strconv.ParseInt: parsing ${goQuote(bad)}: invalid syntax`);
    expect(queryInt64(q("limit=5&limit=x"), "limit")).toBe(5);
    expect(queryInt64(q(""), "limit")).toBeUndefined();
    expect(() => queryInt64(q("limit=x"), "limit")).toThrow('strconv.ParseInt: parsing "x": invalid syntax');
  });

  it("quotes values as Go does", () => {
    expect(goQuote('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(goQuote("\n\t\x00\x7f")).toBe('"\\n\\t\\x00\\x7f"');
    expect(goQuote("héllo")).toBe('"héllo"');
  });

  it("reads RFC 3339 times as Go's time.Parse, with its error texts", () => {
    expect(parseRFC3339("2026-01-02T03:04:05Z")).toBe(Date.UTC(2026, 0, 2, 3, 4, 5));
    expect(parseRFC3339("2026-01-02T03:04:05.250+01:00")).toBe(Date.UTC(2026, 0, 2, 2, 4, 5, 250));
    expect(parseRFC3339("yesterday")).toBe('parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"');
    expect(parseRFC3339("2026-01-02")).toBe('parsing time "2026-01-02" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "T"');
    expect(parseRFC3339("2026-13-02T03:04:05Z")).toBe('parsing time "2026-13-02T03:04:05Z": month out of range');
    expect(parseRFC3339("2026-02-30T03:04:05Z")).toBe('parsing time "2026-02-30T03:04:05Z": day out of range');
    expect(parseRFC3339("2026-01-02T03:04:05Zjunk")).toBe('parsing time "2026-01-02T03:04:05Zjunk": extra text: "junk"');
  });
});

describe("booleans on the wire", () => {
  it("watches with watch=True (the Python client), watch= and watch=1, and lists with watch=False or 0", async () => {
    const c = await newCluster();
    for (const [i, query] of ["watch=True", "watch=", "watch=1", "watch=yes"].entries()) {
      const start = (await c.json(NS)).body.metadata.resourceVersion;
      const watch = await openWatch(c, `${NS}?${query}&resourceVersion=${start}`);
      try {
        await create(c, `bool-watch-${i}`);
        const [event] = await watch.take(1);
        expect([event!.type, event!.object.metadata.name], query).toEqual(["ADDED", `bool-watch-${i}`]);
      } finally {
        await watch.cancel();
      }
    }
    for (const query of ["watch=False", "watch=FALSE", "watch=0", "watch=false&watch=true"]) {
      const res = await c.json(`${NS}?${query}`);
      expect(res.status, query).toBe(200);
      expect(res.body.kind, query).toBe("NamespaceList");
    }
  });

  it("sends a last bookmark at the timeout for allowWatchBookmarks=True", async () => {
    const c = await newCluster();
    const start = (await c.json(NS)).body.metadata.resourceVersion;
    const watch = await openWatch(c, `${NS}?watch=True&allowWatchBookmarks=True&resourceVersion=${start}&timeoutSeconds=1`);
    const events = await watch.drain(3_000);
    expect(events.map((e) => e.type)).toEqual(["BOOKMARK"]);
    expect(await watch.endsWithin(1_000)).toBe(true);
  });
});

describe("force on the wire", () => {
  it("forces a server-side apply conflict with force=True, as kube reads any value but 0 and false", async () => {
    const c = await newCluster();
    const apply = (manager: string, value: string, force: string) =>
      c.json(`/api/v1/namespaces/default/configmaps/applied?fieldManager=${manager}${force}`, {
        method: "PATCH",
        headers: { "Content-Type": "application/apply-patch+yaml" },
        body: JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "applied" }, data: { k: value } }),
      });
    expect((await apply("first", "1", "")).status).toBe(201);
    expect((await apply("second", "2", "&force=false")).status).toBe(409);
    expect((await apply("second", "2", "&force=0")).status).toBe(409);
    const forced = await apply("second", "2", "&force=True");
    expect(forced.status, JSON.stringify(forced.body)).toBe(200);
    expect(forced.body.data).toEqual({ k: "2" });
  });
});

describe("numbers on the wire", () => {
  it("refuses a limit that is not an int64 with 400 and strconv's text, not a storage error", async () => {
    const c = await newCluster();
    expectStatus(await c.json(`${NS}?limit=999999999999999999999`), 400, "BadRequest", 'strconv.ParseInt: parsing "999999999999999999999": value out of range');
    expectStatus(await c.json(`${NS}?limit=ten`), 400, "BadRequest", 'strconv.ParseInt: parsing "ten": invalid syntax');
    expectStatus(await c.json(`${NS}?limit=1.5`), 400, "BadRequest", 'strconv.ParseInt: parsing "1.5": invalid syntax');
    expectStatus(await c.json(`${NS}?watch=true&timeoutSeconds=soon`), 400, "BadRequest", 'strconv.ParseInt: parsing "soon": invalid syntax');
  });

  it("lists everything for a negative or huge limit, as kube does", async () => {
    const c = await newCluster();
    const all = (await c.json(NS)).body.items.length;
    for (const limit of ["-1", "9223372036854775807", "0"]) {
      const res = await c.json(`${NS}?limit=${limit}`);
      expect(res.status, limit).toBe(200);
      expect(res.body.items, limit).toHaveLength(all);
      expect(res.body.metadata.continue, limit).toBeUndefined();
    }
  });

  it("ends a watch at once for a negative timeoutSeconds", async () => {
    const c = await newCluster();
    const start = (await c.json(NS)).body.metadata.resourceVersion;
    const watch = await openWatch(c, `${NS}?watch=true&resourceVersion=${start}&timeoutSeconds=-1`);
    expect(await watch.endsWithin(2_000)).toBe(true);
  });

  it("refuses a gracePeriodSeconds that is not an int64, and deletes with 1s for a negative one", async () => {
    const c = await newCluster();
    await c.send("POST", "/api/v1/namespaces/default/configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "grace" } });
    expectStatus(await c.json("/api/v1/namespaces/default/configmaps/grace?gracePeriodSeconds=later", { method: "DELETE" }), 400, "BadRequest", 'strconv.ParseInt: parsing "later": invalid syntax');
    expect((await c.json("/api/v1/namespaces/default/configmaps/grace")).status).toBe(200);
    expect((await c.json("/api/v1/namespaces/default/configmaps/grace?gracePeriodSeconds=-5", { method: "DELETE" })).status).toBe(200);
    expect((await c.json("/api/v1/namespaces/default/configmaps/grace")).status).toBe(404);
  });
});

describe("resourceVersion on the wire", () => {
  it("refuses a resourceVersion that is not a uint64 on get, list and watch", async () => {
    const c = await newCluster();
    const invalid = 'resourceVersion: Invalid value: "-5": strconv.ParseUint: parsing "-5": invalid syntax';
    expectStatus(await c.json(`${NS}/default?resourceVersion=-5`), 400, "BadRequest", invalid);
    expectStatus(await c.json(`${NS}?resourceVersion=-5`), 400, "BadRequest", `invalid resource version: ${invalid}`);
    expectStatus(await c.json(`${NS}?watch=true&resourceVersion=-5`), 400, "BadRequest", invalid);
    expectStatus(await c.json(`${NS}?resourceVersion=abc&resourceVersionMatch=NotOlderThan`), 400, "BadRequest");
  });

  it("validates resourceVersionMatch as ListOptions (422)", async () => {
    const c = await newCluster();
    const res = await c.json(`${NS}?resourceVersion=1&resourceVersionMatch=Newest`);
    expectStatus(res, 422, "Invalid", 'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Unsupported value: "Newest": supported values: "Exact", "NotOlderThan", ""');
    expectStatus(await c.json(`${NS}?resourceVersionMatch=Exact`), 422, "Invalid");
    expectStatus(await c.json(`${NS}?resourceVersion=0&resourceVersionMatch=Exact`), 422, "Invalid");
    expectStatus(await c.json(`${NS}?watch=true&resourceVersionMatch=NotOlderThan&resourceVersion=1`), 422, "Invalid");
    expectStatus(await c.json(`${NS}?sendInitialEvents=false`), 422, "Invalid", 'ListOptions.meta.k8s.io "" is invalid: sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list');
  });

  it("waits up to 3 s for a resourceVersion not reached yet, then answers 504 Too large resource version (get and list)", async () => {
    const c = await newCluster();
    const current = Number((await c.json(NS)).body.metadata.resourceVersion);
    const future = current + 1_000_000;
    for (const path of [`${NS}?resourceVersion=${future}&resourceVersionMatch=Exact`, `${NS}?resourceVersion=${future}`, `${NS}/default?resourceVersion=${future}`]) {
      const started = Date.now();
      const res = await c.json(path);
      const waited = Date.now() - started;
      expect(res.status, path).toBe(504);
      expect(res.body).toEqual({
        kind: "Status",
        apiVersion: "v1",
        metadata: {},
        status: "Failure",
        message: expect.stringMatching(new RegExp(`^Timeout: Too large resource version: ${future}, current: \\d+$`)),
        reason: "Timeout",
        details: { causes: [{ reason: "ResourceVersionTooLarge", message: "Too large resource version" }], retryAfterSeconds: 1 },
        code: 504,
      });
      // As kube: no Retry-After on a 504 (client-go would retry it blindly).
      expect(res.headers.get("retry-after")).toBeNull();
      expect(waited, path).toBeGreaterThanOrEqual(2_900);
    }
  }, 20_000);

  it("serves a read at a resourceVersion that is committed while it waits", async () => {
    const c = await newCluster();
    const current = Number((await c.json(NS)).body.metadata.resourceVersion);
    const started = Date.now();
    const pending = c.json(`${NS}?resourceVersion=${current + 1}`);
    await new Promise((r) => setTimeout(r, 300));
    await create(c, "arrives-while-waiting");
    const res = await pending;
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(Number(res.body.metadata.resourceVersion)).toBeGreaterThanOrEqual(current + 1);
    expect(Date.now() - started).toBeLessThan(2_500);
  });

  it("opens a watch from a future resourceVersion and delivers only what comes after it", async () => {
    const c = await newCluster();
    const current = Number((await c.json(NS)).body.metadata.resourceVersion);
    const watch = await openWatch(c, `${NS}?watch=true&resourceVersion=${current + 1}`);
    try {
      const created = [await create(c, "future-1"), await create(c, "future-2")];
      const expected = created.filter((o) => Number(o.metadata.resourceVersion) > current + 1).map((o) => o.metadata.name);
      expect(expected).toContain("future-2");
      const events = await watch.drain(1_000);
      expect(events.map((e) => [e.type, e.object.metadata.name])).toEqual(expected.map((n) => ["ADDED", n]));
    } finally {
      await watch.cancel();
    }
  });

  it("never sends a bookmark older than the watch's resourceVersion", async () => {
    const c = await newCluster();
    const current = Number((await c.json(NS)).body.metadata.resourceVersion);
    const watch = await openWatch(c, `${NS}?watch=true&allowWatchBookmarks=true&resourceVersion=${current + 1_000}&timeoutSeconds=1`);
    expect(await watch.drain(2_000)).toEqual([]);
  });
});

describe("pod log options on the wire", () => {
  it("reads timestamps=True, previous=1 and follow=True as true", async () => {
    const c = await newCluster();
    const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "echo" }, spec: { containers: [{ name: "app", image: "busybox", command: ["sh", "-c", "echo hello; sleep 5"] }] } };
    expect((await c.send("POST", "/api/v1/namespaces/default/pods", pod)).status).toBe(201);
    await runInDurableObject(clusterStub(c.clusterId), async (o: ClusterDO) => {
      for (let i = 0; i < 10; i++) {
        o.clock.advance(1_000);
        await settle(o);
      }
    });
    const log = "/api/v1/namespaces/default/pods/echo/log";
    expect(await (await c.fetch(`${log}?timestamps=True`)).text()).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z hello\n$/);
    expect(await (await c.fetch(`${log}?timestamps=false`)).text()).toBe("hello\n");
    // The container has restarted once by now: previous=1 reads the terminated run.
    const previous = await c.fetch(`${log}?previous=1`);
    expect([previous.status, await previous.text()]).toEqual([200, "hello\n"]);
    // follow=True keeps the stream open (the container is running again).
    const follow = await c.fetch(`${log}?follow=True`);
    expect(follow.headers.get("content-encoding")).toBe("identity");
    const reader = follow.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe("hello\n");
    const more = await Promise.race([reader.read().then(() => "data or end"), new Promise((r) => setTimeout(() => r("still open"), 300))]);
    expect(more).toBe("still open");
    await reader.cancel();
  });


  it("decodes PodLogOptions before looking at the pod: 400 for a bad number or time, 422 for bad values", async () => {
    const c = await newCluster();
    const log = "/api/v1/namespaces/default/pods/nowhere/log";
    expectStatus(await c.json(`${log}?tailLines=ten`), 400, "BadRequest", 'strconv.ParseInt: parsing "ten": invalid syntax');
    expectStatus(await c.json(`${log}?sinceTime=yesterday`), 400, "BadRequest", 'parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"');
    expectStatus(await c.json(`${log}?tailLines=-1`), 422, "Invalid", 'PodLogOptions "nowhere" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0');
    expectStatus(await c.json(`${log}?sinceSeconds=5&sinceTime=2026-01-01T00:00:00Z`), 422, "Invalid");
    expectStatus(await c.json(`${log}?follow=True&previous=1&timestamps=yes`), 404, "NotFound");
  });
});
