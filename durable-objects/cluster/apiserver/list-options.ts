// metav1.ListOptions from a list or watch request's query, decoded and validated as kube-apiserver's
// listOpts does it (handlers/get.go): the parameter codec (apimachinery's generated
// Convert_url_Values_To_v1_ListOptions, field by field in its order), then
// apis/meta/internalversion/validation ValidateListOptions with the WatchList feature gate off (as in
// Kubernetes 1.33). The resourceVersion is parsed as kube's storage layer parses it
// (parseRequestedResourceVersion).
import { goQuote, queryBool, queryInt64, queryOptionalBool } from "./query";
import { errors, type StatusCause } from "./status";

export interface ListOptions {
  watch: boolean;
  allowWatchBookmarks: boolean;
  /** "" when absent. */
  resourceVersion: string;
  resourceVersionMatch: string;
  timeoutSeconds?: number;
  /** 0 (or less) is no limit. */
  limit: number;
  continue: string;
  sendInitialEvents?: boolean;
}

export function decodeListOptions(query: URLSearchParams): ListOptions {
  const opts: ListOptions = {
    watch: queryBool(query, "watch"),
    allowWatchBookmarks: queryBool(query, "allowWatchBookmarks"),
    resourceVersion: query.get("resourceVersion") ?? "",
    resourceVersionMatch: query.get("resourceVersionMatch") ?? "",
    limit: 0,
    continue: query.get("continue") ?? "",
  };
  const timeoutSeconds = queryInt64(query, "timeoutSeconds");
  if (timeoutSeconds !== undefined) opts.timeoutSeconds = timeoutSeconds;
  opts.limit = queryInt64(query, "limit") ?? 0;
  const sendInitialEvents = queryOptionalBool(query, "sendInitialEvents");
  if (sendInitialEvents !== undefined) opts.sendInitialEvents = sendInitialEvents;
  return opts;
}

/** ValidateListOptions: a 422 on ListOptions.meta.k8s.io, every problem at once. */
export function validateListOptions(opts: ListOptions, watch: boolean): void {
  const causes: StatusCause[] = [];
  const forbidden = (field: string, detail: string) => causes.push({ reason: "FieldValueForbidden", message: `Forbidden: ${detail}`, field });
  const notSupported = (field: string, value: string, supported: string[]) =>
    causes.push({ reason: "FieldValueNotSupported", message: `Unsupported value: ${goQuote(value)}: supported values: ${supported.map(goQuote).join(", ")}`, field });
  const match = opts.resourceVersionMatch;
  if (watch) {
    if (opts.sendInitialEvents !== undefined) {
      if (match !== "NotOlderThan") forbidden("resourceVersionMatch", "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan");
      forbidden("sendInitialEvents", "sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled");
    }
    if (match !== "") {
      if (opts.sendInitialEvents === undefined) forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided");
      if (match !== "NotOlderThan") notSupported("resourceVersionMatch", match, ["NotOlderThan"]);
      if (opts.continue !== "") forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided");
    }
  } else {
    if (match !== "") {
      if (opts.resourceVersion === "") forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden unless resourceVersion is provided");
      if (opts.continue !== "") forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided");
      if (match !== "Exact" && match !== "NotOlderThan") notSupported("resourceVersionMatch", match, ["Exact", "NotOlderThan", ""]);
      if (match === "Exact" && opts.resourceVersion === "0") forbidden("resourceVersionMatch", 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"');
    }
    if (opts.sendInitialEvents !== undefined) forbidden("sendInitialEvents", "sendInitialEvents is forbidden for list");
  }
  if (causes.length > 0) throw errors.invalid("ListOptions", "meta.k8s.io", "", causes);
}

/**
 * A requested resourceVersion (get, list, watch) as the storage layer's
 * APIObjectVersioner.ParseResourceVersion reads it: "" and "0" are "any" (0), anything else a uint64
 * revision; otherwise strconv's error as a field error on resourceVersion.
 */
export function parseRequestedResourceVersion(value: string): number | string {
  if (value === "" || value === "0") return 0;
  const err = /^\d+$/.test(value) ? (BigInt(value) > UINT64_MAX ? "value out of range" : null) : "invalid syntax";
  if (err) return `resourceVersion: Invalid value: ${goQuote(value)}: strconv.ParseUint: parsing ${goQuote(value)}: ${err}`;
  return Number(value);
}

const UINT64_MAX = (1n << 64n) - 1n;
