import { describe, expect, it } from "vitest";
import { answerHttp, answerTcpLine } from ".";
import { asResponse, curl, NOW, target } from "./testing";

describe("non-HTTP servers", () => {
  it("redis drops an HTTP client as a cross-protocol attack: an empty reply, and a warning in its log", () => {
    const a = answerHttp(target("redis:7.4", 6379), curl("/"), NOW);
    expect(a.kind).toBe("closed");
    expect(a.kind === "closed" && a.data).toBeFalsy();
    expect(a.kind === "closed" && a.log?.[0]?.text).toBe(
      "1:M 22 Oct 2026 10:00:00.123 # Possible SECURITY ATTACK detected. It looks like somebody is sending POST or Host: commands to Redis. This is likely due to an attacker attempting to use Cross Protocol Scripting to compromise your Redis instance. Connection from 10.244.0.1:43210 aborted.",
    );
    expect(answerHttp(target("redis:7.4", 80), curl("/"), NOW).kind).toBe("refused");
  });

  it("redis: PING, ECHO, QUIT as lines or RESP; data commands are not modelled", () => {
    const t = target("redis:7.4", 6379);
    expect(answerTcpLine(t, "PING", NOW)).toEqual({ kind: "data", data: "+PONG\r\n", close: false });
    expect(answerTcpLine(t, "*1\r\n$4\r\nPING\r\n", NOW)).toEqual({ kind: "data", data: "+PONG\r\n", close: false });
    expect(answerTcpLine(t, "ECHO hi", NOW)).toEqual({ kind: "data", data: "$2\r\nhi\r\n", close: false });
    expect(answerTcpLine(t, "QUIT", NOW)).toEqual({ kind: "data", data: "+OK\r\n", close: true });
    expect(answerTcpLine(t, "FOO a b", NOW)).toEqual({ kind: "data", data: "-ERR unknown command 'FOO', with args beginning with: 'a' 'b' \r\n", close: false });
    expect(answerTcpLine(t, "GET k", NOW)).toEqual({ kind: "open" });
    // redis-server --port moves it.
    expect(answerTcpLine(target("redis:7.4", 7000, ["docker-entrypoint.sh", "redis-server", "--port", "7000"]), "PING", NOW)).toMatchObject({ data: "+PONG\r\n" });
    // The guestbook's follower (run.sh → redis-server).
    expect(answerTcpLine(target("us-docker.pkg.dev/google-samples/containers/gke/gb-redis-follower:v2", 6379), "PING", NOW)).toMatchObject({ data: "+PONG\r\n" });
  });

  it("mongod answers GET with its fixed HTTP/1.0 text", () => {
    const r = asResponse(answerHttp(target("mongo:8.0", 27017), curl("/"), NOW));
    expect([r.version, r.status, r.body]).toEqual(["HTTP/1.0", 200, "It looks like you are trying to access MongoDB over HTTP on the native driver port.\r\n"]);
    expect(r.headers).toEqual([
      ["Connection", "close"],
      ["Content-Type", "text/plain"],
      ["Content-Length", "85"],
    ]);
    expect(answerHttp(target("mongo:8.0", 27017), curl("/", { method: "POST" }), NOW).kind).toBe("closed");
  });

  it("postgres closes; mysql speaks first; rabbitmq answers its protocol header", () => {
    const pg = answerHttp(target("postgres:17", 5432, undefined, { env: { POSTGRES_PASSWORD: "x" } }), curl("/"), NOW);
    expect(pg).toMatchObject({ kind: "closed" });
    expect(pg.kind === "closed" && pg.log?.[0]?.text).toBe("2026-10-22 10:00:00.123 UTC [88] LOG:  invalid length of startup packet");
    const my = answerHttp(target("mysql:8.4", 3306, undefined, { env: { MYSQL_ROOT_PASSWORD: "x" } }), curl("/"), NOW);
    expect(my.kind === "closed" && my.data?.slice(4, 5)).toBe("\x0a");
    expect(answerHttp(target("rabbitmq:4", 5672), curl("/"), NOW)).toMatchObject({ kind: "closed", data: "AMQP\x00\x00\x09\x01" });
  });
});
