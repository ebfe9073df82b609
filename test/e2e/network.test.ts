// Services and the simulated network with real kubectl 1.33 (and 1.29) against `npm start` (instant
// profile): ClusterIPs and node ports as kube prints them, EndpointSlices and Endpoints that follow
// scaling and readiness, the API server's proxy reached through `kubectl get --raw` and `kubectl
// proxy` + curl, `kubectl port-forward` (1.33; 1.29 is told why not), and Ingress reached from outside
// with curl, all answered by the simulated programs; and kube-system's pods as kind shows them.
import { spawn, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { clusterAccess, collect, eventually, kubectl, stop, kubectlBinary, type Kubectl, type Kubedo, withInstantKubedo } from "./helpers";

let kubedo: Kubedo;
let k: Kubectl;

withInstantKubedo((server, client) => {
  kubedo = server;
  k = client;
});

const ipToInt = (ip: string) => ip.split(".").reduce((n, p) => n * 256 + Number(p), 0);
const inServiceCIDR = (ip: string) => ipToInt(ip) >= ipToInt("10.96.0.1") && ipToInt(ip) <= ipToInt("10.111.255.254");

/** The ready addresses of a Service's EndpointSlices, sorted. */
function readyAddresses(service: string): string[] {
  const slices = k.json(["get", "endpointslices", "-l", `kubernetes.io/service-name=${service}`]).items as any[];
  return slices
    .flatMap((s) => (s.endpoints ?? []) as any[])
    .filter((e) => e.conditions?.ready)
    .map((e) => e.addresses[0] as string)
    .sort();
}

function manifest(name: string, doc: object): string {
  const file = join(kubedo.dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

describe("a Deployment exposed as a Service", () => {
  it("gets a CLUSTER-IP in 10.96.0.0/12 and three ready endpoints", async () => {
    k.ok(["create", "deployment", "web", "--image=nginx", "--replicas=3"]);
    k.ok(["expose", "deployment", "web", "--port=80"]);
    const table = k.ok(["get", "svc", "web"]);
    const [header, row] = table.trim().split("\n");
    expect(header).toMatch(/^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE$/);
    const [name, type, clusterIP, external, ports] = row!.split(/\s+/);
    expect([name, type, external, ports]).toEqual(["web", "ClusterIP", "<none>", "80/TCP"]);
    expect(inServiceCIDR(clusterIP!)).toBe(true);
    expect(k.ok(["get", "ipaddress", clusterIP!, "-o", "jsonpath={.spec.parentRef.name}"])).toBe("web");

    const addresses = await eventually(() => {
      const ready = readyAddresses("web");
      return ready.length === 3 ? ready : undefined;
    }, "3 ready endpoints");
    const podIPs = (k.json(["get", "pods", "-l", "app=web"]).items as any[]).map((p) => p.status.podIP as string).sort();
    expect(addresses).toEqual(podIPs);
    // The Endpoints mirror, with kube 1.33's deprecation warning.
    const ep = k.run(["get", "endpoints", "web"]);
    expect(ep.code).toBe(0);
    expect(ep.stderr).toContain("Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice");
    expect(ep.stdout).toMatch(/^web\s+\S+:80,\S+:80,\S+:80/m);
  });

  it("endpoints follow scaling and a failing readiness probe", async () => {
    k.ok(["scale", "deployment", "web", "--replicas=2"]);
    await eventually(() => (readyAddresses("web").length === 2 ? true : undefined), "2 ready endpoints after scaling down");
    const unready = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web-unready", labels: { app: "web" } },
      spec: { containers: [{ name: "nginx", image: "nginx", readinessProbe: { exec: { command: ["cat", "/nonexistent"] }, periodSeconds: 1 } }] },
    };
    k.ok(["apply", "-f", manifest("web-unready", unready)]);
    const ip = await eventually(() => {
      const pod = k.json(["get", "pod", "web-unready"]);
      return pod.status.phase === "Running" && pod.status.podIP ? (pod.status.podIP as string) : undefined;
    }, "the unready pod running");
    const endpoint = await eventually(() => {
      const slices = k.json(["get", "endpointslices", "-l", "kubernetes.io/service-name=web"]).items as any[];
      return slices.flatMap((s) => s.endpoints ?? []).find((e: any) => e.addresses[0] === ip);
    }, "the unready pod listed");
    expect(endpoint.conditions.ready).toBe(false);
    expect(endpoint.targetRef).toMatchObject({ kind: "Pod", name: "web-unready" });
    expect(readyAddresses("web")).not.toContain(ip);
  });

  it("kubectl get --raw reaches the API without the /clusters prefix", () => {
    const apiVersions = JSON.parse(k.ok(["get", "--raw", "/api"]));
    expect(apiVersions).toMatchObject({ kind: "APIVersions", versions: ["v1"] });
  });

  it("the service proxy answers with the simulated nginx's welcome page", () => {
    const page = k.ok(["get", "--raw", "/api/v1/namespaces/default/services/web/proxy/"]);
    expect(page).toContain("<title>Welcome to nginx!</title>");
    const byPort = k.ok(["get", "--raw", "/api/v1/namespaces/default/services/web:80/proxy/"]);
    expect(byPort).toContain("Welcome to nginx!");
    const missing = k.run(["get", "--raw", "/api/v1/namespaces/default/services/web/proxy/nothing-here"]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("the server could not find the requested resource");
  });

  it("kubectl proxy + curl returns the nginx welcome page", async () => {
    const child = spawn(kubectlBinary("1.33"), ["--kubeconfig", kubedo.kubeconfig, "proxy", "--port=0"], { stdio: ["ignore", "pipe", "pipe"] });
    const out = collect(child);
    try {
      const line = await out.waitFor(/Starting to serve on 127\.0\.0\.1:(\d+)/, 20_000);
      const port = /127\.0\.0\.1:(\d+)/.exec(line)![1];
      const curl = spawnSync("curl", ["-s", "-i", `http://127.0.0.1:${port}/api/v1/namespaces/default/services/web/proxy/`], { encoding: "utf8", timeout: 20_000 });
      expect(curl.stdout).toMatch(/^HTTP\/1\.1 200 OK/);
      expect(curl.stdout).toMatch(/^Server: nginx\/1\.\d+\.\d+/m);
      expect(curl.stdout).toContain("<h1>Welcome to nginx!</h1>");
    } finally {
      await stop(child);
    }
  });

  it("kubectl 1.33 port-forward svc/web + curl returns the nginx welcome page, two requests on one connection", async () => {
    const child = spawn(kubectlBinary("1.33"), ["--kubeconfig", kubedo.kubeconfig, "port-forward", "svc/web", ":80"], { stdio: ["ignore", "pipe", "pipe"] });
    const out = collect(child);
    try {
      const line = await out.waitFor(/Forwarding from 127\.0\.0\.1:(\d+) -> 80/, 20_000);
      const port = /127\.0\.0\.1:(\d+)/.exec(line)![1];
      const curl = spawnSync("curl", ["-s", "-i", `http://127.0.0.1:${port}/`], { encoding: "utf8", timeout: 20_000 });
      expect(curl.stdout).toMatch(/^HTTP\/1\.1 200 OK\r\nServer: nginx\/1\.\d+\.\d+\r\n/);
      expect(curl.stdout).toContain("<h1>Welcome to nginx!</h1>");
      // curl reuses the connection for the second URL (keep-alive): one connect for two answers.
      const two = spawnSync("curl", ["-s", "-o", "/dev/null", "-o", "/dev/null", "-w", "%{http_code} %{num_connects}\n", `http://127.0.0.1:${port}/`, `http://127.0.0.1:${port}/missing`], { encoding: "utf8", timeout: 20_000 });
      expect(two.stdout).toBe("200 1\n404 0\n");
      // spawnSync blocked this event loop, so kubectl's output is read only now.
      await out.waitFor(new RegExp(`Handling connection for ${port}`), 20_000);
    } finally {
      await stop(child);
    }
  });

  it("port-forward to a port where nothing listens: curl gets no reply and kubectl prints the kubelet's error", async () => {
    const child = spawn(kubectlBinary("1.33"), ["--kubeconfig", kubedo.kubeconfig, "port-forward", "deployment/web", ":8080"], { stdio: ["ignore", "pipe", "pipe"] });
    const out = collect(child);
    try {
      const line = await out.waitFor(/Forwarding from 127\.0\.0\.1:(\d+) -> 8080/, 20_000);
      const port = /127\.0\.0\.1:(\d+)/.exec(line)![1];
      const curl = spawnSync("curl", ["-s", `http://127.0.0.1:${port}/`], { encoding: "utf8", timeout: 20_000 });
      expect(curl.status).not.toBe(0);
      await out.waitFor(/an error occurred forwarding \d+ -> 8080: error forwarding port 8080 to pod [0-9a-f]{64}, uid : .*dial tcp4 127\.0\.0\.1:8080: connect: connection refused/, 20_000);
    } finally {
      await stop(child);
    }
  });

  it("port-forward carries raw TCP: redis answers PING with PONG", async () => {
    k.ok(["run", "cache", "--image=redis:7.2"]);
    await eventually(() => (k.ok(["get", "pod", "cache", "-o", "jsonpath={.status.phase}"]) === "Running" ? true : undefined), "redis running");
    const child = spawn(kubectlBinary("1.33"), ["--kubeconfig", kubedo.kubeconfig, "port-forward", "pod/cache", ":6379"], { stdio: ["ignore", "pipe", "pipe"] });
    const out = collect(child);
    try {
      const line = await out.waitFor(/Forwarding from 127\.0\.0\.1:(\d+) -> 6379/, 20_000);
      const port = Number(/127\.0\.0\.1:(\d+)/.exec(line)![1]);
      const reply = await new Promise<string>((resolve, reject) => {
        const socket = connect(port, "127.0.0.1", () => socket.write("PING\r\n"));
        let got = "";
        socket.on("data", (d) => {
          got += d.toString();
          if (got.endsWith("\r\n")) {
            socket.end();
            resolve(got);
          }
        });
        socket.on("error", reject);
        setTimeout(() => reject(new Error(`no reply, got ${JSON.stringify(got)}`)), 15_000).unref();
      });
      expect(reply).toBe("+PONG\r\n");
    } finally {
      await stop(child);
    }
  });

  it("kubectl 1.29 (SPDY only) is told to use kubectl 1.31 or newer; a missing pod is NotFound", () => {
    const old = kubectl("1.29", kubedo.kubeconfig).run(["port-forward", "svc/web", "18099:80"], { timeoutMs: 30_000 });
    expect(old.code).toBe(1);
    expect(old.stderr).toContain("error: error upgrading connection: port-forward needs kubectl 1.31 or newer");
    const missing = k.run(["port-forward", "pod/nope", "18099:80"], { timeoutMs: 30_000 });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Error from server (NotFound): pods "nope" not found');
  });

  it("a Service without endpoints answers 503 in kube's words", () => {
    k.ok(["create", "service", "clusterip", "nobody", "--tcp=80:80"]);
    const res = k.run(["get", "--raw", "/api/v1/namespaces/default/services/nobody/proxy/"]);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain('Error from server (ServiceUnavailable): no endpoints available for service "nobody"');
  });
});

describe("the cluster's DNS, asked with dig through port-forward to CoreDNS", () => {
  /** `dig +tcp` at the CoreDNS pod that `kubectl port-forward` reaches on a local port. */
  async function withDig(run: (dig: (...args: string[]) => string) => void | Promise<void>): Promise<void> {
    const child = spawn(kubectlBinary("1.33"), ["--kubeconfig", kubedo.kubeconfig, "-n", "kube-system", "port-forward", "deployment/coredns", ":53"], { stdio: ["ignore", "pipe", "pipe"] });
    const out = collect(child);
    try {
      const line = await out.waitFor(/Forwarding from 127\.0\.0\.1:(\d+) -> 53/, 20_000);
      const port = /127\.0\.0\.1:(\d+)/.exec(line)![1]!;
      await run((...args) => {
        const res = spawnSync("dig", ["+tcp", "+tries=1", "+time=10", "-p", port, "@127.0.0.1", ...args], { encoding: "utf8", timeout: 20_000 });
        if (res.error) throw res.error;
        return res.stdout;
      });
    } finally {
      await stop(child);
    }
  }
  const answers = (output: string) => output.trim().split("\n").filter(Boolean).map((l) => l.split(/\s+/));

  it("a Service's name is its ClusterIP, answered with CoreDNS's flags; a missing name is NXDOMAIN with the zone's SOA", async () => {
    const clusterIP = k.ok(["get", "svc", "web", "-o", "jsonpath={.spec.clusterIP}"]);
    await withDig((dig) => {
      const full = dig("web.default.svc.cluster.local");
      expect(full).toContain("status: NOERROR");
      expect(full).toMatch(/flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1/);
      expect(answers(dig("+noall", "+answer", "web.default.svc.cluster.local"))).toEqual([["web.default.svc.cluster.local.", "30", "IN", "A", clusterIP]]);
      expect(answers(dig("+short", "kubernetes.default.svc.cluster.local"))).toEqual([["10.96.0.1"]]);
      const missing = dig("nope.default.svc.cluster.local");
      expect(missing).toContain("status: NXDOMAIN");
      expect(missing).toMatch(/^cluster\.local\.\s+30\s+IN\s+SOA\s+ns\.dns\.cluster\.local\. hostmaster\.cluster\.local\. \d+ 7200 1800 86400 30$/m);
      // The reverse of a ClusterIP names its Service.
      expect(answers(dig("+short", "-x", clusterIP))).toEqual([["web.default.svc.cluster.local."]]);
    });
  });

  it("a headless Service answers with its ready pods, SRV names each, and an ExternalName is a CNAME", async () => {
    k.ok(["apply", "-f", manifest("web-headless", { apiVersion: "v1", kind: "Service", metadata: { name: "web-headless" }, spec: { clusterIP: "None", selector: { app: "web" }, ports: [{ name: "http", port: 80 }] } })]);
    const ready = await eventually(() => {
      const ips = readyAddresses("web-headless");
      return ips.length > 0 && ips.length === readyAddresses("web").length ? ips : undefined;
    }, "headless endpoints");
    k.ok(["create", "service", "externalname", "search", "--external-name=search.example.com"]);
    await withDig((dig) => {
      const a = answers(dig("+noall", "+answer", "web-headless.default.svc.cluster.local"));
      expect(a.map((r) => r[4]).sort()).toEqual(ready);
      const srv = answers(dig("+noall", "+answer", "SRV", "_http._tcp.web-headless.default.svc.cluster.local"));
      expect(srv).toHaveLength(ready.length);
      for (const r of srv) {
        expect(r.slice(3, 7)).toEqual(["SRV", "0", String(Math.floor(100 / ready.length)), "80"]);
        expect(r[7]).toMatch(/^10-244-\d+-\d+\.web-headless\.default\.svc\.cluster\.local\.$/);
      }
      const dns = answers(dig("+noall", "+answer", "SRV", "_dns-tcp._tcp.kube-dns.kube-system.svc.cluster.local"));
      expect(dns).toEqual([["_dns-tcp._tcp.kube-dns.kube-system.svc.cluster.local.", "30", "IN", "SRV", "0", "100", "53", "kube-dns.kube-system.svc.cluster.local."]]);
      expect(answers(dig("+noall", "+answer", "search.default.svc.cluster.local"))).toEqual([["search.default.svc.cluster.local.", "30", "IN", "CNAME", "search.example.com."]]);
      const pod = ready[0]!;
      expect(answers(dig("+short", `${pod.replace(/\./g, "-")}.default.pod.cluster.local`))).toEqual([[pod]]);
    });
  });
});

describe("Service types as kube prints them", () => {
  it("NodePort, LoadBalancer, headless and ExternalName", async () => {
    k.ok(["create", "service", "nodeport", "np", "--tcp=80:8080"]);
    k.ok(["create", "service", "loadbalancer", "lb", "--tcp=443:8443"]);
    k.ok(["create", "service", "clusterip", "headless", "--clusterip=None"]);
    k.ok(["create", "service", "externalname", "ext", "--external-name=example.com"]);
    const rows = new Map(
      k
        .ok(["get", "svc", "np", "lb", "headless", "ext"])
        .trim()
        .split("\n")
        .slice(1)
        .map((l) => l.split(/\s+/))
        .map((cols) => [cols[0]!, cols] as const),
    );
    expect(rows.get("np")![1]).toBe("NodePort");
    expect(rows.get("np")![4]).toMatch(/^80:3\d{4}\/TCP$/);
    expect(rows.get("headless")!.slice(1, 5)).toEqual(["ClusterIP", "None", "<none>", "<none>"]);
    expect(rows.get("ext")!.slice(1, 5)).toEqual(["ExternalName", "<none>", "example.com", "<none>"]);
    const lb = await eventually(() => {
      const row = k.ok(["get", "svc", "lb", "--no-headers"]).trim().split(/\s+/);
      return row[3] !== "<pending>" ? row : undefined;
    }, "the load balancer's address");
    expect(lb[1]).toBe("LoadBalancer");
    // Published as a name under the cluster's public one, which the edge routes to the Service.
    expect(lb[3]).toBe(`lb.default.lb.${clusterAccess(kubedo.kubeconfig).clusterId}.ingress.localhost`);
    expect(lb[4]).toMatch(/^443:3\d{4}\/TCP$/);
  });

  it("a node port in use is refused with kube's text", () => {
    const np = k.json(["get", "svc", "np"]);
    const taken = np.spec.ports[0].nodePort;
    const svc = { apiVersion: "v1", kind: "Service", metadata: { name: "np2" }, spec: { type: "NodePort", ports: [{ port: 80, nodePort: taken }] } };
    const res = k.run(["apply", "-f", manifest("np2", svc)]);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain(`The Service "np2" is invalid: spec.ports[0].nodePort: Invalid value: ${taken}: provided port is already allocated`);
  });

  it("kubectl 1.29 sees the same", () => {
    const old = kubectl("1.29", kubedo.kubeconfig);
    const ip = old.ok(["get", "svc", "kubernetes", "-o", "jsonpath={.spec.clusterIP}"]);
    expect(ip).toBe("10.96.0.1");
    expect(old.ok(["get", "endpointslices", "kubernetes", "-o", "jsonpath={.endpoints[0].addresses[0]}"])).toBe("172.18.0.1");
  });
});

describe("kube-system as kind shows it", () => {
  it("get pods -A lists the control plane's mirror pods, CoreDNS and one kube-proxy per node, all Running", async () => {
    const rows = await eventually(() => {
      const table = k.ok(["get", "pods", "-n", "kube-system"]).trim().split("\n").slice(1).map((l) => l.split(/\s+/));
      return table.length === 10 && table.every((r) => r[1] === "1/1" && r[2] === "Running") ? table : undefined;
    }, "kube-system Running");
    const names = rows.map((r) => r[0]!.replace(/^kube-proxy-[a-z0-9]{5}$/, "kube-proxy-*").replace(/^coredns-[a-z0-9]{8,10}-[a-z0-9]{5}$/, "coredns-*"));
    expect(names.sort()).toEqual([
      "coredns-*", "coredns-*", "etcd-control-plane", "kube-apiserver-control-plane", "kube-controller-manager-control-plane",
      "kube-proxy-*", "kube-proxy-*", "kube-proxy-*", "kube-proxy-*", "kube-scheduler-control-plane",
    ]);
    const all = k.ok(["get", "pods", "-A"]);
    expect(all).toMatch(/^kube-system\s+kube-apiserver-control-plane\s+1\/1\s+Running\s+0\s+/m);
    const proxyNodes = k.json(["get", "pods", "-n", "kube-system", "-l", "k8s-app=kube-proxy"]).items.map((p: any) => p.spec.nodeName).sort();
    expect(proxyNodes).toEqual(["control-plane", "node-1", "node-2", "node-3"]);
    expect(k.ok(["get", "svc", "kube-dns", "-n", "kube-system", "--no-headers"])).toMatch(/^kube-dns\s+ClusterIP\s+10\.96\.0\.10\s+<none>\s+53\/UDP,53\/TCP,9153\/TCP\s+/);
    expect(k.ok(["logs", "-n", "kube-system", "deployment/coredns"])).toContain("CoreDNS-1.12.0");
    expect(k.ok(["logs", "-n", "kube-system", "kube-apiserver-control-plane"])).toContain("Serving securely on [::]:6443");
  });

  it("a deleted static pod's mirror comes back at once, as the kubelet posts it again", async () => {
    const before = k.json(["get", "pod", "-n", "kube-system", "etcd-control-plane"]);
    expect(k.ok(["delete", "pod", "-n", "kube-system", "etcd-control-plane"])).toBe('pod "etcd-control-plane" deleted\n');
    const after = await eventually(() => {
      const p = k.run(["get", "pod", "-n", "kube-system", "etcd-control-plane", "-o", "json"]);
      if (p.code !== 0) return undefined;
      const pod = JSON.parse(p.stdout);
      return pod.metadata.uid !== before.metadata.uid && pod.status.phase === "Running" ? pod : undefined;
    }, "the new mirror pod");
    expect(after.status.containerStatuses[0].state.running.startedAt).toBe(before.status.containerStatuses[0].state.running.startedAt);
  });
});

describe("Ingress and load balancers from outside", () => {
  /** curl to the cluster's ingress host (or a rule host under it) on the local HTTPS listener. */
  function curlIngress(host: string, path: string): { status: string; body: string } {
    const url = `https://${host}:${kubedo.port}${path}`;
    const res = spawnSync("curl", ["-sk", "--resolve", `${host}:${kubedo.port}:127.0.0.1`, "-w", "\n%{http_code}", url], { encoding: "utf8", timeout: 20_000 });
    const cut = res.stdout.lastIndexOf("\n");
    return { body: res.stdout.slice(0, cut), status: res.stdout.slice(cut + 1) };
  }

  it("kubectl create ingress gets the default class and an address; curl reaches each rule's Service", async () => {
    const { clusterId } = clusterAccess(kubedo.kubeconfig);
    const address = `${clusterId}.ingress.localhost`;
    k.ok(["create", "deployment", "hello", "--image=gcr.io/google-samples/hello-app:1.0"]);
    k.ok(["expose", "deployment", "hello", "--port=8080"]);
    await eventually(() => (readyAddresses("hello").length === 1 ? true : undefined), "hello's endpoint");
    expect(k.ok(["get", "ingressclass", "nginx", "-o", "jsonpath={.metadata.annotations.ingressclass\\.kubernetes\\.io/is-default-class}"])).toBe("true");

    k.ok(["create", "ingress", "demo", "--rule=/=web:80", "--rule=/hello=hello:8080", "--rule=shop.example.com/*=hello:8080"]);
    const row = await eventually(() => {
      const cols = k.ok(["get", "ingress", "demo", "--no-headers"]).trim().split(/\s+/);
      return cols[3] === address ? cols : undefined;
    }, "the Ingress's address");
    expect(row.slice(0, 5)).toEqual(["demo", "nginx", "shop.example.com", address, "80"]);

    const root = curlIngress(address, "/");
    expect(root.status).toBe("200");
    expect(root.body).toContain("<h1>Welcome to nginx!</h1>");
    const hello = curlIngress(address, "/hello");
    expect(hello.status).toBe("200");
    expect(hello.body).toMatch(/^Hello, world!\nVersion: 1\.0\.0\nHostname: hello-[a-z0-9]+-[a-z0-9]{5}\n$/);
    const shop = curlIngress(`shop.example.com.${address}`, "/anything");
    expect(shop.status).toBe("200");
    expect(shop.body).toContain("Hello, world!");
  });

  it("a LoadBalancer Service answers at its EXTERNAL-IP name: kube-proxy's turns over the pods, then ClientIP affinity", async () => {
    k.ok(["create", "deployment", "echo", "--image=registry.k8s.io/e2e-test-images/agnhost:2.53", "--replicas=2", "--", "/agnhost", "netexec", "--http-port=8080"]);
    k.ok(["expose", "deployment", "echo", "--type=LoadBalancer", "--port=80", "--target-port=8080"]);
    await eventually(() => (readyAddresses("echo").length === 2 ? true : undefined), "echo's endpoints");
    const external = await eventually(() => {
      const cols = k.ok(["get", "svc", "echo", "--no-headers"]).trim().split(/\s+/);
      return cols[3] !== "<pending>" ? cols[3] : undefined;
    }, "the load balancer's name");
    const names = k.json(["get", "pods", "-l", "app=echo"]).items.map((p: any) => p.metadata.name).sort();
    const seen = [0, 1, 2, 3].map(() => curlIngress(external!, "/hostname"));
    for (const r of seen) expect(r.status).toBe("200");
    expect([...new Set(seen.map((r) => r.body))].sort()).toEqual(names);
    expect(seen[2]!.body).toBe(seen[0]!.body);
    k.ok(["patch", "svc", "echo", "-p", '{"spec":{"sessionAffinity":"ClientIP"}}']);
    const sticky = [0, 1, 2].map(() => curlIngress(external!, "/hostname").body);
    expect(new Set(sticky).size).toBe(1);
    // externalTrafficPolicy Cluster: the pod sees a node's address, not curl's.
    expect(curlIngress(external!, "/clientip").body).toMatch(/^172\.18\.0\.\d+:\d+$/);
  });

  it("a path no rule takes is the controller's 404; another host gets the hostless rules; an unknown cluster is 404", () => {
    const { clusterId } = clusterAccess(kubedo.kubeconfig);
    const address = `${clusterId}.ingress.localhost`;
    // kubectl create ingress makes "/" and "/hello" Exact paths.
    const missing = curlIngress(address, "/hello/there");
    expect(missing.status).toBe("404");
    expect(missing.body).toContain("<center>nginx</center>");
    const other = curlIngress(`other.example.com.${address}`, "/");
    expect(other.status).toBe("200");
    expect(other.body).toContain("<h1>Welcome to nginx!</h1>");
    expect(curlIngress("no-such-cluster.ingress.localhost", "/").status).toBe("404");
  });
});
