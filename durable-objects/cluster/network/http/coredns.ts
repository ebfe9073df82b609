// CoreDNS (registry.k8s.io/coredns/coredns) with kubeadm's Corefile: DNS on 53 (answered by the
// network/dns model through the `dns` hook, over TCP as port-forward carries it), the health plugin's
// `/health` on 8080, the ready plugin's `/ready` on 8181, and Prometheus metrics on 9153 (only the
// build-info gauge is modelled). HTTP sent to port 53 is read as a DNS length prefix ("GE" = 18245
// bytes) that never completes: the client sees nothing, then CoreDNS's read timeout closes it.
import { goMuxRedirect, goNotFound, goResponse } from "./go";
import type { HttpAnswer, Program, RequestContext, StreamAnswer } from "./types";
import { partsOf } from "./wire";

const GO_VERSION = "go1.23.3";
const REVISION = "51e11f1";

export function corednsProgram(version: string, ports: number[], listenAfterMs: number): Program {
  const v = version.replace(/^v/, "");
  return {
    name: `coredns ${v}`,
    ports,
    listenAfterMs,
    answer: (ctx) => http(v, ctx),
    stream: (pending, ctx): StreamAnswer | null => {
      if (ctx.target.port !== 53) return null;
      if (!ctx.hooks.dns) return { consumed: pending.length, output: new Uint8Array(), close: true };
      return ctx.hooks.dns(pending);
    },
  };
}

function http(version: string, ctx: RequestContext): HttpAnswer {
  const r = partsOf(ctx.req, ctx.now);
  const port = ctx.target.port;
  if (port === 53) return { kind: "closed" };
  const redirect = goMuxRedirect(r, ctx.now);
  if (redirect) return redirect;
  if ((port === 8080 && r.pathname === "/health") || (port === 8181 && r.pathname === "/ready")) return goResponse(r, ctx.now, { body: "OK" });
  if (port === 9153 && r.pathname === "/metrics") {
    return goResponse(r, ctx.now, {
      headers: [["Content-Type", "text/plain; version=0.0.4; charset=utf-8; escaping=underscores"]],
      body:
        "# HELP coredns_build_info A metric with a constant '1' value labeled by version, revision, and goversion from which CoreDNS was built.\n" +
        "# TYPE coredns_build_info gauge\n" +
        `coredns_build_info{goversion="${GO_VERSION}",revision="${REVISION}",version="${version}"} 1\n`,
    });
  }
  return goNotFound(r, ctx.now);
}
