import { describe, expect, it } from "vitest";
import { answerHttp } from ".";
import { errorPage, listing } from "./python";
import { asResponse, curl, header, NOW, target } from "./testing";

const server = (ref: string, port = 8000, args: string[] = []) => target(ref, port, ["python3", "-m", "http.server", ...args]);

describe("python -m http.server", () => {
  it("lists the root in HTTP/1.0 with SimpleHTTP's headers (Debian: bin, lib, lib64, sbin are links)", () => {
    const r = asResponse(answerHttp(server("python:3.12"), curl("/"), NOW));
    expect([r.version, r.status, r.reason]).toEqual(["HTTP/1.0", 200, "OK"]);
    expect(r.headers.map(([k]) => k)).toEqual(["Server", "Date", "Content-type", "Content-Length"]);
    expect(header(r, "Server")).toMatch(/^SimpleHTTP\/0\.6 Python\/3\.12\.\d+$/);
    expect(r.body).toContain('<li><a href="bin/">bin@</a></li>\n<li><a href="boot/">boot/</a></li>\n');
    expect(r.body.startsWith('<!DOCTYPE HTML>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Directory listing for /</title>\n</head>\n<body>\n<h1>Directory listing for /</h1>\n<hr>\n<ul>\n')).toBe(true);
    expect(r.body.endsWith("</ul>\n<hr>\n</body>\n</html>\n")).toBe(true);
    expect(r.log).toEqual([{ stream: "stderr", text: '10.244.0.1 - - [22/Oct/2026 10:00:00] "GET / HTTP/1.1" 200 -' }]);
  });

  it("the page of each version", () => {
    expect(listing("3.10.12", "/", [{ name: "tmp", dir: true }])).toBe(
      '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN" "http://www.w3.org/TR/html4/strict.dtd">\n<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n<title>Directory listing for /</title>\n</head>\n<body>\n<h1>Directory listing for /</h1>\n<hr>\n<ul>\n<li><a href="tmp/">tmp/</a></li>\n</ul>\n<hr>\n</body>\n</html>\n',
    );
    expect(listing("3.14.0", "/", [])).toContain('<meta charset="utf-8">\n<style type="text/css">\n:root {\ncolor-scheme: light dark;\n}\n</style>\n<title>');
  });

  it("a missing file: send_error's page, its message in the status line", () => {
    const r = asResponse(answerHttp(server("python:3.12.3"), curl("/nope"), NOW));
    expect([r.version, r.status, r.reason]).toEqual(["HTTP/1.0", 404, "File not found"]);
    expect(r.headers.map(([k]) => k)).toEqual(["Server", "Date", "Connection", "Content-Type", "Content-Length"]);
    expect(r.body).toBe(errorPage("3.12.3", 404, "File not found", "Nothing matches the given URI"));
    expect(r.body).toContain("<p>Error code explanation: 404 - Nothing matches the given URI.</p>");
    expect(errorPage("3.9.18", 404, "File not found", "Nothing matches the given URI")).toContain("<p>Error code explanation: HTTPStatus.NOT_FOUND - Nothing matches the given URI.</p>");
    expect(r.log?.map((l) => l.text)).toEqual(["10.244.0.1 - - [22/Oct/2026 10:00:00] code 404, message File not found", '10.244.0.1 - - [22/Oct/2026 10:00:00] "GET /nope HTTP/1.1" 404 -']);
  });

  it("POST is 501; the port is the positional argument; a subdirectory is redirected to its slash", () => {
    const post = asResponse(answerHttp(server("python:3.12", 8080, ["8080"]), curl("/", { method: "POST" }), NOW));
    expect([post.status, post.reason]).toEqual([501, "Unsupported method ('POST')"]);
    expect(answerHttp(server("python:3.12", 8000, ["8080"]), curl("/"), NOW).kind).toBe("refused");
    const redirect = asResponse(answerHttp(server("python:3.12"), curl("/tmp"), NOW, { fs: { file: () => undefined, dir: (p) => (p === "/tmp" ? [] : undefined) } }));
    expect([redirect.status, header(redirect, "Location")]).toEqual([301, "/tmp/"]);
  });

  it("serves files the caller knows of, from the directory a script cd'd to", () => {
    const t = target("python:3.12", 8000, ["sh", "-c", "cd /srv && python3 -m http.server"]);
    const fs = { file: (p: string) => (p === "/srv/hello.txt" ? { content: "hi\n", mtimeMs: Date.UTC(2026, 0, 1) } : null), dir: (p: string) => (p === "/srv" ? [{ name: "hello.txt" }] : null) };
    const r = asResponse(answerHttp(t, curl("/hello.txt"), NOW, { fs }));
    expect([r.body, header(r, "Content-type"), header(r, "Last-Modified")]).toEqual(["hi\n", "text/plain", "Thu, 01 Jan 2026 00:00:00 GMT"]);
    expect(asResponse(answerHttp(t, curl("/"), NOW, { fs })).body).toContain('<li><a href="hello.txt">hello.txt</a></li>');
  });
});
