import { describe, expect, it } from "vitest";
import { answerHttp } from ".";
import { nginxErrorPage } from "./nginx";
import { asResponse, curl, header, NOW, target } from "./testing";
import type { ContainerFs } from "./types";

describe("nginx", () => {
  it("GET / is the welcome page with the Docker image's headers, in nginx's order", () => {
    const r = asResponse(answerHttp(target("nginx:1.27.2", 80), curl("/"), NOW));
    expect(r.status).toBe(200);
    expect(r.headers).toEqual([
      ["Server", "nginx/1.27.2"],
      ["Date", "Thu, 22 Oct 2026 10:00:00 GMT"],
      ["Content-Type", "text/html"],
      ["Content-Length", "615"],
      // The release tarball's mtime, kept by the nginx.org package: what `curl -I` on nginx:1.27.2 shows.
      ["Last-Modified", "Wed, 02 Oct 2024 15:13:19 GMT"],
      ["Connection", "keep-alive"],
      ["ETag", '"66fd630f-267"'],
      ["Accept-Ranges", "bytes"],
    ]);
    expect(r.body).toContain("<title>Welcome to nginx!</title>");
    expect(r.body).toContain("html { color-scheme: light dark; }");
    expect(r.log).toEqual([{ stream: "stdout", text: '10.244.0.1 - - [22/Oct/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 615 "-" "curl/8.5.0" "-"' }]);
  });

  it("each version serves its own page", () => {
    const old = asResponse(answerHttp(target("nginx:1.14.2", 80), curl("/index.html"), NOW));
    expect(old.body.length).toBe(612);
    expect(old.body).not.toContain("color-scheme");
    const latest = asResponse(answerHttp(target("nginx", 80), curl("/"), NOW));
    expect(latest.body).toContain("community.nginx.org");
    expect(header(latest, "Server")).toBe("nginx/1.31.4");
  });

  it("other paths: nginx's 404 page, and the error log line", () => {
    const r = asResponse(answerHttp(target("nginx:1.27.2", 80), curl("/foo"), NOW));
    expect(r.status).toBe(404);
    expect(r.reason).toBe("Not Found");
    expect(r.body).toBe(
      "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.27.2</center>\r\n</body>\r\n</html>\r\n",
    );
    expect(r.headers.map(([k]) => k)).toEqual(["Server", "Date", "Content-Type", "Content-Length", "Connection"]);
    expect(header(r, "Content-Length")).toBe("153");
    expect(r.log?.[0]).toEqual({
      stream: "stderr",
      text: '2026/10/22 10:00:00 [error] 29#29: *1 open() "/usr/share/nginx/html/foo" failed (2: No such file or directory), client: 10.244.0.1, server: localhost, request: "GET /foo HTTP/1.1", host: "10.244.1.5"',
    });
  });

  it("error pages before 1.15.4 have a white body, and browsers that hide short error pages get padding", () => {
    expect(nginxErrorPage("1.14.2", 404)).toContain('<body bgcolor="white">\r\n');
    const chrome = asResponse(answerHttp(target("nginx:1.27.2", 80), curl("/nope", {}, { "user-agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36" }), NOW));
    expect(chrome.body.endsWith("<!-- a padding to disable MSIE and Chrome friendly error page -->\r\n")).toBe(true);
    expect(header(chrome, "Content-Length")).toBe(String(153 + 6 * 67));
    const firefox = asResponse(answerHttp(target("nginx:1.27.2", 80), curl("/nope", {}, { "user-agent": "Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0" }), NOW));
    expect(firefox.body).not.toContain("padding");
  });

  it("/50x.html is there; HEAD has the headers and no body", () => {
    const page = asResponse(answerHttp(target("nginx:1.27.2", 80), curl("/50x.html"), NOW));
    expect(page.status).toBe(200);
    expect(page.body).toContain("<h1>An error occurred.</h1>");
    const head = asResponse(answerHttp(target("nginx:1.27.2", 80), curl("/", { method: "HEAD" }), NOW));
    expect(head.body).toBe("");
    expect(header(head, "Content-Length")).toBe("615");
  });

  it("methods: POST to a file and anything but GET/HEAD/POST is 405; POST to nothing is 404; lower case is 400", () => {
    const post = asResponse(answerHttp(target("nginx:1.27.2", 80), curl("/", { method: "POST", body: "a=1" }), NOW));
    expect([post.status, post.reason]).toEqual([405, "Not Allowed"]);
    expect(post.body).toContain("<center><h1>405 Not Allowed</h1></center>");
    expect(asResponse(answerHttp(target("nginx:1.27.2", 80), curl("/x", { method: "DELETE" }), NOW)).status).toBe(405);
    expect(asResponse(answerHttp(target("nginx:1.27.2", 80), curl("/x", { method: "POST" }), NOW)).status).toBe(404);
    const bad = asResponse(answerHttp(target("nginx:1.27.2", 80), curl("/", { method: "get" }), NOW));
    expect([bad.status, header(bad, "Connection")]).toEqual([400, "close"]);
  });

  it("conditional GET: the ETag or the exact Last-Modified gives 304", () => {
    const r = asResponse(answerHttp(target("nginx:1.27.2", 80), curl("/", {}, { "if-none-match": '"66fd630f-267"' }), NOW));
    expect(r.status).toBe(304);
    expect(r.headers.map(([k]) => k)).toEqual(["Server", "Date", "Last-Modified", "Connection", "ETag"]);
    expect(asResponse(answerHttp(target("nginx:1.27.2", 80), curl("/", {}, { "if-modified-since": "Wed, 02 Oct 2024 15:13:19 GMT" }), NOW)).status).toBe(304);
  });

  it("nginx-slim: its tag's nginx, the combined log; an empty volume over the root is 403, a written index is served", () => {
    const empty: ContainerFs = { file: (p) => (p.startsWith("/usr/share/nginx/html/") ? null : undefined), dir: (p) => (p === "/usr/share/nginx/html" ? [] : undefined) };
    const t = target("registry.k8s.io/nginx-slim:0.8", 80);
    const forbidden = asResponse(answerHttp(t, curl("/"), NOW, { fs: empty }));
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toContain('<body bgcolor="white">');
    expect(forbidden.body).toContain("<hr><center>nginx/1.11.1</center>");
    expect(forbidden.log?.[1]?.text).toBe('10.244.0.1 - - [22/Oct/2026:10:00:00 +0000] "GET / HTTP/1.1" 403 169 "-" "curl/8.5.0"');
    const written: ContainerFs = { file: (p) => (p === "/usr/share/nginx/html/index.html" ? { content: "web-0\n", mtimeMs: NOW.getTime() - 5000 } : null) };
    const ok = asResponse(answerHttp(t, curl("/"), NOW, { fs: written }));
    expect([ok.status, ok.body, header(ok, "Content-Length")]).toEqual([200, "web-0\n", "6"]);
  });

  it("a directory without its slash is redirected", () => {
    const fs: ContainerFs = { file: () => undefined, dir: (p) => (p === "/usr/share/nginx/html/app" ? [] : undefined) };
    const r = asResponse(answerHttp(target("nginx:1.27.2", 80), curl("/app"), NOW, { fs }));
    expect([r.status, header(r, "Location")]).toEqual([301, "http://10.244.1.5/app/"]);
  });
});
