// Service account tokens (TokenRequest, kubectl create token): JWTs signed with a key only this
// cluster holds, so a token works on its own cluster and nowhere else. The edge forwards a
// non-tenant bearer token to the cluster, which verifies it here.
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import type { UserInfo } from "../apiserver/context";
import { storageKey, type Registry } from "../apiserver/registry";
import type { Store } from "../store/store";

const KEY_NAME = "serviceaccount-signing-key";
const ISSUER = "https://kubernetes.default.svc.cluster.local";

export interface ServiceAccountClaims {
  iss: string;
  sub: string;
  aud: string[];
  exp: number;
  iat: number;
  nbf: number;
  "kubernetes.io": { namespace: string; serviceaccount: { name: string; uid: string } };
}

const b64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const fromB64url = (s: string) => Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
const text = new TextEncoder();

/** The audience kube-apiserver accepts by default (--api-audiences = the issuer). */
export const API_AUDIENCES = [ISSUER];

/** What a bearer token authenticates as, or why it does not (kube's token authenticator answer). */
export type TokenAuthentication =
  | { ok: true; claims: ServiceAccountClaims; audiences: string[] }
  | { ok: false; error?: string };

export class ServiceAccountTokens {
  private key: Uint8Array | undefined;

  constructor(
    private readonly kv: SyncKvStorage,
    /** The cluster's registry id: a token's key id (`kid`), which lets the edge route a token to its cluster. */
    private readonly clusterId: () => string | undefined = () => undefined,
  ) {}

  /** The cluster's HMAC key, made on first use (synchronous: TokenReview answers inside a synchronous create). */
  private signingKey(): Uint8Array {
    if (this.key) return this.key;
    let raw = this.kv.get(KEY_NAME) as string | undefined;
    if (!raw) {
      raw = b64url(crypto.getRandomValues(new Uint8Array(32)));
      this.kv.put(KEY_NAME, raw);
    }
    this.key = fromB64url(raw);
    return this.key;
  }

  private sign(data: string): string {
    return b64url(hmac(sha256, this.signingKey(), text.encode(data)));
  }

  issue(namespace: string, name: string, uid: string, audiences: string[], nowMs: number, expirationSeconds: number) {
    const iat = Math.floor(nowMs / 1000);
    const claims: ServiceAccountClaims = {
      iss: ISSUER,
      sub: `system:serviceaccount:${namespace}:${name}`,
      aud: audiences.length > 0 ? audiences : API_AUDIENCES,
      exp: iat + expirationSeconds,
      iat,
      nbf: iat,
      "kubernetes.io": { namespace, serviceaccount: { name, uid } },
    };
    const kid = this.clusterId();
    const head = b64url(text.encode(JSON.stringify(kid ? { alg: "HS256", kid, typ: "JWT" } : { alg: "HS256", typ: "JWT" })));
    const body = b64url(text.encode(JSON.stringify(claims)));
    return { token: `${head}.${body}.${this.sign(`${head}.${body}`)}`, expiration: claims.exp * 1000 };
  }

  /** The claims of a token this cluster signed that has not expired, or null. */
  verify(token: string, nowMs: number): ServiceAccountClaims | null {
    const found = this.authenticate(token, nowMs, []);
    return found.ok ? found.claims : null;
  }

  /**
   * kube's service account token authenticator: a token this cluster signed, not expired, and meant
   * for one of `audiences` (none: any). A string that is not a JWT is simply not this authenticator's
   * (no error), as kube's union of authenticators answers for it.
   */
  authenticate(token: string, nowMs: number, audiences: readonly string[]): TokenAuthentication {
    const parts = token.split(".");
    if (parts.length !== 3) return { ok: false };
    let claims: ServiceAccountClaims;
    try {
      if (!constantTimeEqual(this.sign(`${parts[0]}.${parts[1]}`), parts[2]!)) return { ok: false, error: "invalid bearer token, square/go-jose: error in cryptographic primitive" };
      claims = JSON.parse(new TextDecoder().decode(fromB64url(parts[1]!))) as ServiceAccountClaims;
    } catch {
      return { ok: false, error: "invalid bearer token, square/go-jose: compact JWS format must have three parts" };
    }
    const now = Math.floor(nowMs / 1000);
    if (typeof claims.exp !== "number" || claims.exp <= now) return { ok: false, error: "invalid bearer token, service account token has expired" };
    if (typeof claims.nbf === "number" && claims.nbf > now + 60) return { ok: false, error: "invalid bearer token, service account token is not valid yet" };
    const tokenAudiences = Array.isArray(claims.aud) ? claims.aud : [];
    const accepted = audiences.length === 0 ? tokenAudiences : tokenAudiences.filter((a) => audiences.includes(a));
    if (accepted.length === 0) {
      return { ok: false, error: `invalid bearer token, token audiences ${goQuoted(tokenAudiences)} is invalid for the target audiences ${goQuoted(audiences)}` };
    }
    return { ok: true, claims, audiences: accepted };
  }
}

/** Go's %q of a []string: ["a" "b"]. */
const goQuoted = (list: readonly string[]) => `[${list.map((a) => JSON.stringify(a)).join(" ")}]`;

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export function serviceAccountUser(claims: ServiceAccountClaims): UserInfo {
  const ns = claims["kubernetes.io"].namespace;
  return {
    username: claims.sub,
    uid: claims["kubernetes.io"].serviceaccount.uid,
    groups: ["system:serviceaccounts", `system:serviceaccounts:${ns}`, "system:authenticated"],
  };
}

/**
 * The cluster's bearer token authenticator for service account tokens, as kube-apiserver's: a valid
 * token of an account that still exists (same uid: a token outlives nothing) authenticates as it.
 */
export class ServiceAccountAuthenticator {
  constructor(
    private readonly tokens: ServiceAccountTokens,
    private readonly store: Store,
    private readonly registry: Registry,
  ) {}

  authenticate(token: string, nowMs: number, audiences: readonly string[]): UserAuthentication {
    const found = this.tokens.authenticate(token, nowMs, audiences);
    if (!found.ok) return found;
    if (!serviceAccountExists(this.store, this.registry, found.claims)) return { ok: false, error: "invalid bearer token, service account token has been invalidated" };
    return { ok: true, user: serviceAccountUser(found.claims), audiences: found.audiences };
  }
}

export type UserAuthentication = { ok: true; user: UserInfo; audiences: string[] } | { ok: false; error?: string };

function serviceAccountExists(store: Store, registry: Registry, claims: ServiceAccountClaims): boolean {
  const { namespace, serviceaccount } = claims["kubernetes.io"] ?? {};
  const sa = registry.resource("", "v1", "serviceaccounts");
  if (!sa || typeof namespace !== "string" || typeof serviceaccount?.name !== "string") return false;
  const kv = store.get(storageKey(sa, namespace, serviceaccount.name));
  return kv !== null && (kv.value.metadata as { uid?: string } | undefined)?.uid === serviceaccount.uid;
}
