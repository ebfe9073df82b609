import { describe, expect, it } from "vitest";
import { answerHttp, answerTcpLine } from ".";
import { asResponse, curl, header, NOW, target } from "./testing";

const AGNHOST = "registry.k8s.io/e2e-test-images/agnhost:2.53";
const netexec = (args: string[] = ["--http-port=8080"], extra = {}) => target(AGNHOST, 8080, ["/agnhost", "netexec", ...args], extra);

describe("agnhost netexec", () => {
  it("/ (and any unknown path) answers the time, as Go prints time.Now()", () => {
    const r = asResponse(answerHttp(netexec(undefined, { startedAt: NOW.getTime() - 61_000 }), curl("/"), NOW));
    expect(r.body).toMatch(/^NOW: 2026-10-22 10:00:00\.123\d{0,6} \+0000 UTC m=\+61\.0\d{8}$/);
    expect(asResponse(answerHttp(netexec(), curl("/whatever"), NOW)).body).toMatch(/^NOW: /);
    expect(r.log).toEqual([{ stream: "stderr", text: "I1022 10:00:00.123000       1 log.go:195] GET /" }]);
  });

  it("/hostname, /echo, /clientip", () => {
    expect(asResponse(answerHttp(netexec(), curl("/hostname"), NOW)).body).toBe("web-0");
    const echo = asResponse(answerHttp(netexec(), curl("/echo?msg=hello%20world"), NOW));
    expect([echo.status, echo.body, header(echo, "Content-Length")]).toEqual([200, "hello world", "11"]);
    const teapot = asResponse(answerHttp(netexec(), curl("/echo?msg=short&code=418"), NOW));
    expect([teapot.status, teapot.reason, teapot.body]).toEqual([418, "I'm a teapot", "short"]);
    expect(asResponse(answerHttp(netexec(), curl("/clientip"), NOW)).body).toBe("10.244.0.1:43210");
  });

  it("/healthz is ready once the UDP server runs (never, with --udp-port=-1)", () => {
    const ok = asResponse(answerHttp(netexec(), curl("/healthz"), NOW));
    expect([ok.status, ok.body, header(ok, "Content-Length"), header(ok, "Content-Type")]).toEqual([200, "", "0", undefined]);
    expect(asResponse(answerHttp(netexec(["--http-port=8080", "--udp-port=-1"]), curl("/healthz"), NOW)).status).toBe(412);
  });

  it("/shell runs only through a hook; without one it says it is not simulated", () => {
    const none = asResponse(answerHttp(netexec(), curl("/shell?cmd=hostname"), NOW));
    expect([none.status, none.body]).toEqual([501, "kubedo: netexec's /shell is not simulated\n"]);
    const shell = (cmd: string) => (cmd === "hostname" ? { output: "web-0\n", exitCode: 0 } : { output: "sh: nope: not found\n", exitCode: 127 });
    expect(asResponse(answerHttp(netexec(), curl("/shell?cmd=hostname"), NOW, { shell })).body).toBe('{"output":"web-0\\n"}');
    expect(asResponse(answerHttp(netexec(), curl("/shell?cmd=nope"), NOW, { shell })).body).toBe('{"error":"exit status 127","output":"sh: nope: not found\\n"}');
  });

  it("listens on --http-port", () => {
    const t = target(AGNHOST, 9000, ["/agnhost", "netexec", "--http-port", "9000"]);
    expect(answerHttp(t, curl("/hostname"), NOW).kind).toBe("response");
    expect(answerHttp({ ...t, port: 8080 }, curl("/"), NOW).kind).toBe("refused");
  });
});

describe("serve-hostname", () => {
  it("agnhost serve-hostname: the pod name on 9376, nothing else", () => {
    const r = asResponse(answerHttp(target(AGNHOST, 9376, ["/agnhost", "serve-hostname"]), curl("/"), NOW));
    expect(r.body).toBe("web-0");
    expect(r.headers).toEqual([
      ["Date", "Thu, 22 Oct 2026 10:00:00 GMT"],
      ["Content-Length", "5"],
      ["Content-Type", "text/plain; charset=utf-8"],
    ]);
    expect(r.log?.[0]?.text).toBe("I1022 10:00:00.123000       1 log.go:195] HTTP request from 10.244.0.1:43210");
  });

  it("--tcp --http=false writes the name and closes; --close adds Connection: close", () => {
    const tcp = target(AGNHOST, 9376, ["/agnhost", "serve-hostname", "--tcp", "--http=false"]);
    expect(answerHttp(tcp, curl("/"), NOW)).toMatchObject({ kind: "closed", data: "web-0" });
    expect(answerTcpLine(tcp, "", NOW)).toEqual({ kind: "data", data: "web-0", close: true });
    const close = asResponse(answerHttp(target(AGNHOST, 9376, ["/agnhost", "serve-hostname", "--close"]), curl("/"), NOW));
    expect(close.headers[0]).toEqual(["Connection", "close"]);
  });

  it("registry.k8s.io/serve_hostname logs with Go's standard logger", () => {
    const r = asResponse(answerHttp(target("registry.k8s.io/serve_hostname", 9376), curl("/"), NOW));
    expect(r.body).toBe("web-0");
    expect(r.log?.[0]?.text).toBe("2026/10/22 10:00:00 HTTP request from 10.244.0.1:43210");
  });
});

describe("agnhost liveness", () => {
  it("/healthz: ok for 10 s, then 500 with the seconds", () => {
    const young = target(AGNHOST, 8080, ["/agnhost", "liveness"], { startedAt: NOW.getTime() - 3_000 });
    expect(asResponse(answerHttp(young, curl("/healthz"), NOW)).body).toBe("ok");
    const old = target(AGNHOST, 8080, ["/agnhost", "liveness"], { startedAt: NOW.getTime() - 12_500 });
    const r = asResponse(answerHttp(old, curl("/healthz"), NOW));
    expect(r.status).toBe(500);
    expect(r.body).toMatch(/^error: 12\.500\d*$/);
    expect(asResponse(answerHttp(old, curl("/started"), NOW)).body).toMatch(/^12\.500\d*s$/);
    expect(asResponse(answerHttp(old, curl("/"), NOW)).body).toBe("404 page not found\n");
  });
});

describe("agnhost test-webserver", () => {
  it("lists / as http.FileServer does", () => {
    const r = asResponse(answerHttp(target(AGNHOST, 80, ["/agnhost", "test-webserver"]), curl("/"), NOW));
    expect(r.body.startsWith('<!doctype html>\n<meta name="viewport" content="width=device-width">\n<pre>\n<a href="agnhost">agnhost</a>\n<a href="bin/">bin/</a>\n')).toBe(true);
    expect(header(r, "Access-Control-Allow-Origin")).toBe("*");
  });
});
