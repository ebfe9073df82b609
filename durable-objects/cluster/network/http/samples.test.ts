import { describe, expect, it } from "vitest";
import { answerHttp, listeningPorts } from ".";
import { asResponse, curl, NOW, target } from "./testing";

describe("kubernetes-bootcamp", () => {
  it("v1 and v2 answer with HOSTNAME and their version, chunked, and log the request", () => {
    const t = target("gcr.io/google-samples/kubernetes-bootcamp:v1", 8080, undefined, { env: { HOSTNAME: "kubernetes-bootcamp-5b48cfdcbd-tv7z2" }, startedAt: NOW.getTime() - 12_345, requestsServed: 2 });
    const r = asResponse(answerHttp(t, curl("/"), NOW));
    expect(r.body).toBe("Hello Kubernetes bootcamp! | Running on: kubernetes-bootcamp-5b48cfdcbd-tv7z2 | v=1\n");
    expect(r.headers).toEqual([
      ["Content-Type", "text/plain"],
      ["Date", "Thu, 22 Oct 2026 10:00:00 GMT"],
      ["Connection", "keep-alive"],
      ["Transfer-Encoding", "chunked"],
    ]);
    expect(r.log).toEqual([
      { stream: "stdout", text: "Running On: kubernetes-bootcamp-5b48cfdcbd-tv7z2 | Total Requests: 3 | App Uptime: 12.305 seconds | Log Time: 2026-10-22T10:00:00.123Z" },
    ]);
    const v2 = asResponse(answerHttp(target("gcr.io/google-samples/kubernetes-bootcamp:v2", 8080), curl("/anything"), NOW));
    expect(v2.body).toBe("Hello Kubernetes bootcamp! | Running on: web-0 | v=2\n");
  });

  it("listens on 8080 only, from 40 ms after the start", () => {
    const t = target("gcr.io/google-samples/kubernetes-bootcamp:v1", 80);
    expect(answerHttp(t, curl("/"), NOW).kind).toBe("refused");
    expect(listeningPorts(t)).toEqual([8080]);
    const starting = target("gcr.io/google-samples/kubernetes-bootcamp:v1", 8080, undefined, { startedAt: NOW.getTime() - 10 });
    expect(answerHttp(starting, curl("/"), NOW).kind).toBe("refused");
  });
});

describe("hello-app", () => {
  it("prints the version of its tag and the pod's hostname, Go's headers", () => {
    const r = asResponse(answerHttp(target("gcr.io/google-samples/hello-app:1.0", 8080), curl("/"), NOW));
    expect(r.body).toBe("Hello, world!\nVersion: 1.0.0\nHostname: web-0\n");
    expect(r.headers).toEqual([
      ["Date", "Thu, 22 Oct 2026 10:00:00 GMT"],
      ["Content-Length", "45"],
      ["Content-Type", "text/plain; charset=utf-8"],
    ]);
    expect(r.log).toEqual([{ stream: "stderr", text: "2026/10/22 10:00:00 Serving request: /" }]);
    const v2 = asResponse(answerHttp(target("us-docker.pkg.dev/google-samples/containers/gke/hello-app:2.0", 8080), curl("/x"), NOW));
    expect(v2.body).toBe("Hello, world!\nVersion: 2.0.0\nHostname: web-0\n");
  });

  it("listens on $PORT", () => {
    const t = target("gcr.io/google-samples/hello-app:1.0", 9000, undefined, { env: { PORT: "9000" } });
    expect(answerHttp(t, curl("/"), NOW).kind).toBe("response");
    expect(answerHttp({ ...t, port: 8080 }, curl("/"), NOW).kind).toBe("refused");
  });
});
