// GET of one object and LIST (selectors, limit/continue at a fixed revision, Tables).
import { CompactedError } from "../../store/errors";
import type { KeyValue } from "../../store/store";
import type { ApiContext, ApiResult, ResourceRequest } from "../context";
import { decodeListOptions, parseRequestedResourceVersion, validateListOptions } from "../list-options";
import type { ObjectFormat } from "../negotiate";
import { servedValue, toApiObject } from "../objects";
import { toTable } from "../printing/table";
import { storageKey, storagePrefix } from "../registry";
import { apiVersionOf, type JsonObject, type ResourceType } from "../registry/types";
import { compileSelectors, type ObjectFilter } from "../selectors/filter";
import { errors } from "../status";
import { tooLargeResourceVersion, waitUntilFresh } from "../watch/fresh";
import { gr } from "./common";

/**
 * A read at a resourceVersion this cluster has not reached yet waits for it, as kube's watch cache
 * does, and then fails with "Too large resource version" (watch/fresh.ts). Call before getObject or
 * listObjects; bad resourceVersions are refused here.
 */
export async function untilFresh(ctx: ApiContext, req: ResourceRequest, verb: "get" | "list"): Promise<void> {
  const rv = verb === "get" ? getResourceVersion(req.query) : listResourceVersion(req.query);
  if (rv > 0) await waitUntilFresh(ctx.store, rv);
}

/** GetOptions.resourceVersion: 0 for "any" (the objects are always served at the newest revision). */
function getResourceVersion(query: URLSearchParams): number {
  // kube's storage returns this error unconverted (a 500); a client's bad value is a 400 here.
  const rv = parseRequestedResourceVersion(query.get("resourceVersion") ?? "");
  if (typeof rv === "string") throw errors.badRequest(rv);
  return rv;
}

/** The list's resourceVersion after ListOptions validation; 0 for "any" or when a continue token decides it. */
function listResourceVersion(query: URLSearchParams): number {
  const opts = decodeListOptions(query);
  validateListOptions(opts, false);
  if (opts.continue) return 0;
  const rv = parseRequestedResourceVersion(opts.resourceVersion);
  if (typeof rv === "string") throw errors.badRequest(`invalid resource version: ${rv}`);
  return rv;
}

export function getObject(ctx: ApiContext, req: ResourceRequest, format: ObjectFormat): ApiResult {
  const { rt } = req;
  const rv = getResourceVersion(req.query);
  if (rv > ctx.store.revision()) throw tooLargeResourceVersion(rv, ctx.store.revision());
  if (req.subresource && !["status", "ephemeralcontainers", "resize"].includes(req.subresource)) throw errors.pathNotFound();
  const kv = ctx.store.get(storageKey(rt, req.namespace, req.name!));
  if (!kv) throw errors.notFound(gr(rt), req.name!);
  const obj = toApiObject(rt, kv);
  if (format.as === "table") {
    return { code: 200, body: toTable(rt, [obj], { resourceVersion: String(kv.modRevision) }, ctx.clock.now(), format.table) };
  }
  return { code: 200, body: obj };
}

interface ContinueToken {
  v: "meta.k8s.io/v1";
  rv: number;
  /** The last key returned, relative to the list's prefix. */
  start: string;
}

export function encodeContinue(rv: number, lastKey: string, prefix: string): string {
  const token: ContinueToken = { v: "meta.k8s.io/v1", rv, start: lastKey.slice(prefix.length) + "\u0000" };
  return base64Encode(JSON.stringify(token));
}

function decodeContinue(token: string, prefix: string): { rv: number; startAfter: string } {
  try {
    const parsed = JSON.parse(base64Decode(token)) as ContinueToken;
    if (parsed.v !== "meta.k8s.io/v1" || !Number.isInteger(parsed.rv) || parsed.rv <= 0 || typeof parsed.start !== "string") throw new Error();
    const start = parsed.start.endsWith("\u0000") ? parsed.start.slice(0, -1) : parsed.start;
    return { rv: parsed.rv, startAfter: prefix + start };
  } catch {
    throw errors.badRequest(`continue key is not valid: ${token.length > 64 ? "incorrect encoded start resourceVersion (version meta.k8s.io/v1)" : token}`);
  }
}

function base64Encode(text: string): string {
  let binary = "";
  for (const b of new TextEncoder().encode(text)) binary += String.fromCharCode(b);
  return btoa(binary);
}

function base64Decode(b64: string): string {
  const binary = atob(b64.replace(/-/g, "+").replace(/_/g, "/"));
  return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

const CONTINUE_EXPIRED =
  "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.";

/** Reads one page: keeps reading store chunks until `limit` objects pass the filter or the keys run out. */
function readPage(ctx: ApiContext, rt: ResourceType, prefix: string, filter: ObjectFilter, revision: number | undefined, startAfter: string | undefined, limit: number) {
  const items: KeyValue[] = [];
  let cursor = startAfter;
  let rev = revision;
  let more = false;
  let lastKey: string | undefined;
  scan: for (;;) {
    const page = ctx.store.list(prefix, { revision: rev, startAfter: cursor, limit: limit > 0 ? Math.max(limit + 1 - items.length, 50) : 0 });
    rev = page.revision;
    for (const kv of page.items) {
      if (limit > 0 && items.length === limit) {
        more = true;
        break scan;
      }
      lastKey = kv.key;
      if (filter.matches(servedValue(rt, kv.value))) items.push(kv);
    }
    if (!page.more) break;
    cursor = page.items[page.items.length - 1]!.key;
  }
  return { items, revision: rev!, more, lastKey };
}

/** Larger limits mean "everything" (and would not fit a SQLite LIMIT). */
const MAX_LIMIT = 2 ** 31 - 1;

export function listObjects(ctx: ApiContext, req: ResourceRequest, format: ObjectFormat): ApiResult {
  const { rt, query } = req;
  const prefix = storagePrefix(rt, req.namespace);
  const filter = compileSelectors(rt, query);
  const opts = decodeListOptions(query);
  validateListOptions(opts, false);
  // No limit when zero or negative (as etcd3's GetList); beyond any possible count it is no limit either.
  const limit = Math.min(Math.max(opts.limit, 0), MAX_LIMIT);

  let revision: number | undefined;
  let startAfter: string | undefined;
  const token = opts.continue;
  if (token) {
    if (opts.resourceVersion && opts.resourceVersion !== "0") throw errors.badRequest("specifying resource version is not allowed when using continue");
    ({ rv: revision, startAfter } = decodeContinue(token, prefix));
  } else {
    const rv = listResourceVersion(query);
    if (rv > ctx.store.revision()) throw tooLargeResourceVersion(rv, ctx.store.revision());
    // Exact (and the legacy form: a limit with a resourceVersion) reads that revision; "not older than"
    // (and "0" = any) is served from the newest one.
    if (opts.resourceVersionMatch === "Exact" || (opts.resourceVersionMatch === "" && limit > 0 && rv > 0)) revision = rv;
  }

  let page;
  try {
    page = readPage(ctx, rt, prefix, filter, revision, startAfter, limit);
  } catch (err) {
    if (err instanceof CompactedError) {
      throw token ? errors.expired(CONTINUE_EXPIRED) : errors.expired(`too old resource version: ${err.requested} (${err.compacted})`);
    }
    throw err;
  }
  const listMeta: JsonObject = { resourceVersion: String(page.revision) };
  if (page.more && page.lastKey) listMeta.continue = encodeContinue(page.revision, page.lastKey, prefix);
  // Custom resources list as an UnstructuredList, whose continue storage always sets ("" on the last page).
  else if (rt.crd) listMeta.continue = "";

  const objects = page.items.map((kv) => toApiObject(rt, kv));
  if (format.as === "table") return { code: 200, body: toTable(rt, objects, listMeta, ctx.clock.now(), format.table) };
  // Items of built-in lists carry no kind/apiVersion (Go structs with an empty TypeMeta); custom resources keep theirs.
  if (!rt.crd) {
    for (const o of objects) {
      delete o.kind;
      delete o.apiVersion;
    }
  }
  return { code: 200, body: { kind: rt.listKind, apiVersion: apiVersionOf(rt), metadata: listMeta, items: objects } };
}

