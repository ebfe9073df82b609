// ingress-nginx's own answers (not a backend's): nginx's special response pages as its template
// configures them. `server_tokens off` makes the page's footer say "nginx" without a version, and
// `more_clear_headers Server` (there since 2018, unless show-server-tokens is set) removes the Server
// header from every response, its own and the backends'. Header order is nginx's header filter's.
import { nginxErrorPage } from "../http/nginx";
import { byteLength, httpDate } from "../http/wire";

/** What the caller turns into a fetch Response. Framing headers (Content-Length, Transfer-Encoding, Connection) are nginx's, for display; a fetch Response drops them. */
export interface IngressResponse {
  status: number;
  headers: Array<[string, string]>;
  body: string;
}

/** Any nginx ≥ 1.15.4 writes the same page bytes; only its footer names the version, which server_tokens off removes. */
const PAGE_VERSION = "1.27.1";

export interface PageOptions {
  userAgent?: string;
  /** The redirect target (301). */
  location?: string;
  /** nginx closes the connection after this answer (400, 413). */
  close?: boolean;
  head?: boolean;
}

/** The page nginx sends for `status` (MSIE and Chrome get its padding), with its headers. */
export function ingressNginxPage(status: number, now: Date, opts: PageOptions = {}): IngressResponse {
  const page = nginxErrorPage(PAGE_VERSION, status, opts.userAgent ?? "").replace(`<hr><center>nginx/${PAGE_VERSION}</center>`, "<hr><center>nginx</center>");
  const headers: Array<[string, string]> = [
    ["Date", httpDate(now)],
    ["Content-Type", "text/html"],
    ["Content-Length", String(byteLength(page))],
    ...(opts.location ? [["Location", opts.location] as [string, string]] : []),
    ["Connection", opts.close ? "close" : "keep-alive"],
  ];
  return { status, headers, body: opts.head ? "" : page };
}
