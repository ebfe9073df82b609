import { describe, expect, it } from "vitest";
import { answerHttp } from ".";
import { asResponse, curl, header, NOW, target } from "./testing";

describe("httpd image", () => {
  it("GET / is 'It works!' with the tarball's mtime and ETag", () => {
    const r = asResponse(answerHttp(target("httpd:2.4.62", 80), curl("/"), NOW));
    expect(r.body).toBe("<html><body><h1>It works!</h1></body></html>\n");
    expect(r.headers).toEqual([
      ["Date", "Thu, 22 Oct 2026 10:00:00 GMT"],
      ["Server", "Apache/2.4.62 (Unix)"],
      ["Last-Modified", "Mon, 11 Jun 2007 18:53:14 GMT"],
      ["ETag", '"2d-432a5e4a73a80"'],
      ["Accept-Ranges", "bytes"],
      ["Content-Length", "45"],
      ["Content-Type", "text/html"],
    ]);
    expect(r.log).toEqual([{ stream: "stdout", text: '10.244.0.1 - - [22/Oct/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 45' }]);
  });

  it("answers keep-alive only to a client that asked", () => {
    const r = asResponse(answerHttp(target("httpd:2.4.62", 80), curl("/", {}, { connection: "keep-alive" }), NOW));
    expect(r.headers.slice(-3)).toEqual([
      ["Keep-Alive", "timeout=5, max=100"],
      ["Connection", "Keep-Alive"],
      ["Content-Type", "text/html"],
    ]);
  });

  it("404 in Apache's words (2.4.41 on: no URL), 405 for POST to a file", () => {
    const r = asResponse(answerHttp(target("httpd:2.4.62", 80), curl("/missing"), NOW));
    expect(r.status).toBe(404);
    expect(r.body).toBe(
      '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n',
    );
    expect(header(r, "Content-Type")).toBe("text/html; charset=iso-8859-1");
    expect(header(r, "Content-Length")).toBe("196");
    const post = asResponse(answerHttp(target("httpd:2.4.62", 80), curl("/", { method: "POST" }), NOW));
    expect(post.status).toBe(405);
    expect(post.body).toContain("<p>The requested method POST is not allowed for this URL.</p>\n");
  });
});

describe("hpa-example", () => {
  it("index.php answers OK! and burns CPU", () => {
    const r = asResponse(answerHttp(target("registry.k8s.io/hpa-example", 80), curl("/"), NOW));
    expect(r.body).toBe("OK!");
    expect(r.cpuMillis).toBeGreaterThan(0);
    expect(r.headers).toEqual([
      ["Date", "Thu, 22 Oct 2026 10:00:00 GMT"],
      ["Server", "Apache/2.4.10 (Debian)"],
      ["X-Powered-By", "PHP/5.6.40"],
      ["Vary", "Accept-Encoding"],
      ["Content-Length", "3"],
      ["Content-Type", "text/html; charset=UTF-8"],
    ]);
    expect(r.log?.[0]?.text).toMatch(/^10\.244\.0\.1 - - \[22\/Oct\/2026:10:00:00 \+0000\] "GET \/ HTTP\/1\.1" 200 \d+ "-" "curl\/8\.5\.0"$/);
  });

  it("Debian's Apache 2.4.10: the URL in the 404 text and the server signature", () => {
    const r = asResponse(answerHttp(target("k8s.gcr.io/hpa-example", 80), curl("/nope", {}, { host: "php-apache" }), NOW));
    expect(r.body).toBe(
      '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL /nope was not found on this server.</p>\n<hr>\n<address>Apache/2.4.10 (Debian) Server at php-apache Port 80</address>\n</body></html>\n',
    );
  });
});

describe("guestbook frontend", () => {
  const t = () => target("us-docker.pkg.dev/google-samples/containers/gke/gb-frontend:v5", 80);

  it("GET / is the Angular page, controllers.js is there", () => {
    const r = asResponse(answerHttp(t(), curl("/"), NOW));
    expect(r.body.startsWith('<html ng-app="redis">\n  <head>\n    <title>Guestbook</title>')).toBe(true);
    expect(header(r, "Content-Length")).toBe("920");
    expect(header(r, "Server")).toBe("Apache/2.4.38 (Debian)");
    const js = asResponse(answerHttp(t(), curl("/controllers.js"), NOW));
    expect(header(js, "Content-Type")).toBe("application/javascript");
    expect(js.body).toContain('this.http_.get("guestbook.php?cmd=set&value=" + value)');
  });

  it("guestbook.php reads redis-follower and writes redis-leader through the hook", () => {
    const store = new Map<string, string>();
    const calls: string[] = [];
    const redis = (host: string, _port: number, argv: string[]) => {
      calls.push(`${host} ${argv.join(" ")}`);
      if (argv[0] === "SET") store.set(argv[1]!, argv[2]!);
      return argv[0] === "GET" ? (store.get(argv[1]!) ?? null) : "OK";
    };
    const empty = asResponse(answerHttp(t(), curl("/guestbook.php?cmd=get"), NOW, { redis }));
    expect(empty.body).toBe('{"data": ""}');
    expect(header(empty, "Content-Type")).toBe("application/json");
    const set = asResponse(answerHttp(t(), curl("/guestbook.php?cmd=set&value=hello,world+again"), NOW, { redis }));
    expect(set.body).toBe('{"message": "Updated"}');
    expect(asResponse(answerHttp(t(), curl("/guestbook.php?cmd=get"), NOW, { redis })).body).toBe('{"data": "hello,world again"}');
    expect(calls).toEqual(["redis-follower GET guestbook", "redis-leader SET guestbook hello,world again", "redis-follower GET guestbook"]);
  });

  it("without a hook, reads find nothing; a set without value prints PHP's notice first", () => {
    expect(asResponse(answerHttp(t(), curl("/guestbook.php?cmd=get&key=messages"), NOW)).body).toBe('{"data": ""}');
    expect(asResponse(answerHttp(t(), curl("/guestbook.php?cmd=set"), NOW)).body).toBe(
      '<br />\n<b>Notice</b>:  Undefined index: value in <b>/var/www/html/guestbook.php</b> on line <b>37</b><br />\n{"message": "Updated"}',
    );
  });
});
