// Headers on every answer the Worker gives (the console's static assets get theirs from
// web/public/_headers): Strict-Transport-Security on HTTPS, and Cache-Control: no-store unless the
// answer chose its own caching (the OpenAPI documents do), so no cache keeps a token, a kubeconfig or
// anyone's objects.

export const HSTS = "max-age=31536000; includeSubDomains";

export function withEdgeHeaders(request: Request, response: Response): Response {
  // A WebSocket handshake's answer carries nothing for a cache or a browser's HSTS list.
  if (response.status === 101) return response;
  // Re-wrapped: the headers of a response from a Durable Object are immutable (the body streams on).
  const res = new Response(response.body, response);
  if (!res.headers.has("cache-control")) res.headers.set("Cache-Control", "no-store");
  if (new URL(request.url).protocol === "https:") res.headers.set("Strict-Transport-Security", HSTS);
  return res;
}
