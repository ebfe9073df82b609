// The tutorials' PHP apps on Debian's Apache (php:*-apache images):
// - registry.k8s.io/hpa-example (tasks/run-application/horizontal-pod-autoscale-walkthrough): php:5-apache
//   with an index.php that runs a million square roots and echoes "OK!" (the page's bytes: exactly those
//   three, the `?>` eats the newline). What the loop costs is an estimate (about 80 ms of a core on
//   PHP 5.6), reported as cpuMillis for the metrics model;
// - the guestbook frontend (kubernetes-engine-samples quickstarts/guestbook/php-redis): index.html and
//   controllers.js (guestbook-files.ts), and guestbook.php: `cmd=set` writes the comma-joined messages
//   under the key "guestbook" on redis-leader, anything else reads it from redis-follower and prints
//   {"data": "<value>"} unescaped; without a cmd it runs phpinfo() (its page is abbreviated here).
// Redis is the caller's: the `redis` hook; without one, reads find nothing and writes are dropped.
import { type ApacheSite, apacheAnswer, type PhpResult } from "./apache";
import { GB_COMPOSER_JSON, GB_CONTROLLERS_JS, GB_INDEX_HTML } from "./guestbook-files";
import type { Program, RequestContext } from "./types";
import { escapeHtml, first, parseQuery, type RequestParts } from "./wire";

/** CPU one request of hpa-example's index.php burns (estimate: 1,000,001 sqrt() in PHP 5.6). */
export const HPA_REQUEST_CPU_MILLIS = 80;

/** Debian's apache2 as the php images configure it. */
function debianSite(apache: string, phpVersion: string, files: ApacheSite["files"], scripts: NonNullable<ApacheSite["php"]>["scripts"]): ApacheSite {
  return {
    version: apache,
    banner: `Apache/${apache} (Debian)`,
    docroot: "/var/www/html",
    signature: true,
    deflate: true,
    directoryIndex: ["index.php", "index.html"],
    logFormat: "combined",
    files,
    php: { version: phpVersion, scripts },
  };
}

export function hpaExampleProgram(ports: number[], listenAfterMs: number): Program {
  const site = debianSite("2.4.10", "5.6.40", {}, {
    "/index.php": (): PhpResult => ({ body: "OK!", cpuMillis: HPA_REQUEST_CPU_MILLIS }),
  });
  return { name: "hpa-example (Apache/2.4.10 PHP/5.6.40)", ports, listenAfterMs, answer: (ctx) => apacheAnswer(site, ctx) };
}

/** The files' mtime (µs): `COPY . .` keeps the build context's; the image was built in October 2023 (approximate). */
const GB_MTIME_US = Date.UTC(2023, 9, 27, 19, 57, 49) * 1000 + 412_337;

export function guestbookFrontendProgram(ports: number[], listenAfterMs: number): Program {
  const site = debianSite(
    "2.4.38",
    "7.4.33",
    {
      "/index.html": { content: GB_INDEX_HTML, mtimeUs: GB_MTIME_US },
      "/controllers.js": { content: GB_CONTROLLERS_JS, mtimeUs: GB_MTIME_US },
      "/composer.json": { content: GB_COMPOSER_JSON, mtimeUs: GB_MTIME_US },
    },
    { "/guestbook.php": guestbookPhp },
  );
  return { name: "guestbook frontend (Apache/2.4.38 PHP/7.4.33)", ports, listenAfterMs, answer: (ctx) => apacheAnswer(site, ctx) };
}

/** PHP 7's HTML notice for a missing $_GET key (display_errors=1, html_errors on under Apache). */
const undefinedIndex = (key: string, line: number) =>
  `<br />\n<b>Notice</b>:  Undefined index: ${key} in <b>/var/www/html/guestbook.php</b> on line <b>${line}</b><br />\n`;

function guestbookPhp(ctx: RequestContext, r: RequestParts): PhpResult {
  const get = parseQuery(r.query);
  if (!get.has("cmd")) return { body: phpinfo(ctx) };
  const env = ctx.target.env;
  const fromEnv = env.GET_HOSTS_FROM === "env";
  const redis = ctx.hooks.redis;
  const json: Array<[string, string]> = [["Content-Type", "application/json"]];
  if (first(get, "cmd") === "set") {
    const host = fromEnv ? (env.REDIS_LEADER_SERVICE_HOST ?? "") : "redis-leader";
    const notice = get.has("value") ? "" : undefinedIndex("value", 37);
    redis?.(host, 6379, ["SET", "guestbook", first(get, "value")]);
    return { headers: json, body: `${notice}{"message": "Updated"}` };
  }
  const host = fromEnv ? (env.REDIS_FOLLOWER_SERVICE_HOST ?? "") : "redis-follower";
  const value = redis?.(host, 6379, ["GET", "guestbook"]) ?? "";
  return { headers: json, body: `{"data": "${value}"}` };
}

/** The head of phpinfo()'s page (the real one runs to ~80 KB of configuration tables; abbreviated). */
function phpinfo(ctx: RequestContext): string {
  const row = (k: string, v: string) => `<tr><td class="e">${k} </td><td class="v">${escapeHtml(v, false)} </td></tr>\n`;
  return (
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "DTD/xhtml1-transitional.dtd">\n' +
    '<html xmlns="http://www.w3.org/1999/xhtml"><head>\n' +
    '<title>PHP 7.4.33 - phpinfo()</title><meta name="ROBOTS" content="NOINDEX,NOFOLLOW,NOARCHIVE" /></head>\n' +
    '<body><div class="center">\n<table>\n<tr class="h"><td>\n<h1 class="p">PHP Version 7.4.33</h1>\n</td></tr>\n</table>\n<table>\n' +
    row("System", `Linux ${ctx.target.podName} 6.8.0-1021-gcp #23-Ubuntu SMP x86_64`) +
    row("Server API", "Apache 2.0 Handler") +
    row("Loaded Configuration File", "(none)") +
    "</table>\n</div></body></html>"
  );
}
