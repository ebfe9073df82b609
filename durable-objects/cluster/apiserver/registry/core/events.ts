// core/v1 Event. Its fields sit at the top level (no spec). `kubectl get events` shows LAST SEEN,
// TYPE, REASON, OBJECT, MESSAGE; -o wide adds SUBOBJECT, SOURCE, FIRST SEEN, COUNT and NAME.
import { Event } from "kubernetes-models/v1/Event";
import { humanDuration } from "../../printing/age";
import type { StatusCause } from "../../status";
import { fieldErr } from "../../validation/field-errors";
import { dns1123Subdomain, qualifiedName } from "../../validation/names";
import { looseModelSchema } from "./model-schema";
import { ALL_VERBS, at, column, nameColumn } from "../define";
import type { JsonObject, ResourceType } from "../types";
import { isObject, str } from "../../validation/values";

const involved = (o: JsonObject, key: string) => str(at(o, `involvedObject.${key}`));

/** translateTimestampSince: "<unknown>" for a zero (absent) time. */
const since = (t: unknown, now: number) => (str(t) ? humanDuration(now - Date.parse(str(t))) : "<unknown>");

function firstSeen(o: JsonObject, now: number): string {
  return str(o.firstTimestamp) ? since(o.firstTimestamp, now) : since(o.eventTime, now);
}

function lastSeen(o: JsonObject, now: number): string {
  if (isObject(o.series)) return since(o.series.lastObservedTime, now);
  return str(o.lastTimestamp) ? since(o.lastTimestamp, now) : firstSeen(o, now);
}

function count(o: JsonObject): number {
  if (isObject(o.series)) return typeof o.series.count === "number" ? o.series.count : 0;
  // Singleton events of the events.k8s.io API have no count.
  return typeof o.count === "number" && o.count !== 0 ? o.count : 1;
}

function source(o: JsonObject): string {
  const component = str(at(o, "source.component")) || str(o.reportingComponent);
  const host = str(at(o, "source.host")) || str(o.reportingInstance);
  return host ? `${component}, ${host}` : component;
}

function objectCell(o: JsonObject): string {
  const kind = involved(o, "kind").toLowerCase();
  return involved(o, "name") ? `${kind}/${involved(o, "name")}` : kind;
}

/** legacyValidateEvent, as kube applies it to core/v1 events. */
function validateEvent(o: JsonObject): StatusCause[] {
  const causes: StatusCause[] = [];
  const namespace = str(at(o, "metadata.namespace"));
  const involvedNamespace = involved(o, "namespace");
  const mismatch = () => fieldErr.invalid("involvedObject.namespace", involvedNamespace, "does not match event.namespace");
  if (!str(o.eventTime)) {
    if (involvedNamespace ? namespace !== involvedNamespace : namespace !== "" && namespace !== "default") causes.push(mismatch());
  } else {
    if (!involvedNamespace && namespace !== "default" && namespace !== "kube-system") causes.push(mismatch());
    const controller = str(o.reportingComponent);
    if (!controller) causes.push(fieldErr.required("reportingComponent"));
    causes.push(...qualifiedName(controller).map((m) => fieldErr.invalid("reportingComponent", controller, m)));
    const instance = str(o.reportingInstance);
    if (!instance) causes.push(fieldErr.required("reportingInstance"));
    if (instance.length > 128) causes.push(fieldErr.invalid("reportingInstance", "", "can have at most 128 characters"));
    const action = str(o.action);
    if (!action) causes.push(fieldErr.required("action"));
    if (action.length > 128) causes.push(fieldErr.invalid("action", "", "can have at most 128 characters"));
    const reason = str(o.reason);
    if (!reason) causes.push(fieldErr.required("reason"));
    if (reason.length > 128) causes.push(fieldErr.invalid("reason", "", "can have at most 128 characters"));
    if (str(o.message).length > 1024) causes.push(fieldErr.invalid("message", "", "can have at most 1024 characters"));
  }
  causes.push(...dns1123Subdomain(namespace).map((m) => fieldErr.invalid("namespace", namespace, m)));
  return causes;
}

export const events: ResourceType = {
  group: "",
  version: "v1",
  kind: "Event",
  listKind: "EventList",
  plural: "events",
  singular: "event",
  shortNames: ["ev"],
  categories: [],
  namespaced: true,
  verbs: ALL_VERBS,
  subresources: [],
  columns: [
    column("Last Seen", lastSeen, { description: "The time at which the most recent occurrence of this event was recorded." }),
    column("Type", (o) => str(o.type), { description: "Type of this event (Normal, Warning), new types could be added in the future" }),
    column("Reason", (o) => str(o.reason), { description: "This should be a short, machine understandable string that gives the reason for the transition into the object's current status." }),
    column("Object", objectCell, { description: "The object that this event is about." }),
    column("Subobject", (o) => involved(o, "fieldPath"), { priority: 1, description: "If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2]." }),
    column("Source", source, { priority: 1, description: "The component reporting this event. Should be a short machine understandable string." }),
    column("Message", (o) => str(o.message).trim(), { description: "A human-readable description of the status of this operation." }),
    column("First Seen", firstSeen, { priority: 1, description: "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)" }),
    column("Count", count, { priority: 1, description: "The number of times this event has occurred." }),
    { ...nameColumn, priority: 1 },
  ],
  topLevelFields: [
    "involvedObject", "reason", "message", "source", "firstTimestamp", "lastTimestamp", "count", "type",
    "eventTime", "series", "action", "related", "reportingComponent", "reportingInstance",
  ],
  selectableFields: {
    "involvedObject.kind": (o) => involved(o, "kind"),
    "involvedObject.namespace": (o) => involved(o, "namespace"),
    "involvedObject.name": (o) => involved(o, "name"),
    "involvedObject.uid": (o) => involved(o, "uid"),
    "involvedObject.apiVersion": (o) => involved(o, "apiVersion"),
    "involvedObject.resourceVersion": (o) => involved(o, "resourceVersion"),
    "involvedObject.fieldPath": (o) => involved(o, "fieldPath"),
    reason: (o) => str(o.reason),
    reportingComponent: (o) => str(o.reportingComponent),
    source: (o) => str(at(o, "source.component")) || str(o.reportingComponent),
    type: (o) => str(o.type),
  },
  validate: validateEvent,
  schema: looseModelSchema(Event),
  openapiName: "io.k8s.api.core.v1.Event",
};
