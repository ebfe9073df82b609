import { describe, expect, it } from "vitest";
import { answerHttp } from ".";
import { asResponse, curl, header, NOW, target } from "./testing";

describe("hashicorp/http-echo", () => {
  it("echoes -text with a newline on :5678, with its app headers first", () => {
    const r = asResponse(answerHttp(target("hashicorp/http-echo", 5678, ["/http-echo", "-text=hello"]), curl("/"), NOW));
    expect(r.body).toBe("hello\n");
    expect(r.headers).toEqual([
      ["X-App-Name", "http-echo"],
      ["X-App-Version", "1.0.0"],
      ["Date", "Thu, 22 Oct 2026 10:00:00 GMT"],
      ["Content-Length", "6"],
      ["Content-Type", "text/plain; charset=utf-8"],
    ]);
    expect(r.log?.[0]?.text).toMatch(/^2026\/10\/22 10:00:00 10\.244\.1\.5:5678 10\.244\.0\.1:43210 "GET \/ HTTP\/1\.1" 200 6 "curl\/8\.5\.0" \d+(\.\d+)?µs$/);
  });

  it("-listen, -status-code, /health; the 1.0 image's ECHO_TEXT; 0.2.3 exits without -text", () => {
    const t = target("hashicorp/http-echo:1.0", 8080, ["/http-echo", "-listen=:8080", "-text", "bar", "-status-code=201"]);
    expect(asResponse(answerHttp(t, curl("/any"), NOW)).status).toBe(201);
    expect(answerHttp({ ...t, port: 5678 }, curl("/"), NOW).kind).toBe("refused");
    expect(asResponse(answerHttp(t, curl("/health"), NOW)).body).toBe('{"status":"ok"}\n');
    expect(asResponse(answerHttp(target("hashicorp/http-echo", 5678), curl("/"), NOW)).body).toBe("hello-world\n");
    expect(answerHttp(target("hashicorp/http-echo:0.2.3", 5678), curl("/"), NOW).kind).toBe("refused");
    expect(header(asResponse(answerHttp(target("hashicorp/http-echo:0.2.3", 5678, ["/http-echo", "-text=x"]), curl("/"), NOW)), "X-App-Version")).toBe("0.2.3");
  });
});

describe("traefik/whoami", () => {
  it("prints the host, IPs, remote address and the request as Go writes it", () => {
    const r = asResponse(answerHttp(target("traefik/whoami:v1.10", 80), curl("/?x=1", {}, { "x-forwarded-for": "203.0.113.7" }), NOW));
    const [head, ...rest] = r.body.split("RemoteAddr: 10.244.0.1:43210\n");
    expect(head).toMatch(/^Hostname: web-0\nIP: 127\.0\.0\.1\nIP: ::1\nIP: 10\.244\.1\.5\nIP: fe80::[0-9a-f:]+\n$/);
    expect(rest.join("")).toBe("GET /?x=1 HTTP/1.1\r\nHost: 10.244.1.5\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\nX-Forwarded-For: 203.0.113.7\r\n\r\n");
  });

  it("--port, WHOAMI_NAME, /api, /health", () => {
    const t = target("traefik/whoami", 8080, ["--port", "8080"], { env: { WHOAMI_NAME: "blue" } });
    expect(asResponse(answerHttp(t, curl("/"), NOW)).body.startsWith("Name: blue\nHostname: web-0\n")).toBe(true);
    const api = asResponse(answerHttp(t, curl("/api"), NOW));
    expect(header(api, "Content-Type")).toBe("application/json");
    expect(JSON.parse(api.body)).toMatchObject({ hostname: "web-0", headers: { Accept: ["*/*"], "User-Agent": ["curl/8.5.0"] }, url: "/api", host: "10.244.1.5:8080", method: "GET", name: "blue", remoteAddr: "10.244.0.1:43210" });
    expect(asResponse(answerHttp(t, curl("/health"), NOW)).status).toBe(200);
    expect(answerHttp({ ...t, port: 80 }, curl("/"), NOW).kind).toBe("refused");
  });
});

describe("echoserver", () => {
  it("1.10: the lua-resty-template page and Server: echoserver", () => {
    const r = asResponse(answerHttp(target("registry.k8s.io/echoserver:1.10", 8080), curl("/hello?x=1"), NOW));
    expect(r.body).toBe(
      "\n\nHostname: web-0\n\nPod Information:\n\t-no pod information available-\n\nServer values:\n\tserver_version=nginx: 1.13.3 - lua: 10008\n\n" +
        "Request Information:\n\tclient_address=10.244.0.1\n\tmethod=GET\n\treal path=/hello?x=1\n\tquery=x=1\n\trequest_version=1.1\n\trequest_scheme=http\n\trequest_uri=http://10.244.1.5:8080/hello?x=1\n\n" +
        "Request Headers:\n\taccept=*/*\n\thost=10.244.1.5:8080\n\tuser-agent=curl/8.5.0\n\nRequest Body:\n\t-no body in request-\n\n",
    );
    expect(r.headers.map(([k]) => k)).toEqual(["Date", "Content-Type", "Transfer-Encoding", "Connection", "Server"]);
    expect(header(r, "Server")).toBe("echoserver");
  });

  it("1.4: CLIENT VALUES", () => {
    const r = asResponse(answerHttp(target("k8s.gcr.io/echoserver:1.4", 8080), curl("/"), NOW));
    expect(r.body).toBe(
      "CLIENT VALUES:\nclient_address=10.244.0.1\ncommand=GET\nreal path=/\nquery=nil\nrequest_version=1.1\nrequest_uri=http://10.244.1.5:8080/\n\n" +
        "SERVER VALUES:\nserver_version=nginx: 1.10.0 - lua: 10001\n\nHEADERS RECEIVED:\naccept=*/*\nhost=10.244.1.5:8080\nuser-agent=curl/8.5.0\nBODY:\n-no body in request-",
    );
    expect(header(r, "Server")).toBe("nginx/1.10.0");
  });
});
