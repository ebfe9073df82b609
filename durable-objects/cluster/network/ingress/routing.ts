// Which backend ingress-nginx sends an outside request to, from the Ingresses it serves. This models
// the configuration ingress-nginx generates (internal/ingress/controller/controller.go createServers,
// getBackendServers; location.go updateServerLocations; template.go buildLocation, buildServerName)
// and how nginx then picks a server and a location; the results are the networking.k8s.io/v1
// semantics where those are defined, and ingress-nginx's where they are not:
// - Ingresses are taken oldest first (creationTimestamp; at equal times namespace/name descending,
//   as its sortIngressSlice); for the same host, path and pathType the first one wins.
// - One nginx server per host. A request goes to the server of its Host (exact name, else a wildcard
//   `*.example.com` = exactly one more label), else to the catch-all server `_`, which holds the rules
//   without a host. So rules without a host do not apply to a Host that has rules of its own.
// - Locations: Exact `/foo` is `location = /foo`; Prefix `/foo` is `location /foo/` plus `= /foo`
//   (element-wise: not /foobar); ImplementationSpecific `/foo` is the plain nginx prefix `/foo`
//   (character-wise: /foobar too). nginx takes an exact match, else the longest prefix. A path that
//   ends in "/" makes nginx redirect (301) the same path without the slash to it.
// - Each server's `/` falls back to a default: for `_`, the spec.defaultBackend of the oldest Ingress
//   that has one and no rules; for a host, the spec.defaultBackend of the oldest Ingress with a rule
//   for it, if it has one; otherwise the controller's own default backend (404).
// - Backends that are not Services (`resource`) get no location, as in ingress-nginx.
import { metadataOf } from "../../apiserver/objects";
import type { JsonObject } from "../../apiserver/registry/types";
import { isObject, mapOf, objects, str } from "../../apiserver/validation/values";
import { percentDecode } from "../http/wire";

export type ServicePortRef = { number: number } | { name: string };

export interface ServiceBackend {
  /** In the Ingress's namespace. */
  service: string;
  port: ServicePortRef;
}

export type IngressRoute =
  | {
      kind: "service";
      ingress: JsonObject;
      /** The Ingress's, which is the Service's. */
      namespace: string;
      backend: ServiceBackend;
      /** The nginx location that matched: "= /foo", "/foo/", "/". */
      location: string;
      /** The Ingress's spec.defaultBackend answered, not a path of a rule. */
      fromDefaultBackend: boolean;
    }
  | { kind: "redirect"; location: string };

interface Location {
  path: string;
  exact: boolean;
  /** The Ingress path type the location came from ("Prefix" for the root default). */
  pathType: string;
  ingress?: JsonObject;
  /** Absent: the controller's default backend. */
  backend?: ServiceBackend;
  isDefBackend: boolean;
  fromDefaultBackend: boolean;
}

interface Server {
  hostname: string;
  locations: Location[];
}

const CATCH_ALL = "_";

/** The service backend of an IngressBackend, or undefined (a resource backend, or none). */
export function serviceBackendOf(backend: unknown): ServiceBackend | undefined {
  const service = mapOf(mapOf(backend).service);
  if (!isObject(mapOf(backend).service) || !str(service.name)) return undefined;
  const port = mapOf(service.port);
  const ref: ServicePortRef = typeof port.number === "number" && port.number > 0 ? { number: port.number } : { name: str(port.name) };
  return { service: str(service.name), port: ref };
}

const created = (ing: JsonObject): number => Date.parse(str(metadataOf(ing).creationTimestamp)) || 0;
const keyOf = (ing: JsonObject): string => `${str(metadataOf(ing).namespace)}/${str(metadataOf(ing).name)}`;

/** ingress-nginx's order: oldest first; equal times by namespace/name, descending. */
export function sortIngresses(ingresses: readonly JsonObject[]): JsonObject[] {
  return [...ingresses].sort((a, b) => created(a) - created(b) || (keyOf(a) === keyOf(b) ? 0 : keyOf(a) > keyOf(b) ? -1 : 1));
}

const rulesOf = (ing: JsonObject): JsonObject[] => objects(mapOf(ing.spec).rules);

function buildServers(sorted: JsonObject[]): Map<string, Server> {
  const root = (ingress?: JsonObject, backend?: ServiceBackend): Location => ({
    path: "/",
    exact: false,
    pathType: "Prefix",
    isDefBackend: true,
    fromDefaultBackend: backend !== undefined,
    ...(ingress ? { ingress } : {}),
    ...(backend ? { backend } : {}),
  });
  const servers = new Map<string, Server>([[CATCH_ALL, { hostname: CATCH_ALL, locations: [root()] }]]);
  // createServers: the catch-all's default and one server per host, with its default.
  for (const ing of sorted) {
    const defaultBackend = serviceBackendOf(mapOf(ing.spec).defaultBackend);
    const catchAll = servers.get(CATCH_ALL)!.locations[0]!;
    if (defaultBackend && catchAll.isDefBackend && rulesOf(ing).length === 0) {
      Object.assign(catchAll, { ingress: ing, backend: defaultBackend, isDefBackend: false, fromDefaultBackend: true });
    }
    for (const rule of rulesOf(ing)) {
      const host = str(rule.host) || CATCH_ALL;
      if (!servers.has(host)) servers.set(host, { hostname: host, locations: [root(ing, defaultBackend)] });
    }
  }
  // getBackendServers: a location per path; the first Ingress to claim a path and type keeps it.
  for (const ing of sorted) {
    for (const rule of rulesOf(ing)) {
      const server = servers.get(str(rule.host) || CATCH_ALL)!;
      if (!isObject(rule.http)) continue;
      for (const p of objects(rule.http.paths)) {
        const backend = serviceBackendOf(p.backend);
        if (!backend) continue;
        const path = str(p.path) || "/";
        const pathType = str(p.pathType);
        const existing = server.locations.find((l) => l.path === path);
        if (existing && existing.pathType === pathType) {
          if (existing.isDefBackend) Object.assign(existing, { ingress: ing, backend, isDefBackend: false, fromDefaultBackend: false });
          continue;
        }
        server.locations.push({ path, exact: pathType === "Exact", pathType, ingress: ing, backend, isDefBackend: false, fromDefaultBackend: false });
      }
    }
  }
  for (const server of servers.values()) server.locations = withPrefixLocations(server.locations);
  return servers;
}

/** updateServerLocations: Prefix `/foo` becomes `/foo/` plus an exact `/foo`, unless an Exact `/foo` exists. */
function withPrefixLocations(locations: Location[]): Location[] {
  const exact = new Set(locations.filter((l) => l.pathType === "Exact").map((l) => l.path));
  const out: Location[] = [];
  for (const loc of locations) {
    if (loc.path === "/" || loc.pathType !== "Prefix") {
      out.push(loc);
      continue;
    }
    out.push({ ...loc, path: loc.path.endsWith("/") ? loc.path : `${loc.path}/` });
    if (!exact.has(loc.path)) out.push({ ...loc, exact: true });
  }
  return out;
}

/** The Host header as nginx matches server names: lower case, without port or trailing dot. */
export function normalizeHost(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith("[")) return h.slice(0, h.indexOf("]") + 1);
  const colon = h.indexOf(":");
  if (colon >= 0) h = h.slice(0, colon);
  return h.endsWith(".") ? h.slice(0, -1) : h;
}

/** buildServerName: `*.example.com` is the regex ^[\w-]+\.example\.com$ (one label). */
function wildcardMatches(pattern: string, host: string): boolean {
  const suffix = pattern.slice(1); // ".example.com"
  if (!host.endsWith(suffix)) return false;
  return /^[A-Za-z0-9_-]+$/.test(host.slice(0, host.length - suffix.length));
}

function serverFor(servers: Map<string, Server>, host: string): Server {
  const name = normalizeHost(host);
  // A wildcard server's name is a regex to nginx, never an exact name.
  const exact = name.startsWith("*") ? undefined : servers.get(name);
  if (exact) return exact;
  // Regex server names are tried in configuration order (servers sorted by name); at most one fits.
  const wildcards = [...servers.values()].filter((s) => s.hostname.startsWith("*.")).sort((a, b) => (a.hostname < b.hostname ? -1 : 1));
  return wildcards.find((s) => wildcardMatches(s.hostname, name)) ?? servers.get(CATCH_ALL)!;
}

/**
 * The request path as nginx matches locations against it: percent-decoded, slashes merged, `.` and
 * `..` resolved; null when it is not an absolute path or climbs above the root (nginx: 400).
 */
export function normalizeUri(pathname: string): string | null {
  if (!pathname.startsWith("/")) return null;
  const segments: string[] = [];
  const decoded = percentDecode(pathname);
  const parts = decoded.split("/").slice(1);
  for (const seg of parts) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") {
      if (segments.length === 0) return null;
      segments.pop();
    } else segments.push(seg);
  }
  const last = parts[parts.length - 1];
  const trailing = last === "" || last === "." || last === "..";
  return `/${segments.join("/")}${trailing && segments.length > 0 ? "/" : ""}`;
}

type Match = { loc: Location } | { redirect: string };

/** nginx's static location lookup: an exact match; else the slash redirect; else the longest prefix. */
function matchLocation(locations: Location[], uri: string): Match {
  const exact = locations.find((l) => l.exact && l.path === uri);
  if (exact) return { loc: exact };
  if (locations.some((l) => l.path === `${uri}/`)) return { redirect: `${uri}/` };
  let best: Location | undefined;
  for (const l of locations) if (!l.exact && uri.startsWith(l.path) && (!best || l.path.length > best.path.length)) best = l;
  return { loc: best ?? locations[0]! };
}

/**
 * The backend for a request with Host `host` and path `pathWithQuery`, among the Ingresses the
 * controller serves: a Service route, nginx's trailing-slash redirect (its Location keeps the query),
 * or null when the controller's own default backend answers (404). The path must be normalized
 * (normalizeUri) by the caller when it wants nginx's 400 for a bad one; here a bad path is unrouted.
 */
export function routeRequest(ingresses: readonly JsonObject[], host: string, pathWithQuery: string): IngressRoute | null {
  const q = pathWithQuery.indexOf("?");
  const uri = normalizeUri(q < 0 ? pathWithQuery : pathWithQuery.slice(0, q));
  if (uri === null) return null;
  const server = serverFor(buildServers(sortIngresses(ingresses)), host);
  const match = matchLocation(server.locations, uri);
  if ("redirect" in match) return { kind: "redirect", location: match.redirect + (q < 0 ? "" : pathWithQuery.slice(q)) };
  const { loc } = match;
  if (!loc.backend || !loc.ingress) return null;
  return {
    kind: "service",
    ingress: loc.ingress,
    namespace: str(metadataOf(loc.ingress).namespace),
    backend: loc.backend,
    location: loc.exact ? `= ${loc.path}` : loc.path,
    fromDefaultBackend: loc.fromDefaultBackend,
  };
}
