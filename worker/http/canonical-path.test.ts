// One canonical path before any routing decision: Go's path cleaning (ServeMux's 301 for an unclean
// path), percent-decoding as kube-apiserver reads URL.Path, and the cluster's admin operations never
// reachable through /clusters/<id>/… however the path is spelled.
import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { newCluster, ORIGIN, type ClusterClient } from "../test-helpers";
import { canonicalPath, cleanPath } from "./canonical-path";

describe("cleanPath (Go's path.Clean, keeping a trailing slash as ServeMux does)", () => {
  // Go's own table for path.Clean (src/path/path_test.go), rooted as ServeMux roots every path.
  const cases: [string, string][] = [
    ["", "/"],
    ["/", "/"],
    ["/abc", "/abc"],
    ["/abc/def", "/abc/def"],
    ["/a/b/c", "/a/b/c"],
    ["/.", "/"],
    ["/..", "/"],
    ["/../..", "/"],
    ["/../../abc", "/abc"],
    ["abc", "/abc"],
    ["/abc/", "/abc/"],
    ["/abc/def/", "/abc/def/"],
    ["/./", "/"],
    ["/../", "/"],
    ["/abc//def//ghi", "/abc/def/ghi"],
    ["//abc", "/abc"],
    ["///abc", "/abc"],
    ["//abc//", "/abc/"],
    ["/abc//", "/abc/"],
    ["/abc/./def", "/abc/def"],
    ["/./abc/def", "/abc/def"],
    ["/abc/.", "/abc"],
    ["/abc/def/ghi/../jkl", "/abc/def/jkl"],
    ["/abc/def/../ghi/../jkl", "/abc/jkl"],
    ["/abc/def/..", "/abc"],
    ["/abc/def/../..", "/"],
    ["/abc/def/../../..", "/"],
    ["/abc/def/../../../ghi/jkl/../../../mno", "/mno"],
    ["/abc/./../def", "/def"],
    ["/abc//./../def", "/def"],
    ["/abc/../../././../def", "/def"],
    ["/a/b/../", "/a/"],
    ["/a/b/./", "/a/b/"],
  ];
  it.each(cases)("%j → %j", (input, want) => expect(cleanPath(input)).toBe(want));
});

describe("canonicalPath", () => {
  it("leaves a clean path alone", () => {
    for (const p of ["/", "/healthz", "/clusters/c1/api/v1/namespaces", "/clusters/c1/api/", "/v1/clusters/c1/kubeconfig"]) {
      expect(canonicalPath(p)).toEqual({ kind: "clean", path: p });
    }
  });

  it("redirects an unclean path, also one made unclean by percent-encoded slashes or dots", () => {
    const redirects: [string, string][] = [
      ["/clusters/c1//x/-/kubedo/clock", "/clusters/c1/x/-/kubedo/clock"],
      ["//clusters/c1/api", "/clusters/c1/api"],
      ["/clusters/c1/api//v1/", "/clusters/c1/api/v1/"],
      ["/clusters/c1/%2F-/kubedo/clock", "/clusters/c1/-/kubedo/clock"],
      ["/clusters/c1/%2f%2fx", "/clusters/c1/x"],
      ["/clusters/c1/api/%2E%2E/-/kubedo/clock", "/clusters/c1/-/kubedo/clock"],
      ["/clusters/c1/api/%2e%2e%2f-/kubedo/clock", "/clusters/c1/-/kubedo/clock"],
      ["/clusters/c1/api/.%2E/.%2e/../../v1/clusters", "/v1/clusters"],
      ["/clusters/c1/./api", "/clusters/c1/api"],
      ["/clusters/c1/%2e/api", "/clusters/c1/api"],
      ["/v1//clusters", "/v1/clusters"],
      ["/v1/clusters/c1//clock", "/v1/clusters/c1/clock"],
      ["/v1/clusters/..", "/v1"],
      ["/clusters/c1/.%2F-/kubedo/clock", "/clusters/c1/-/kubedo/clock"],
      ["/clusters/..%2Fv1/clusters", "/v1/clusters"],
      ["/clusters/c1/api/.", "/clusters/c1/api"],
      ["/clusters/c1/api/%2E/", "/clusters/c1/api/"],
    ];
    for (const [raw, location] of redirects) expect(canonicalPath(raw), raw).toEqual({ kind: "redirect", location });
  });

  it("decodes a clean path once, as kube reads URL.Path: %2F separates segments, other escapes are the same path", () => {
    expect(canonicalPath("/clusters/c1/-%2Fkubedo%2Fclock")).toEqual({ kind: "rewrite", path: "/clusters/c1/-/kubedo/clock" });
    expect(canonicalPath("/clusters/c1/%2D/kubedo/clock")).toEqual({ kind: "rewrite", path: "/clusters/c1/-/kubedo/clock" });
    expect(canonicalPath("/clusters/%63%31/api")).toEqual({ kind: "rewrite", path: "/clusters/c1/api" });
    expect(canonicalPath("/clusters/c1/api%2Fv1")).toEqual({ kind: "rewrite", path: "/clusters/c1/api/v1" });
    // What must stay escaped stays escaped (and decodes to the same name in the cluster).
    expect(canonicalPath("/clusters/c1/api/v1/namespaces/default/configmaps/system%3Anodes")).toEqual({
      kind: "rewrite",
      path: "/clusters/c1/api/v1/namespaces/default/configmaps/system:nodes",
    });
    expect(canonicalPath("/clusters/c1/api/v1/x%20y%3Fz%23w%25")).toEqual({ kind: "clean", path: "/clusters/c1/api/v1/x%20y%3Fz%23w%25" });
    expect(canonicalPath("/clusters/c1/api/v1/x%2520")).toEqual({ kind: "clean", path: "/clusters/c1/api/v1/x%2520" });
    // Decoded once only: a doubly escaped slash or dot is a character of a name, not a separator.
    expect(canonicalPath("/clusters/c1/-%252Fkubedo%252Fclock")).toEqual({ kind: "clean", path: "/clusters/c1/-%252Fkubedo%252Fclock" });
    expect(canonicalPath("/clusters/c1/api/%252E%252E/x")).toEqual({ kind: "clean", path: "/clusters/c1/api/%252E%252E/x" });
    // A backslash, a NUL or a fullwidth dot is no separator or dot either.
    expect(canonicalPath("/clusters/c1/%5C-/kubedo/clock")).toEqual({ kind: "clean", path: "/clusters/c1/%5C-/kubedo/clock" });
    expect(canonicalPath("/clusters/c1/api/%00")).toEqual({ kind: "clean", path: "/clusters/c1/api/%00" });
    expect(canonicalPath("/clusters/c1/%EF%BC%8E%EF%BC%8E/x")).toEqual({ kind: "clean", path: "/clusters/c1/%EF%BC%8E%EF%BC%8E/x" });
  });

  it("refuses an escape that is not one", () => {
    // Including overlong UTF-8 for "/" and "." (%C0%AF, %C0%AE), which some decoders once accepted.
    for (const raw of ["/clusters/c1/%zz", "/clusters/c1/api%", "/clusters/c1/%E0%A4%A", "/clusters/c1/%C0%AF", "/clusters/c1/%C0%AE%C0%AE/x"]) {
      expect(canonicalPath(raw), raw).toMatchObject({ kind: "invalid" });
    }
  });
});

describe("the edge routes on the canonical path", () => {
  let cluster: ClusterClient;
  beforeAll(async () => {
    cluster = await newCluster();
  });
  const call = (path: string, init: RequestInit = {}) =>
    SELF.fetch(`${ORIGIN}${path}`, { redirect: "manual", ...init, headers: { Authorization: `Bearer ${cluster.token}`, ...(init.headers as Record<string, string>) } });

  it("never reaches the cluster's admin operations outside /v1, however the path is spelled", async () => {
    const id = cluster.clusterId;
    // The owner's token, the cluster's clock through /v1: the only way in.
    const before = await call(`/v1/clusters/${id}/clock`);
    expect(before.status).toBe(200);
    const { offsetSeconds } = (await before.json()) as { offsetSeconds: number };
    for (const spelled of [
      `/clusters/${id}//x/-/kubedo/clock`,
      `/clusters/${id}//-/kubedo/clock`,
      `/clusters/${id}/%2F-/kubedo/clock`,
      `/clusters/${id}/-%2Fkubedo%2Fclock`,
      `/clusters/${id}/%2D/kubedo/clock`,
      `/clusters/${id}/%2d%2fkubedo%2fclock`,
      `/clusters/${id}/api/%2E%2E/-/kubedo/clock`,
      `/clusters/${id}/.%2F-/kubedo/clock`,
      `/clusters/${id}/-%252Fkubedo%252Fclock`,
      `/clusters/${id}/%5C-/kubedo/clock`,
      `/clusters/${id}/-/kubedo/clock`,
      `/clusters/${id}/-/kubedo/settings`,
    ]) {
      for (const method of ["GET", "POST"]) {
        const init: RequestInit = method === "POST" ? { method, body: JSON.stringify({ advanceSeconds: 3600 }), headers: { "Content-Type": "application/json" } } : {};
        let res = await call(spelled, init);
        // An unclean path is answered with a redirect to the clean one (Go's ServeMux); following it never reaches the operation.
        for (let hops = 0; res.status === 301 && hops < 3; hops++) {
          const location = res.headers.get("location")!;
          expect(location.startsWith("/"), location).toBe(true);
          res = await call(location, init);
        }
        // Not found (the edge's answer for the admin prefix), or the cluster's own answer for a path it does not serve.
        expect([404, 405], `${method} ${spelled}`).toContain(res.status);
        expect(await res.json()).toMatchObject({ kind: "Status", status: "Failure" });
      }
    }
    // Nothing moved the clock.
    const clock = (await (await call(`/v1/clusters/${id}/clock`)).json()) as { offsetSeconds: number };
    expect(clock.offsetSeconds).toBe(offsetSeconds);
  });

  it("answers an unclean path with 301 to the clean one, keeping the query, and changes nothing", async () => {
    const id = cluster.clusterId;
    const res = await call(`/clusters/${id}//api/v1/namespaces?limit=1&labelSelector=a%3Db`);
    expect(res.status).toBe(301);
    expect(res.headers.get("location")).toBe(`/clusters/${id}/api/v1/namespaces?limit=1&labelSelector=a%3Db`);
    const created = await call(`/clusters/${id}/api/v1//namespaces`, { method: "POST", body: JSON.stringify({ metadata: { name: "via-double-slash" } }), headers: { "Content-Type": "application/json" } });
    expect(created.status).toBe(301);
    expect((await call(`/clusters/${id}/api/v1/namespaces/via-double-slash`)).status).toBe(404);
    expect((await call(`/v1//clusters`)).headers.get("location")).toBe("/v1/clusters");
  });

  it("serves a path that only differs in its escapes as the same path", async () => {
    const id = cluster.clusterId;
    const res = await call(`/clusters/${id}/api%2Fv1/namespaces/%64efault`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { metadata: { name: string } }).metadata.name).toBe("default");
  });

  it("answers a malformed escape with 400", async () => {
    const res = await call(`/clusters/${cluster.clusterId}/api/v1/namespaces/%zz`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ kind: "Status", reason: "BadRequest", code: 400 });
  });
});
