import { describe, expect, it } from "vitest";
import { answerHttp, formatResponse, listeningPorts, programFor } from ".";
import { servingArgv } from "./argv";
import { asResponse, curl, NOW, target } from "./testing";

describe("which program answers", () => {
  it("nothing listening is refused; a generic image accepts on its declared ports and closes", () => {
    expect(answerHttp(target("busybox", 80, ["sleep", "3600"]), curl("/"), NOW)).toEqual({ kind: "refused" });
    const generic = target("ghcr.io/someone/app:1.0", 8080, undefined, { declaredPorts: [8080] });
    expect(generic.image.generic).toBe(true);
    expect(answerHttp(generic, curl("/"), NOW)).toEqual({ kind: "closed" });
    expect(answerHttp({ ...generic, port: 9090 }, curl("/"), NOW)).toEqual({ kind: "refused" });
    expect(answerHttp(target("ghcr.io/someone/app:1.0", 8080, ["sleep", "infinity"], { declaredPorts: [8080] }), curl("/"), NOW)).toEqual({ kind: "refused" });
  });

  it("a server that has not started listening refuses (nginx: 12 ms after the start)", () => {
    const t = target("nginx:1.27.2", 80, undefined, { startedAt: NOW.getTime() - 5 });
    expect(answerHttp(t, curl("/"), NOW).kind).toBe("refused");
    expect(answerHttp({ ...t, startedAt: NOW.getTime() - 50 }, curl("/"), NOW).kind).toBe("response");
  });

  it("a command that replaces the server means nothing listens", () => {
    expect(answerHttp(target("nginx:1.27.2", 80, ["sh", "-c", "sleep 3600"]), curl("/"), NOW).kind).toBe("refused");
    expect(listeningPorts(target("nginx:1.27.2", 80, ["sleep", "10"]))).toEqual([]);
  });

  it("sees through sh -c, exec, entrypoint scripts and init shims", () => {
    const isServer = (a: string[]) => a[0] === "nginx";
    expect(servingArgv(["sh", "-c", "echo hi > /usr/share/nginx/html/index.html && exec nginx -g 'daemon off;'"], isServer).argv).toEqual(["nginx", "-g", "daemon off;"]);
    expect(servingArgv(["/docker-entrypoint.sh", "nginx", "-g", "daemon off;"], isServer).argv).toEqual(["nginx", "-g", "daemon off;"]);
    expect(servingArgv(["tini", "--", "/bin/sh", "-c", "cd /data; exec nginx"], isServer)).toEqual({ argv: ["nginx"], cwd: "/data" });
    expect(programFor(target("nginx:1.27.2", 80, ["sh", "-c", "echo hi > /tmp/x && nginx -g 'daemon off;'"]))?.name).toBe("nginx/1.27.2");
  });

  it("a request without Host gets the pod's address as its Host", () => {
    const r = asResponse(answerHttp(target("traefik/whoami", 8080, ["--port=8080"]), { method: "GET", path: "/", headers: {} }, NOW));
    expect(r.body).toContain("\nGET / HTTP/1.1\r\nHost: 10.244.1.5:8080\r\nUser-Agent: Go-http-client/1.1\r\n\r\n");
  });

  it("formats an answer as the bytes on the wire", () => {
    const r = asResponse(answerHttp(target("gcr.io/google-samples/hello-app:1.0", 8080), curl("/"), NOW));
    expect(formatResponse(r)).toBe(
      "HTTP/1.1 200 OK\r\nDate: Thu, 22 Oct 2026 10:00:00 GMT\r\nContent-Length: 45\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello, world!\nVersion: 1.0.0\nHostname: web-0\n",
    );
  });
});
