// events.k8s.io/v1 Event: the same objects as core/v1 events (stored in the core form), created
// with the strict rules of ValidateEventCreate for events.k8s.io/v1 and printed as `kubectl get events`.
import { Event } from "kubernetes-models/events.k8s.io/v1/Event";
import type { StatusCause } from "../../status";
import { fieldErr } from "../../validation/field-errors";
import { dns1123Subdomain, qualifiedName } from "../../validation/names";
import { isObject, num, semanticEqual, str } from "../../validation/values";
import { events as coreEvents } from "../core/events";
import { looseModelSchema } from "../core/model-schema";
import { at, defineResource } from "../define";
import type { JsonObject } from "../types";
import { RENAMED, coreToEventsV1, eventsV1ToCore } from "./conversion";

const LIMIT = 128;
const NOTE_LIMIT = 1024;

/** legacyValidateEvent as run for events.k8s.io/v1 (paths are the internal, core field names). */
function legacyValidate(core: JsonObject): StatusCause[] {
  const causes: StatusCause[] = [];
  const namespace = str(at(core, "metadata.namespace"));
  const involvedNamespace = str(at(core, "involvedObject.namespace"));
  const mismatch = () => fieldErr.invalid("involvedObject.namespace", involvedNamespace, "does not match event.namespace");
  if (!str(core.eventTime)) {
    if (involvedNamespace ? namespace !== involvedNamespace : namespace !== "" && namespace !== "default") causes.push(mismatch());
  } else {
    if (!involvedNamespace && namespace !== "default" && namespace !== "kube-system") causes.push(mismatch());
    const controller = str(core.reportingComponent);
    if (!controller) causes.push(fieldErr.required("reportingController"));
    causes.push(...qualifiedName(controller).map((m) => fieldErr.invalid("reportingController", controller, m)));
    for (const [key, max] of [["reportingInstance", LIMIT], ["action", LIMIT], ["reason", LIMIT]] as const) {
      const value = str(core[key]);
      if (!value) causes.push(fieldErr.required(key));
      if (value.length > max) causes.push(fieldErr.invalid(key, "", `can have at most ${max} characters`));
    }
    if (str(core.message).length > NOTE_LIMIT) causes.push(fieldErr.invalid("message", "", `can have at most ${NOTE_LIMIT} characters`));
  }
  causes.push(...dns1123Subdomain(namespace).map((m) => fieldErr.invalid("namespace", namespace, m)));
  return causes;
}

function validateSeries(core: JsonObject): StatusCause[] {
  if (!isObject(core.series)) return [];
  const causes: StatusCause[] = [];
  if (num(core.series.count) < 2) causes.push(fieldErr.invalid("series.count", "", "should be at least 2"));
  if (!str(core.series.lastObservedTime)) causes.push(fieldErr.required("series.lastObservedTime"));
  return causes;
}

/** The strict checks of ValidateEventCreate for events.k8s.io/v1. */
function validateCreate(core: JsonObject): StatusCause[] {
  const causes = validateSeries(core);
  if (!str(core.eventTime)) causes.push(fieldErr.required("eventTime"));
  if (core.type !== "Normal" && core.type !== "Warning") causes.push(fieldErr.invalid("type", "", `has invalid value: ${str(core.type)}`));
  if (str(core.firstTimestamp)) causes.push(fieldErr.invalid("firstTimestamp", "", "needs to be unset"));
  if (str(core.lastTimestamp)) causes.push(fieldErr.invalid("lastTimestamp", "", "needs to be unset"));
  if (num(core.count) !== 0) causes.push(fieldErr.invalid("count", "", "needs to be unset"));
  if (str(at(core, "source.component")) || str(at(core, "source.host"))) causes.push(fieldErr.invalid("source", "", "needs to be unset"));
  return causes;
}

const IMMUTABLE = ["involvedObject", "reason", "message", "source", "firstTimestamp", "lastTimestamp", "count", "type", "eventTime", "action", "related", "reportingComponent", "reportingInstance"];

/** ValidateEventUpdate for events.k8s.io/v1: only the series (and metadata) may change. */
function validateUpdate(core: JsonObject, old: JsonObject): StatusCause[] {
  const causes = semanticEqual(core.series, old.series) ? [] : validateSeries(core);
  for (const key of IMMUTABLE) {
    if (semanticEqual(core[key], old[key])) continue;
    const value = core[key];
    const shown = typeof value === "string" || typeof value === "number" ? JSON.stringify(value) : "{…}";
    const field = key === "reportingComponent" ? "reportingController" : key;
    causes.push({ reason: "FieldValueInvalid", field, message: `Invalid value: ${shown}: field is immutable` });
  }
  return causes;
}

const regarding = (key: string) => (o: JsonObject) => str(at(o, `regarding.${key}`));

export const eventsV1 = defineResource({
  group: "events.k8s.io",
  version: "v1",
  kind: "Event",
  namespaced: true,
  storedAs: { group: "", plural: "events", toStorage: (o) => eventsV1ToCore(o), fromStorage: (o) => coreToEventsV1(o) },
  shortNames: ["ev"],
  openapiName: "io.k8s.api.events.v1.Event",
  schema: looseModelSchema(Event),
  topLevelFields: ["eventTime", "series", "reportingInstance", "action", "reason", "related", "type", ...Object.keys(RENAMED)],
  // The same Table as core events: kube converts to the internal (core) Event to print.
  columns: coreEvents.columns.map((c) => ({ ...c, cell: (o: JsonObject, now: number) => c.cell(eventsV1ToCore(o), now) })),
  selectableFields: {
    reason: (o) => str(o.reason),
    "regarding.kind": regarding("kind"),
    "regarding.namespace": regarding("namespace"),
    "regarding.name": regarding("name"),
    "regarding.uid": regarding("uid"),
    "regarding.apiVersion": regarding("apiVersion"),
    "regarding.resourceVersion": regarding("resourceVersion"),
    "regarding.fieldPath": regarding("fieldPath"),
    reportingController: (o) => str(o.reportingController),
    type: (o) => str(o.type),
  },
  defaults(obj) {
    // Fields Go always writes for this type.
    const full = coreToEventsV1(eventsV1ToCore(obj));
    for (const key of ["eventTime", "deprecatedSource", "deprecatedFirstTimestamp", "deprecatedLastTimestamp", "regarding"]) if (!(key in obj)) obj[key] = full[key];
  },
  validate(obj, old) {
    const core = eventsV1ToCore(obj);
    const causes = legacyValidate(core);
    causes.push(...(old ? validateUpdate(core, eventsV1ToCore(old)) : validateCreate(core)));
    return causes;
  },
});
