// Watch events as kube-apiserver writes them: {"type":…,"object":…}, one JSON line each.
import type { KeyValue, StoreEvent } from "../../store/store";
import type { ObjectFormat } from "../negotiate";
import { toApiObject } from "../objects";
import { columnDefinitions, tableRow } from "../printing/table";
import { apiVersionOf, type JsonObject, type ResourceType } from "../registry/types";
import { encodeAs, encodeObject, goEscape } from "../serializer";
import type { Status } from "../status";

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK" | "ERROR";

export function eventLine(rt: ResourceType, type: WatchEventType, kv: KeyValue, format: ObjectFormat, now: number): string {
  const obj = toApiObject(rt, kv);
  if (format.as === "table") {
    const table = {
      kind: "Table",
      apiVersion: `meta.k8s.io/${format.table.version}`,
      metadata: { resourceVersion: String(kv.modRevision) },
      columnDefinitions: columnDefinitions(rt),
      rows: [tableRow(rt, obj, now, format.table.includeObject)],
    };
    return watchEventLine(type, encodeObject(table));
  }
  return watchEventLine(type, encodeObject(obj));
}

export function bookmarkLine(rt: ResourceType, revision: number): string {
  const object: JsonObject = { kind: rt.kind, apiVersion: apiVersionOf(rt), metadata: { resourceVersion: String(revision) } };
  return watchEventLine("BOOKMARK", encodeObject(object));
}

export function errorLine(status: Status): string {
  return watchEventLine("ERROR", encodeAs("meta.v1.Status", status));
}

/** metav1.WatchEvent {type, object} as json.Encoder writes it: one line. */
function watchEventLine(type: WatchEventType, object: string): string {
  return goEscape(`{"type":${JSON.stringify(type)},"object":${object}}`) + "\n";
}

/** A store event's type as a given watcher sees it, or null when it should not see it. */
export function visibleType(
  event: StoreEvent,
  matches: (obj: JsonObject) => boolean,
  previous: () => JsonObject | null,
  everything: boolean,
): WatchEventType | null {
  if (everything) return event.type;
  const now = matches(event.kv.value);
  if (event.type !== "MODIFIED") return now ? event.type : null;
  // Selector transitions: an object that starts matching is ADDED, one that stops is DELETED.
  const prev = previous();
  const before = prev !== null && matches(prev);
  if (now && before) return "MODIFIED";
  if (now) return "ADDED";
  if (before) return "DELETED";
  return null;
}
