// The /v1 management API ends its JSON bodies with a newline, as every Kubernetes response does (Go's
// json.Encoder), so one client reads both alike. Hono's c.json writes none; this adds it after the route.
import type { MiddlewareHandler } from "hono";

export const jsonNewline: MiddlewareHandler = async (c, next) => {
  await next();
  const res = c.res;
  if (!res.body || !(res.headers.get("content-type") ?? "").startsWith("application/json")) return;
  const text = await res.text();
  const headers = new Headers(res.headers);
  headers.delete("content-length");
  c.res = new Response(text.endsWith("\n") ? text : `${text}\n`, { status: res.status, statusText: res.statusText, headers });
};
