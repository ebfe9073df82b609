// Test-only helpers (imported by *.test.ts files, never by the Worker): seeding tenants, tokens and
// clusters in D1, calling a cluster's Kubernetes API through the edge Worker, and reading watches.
import { env, runInDurableObject, SELF } from "cloudflare:test";
import type { ClusterDO } from "../durable-objects/cluster/cluster-do";
import { settleStartup } from "../durable-objects/cluster/testing";

export const ORIGIN = "https://kubedo.test";

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

const unique = (prefix: string) => `${prefix}-${crypto.randomUUID().slice(0, 8)}`;

export async function seedTenant(id = unique("tenant"), kind = "user"): Promise<string> {
  await env.DB.prepare("INSERT INTO tenants (id, name, kind, created_at) VALUES (?, ?, ?, ?)").bind(id, id, kind, Date.now()).run();
  return id;
}

export interface TokenOptions {
  userName?: string;
  expiresAt?: number | null;
  revokedAt?: number | null;
}

/** Inserts a token row (hash only, as the product does) and returns the secret. */
export async function seedToken(tenant: string, opts: TokenOptions = {}): Promise<string> {
  const secret = `kdo_test_${crypto.randomUUID().replace(/-/g, "")}`;
  await env.DB.prepare(
    "INSERT INTO api_tokens (id, tenant_id, name, user_name, hash, created_at, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
  )
    .bind(unique("tok"), tenant, "test token", opts.userName ?? `user-of-${tenant}`, await sha256Hex(secret), Date.now(), opts.expiresAt ?? null, opts.revokedAt ?? null)
    .run();
  return secret;
}

export async function seedCluster(tenant: string, opts: { id?: string; status?: string } = {}): Promise<string> {
  const id = opts.id ?? unique("cluster");
  await env.DB.prepare("INSERT INTO clusters (id, tenant_id, name, created_at, status) VALUES (?, ?, ?, ?, ?)")
    .bind(id, tenant, id, Date.now(), opts.status ?? "active")
    .run();
  return id;
}

/** The cluster's Durable Object, addressed as the edge addresses it (by the registry id). */
export function clusterStub(clusterId: string) {
  return env.CLUSTER.get(env.CLUSTER.idFromName(clusterId));
}

export interface ClusterClient {
  clusterId: string;
  token: string;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  json<T = any>(path: string, init?: RequestInit): Promise<{ status: number; body: T; headers: Headers }>;
  /** POST/PUT/DELETE a JSON body. */
  send<T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: T; headers: Headers }>;
}

/**
 * A fresh tenant, token and cluster, and a client for the cluster's API through the edge Worker. The
 * cluster is up, as kind hands one over: its kube-system pods have started (on the cluster clock) and
 * nothing is written in the background any more.
 */
export async function newCluster(): Promise<ClusterClient> {
  const tenant = await seedTenant();
  const token = await seedToken(tenant);
  const clusterId = await seedCluster(tenant);
  const client = clusterClient(clusterId, token);
  await client.json("/version");
  await runInDurableObject(clusterStub(clusterId), (o: ClusterDO) => settleStartup(o));
  return client;
}

export function clusterClient(clusterId: string, token: string): ClusterClient {
  const doFetch = (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (!headers.has("authorization")) headers.set("Authorization", `Bearer ${token}`);
    return SELF.fetch(`${ORIGIN}/clusters/${clusterId}${path}`, { ...init, headers });
  };
  const json = async (path: string, init?: RequestInit) => {
    const res = await doFetch(path, init);
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    return { status: res.status, body: body as any, headers: res.headers };
  };
  return {
    clusterId,
    token,
    fetch: doFetch,
    json,
    send: (method, path, body, headers = {}) =>
      json(path, {
        method,
        headers: { "Content-Type": "application/json", ...headers },
        ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
      }),
  };
}

export interface WatchEvent {
  type: string;
  object: any;
}

/** Reads NDJSON watch events from a streamed response body. */
export class WatchReader {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  private buffer = "";
  private ended = false;
  private pendingRead: Promise<ReadableStreamReadResult<Uint8Array>> | null = null;

  constructor(readonly response: Response) {
    if (!response.body) throw new Error("watch response has no body");
    this.reader = response.body.getReader();
  }

  /** The next event, or null if the stream ended or nothing arrived within `timeoutMs`. */
  async next(timeoutMs = 5_000): Promise<WatchEvent | null> {
    for (;;) {
      const nl = this.buffer.indexOf("\n");
      if (nl >= 0) {
        const line = this.buffer.slice(0, nl);
        this.buffer = this.buffer.slice(nl + 1);
        if (line.trim() === "") continue;
        return JSON.parse(line) as WatchEvent;
      }
      if (this.ended) {
        if (this.buffer.trim() !== "") throw new Error(`watch stream ended mid-line: ${this.buffer}`);
        return null;
      }
      const chunk = await this.read(timeoutMs);
      if (chunk === "timeout") return null;
      if (chunk.done) this.ended = true;
      else this.buffer += this.decoder.decode(chunk.value, { stream: true });
    }
  }

  /** Exactly `n` events; fails if fewer arrive within `timeoutMs` each. */
  async take(n: number, timeoutMs = 5_000): Promise<WatchEvent[]> {
    const events: WatchEvent[] = [];
    while (events.length < n) {
      const e = await this.next(timeoutMs);
      if (!e) throw new Error(`watch gave ${events.length} of ${n} events: ${JSON.stringify(events.map((x) => [x.type, x.object?.metadata?.name]))}`);
      events.push(e);
    }
    return events;
  }

  /** Events that arrive until nothing more comes for `quietMs` (or the stream ends). */
  async drain(quietMs = 300): Promise<WatchEvent[]> {
    const events: WatchEvent[] = [];
    for (;;) {
      const e = await this.next(quietMs);
      if (!e) return events;
      events.push(e);
    }
  }

  /** True once the stream has ended (waits up to `timeoutMs` for the end). */
  async endsWithin(timeoutMs: number): Promise<boolean> {
    const e = await this.next(timeoutMs);
    if (e) throw new Error(`expected the watch to end, got ${JSON.stringify(e)}`);
    return this.ended;
  }

  async cancel(): Promise<void> {
    await this.reader.cancel().catch(() => {});
  }

  private async read(timeoutMs: number): Promise<ReadableStreamReadResult<Uint8Array> | "timeout"> {
    // A read that timed out stays pending; the next call picks up its result.
    this.pendingRead ??= this.reader.read();
    let timer: ReturnType<typeof setTimeout> | null = null;
    const timeout = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), timeoutMs);
    });
    const result = await Promise.race([this.pendingRead, timeout]);
    clearTimeout(timer);
    if (result !== "timeout") this.pendingRead = null;
    return result;
  }
}

export async function openWatch(client: ClusterClient, path: string, headers: Record<string, string> = {}): Promise<WatchReader> {
  const res = await client.fetch(path, { headers });
  if (res.status !== 200) throw new Error(`watch ${path} answered ${res.status}: ${await res.text()}`);
  return new WatchReader(res);
}

/** A stand-in for a Rate Limiting binding: allows `allowed` hits per key, and counts them. */
export function fakeRateLimiter(allowed: number) {
  const counts = new Map<string, number>();
  return {
    counts,
    binding: {
      limit: async ({ key }: { key: string }) => {
        const n = (counts.get(key) ?? 0) + 1;
        counts.set(key, n);
        return { success: n <= allowed };
      },
    } as RateLimit,
  };
}

/** A CustomResourceDefinition whose versions take any object (x-kubernetes-preserve-unknown-fields). */
export function openCrd(group: string, names: { plural: string; kind: string; singular?: string }, versions: { name: string; storage?: boolean }[] = [{ name: "v1" }]) {
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: `${names.plural}.${group}` },
    spec: {
      group,
      scope: "Namespaced",
      names: { plural: names.plural, singular: names.singular ?? names.kind.toLowerCase(), kind: names.kind },
      versions: versions.map((v, i) => ({
        name: v.name,
        served: true,
        storage: v.storage ?? i === versions.length - 1,
        schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } },
      })),
    },
  };
}
