// Service account tokens (TokenRequest, kubectl create token): JWTs signed with a key only this
// cluster holds, so a token works on its own cluster and nowhere else. The edge forwards a
// non-tenant bearer token to the cluster, which verifies it here.
import type { UserInfo } from "../apiserver/context";

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

export class ServiceAccountTokens {
  private key: Promise<CryptoKey> | undefined;

  constructor(private readonly storage: DurableObjectStorage) {}

  private signingKey(): Promise<CryptoKey> {
    this.key ??= (async () => {
      let raw = await this.storage.get<string>(KEY_NAME);
      if (!raw) {
        raw = b64url(crypto.getRandomValues(new Uint8Array(32)));
        await this.storage.put(KEY_NAME, raw);
      }
      return crypto.subtle.importKey("raw", fromB64url(raw), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    })();
    return this.key;
  }

  async issue(namespace: string, name: string, uid: string, audiences: string[], nowMs: number, expirationSeconds: number) {
    const iat = Math.floor(nowMs / 1000);
    const claims: ServiceAccountClaims = {
      iss: ISSUER,
      sub: `system:serviceaccount:${namespace}:${name}`,
      aud: audiences.length > 0 ? audiences : [ISSUER],
      exp: iat + expirationSeconds,
      iat,
      nbf: iat,
      "kubernetes.io": { namespace, serviceaccount: { name, uid } },
    };
    const head = b64url(text.encode(JSON.stringify({ alg: "HS256", typ: "JWT" })));
    const body = b64url(text.encode(JSON.stringify(claims)));
    const signature = new Uint8Array(await crypto.subtle.sign("HMAC", await this.signingKey(), text.encode(`${head}.${body}`)));
    return { token: `${head}.${body}.${b64url(signature)}`, expiration: claims.exp * 1000 };
  }

  /** The claims of a token this cluster signed that has not expired, or null. */
  async verify(token: string, nowMs: number): Promise<ServiceAccountClaims | null> {
    const parts = token.split(".");
    if (parts.length !== 3) return null;
    try {
      const valid = await crypto.subtle.verify("HMAC", await this.signingKey(), fromB64url(parts[2]!), text.encode(`${parts[0]}.${parts[1]}`));
      if (!valid) return null;
      const claims = JSON.parse(new TextDecoder().decode(fromB64url(parts[1]!))) as ServiceAccountClaims;
      const now = Math.floor(nowMs / 1000);
      if (typeof claims.exp !== "number" || claims.exp <= now || claims.nbf > now + 60) return null;
      return claims;
    } catch {
      return null;
    }
  }
}

export function serviceAccountUser(claims: ServiceAccountClaims): UserInfo {
  const ns = claims["kubernetes.io"].namespace;
  return {
    username: claims.sub,
    uid: claims["kubernetes.io"].serviceaccount.uid,
    groups: ["system:serviceaccounts", `system:serviceaccounts:${ns}`, "system:authenticated"],
  };
}
