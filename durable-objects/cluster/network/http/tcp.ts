// Servers that do not speak HTTP, and what they do when HTTP arrives anyway:
// - redis-server reads "GET / HTTP/1.1" as an inline command, then meets "Host:" (or POST) and drops the
//   client as a cross-protocol attack; the pending reply is never written (handleClientsWithPendingWrites
//   skips CLIENT_CLOSE_ASAP clients), so curl sees an empty reply. It logs the attack (networking.c
//   securityWarningCommand). Its own protocol: PING, ECHO, QUIT here (answerTcpLine);
// - mongod answers a connection whose first 4 bytes are "GET " with a fixed HTTP/1.0 text
//   (transport/asio_session: "It looks like you are trying to access MongoDB over HTTP on the native
//   driver port.\r\n"); anything else it closes;
// - postgres reads the first 4 bytes as the startup packet's length (0x47455420: too long), logs
//   "invalid length of startup packet" and closes; zookeeper and cassandra close as well;
// - mysqld speaks first: its handshake packet, then an error packet for the garbage (approximate bytes);
// - memcached answers each line it does not know with "ERROR\r\n"; RabbitMQ's AMQP port answers a bad
//   protocol header with its own ("AMQP\0\0\x09\x01", the AMQP 0-9-1 spec) and closes.
import type { ImageInfo } from "../../kubelet/images";
import { renderTimePlaceholders } from "../../kubelet/util";
import type { HttpAnswer, LogEntry, Program, RequestContext, TcpAnswer } from "./types";
import { partsOf, versionAtLeast } from "./wire";

export type TcpFamily = "redis" | "mongo" | "postgres" | "mysql" | "memcached" | "amqp" | "silent";

/** The family of a catalogued non-HTTP server, by repository; null for the rest. */
export function tcpFamily(repository: string): TcpFamily | null {
  if (/\/(redis|gb-redis-follower|redis-follower|redis-leader)$/.test(repository)) return "redis";
  if (repository.endsWith("/mongo")) return "mongo";
  if (repository.endsWith("/postgres")) return "postgres";
  if (repository.endsWith("/mysql") || repository.endsWith("/mariadb")) return "mysql";
  if (repository.endsWith("/memcached")) return "memcached";
  if (repository.endsWith("/rabbitmq")) return "amqp";
  if (/\/(kubernetes-zookeeper|zookeeper|cassandra)$/.test(repository)) return "silent";
  return null;
}

/** The redis version a repository runs (the guestbook follower is redis 6.0.5). */
const redisVersion = (image: ImageInfo) => (image.repository.endsWith("redis-follower") ? "6.0.5" : image.version);

export function tcpProgram(image: ImageInfo, family: TcpFamily, ports: number[], listenAfterMs: number): Program {
  return {
    name: `${family} ${image.version}`,
    ports,
    listenAfterMs,
    answer: (ctx) => overHttp(image, family, ctx),
    line: (line) => (family === "redis" ? redisLine(redisVersion(image), line) : family === "amqp" ? { kind: "data", data: AMQP_HEADER, close: true } : { kind: "open" }),
  };
}

const AMQP_HEADER = "AMQP\x00\x00\x09\x01";
const MONGO_TEXT = "It looks like you are trying to access MongoDB over HTTP on the native driver port.\r\n";

function overHttp(image: ImageInfo, family: TcpFamily, ctx: RequestContext): HttpAnswer {
  const r = partsOf(ctx.req, ctx.now);
  switch (family) {
    case "redis": {
      const v = redisVersion(image);
      const from = versionAtLeast(v, "7.0") ? `Connection from ${r.remoteAddr} aborted.` : "Connection aborted.";
      const log: LogEntry[] = [{ stream: "stdout", text: renderTimePlaceholders(`1:M {t:redis} # Possible SECURITY ATTACK detected. It looks like somebody is sending POST or Host: commands to Redis. This is likely due to an attacker attempting to use Cross Protocol Scripting to compromise your Redis instance. ${from}`, ctx.now.getTime()) }];
      // Every HTTP client sends Host (answerHttp adds one where a caller left it out).
      return { kind: "closed", log };
    }
    case "mongo":
      if (r.method !== "GET") return { kind: "closed" };
      return {
        kind: "response",
        version: "HTTP/1.0",
        status: 200,
        reason: "OK",
        headers: [["Connection", "close"], ["Content-Type", "text/plain"], ["Content-Length", String(MONGO_TEXT.length)]],
        body: r.head ? "" : MONGO_TEXT,
        closes: true,
      };
    case "postgres":
      return { kind: "closed", log: [{ stream: "stderr", text: renderTimePlaceholders("{t:pg} [88] LOG:  invalid length of startup packet", ctx.now.getTime()) }] };
    case "mysql":
      return { kind: "closed", data: mysqlHandshake(image.version) + mysqlError() };
    case "memcached": {
      const lines = 2 + Object.keys(ctx.req.headers).length; // request line, headers, the empty line
      return { kind: "closed", data: "ERROR\r\n".repeat(lines) };
    }
    case "amqp":
      return { kind: "closed", data: AMQP_HEADER };
    default:
      return { kind: "closed" };
  }
}

/** The "-ERR unknown command" reply: 7.x quotes, older versions backticks. */
function unknownCommand(version: string, argv: string[]): string {
  const [cmd = "", ...args] = argv;
  if (versionAtLeast(version, "7.0")) return `-ERR unknown command '${cmd.slice(0, 128)}', with args beginning with: ${args.map((a) => `'${a.slice(0, 128)}' `).join("")}\r\n`;
  return `-ERR unknown command \`${cmd.slice(0, 128)}\`, with args beginning with: ${args.map((a) => `\`${a.slice(0, 128)}\`, `).join("")}\r\n`;
}

/** A RESP array ("*1\r\n$4\r\nPING\r\n") or an inline command line, as argv. */
export function parseRedisCommand(line: string): string[] {
  if (line.startsWith("*")) {
    const parts = line.split("\r\n");
    const out: string[] = [];
    for (let i = 1; i < parts.length; i++) if (parts[i]!.startsWith("$") && parts[i + 1] !== undefined) out.push(parts[++i]!);
    return out;
  }
  return line.trim().split(/\s+/).filter((w) => w !== "");
}

const bulk = (s: string) => `$${new TextEncoder().encode(s).length}\r\n${s}\r\n`;

/** What redis-server answers to one command (only the connection-level ones: data commands are the caller's). */
export function redisLine(version: string, line: string): TcpAnswer {
  const argv = parseRedisCommand(line);
  const [cmd, ...args] = argv;
  if (cmd === undefined) return { kind: "open" };
  const name = cmd.toLowerCase();
  if (name === "post" || name === "host:") return { kind: "closed" };
  const reply = (data: string): TcpAnswer => ({ kind: "data", data, close: false });
  const wrongArity = () => reply(`-ERR wrong number of arguments for '${name}' command\r\n`);
  switch (name) {
    case "ping":
      if (args.length > 1) return wrongArity();
      return reply(args.length === 0 ? "+PONG\r\n" : bulk(args[0]!));
    case "echo":
      return args.length === 1 ? reply(bulk(args[0]!)) : wrongArity();
    case "quit":
      return { kind: "data", data: "+OK\r\n", close: true };
    case "get":
    case "set":
    case "del":
    case "keys":
    case "info":
    case "auth":
    case "select":
    case "hello":
    case "client":
    case "command":
    case "replicaof":
    case "slaveof":
    case "exists":
    case "incr":
    case "expire":
    case "ttl":
    case "lpush":
    case "rpush":
    case "lrange":
    case "hset":
    case "hget":
    case "hgetall":
    case "config":
    case "dbsize":
    case "flushall":
    case "flushdb":
      return { kind: "open" };
    default:
      return { kind: "data", data: unknownCommand(version, argv), close: false };
  }
}

/** mysqld's protocol-10 handshake (version, connection id, salt, capabilities, caching_sha2_password); approximate bytes. */
function mysqlHandshake(version: string): string {
  const salt1 = "\x1b\x3c\x0a\x4b\x21\x22\x25\x6f";
  const salt2 = "\x2a\x3b\x1c\x0e\x17\x11\x2d\x49\x3f\x28\x5c\x66\x00";
  const payload =
    "\x0a" + version + "\x00" + "\x08\x00\x00\x00" + salt1 + "\x00" + "\xff\xff" + "\xff" + "\x02\x00" + "\xff\xdf" + "\x15" + "\x00".repeat(10) + salt2 + "caching_sha2_password\x00";
  return packet(0, payload);
}

/** ER_HANDSHAKE_ERROR for bytes that are no handshake response. */
function mysqlError(): string {
  return packet(2, "\xff\x13\x04#08S01Bad handshake");
}

function packet(seq: number, payload: string): string {
  const n = payload.length;
  return String.fromCharCode(n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, seq) + payload;
}
