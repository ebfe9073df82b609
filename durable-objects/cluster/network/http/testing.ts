// Test helpers: a target for an image reference, a curl-like request, a fixed clock.
import { resolveImage } from "../../kubelet/images";
import type { HttpRequestModel, HttpResponse, HttpTarget } from "./types";

/** Thursday 22 October 2026, 10:00:00.123 UTC. */
export const NOW = new Date(Date.UTC(2026, 9, 22, 10, 0, 0, 123));

/** A container of `ref` running `argv` (the image's entrypoint and cmd if omitted), connected to on `port`. */
export function target(ref: string, port: number, argv?: string[], extra: Partial<HttpTarget> = {}): HttpTarget {
  const image = resolveImage(ref);
  if (!image) throw new Error(`no image ${ref}`);
  return {
    image,
    argv: argv ?? [...image.entrypoint, ...image.cmd],
    env: { HOSTNAME: "web-0" },
    podName: "web-0",
    namespace: "default",
    podIP: "10.244.1.5",
    port,
    ...extra,
  };
}

/** What `curl -s http://10.244.1.5:PORT/PATH` sends. */
export function curl(path: string, extra: Partial<HttpRequestModel> = {}, headers: Record<string, string> = {}): HttpRequestModel {
  return { method: "GET", path, headers: { "user-agent": "curl/8.5.0", accept: "*/*", ...headers }, clientIP: "10.244.0.1", clientPort: 43210, ...extra };
}

/** The answer, asserted to be an HTTP response. */
export function asResponse(a: unknown): HttpResponse {
  const r = a as HttpResponse;
  if (!r || r.kind !== "response") throw new Error(`not a response: ${JSON.stringify(a)}`);
  return r;
}

/** A header's value (first match, case-insensitive). */
export const header = (r: HttpResponse, name: string): string | undefined => r.headers.find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
