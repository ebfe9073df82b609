// events.k8s.io/v1 Event ↔ core/v1 Event. kube-apiserver keeps one store of events (the core
// one); events.k8s.io/v1 is another view of the same objects with renamed fields
// (pkg/apis/events/v1/conversion.go via the internal core.Event).
import { isObject } from "../../validation/values";
import type { JsonObject } from "../types";

/** events.k8s.io/v1 field → core/v1 field; the rest share their names. */
export const RENAMED = {
  regarding: "involvedObject",
  note: "message",
  reportingController: "reportingComponent",
  deprecatedSource: "source",
  deprecatedFirstTimestamp: "firstTimestamp",
  deprecatedLastTimestamp: "lastTimestamp",
  deprecatedCount: "count",
} as const;
const SAME = ["eventTime", "series", "reportingInstance", "action", "reason", "related", "type"];

const copy = (v: unknown) => (v === undefined ? undefined : structuredClone(v));
const zeroTime = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);
const text = (v: unknown) => (typeof v === "string" ? v : "");

/** An events.k8s.io/v1 Event as the core/v1 Event kube stores, with the fields Go always writes. */
export function eventsV1ToCore(ev: JsonObject): JsonObject {
  const out: JsonObject = { apiVersion: "v1", kind: "Event", metadata: copy(ev.metadata) ?? {} };
  for (const [from, to] of Object.entries(RENAMED)) if (ev[from] !== undefined) out[to] = copy(ev[from]);
  for (const key of SAME) if (ev[key] !== undefined) out[key] = copy(ev[key]);
  out.involvedObject = isObject(out.involvedObject) ? out.involvedObject : {};
  out.source = isObject(out.source) ? out.source : {};
  out.firstTimestamp = zeroTime(out.firstTimestamp);
  out.lastTimestamp = zeroTime(out.lastTimestamp);
  out.eventTime = zeroTime(out.eventTime);
  out.reportingComponent = text(out.reportingComponent);
  out.reportingInstance = text(out.reportingInstance);
  if (out.count === 0) delete out.count;
  return out;
}

/** A stored core/v1 Event as events.k8s.io/v1 serves it (zero times as null, empty source as {}). */
export function coreToEventsV1(core: JsonObject): JsonObject {
  const out: JsonObject = { apiVersion: "events.k8s.io/v1", kind: "Event", metadata: copy(core.metadata) ?? {} };
  for (const [to, from] of Object.entries(RENAMED)) if (core[from] !== undefined) out[to] = copy(core[from]);
  for (const key of SAME) if (core[key] !== undefined) out[key] = copy(core[key]);
  out.eventTime = zeroTime(out.eventTime);
  out.deprecatedSource = isObject(out.deprecatedSource) ? out.deprecatedSource : {};
  out.deprecatedFirstTimestamp = zeroTime(out.deprecatedFirstTimestamp);
  out.deprecatedLastTimestamp = zeroTime(out.deprecatedLastTimestamp);
  out.regarding = isObject(out.regarding) ? out.regarding : {};
  for (const key of ["reportingController", "reportingInstance", "action", "reason", "note", "type"]) if (out[key] === "") delete out[key];
  if (out.deprecatedCount === 0) delete out.deprecatedCount;
  return out;
}
