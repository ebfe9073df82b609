// Outside requests through the simulated ingress-nginx, inside a real cluster Durable Object: pods
// answer through their programs with the headers ingress-nginx adds; what cannot be reached gets
// nginx's pages without a Server header.
import { env, runInDurableObject } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { ClusterDO } from "../../cluster-do";
import { Client } from "../../controllers/runtime/client";
import { controllerUser } from "../../identity";
import { settle } from "../../testing";
import type { ApiContext } from "../../apiserver/context";
import type { JsonObject } from "../../apiserver/registry/types";
import { answerIngress, type IngressRequest } from "./answer";

const stub = () => env.CLUSTER.get(env.CLUSTER.idFromName("ingress-answer-test"));
const ctxOf = (o: ClusterDO): ApiContext => ({ store: o.store, registry: o.registry, clock: o.clock, user: controllerUser("test") });
const inCluster = <T>(fn: (o: ClusterDO, ctx: ApiContext) => T | Promise<T>): Promise<T> => runInDurableObject(stub(), async (o: ClusterDO) => fn(o, ctxOf(o)));

const request = (host: string, path: string, extra: Partial<IngressRequest> = {}): IngressRequest => ({
  method: "GET",
  host,
  path,
  headers: { host, "user-agent": "curl/8.5.0", accept: "*/*" },
  clientIP: "203.0.113.7",
  ...extra,
});
const header = (headers: Array<[string, string]>, name: string) => headers.find(([k]) => k.toLowerCase() === name)?.[1];

const pod = (name: string, image: string, app: string): JsonObject => ({ apiVersion: "v1", kind: "Pod", metadata: { name, labels: { app } }, spec: { containers: [{ name: "c", image }] } });
const service = (name: string, app: string, targetPort: number): JsonObject => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name },
  spec: { selector: { app }, ports: [{ name: "http", port: 8080, targetPort }] },
});
const path = (p: string, pathType: string, svc: string, port: JsonObject = { number: 8080 }) => ({ path: p, pathType, backend: { service: { name: svc, port } } });

beforeAll(async () => {
  await inCluster(async (o, ctx) => {
    await settle(o);
    const client = new Client(ctx, "test");
    const rt = (g: string, plural: string) => o.registry.resource(g, "v1", plural)!;
    client.create(rt("", "pods"), "default", pod("web", "nginx:1.27.2", "web"));
    client.create(rt("", "pods"), "default", pod("who", "traefik/whoami:v1.10", "who"));
    client.create(rt("", "services"), "default", service("web", "web", 80));
    client.create(rt("", "services"), "default", service("who", "who", 80));
    client.create(rt("", "services"), "default", service("closed", "web", 81));
    client.create(rt("", "services"), "default", service("nobody", "nothing-has-this-label", 80));
    const ingresses = rt("networking.k8s.io", "ingresses");
    client.create(ingresses, "default", {
      apiVersion: "networking.k8s.io/v1",
      kind: "Ingress",
      metadata: { name: "site" },
      spec: {
        rules: [
          {
            host: "site.example",
            http: {
              paths: [
                path("/", "Prefix", "web", { name: "http" }),
                path("/who", "Prefix", "who"),
                path("/closed", "Prefix", "closed"),
                path("/nobody", "Prefix", "nobody"),
                path("/missing", "Prefix", "no-such-service"),
                path("/dir/", "Prefix", "who"),
              ],
            },
          },
        ],
      },
    });
    // Another controller's class: not ours to serve.
    client.create(ingresses, "default", {
      apiVersion: "networking.k8s.io/v1",
      kind: "Ingress",
      metadata: { name: "elsewhere" },
      spec: { ingressClassName: "other", rules: [{ host: "other.example", http: { paths: [path("/", "Prefix", "web")] } }] },
    });
    for (let i = 0; i < 6; i++) {
      o.clock.advance(1_000);
      await settle(o);
    }
  });
});

describe("answerIngress", () => {
  it("proxies to a ready endpoint and returns its answer as nginx passes it on", async () => {
    const res = await inCluster((_, ctx) => answerIngress(ctx, request("site.example", "/")));
    expect(res.status).toBe(200);
    expect(res.body).toContain("<title>Welcome to nginx!</title>");
    expect(res.headers.map(([k]) => k)).toEqual(["Date", "Content-Type", "Content-Length", "Last-Modified", "Connection", "ETag", "Accept-Ranges"]);
    expect(header(res.headers, "etag")).toBe('"66fd630f-267"');
    expect(header(res.headers, "server")).toBeUndefined();
    const head = await inCluster((_, ctx) => answerIngress(ctx, request("site.example", "/", { method: "HEAD" })));
    expect(head.body).toBe("");
    expect(header(head.headers, "content-length")).toBe("615");
  });

  it("adds ingress-nginx's headers to what the backend sees", async () => {
    const res = await inCluster((_, ctx) =>
      answerIngress(ctx, request("site.example:8000", "/who?x=1", { headers: { host: "site.example:8000", "user-agent": "curl/8.5.0", "x-forwarded-for": "198.51.100.1", connection: "keep-alive" } }), { requestId: () => "0123456789abcdef0123456789abcdef" }),
    );
    expect(res.status).toBe(200);
    expect(res.body).toContain("GET /who?x=1 HTTP/1.1\r\nHost: site.example:8000\r\nUser-Agent: curl/8.5.0\r\n");
    for (const line of [
      "X-Forwarded-For: 203.0.113.7",
      "X-Forwarded-Host: site.example:8000",
      "X-Forwarded-Port: 80",
      "X-Forwarded-Proto: http",
      "X-Forwarded-Scheme: http",
      "X-Real-Ip: 203.0.113.7",
      "X-Request-Id: 0123456789abcdef0123456789abcdef",
      "X-Scheme: http",
      "X-Original-Forwarded-For: 198.51.100.1",
    ]) {
      expect(res.body).toContain(`${line}\r\n`);
    }
    expect(res.body).not.toContain("Connection:");
  });

  it("keeps a client's X-Request-ID", async () => {
    const res = await inCluster((_, ctx) => answerIngress(ctx, request("site.example", "/who", { headers: { host: "site.example", "x-request-id": "mine" } })));
    expect(res.body).toContain("X-Request-Id: mine\r\n");
  });

  it("answers an unrouted request with the default backend's 404", async () => {
    for (const host of ["unknown.example", "other.example"]) {
      const res = await inCluster((_, ctx) => answerIngress(ctx, request(host, "/")));
      expect(res.status, host).toBe(404);
      expect(res.body).toBe("<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n");
      expect(res.headers).toEqual([["Date", expect.any(String)], ["Content-Type", "text/html"], ["Content-Length", "146"], ["Connection", "keep-alive"]]);
    }
  });

  it("answers 503 without a Service or ready endpoints, 502 when every endpoint refuses", async () => {
    for (const p of ["/nobody", "/missing"]) {
      const res = await inCluster((_, ctx) => answerIngress(ctx, request("site.example", p)));
      expect(res.status, p).toBe(503);
      expect(res.body).toContain("<title>503 Service Temporarily Unavailable</title>");
    }
    const refused = await inCluster((_, ctx) => answerIngress(ctx, request("site.example", "/closed")));
    expect(refused.status).toBe(502);
    expect(refused.body).toContain("<center><h1>502 Bad Gateway</h1></center>");
  });

  it("redirects a path ending in a slash, and refuses paths above the root and big bodies", async () => {
    const redirect = await inCluster((_, ctx) => answerIngress(ctx, request("site.example:8000", "/dir?a=1")));
    expect(redirect.status).toBe(301);
    expect(header(redirect.headers, "location")).toBe("http://site.example/dir/?a=1");
    const bad = await inCluster((_, ctx) => answerIngress(ctx, request("site.example", "/../x")));
    expect(bad.status).toBe(400);
    expect(header(bad.headers, "connection")).toBe("close");
    const big = await inCluster((_, ctx) => answerIngress(ctx, request("site.example", "/who", { method: "POST", body: "x".repeat(1024 * 1024 + 1) })));
    expect(big.status).toBe(413);
  });
});
