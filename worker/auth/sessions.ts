// Browser sessions of the console. The HttpOnly cookie holds only a random session secret ("kds_…");
// D1 keeps its SHA-256 hash (like a token's), its expiry, its revocation, and the credential it stands
// for: the tenant token (a playground's, or the one a tenant signed in with) or a ServiceAccount token
// of one cluster. That credential is sealed (AES-256-GCM, bound to the session id) under a key
// derived from the session secret (HKDF-SHA-256), so a copy of D1 alone reveals no token, and the
// page's script never sees one unless the person asks (POST /v1/session/token, the kubeconfig).
//
// Lookups are cached per isolate for a few seconds, like tokens; signing out drops the entry from
// this isolate at once, and other isolates refuse the session within CACHE_TTL_MS.
import { hashToken } from "./tokens";
import { TtlCache } from "./ttl-cache";

export const SESSION_PREFIX = "kds_";
const CACHE_TTL_MS = 5_000;
const CACHE_MAX = 10_000;
const encoder = new TextEncoder();

export type SessionKind = "tenant" | "serviceaccount";

export interface Session {
  id: string;
  kind: SessionKind;
  /** The token the session stands for (unsealed). */
  credential: string;
  /** The tenant of a tenant session. */
  tenant: string | null;
  /** The cluster of a ServiceAccount session. */
  cluster: string | null;
  /** ms since the epoch. */
  expiresAt: number;
}

const sessions = new TtlCache<Session | null>(CACHE_TTL_MS, CACHE_MAX);

const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
const base64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const fromBase64url = (text: string) => Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));

export const newSessionSecret = () => SESSION_PREFIX + hex(crypto.getRandomValues(new Uint8Array(32)));

async function sealingKey(secret: string): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey("raw", encoder.encode(secret), "HKDF", false, ["deriveKey"]);
  return crypto.subtle.deriveKey(
    { name: "HKDF", hash: "SHA-256", salt: encoder.encode("kubedo session"), info: encoder.encode("credential v1") },
    base,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt", "decrypt"],
  );
}

async function seal(secret: string, sessionId: string, credential: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: encoder.encode(sessionId) }, await sealingKey(secret), encoder.encode(credential));
  return `${base64url(iv)}.${base64url(new Uint8Array(sealed))}`;
}

async function unseal(secret: string, sessionId: string, sealed: string): Promise<string | null> {
  const [iv, data] = sealed.split(".");
  if (!iv || !data) return null;
  try {
    const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: fromBase64url(iv), additionalData: encoder.encode(sessionId) }, await sealingKey(secret), fromBase64url(data));
    return new TextDecoder().decode(plain);
  } catch {
    return null;
  }
}

/** Stores a new session for `credential`; returns its secret (the cookie's value). */
export async function createSession(
  db: D1Database,
  opts: { kind: SessionKind; credential: string; tenant?: string; cluster?: string; expiresAt: number; now?: number },
): Promise<string> {
  const secret = newSessionSecret();
  const id = "s" + hex(crypto.getRandomValues(new Uint8Array(8)));
  await db
    .prepare("INSERT INTO sessions (id, hash, kind, tenant_id, cluster_id, credential, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
    .bind(id, await hashToken(secret), opts.kind, opts.tenant ?? null, opts.cluster ?? null, await seal(secret, id, opts.credential), opts.now ?? Date.now(), opts.expiresAt)
    .run();
  return secret;
}

interface SessionRow {
  id: string;
  kind: SessionKind;
  tenant_id: string | null;
  cluster_id: string | null;
  credential: string;
  expires_at: number;
  revoked_at: number | null;
}

/** The live session a cookie's secret names, or null (unknown, expired or revoked). */
export async function resolveSession(db: D1Database, secret: string): Promise<Session | null> {
  if (!secret.startsWith(SESSION_PREFIX)) return null;
  const hash = await hashToken(secret);
  const cached = sessions.get(hash);
  if (cached !== undefined) return cached && cached.expiresAt > Date.now() ? cached : null;
  const row = await db.prepare("SELECT id, kind, tenant_id, cluster_id, credential, expires_at, revoked_at FROM sessions WHERE hash = ?").bind(hash).first<SessionRow>();
  let session: Session | null = null;
  if (row && row.revoked_at === null && row.expires_at > Date.now()) {
    const credential = await unseal(secret, row.id, row.credential);
    if (credential !== null) session = { id: row.id, kind: row.kind, credential, tenant: row.tenant_id, cluster: row.cluster_id, expiresAt: row.expires_at };
  }
  sessions.set(hash, session);
  return session;
}

/** Signs a session out: revoked in D1, and at once in this isolate. */
export async function revokeSession(db: D1Database, secret: string): Promise<void> {
  if (!secret.startsWith(SESSION_PREFIX)) return;
  const hash = await hashToken(secret);
  sessions.delete(hash);
  await db.prepare("UPDATE sessions SET revoked_at = ? WHERE hash = ? AND revoked_at IS NULL").bind(Date.now(), hash).run();
}

/** Removes sessions that expired or were revoked before `before` (the cron calls this). */
export async function pruneSessions(db: D1Database, before: number): Promise<void> {
  await db.prepare("DELETE FROM sessions WHERE expires_at < ?1 OR revoked_at < ?1").bind(before).run();
}
