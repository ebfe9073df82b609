import { describe, expect, it } from "vitest";
import { causesOf, cells, created, schemaCausesOf, updated } from "../apps/test-helpers";
import { ingresses } from "./ingresses";

/** What `kubectl create ingress ing --rule="foo.com/bar=svc:80"` sends. */
const kubectlCreate = () => ({
  kind: "Ingress",
  apiVersion: "networking.k8s.io/v1",
  metadata: { name: "ing", creationTimestamp: null },
  spec: { rules: [{ host: "foo.com", http: { paths: [{ path: "/bar", pathType: "Exact", backend: { service: { name: "svc", port: { number: 80 } } } }] } }] },
  status: { loadBalancer: {} },
});

describe("ingresses", () => {
  it("accepts kubectl create ingress and starts with an empty load balancer", () => {
    const obj = created(ingresses, kubectlCreate());
    expect(obj.status).toEqual({ loadBalancer: {} });
    expect(causesOf(ingresses, obj)).toEqual([]);
    expect(schemaCausesOf(ingresses, obj)).toEqual([]);
    expect((obj.metadata as { generation: number }).generation).toBe(1);
  });

  it("prints CLASS HOSTS ADDRESS PORTS", () => {
    const obj = created(ingresses, kubectlCreate());
    expect(cells(ingresses, obj)).toMatchObject({ Name: "ing", Class: "<none>", Hosts: "foo.com", Address: "", Ports: "80" });
    const spec = obj.spec as Record<string, unknown>;
    spec.ingressClassName = "nginx";
    spec.tls = [{ hosts: ["foo.com"], secretName: "tls" }];
    spec.rules = ["a.com", "", "b.com", "c.com", "d.com"].map((host) => ({ host }));
    obj.status = { loadBalancer: { ingress: [{ ip: "10.0.0.2" }, { hostname: "lb.example.com" }, { ip: "10.0.0.1" }] } };
    expect(cells(ingresses, obj)).toMatchObject({ Class: "nginx", Hosts: "a.com,b.com,c.com + 2 more...", Address: "10.0.0.1,10.0.0.2,lb.example.com", Ports: "80, 443" });
    spec.rules = [{ http: { paths: [] } }];
    expect(cells(ingresses, obj)).toMatchObject({ Hosts: "*" });
  });

  it("validates hosts, paths and backends with kube's messages", () => {
    const body = kubectlCreate();
    body.spec.rules = [
      {
        host: "1.2.3.4",
        http: {
          paths: [
            { path: "bar", pathType: "Prefix", backend: { service: { name: "Svc", port: { number: 80 } } } },
            { path: "/x", pathType: undefined as never, backend: { service: { name: "svc", port: { number: 80 } } } },
          ],
        },
      },
    ];
    expect(causesOf(ingresses, created(ingresses, body))).toEqual([
      'spec.rules[0].host: Invalid value: "1.2.3.4": must be a DNS name, not an IP address',
      'spec.rules[0].http.paths[0].path: Invalid value: "bar": must be an absolute path',
      "spec.rules[0].http.paths[0].backend.service.name: Invalid value: \"Svc\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
      "spec.rules[0].http.paths[1].pathType: Required value: pathType must be specified",
    ]);
  });

  it("needs rules or a default backend", () => {
    const body = kubectlCreate() as { spec: Record<string, unknown> };
    delete body.spec.rules;
    expect(causesOf(ingresses, created(ingresses, body as never))).toEqual(["spec: Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified"]);
  });

  it("bumps generation only when the spec changes (by the handler); status stays the server's", () => {
    const old = created(ingresses, kubectlCreate());
    const next = structuredClone(old);
    next.status = { loadBalancer: { ingress: [{ ip: "1.1.1.1" }] } };
    expect(updated(ingresses, old, next).status).toEqual({ loadBalancer: {} });
  });
});
