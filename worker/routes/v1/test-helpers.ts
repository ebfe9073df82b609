// Test-only helpers for the /v1 management API tests (workerd pool): JSON calls through SELF, and
// waiting for the edge's background audit writes.
import { env, SELF } from "cloudflare:test";
import { expect } from "vitest";
import { ORIGIN } from "../../test-helpers";

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}

/** A /v1 (or any) call through the Worker; `token` null sends no Authorization header. */
export async function api<T = any>(token: string | null, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
  const h = new Headers(headers);
  if (token !== null && !h.has("authorization")) h.set("Authorization", `Bearer ${token}`);
  if (body !== undefined) h.set("Content-Type", "application/json");
  const res = await SELF.fetch(`${ORIGIN}${path}`, { method, headers: h, ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body: parsed as T, headers: res.headers, text };
}

export function expectStatus(res: ApiResponse, code: number, reason: string) {
  expect(res.status, res.text).toBe(code);
  expect(res.body).toMatchObject({ kind: "Status", apiVersion: "v1", status: "Failure", reason, code });
}

/** Polls until `check` passes (the edge writes audit rows after answering). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 3_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** Audit rows of a tenant straight from D1. */
export async function auditRows(tenant: string): Promise<{ user: string; cluster_id: string | null; resource: string; code: number; verb: string; count: number }[]> {
  const { results } = await env.DB.prepare("SELECT user, cluster_id, resource, code, verb, count FROM audit_events WHERE tenant_id = ?").bind(tenant).all();
  return results as never;
}

/** The session cookie a response sets (its value), if any. */
export const sessionCookieOf = (res: { headers: Headers }) => /__Host-kubedo_session=([^;]*)/.exec(res.headers.get("set-cookie") ?? "")?.[1];

/** Headers of a same-origin browser request carrying the session cookie `value`. */
export const browser = (value: string, site = "same-origin", extra: Record<string, string> = {}) => ({ Cookie: `__Host-kubedo_session=${value}`, "Sec-Fetch-Site": site, ...extra });

/** Signs in from the console (POST /v1/session) and returns the session cookie's value. */
export async function signIn(token: string, cluster?: string): Promise<string> {
  const res = await api(null, "POST", "/v1/session", cluster ? { token, cluster } : { token }, { "Sec-Fetch-Site": "same-origin", Origin: ORIGIN });
  expect(res.status, res.text).toBe(201);
  return sessionCookieOf(res)!;
}
