// Routing an outside request to a backend as ingress-nginx's generated configuration and nginx's
// server and location matching do.
import { describe, expect, it } from "vitest";
import type { JsonObject } from "../../apiserver/registry/types";
import { normalizeHost, normalizeUri, routeRequest, sortIngresses, type IngressRoute } from "./routing";

type PathSpec = [path: string, pathType: string, service: string];

let clock = 0;
function ingress(name: string, rules: Array<{ host?: string; paths?: PathSpec[] }>, extra: { defaultBackend?: string; created?: string; namespace?: string } = {}): JsonObject {
  clock++;
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: { name, namespace: extra.namespace ?? "default", creationTimestamp: extra.created ?? new Date(Date.UTC(2025, 0, 1, 0, 0, clock)).toISOString().replace(".000", "") },
    spec: {
      ...(extra.defaultBackend ? { defaultBackend: { service: { name: extra.defaultBackend, port: { number: 80 } } } } : {}),
      rules: rules.map((r) => ({
        ...(r.host ? { host: r.host } : {}),
        ...(r.paths ? { http: { paths: r.paths.map(([path, pathType, service]) => ({ path, pathType, backend: { service: { name: service, port: { number: 80 } } } })) } } : {}),
      })),
    },
  };
}

/** "service@ingress" for a route, "301 location" for a redirect, "404" for none. */
function where(route: IngressRoute | null): string {
  if (!route) return "404";
  if (route.kind === "redirect") return `301 ${route.location}`;
  return `${route.backend.service}@${String((route.ingress.metadata as JsonObject).name)}`;
}

describe("path types", () => {
  const ings = [
    ingress("paths", [
      {
        paths: [
          ["/exact", "Exact", "exact"],
          ["/foo", "Prefix", "prefix"],
          ["/foo/bar", "Prefix", "deeper"],
          ["/impl", "ImplementationSpecific", "impl"],
          ["/slash/", "Prefix", "slash"],
        ],
      },
    ]),
  ];
  const at = (path: string) => where(routeRequest(ings, "anything.example", path));

  it("Exact matches only its path", () => {
    expect(at("/exact")).toBe("exact@paths");
    expect(at("/exact/")).toBe("404");
    expect(at("/exact/x")).toBe("404");
  });

  it("Prefix matches whole path elements, and the longest one wins", () => {
    expect(at("/foo")).toBe("prefix@paths");
    expect(at("/foo/")).toBe("prefix@paths");
    expect(at("/foo/baz")).toBe("prefix@paths");
    expect(at("/foobar")).toBe("404");
    expect(at("/foo/bar")).toBe("deeper@paths");
    expect(at("/foo/bar/x?y=1")).toBe("deeper@paths");
    expect(at("/foo/barx")).toBe("prefix@paths");
  });

  it("ImplementationSpecific is nginx's plain prefix (character-wise)", () => {
    expect(at("/impl")).toBe("impl@paths");
    expect(at("/implementation")).toBe("impl@paths");
    expect(at("/impl/x")).toBe("impl@paths");
  });

  it("a path ending in a slash redirects the same path without it, keeping the query", () => {
    expect(at("/slash/")).toBe("slash@paths");
    expect(at("/slash/x")).toBe("slash@paths");
    expect(at("/slash")).toBe("301 /slash/");
    expect(at("/slash?a=b")).toBe("301 /slash/?a=b");
  });

  it("matches the normalized path: decoded, slashes merged, dot segments resolved", () => {
    expect(at("//foo//bar")).toBe("deeper@paths");
    expect(at("/x/../exact")).toBe("exact@paths");
    expect(at("/%65xact")).toBe("exact@paths");
    expect(at("/../exact")).toBe("404");
    expect(normalizeUri("/a/./b/../c/")).toBe("/a/c/");
    expect(normalizeUri("/..")).toBeNull();
    expect(normalizeUri("x")).toBeNull();
  });

  it("Exact beats Prefix for the same path", () => {
    const both = [ingress("p", [{ paths: [["/a", "Prefix", "prefix"]] }]), ingress("e", [{ paths: [["/a", "Exact", "exact"]] }])];
    expect(where(routeRequest(both, "h", "/a"))).toBe("exact@e");
    expect(where(routeRequest(both, "h", "/a/b"))).toBe("prefix@p");
  });
});

describe("hosts", () => {
  const ings = [
    ingress("hosts", [
      { host: "foo.example.com", paths: [["/api", "Prefix", "foo-api"]] },
      { host: "*.example.com", paths: [["/", "Prefix", "wild"]] },
      { paths: [["/", "Prefix", "any"]] },
    ]),
  ];
  const at = (host: string, path = "/") => where(routeRequest(ings, host, path));

  it("picks the exact host, then a one-label wildcard, then the rules without a host", () => {
    expect(at("foo.example.com", "/api/v1")).toBe("foo-api@hosts");
    expect(at("FOO.example.com:8080", "/api")).toBe("foo-api@hosts");
    expect(at("bar.example.com")).toBe("wild@hosts");
    expect(at("a.b.example.com")).toBe("any@hosts");
    expect(at("example.com")).toBe("any@hosts");
    expect(at("10.0.0.1")).toBe("any@hosts");
    expect(at("")).toBe("any@hosts");
  });

  it("a host with rules of its own does not fall back to the rules without a host", () => {
    expect(at("foo.example.com", "/other")).toBe("404");
  });

  it("normalizes the Host header as nginx does", () => {
    expect(normalizeHost("Example.COM.:80")).toBe("example.com");
    expect(normalizeHost("[::1]:8080")).toBe("[::1]");
  });
});

describe("several Ingresses", () => {
  it("the oldest Ingress keeps a host, path and type; ties go to the greater namespace/name", () => {
    const newer = ingress("newer", [{ host: "h", paths: [["/", "Prefix", "new"]] }]);
    const older = ingress("older", [{ host: "h", paths: [["/", "Prefix", "old"]] }], { created: "2024-01-01T00:00:00Z" });
    expect(where(routeRequest([newer, older], "h", "/x"))).toBe("old@older");
    const t = "2024-06-01T00:00:00Z";
    const a = ingress("a", [{ host: "t", paths: [["/", "Prefix", "from-a"]] }], { created: t });
    const b = ingress("b", [{ host: "t", paths: [["/", "Prefix", "from-b"]] }], { created: t });
    expect(sortIngresses([a, b]).map((i) => (i.metadata as JsonObject).name)).toEqual(["b", "a"]);
    expect(where(routeRequest([a, b], "t", "/"))).toBe("from-b@b");
  });

  it("paths of several Ingresses for one host merge", () => {
    const one = ingress("one", [{ host: "h", paths: [["/a", "Prefix", "a"]] }]);
    const two = ingress("two", [{ host: "h", paths: [["/b", "Prefix", "b"]] }], { namespace: "other" });
    const route = routeRequest([one, two], "h", "/b/c");
    expect(where(route)).toBe("b@two");
    expect(route).toMatchObject({ kind: "service", namespace: "other", backend: { service: "b", port: { number: 80 } }, location: "/b/", fromDefaultBackend: false });
  });
});

describe("default backends", () => {
  it("an Ingress with only a defaultBackend is the catch-all, the oldest such one", () => {
    const rules = ingress("rules", [{ host: "h", paths: [["/a", "Exact", "a"]] }]);
    const first = ingress("first", [], { defaultBackend: "fallback" });
    const second = ingress("second", [], { defaultBackend: "other" });
    const ings = [rules, first, second];
    expect(where(routeRequest(ings, "unknown", "/x"))).toBe("fallback@first");
    expect(routeRequest(ings, "unknown", "/x")).toMatchObject({ fromDefaultBackend: true, location: "/" });
    // A host with a server of its own uses its own default, not the catch-all's.
    expect(where(routeRequest(ings, "h", "/x"))).toBe("404");
  });

  it("an Ingress with rules and a defaultBackend answers its hosts' unmatched paths with it", () => {
    const ing = ingress("both", [{ host: "h", paths: [["/a", "Prefix", "a"]] }, { paths: [["/z", "Prefix", "z"]] }], { defaultBackend: "fallback" });
    expect(where(routeRequest([ing], "h", "/a"))).toBe("a@both");
    expect(where(routeRequest([ing], "h", "/b"))).toBe("fallback@both");
    // Not the catch-all: that is only for Ingresses without rules.
    expect(where(routeRequest([ing], "elsewhere", "/b"))).toBe("404");
    expect(where(routeRequest([ing], "elsewhere", "/z"))).toBe("z@both");
  });

  it("a rule for / replaces a host's default", () => {
    const ing = ingress("root", [{ host: "h", paths: [["/", "Prefix", "root"]] }], { defaultBackend: "fallback" });
    expect(where(routeRequest([ing], "h", "/anything"))).toBe("root@root");
  });

  it("resource backends get no location", () => {
    const ing = ingress("res", [{ host: "h", paths: [["/a", "Prefix", "a"]] }]);
    const paths = ((((ing.spec as JsonObject).rules as JsonObject[])[0]!.http as JsonObject).paths as JsonObject[]);
    paths.push({ path: "/bucket", pathType: "Prefix", backend: { resource: { apiGroup: "k8s.example.com", kind: "StorageBucket", name: "static" } } });
    expect(where(routeRequest([ing], "h", "/bucket"))).toBe("404");
  });
});
